package io.github.sentrymcp.oauth;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Talks to Sentry's OAuth endpoints: Nimbus builds and parses the messages, the JDK's HTTP client sends them (10 s
 * timeout, no redirects). Never logs or returns Sentry's error text with a secret in it: failures are reduced to a
 * fixed category.
 */
final class UpstreamClient {
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_BODY = 64 * 1024;

  /** The Sentry tokens of a grant, and the Sentry user they belong to. */
  record Tokens(String accessToken, @Nullable String refreshToken, Instant expiresAt, String userId) {
    @Override
    public String toString() {
      return "Tokens[user=" + userId + ", expiresAt=" + expiresAt + "]";
    }
  }

  /** Why Sentry refused or failed. */
  enum Failure {
    /** The code or refresh token is invalid, expired or revoked: the user must authorize again. */
    INVALID_GRANT,
    /** Sentry refused this server's client credentials: a configuration error. */
    INVALID_CLIENT,
    /** Sentry could not be reached, timed out, answered 5xx or something unreadable. */
    UNAVAILABLE
  }

  static final class UpstreamException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Failure failure;

    UpstreamException(Failure failure) {
      super("Sentry OAuth: " + failure, null, false, false);
      this.failure = failure;
    }

    Failure failure() {
      return failure;
    }
  }

  private final UpstreamSentry sentry;
  private final HttpClient http;
  private final Clock clock;

  UpstreamClient(UpstreamSentry sentry, HttpClient http, Clock clock) {
    this.sentry = sentry;
    this.http = http;
    this.clock = clock;
  }

  Tokens exchange(String code, URI callback) {
    return token(new AuthorizationCodeGrant(new AuthorizationCode(code), callback), null);
  }

  Tokens refresh(String refreshToken, String userId) {
    return token(new RefreshTokenGrant(new RefreshToken(refreshToken)), userId);
  }

  /** Best effort: revokes a Sentry token where Sentry has a revocation endpoint; failures are ignored. */
  void revoke(String token) {
    URI endpoint = sentry.revocationEndpoint();
    if (endpoint == null) {
      return;
    }
    try {
      send(new TokenRevocationRequest(endpoint, auth(), new RefreshToken(token)).toHTTPRequest());
    } catch (RuntimeException e) {
      // best effort
    }
  }

  private Tokens token(AuthorizationGrant grant, @Nullable String knownUser) {
    TokenRequest request = new TokenRequest(sentry.tokenEndpoint(), auth(), grant);
    HTTPResponse response = send(request.toHTTPRequest());
    TokenResponse parsed;
    try {
      parsed = TokenResponse.parse(response);
    } catch (ParseException e) {
      throw new UpstreamException(Failure.UNAVAILABLE);
    }
    if (!parsed.indicatesSuccess()) {
      TokenErrorResponse error = parsed.toErrorResponse();
      String code = error.getErrorObject() == null ? null : error.getErrorObject().getCode();
      if ("invalid_client".equals(code) || "unauthorized_client".equals(code)) {
        throw new UpstreamException(Failure.INVALID_CLIENT);
      }
      throw new UpstreamException(response.getStatusCode() >= 500 || code == null
          ? Failure.UNAVAILABLE : Failure.INVALID_GRANT);
    }
    AccessTokenResponse ok = parsed.toSuccessResponse();
    String access = ok.getTokens().getAccessToken().getValue();
    RefreshToken refresh = ok.getTokens().getRefreshToken();
    long lifetime = ok.getTokens().getAccessToken().getLifetime();
    Instant expiresAt = lifetime > 0 ? clock.instant().plusSeconds(lifetime) : expiresAt(ok.getCustomParameters());
    String userId = userId(ok.getCustomParameters());
    if (userId == null) {
      if (knownUser == null) {
        throw new UpstreamException(Failure.UNAVAILABLE); // Sentry always names the user on a code exchange
      }
      userId = knownUser;
    }
    return new Tokens(access, refresh == null ? null : refresh.getValue(), expiresAt, userId);
  }

  private Instant expiresAt(Map<String, Object> params) {
    Object v = params.get("expires_at");
    if (v instanceof String s) {
      try {
        return Instant.parse(s);
      } catch (RuntimeException e) {
        // fall through
      }
    }
    return clock.instant().plus(Duration.ofHours(8)); // Sentry said nothing: assume a working day, refresh then
  }

  private static @Nullable String userId(Map<String, Object> params) {
    Object user = params.get("user");
    if (user instanceof Map<?, ?> m && m.get("id") != null) {
      String id = String.valueOf(m.get("id"));
      return id.matches("[A-Za-z0-9_-]{1,64}") ? id : null;
    }
    return null;
  }

  private ClientSecretPost auth() {
    return new ClientSecretPost(new ClientID(sentry.clientId()), new Secret(sentry.clientSecret()));
  }

  private HTTPResponse send(HTTPRequest request) {
    HttpRequest.Builder b = HttpRequest.newBuilder(request.getURI()).timeout(TIMEOUT);
    for (Map.Entry<String, List<String>> h : request.getHeaderMap().entrySet()) {
      if (!h.getKey().equalsIgnoreCase("Content-Length") && !h.getKey().equalsIgnoreCase("Host")) {
        h.getValue().forEach(v -> b.header(h.getKey(), v));
      }
    }
    b.header("Accept", "application/json");
    String body = request.getBody();
    b.method(request.getMethod().name(),
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (r.body().length > MAX_BODY) {
        throw new UpstreamException(Failure.UNAVAILABLE);
      }
      HTTPResponse out = new HTTPResponse(r.statusCode());
      r.headers().firstValue("Content-Type").ifPresent(ct -> out.setHeader("Content-Type", ct));
      out.setBody(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
      return out;
    } catch (IOException e) {
      throw new UpstreamException(Failure.UNAVAILABLE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UpstreamException(Failure.UNAVAILABLE);
    }
  }
}
