package io.github.sentrymcp.oauth;

import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.oauth.internal.Crypto;
import io.github.sentrymcp.transport.http.HttpAuthenticator;
import io.github.sentrymcp.transport.http.HttpPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Enumeration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates MCP requests by this server's access tokens ({@code Authorization: Bearer}): the token must exist,
 * be an access token, be unexpired, and be bound to a resource that covers the requested path (audience check). The
 * principal's session carries the grant's Sentry token (refreshed with Sentry when it expires within two minutes),
 * the consented permission level, skills and constraints. A Sentry refresh that Sentry refuses revokes the grant.
 */
final class BearerAuthenticator implements HttpAuthenticator {
  private static final Logger LOG = LoggerFactory.getLogger(SentryOAuthServer.class);
  private static final Duration REFRESH_MARGIN = Duration.ofMinutes(2);
  private static final int STRIPES = 64;

  private final Settings s;
  private final Object[] locks = new Object[STRIPES];

  BearerAuthenticator(Settings s) {
    this.s = s;
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  @Override
  public @Nullable HttpPrincipal authenticate(HttpServletRequest request) {
    String token = bearer(request);
    if (token == null || token.length() > 512) {
      return null;
    }
    Instant now = s.clock.instant();
    Optional<IssuedToken> found = s.store.findToken(Crypto.sha256Hex(token));
    if (found.isEmpty() || found.get().kind() != IssuedToken.Kind.ACCESS_TOKEN
        || !now.isBefore(found.get().expiresAt())) {
      return null;
    }
    IssuedToken t = found.get();
    Resource bound = Resource.parse(t.resource(), s);
    String requested = requestedResource(request);
    if (bound == null || requested == null || !bound.covers(requested)) {
      return null; // a token for another resource (RFC 8707 audience)
    }
    Optional<OAuthGrant> grant = s.store.findGrant(t.grantId());
    if (grant.isEmpty()) {
      return null;
    }
    String sentryToken = sentryToken(grant.get(), now);
    if (sentryToken == null) {
      return null;
    }
    Consent consent = grant.get().consent();
    // one principal per grant, not per user: sessions, limits and logs keep two clients of one user apart, so a
    // session started under one client's consent is never served under another's
    String id = "sentry-user-" + grant.get().userId() + "/grant-"
        + Crypto.sha256Hex(grant.get().id()).substring(0, 12);
    Session session = Session.builder(AccessToken.of(sentryToken)).id(id).scopes(consent.level().scopes())
        .skills(consent.skills()).constraints(consent.constraints()).build();
    return new HttpPrincipal(id, session);
  }

  @Override
  public String challenge(HttpServletRequest request) {
    String requested = requestedResource(request);
    Resource r = requested == null ? null : Resource.parse(requested, s);
    String resource = r == null ? s.defaultResource() : r.uri();
    String metadata = s.issuerText() + Endpoints.PRM + resource.substring(s.issuerText().length());
    String c = "Bearer resource_metadata=\"" + metadata + "\"";
    return bearer(request) != null ? c + ", error=\"invalid_token\"" : c;
  }

  /** The grant's Sentry access token, refreshed first when it is about to expire; null when it cannot be had. */
  private @Nullable String sentryToken(OAuthGrant grant, Instant now) {
    if (grant.upstreamExpiresAt().isAfter(now.plus(REFRESH_MARGIN))) {
      return Upstream.open(s.crypto, grant).map(Upstream::accessToken).orElse(null);
    }
    synchronized (locks[Math.floorMod(grant.id().hashCode(), STRIPES)]) {
      OAuthGrant current = s.store.findGrant(grant.id()).orElse(null);
      if (current == null) {
        return null;
      }
      Upstream upstream = Upstream.open(s.crypto, current).orElse(null);
      if (upstream == null) {
        return null; // sealed with another key: the user must authorize again
      }
      if (current.upstreamExpiresAt().isAfter(now.plus(REFRESH_MARGIN))) {
        return upstream.accessToken(); // refreshed meanwhile (here or by another replica)
      }
      if (upstream.refreshToken() == null) {
        return now.isBefore(current.upstreamExpiresAt()) ? upstream.accessToken() : null;
      }
      try {
        UpstreamClient.Tokens fresh = s.sentry.refresh(upstream.refreshToken(), current.userId());
        if (s.store.updateUpstream(current.id(), current.version(), Upstream.seal(s.crypto, current.id(), fresh),
            fresh.expiresAt())) {
          return fresh.accessToken();
        }
        return s.store.findGrant(grant.id()).flatMap(g -> Upstream.open(s.crypto, g)).map(Upstream::accessToken)
            .orElse(null); // another replica refreshed first
      } catch (UpstreamClient.UpstreamException e) {
        if (e.failure() == UpstreamClient.Failure.INVALID_GRANT) {
          LOG.info("Sentry refused to refresh a grant's token; the grant is revoked");
          s.store.deleteGrant(current.id());
          return null;
        }
        LOG.warn("refreshing a Sentry token failed: {}", e.failure());
        return now.isBefore(current.upstreamExpiresAt()) ? upstream.accessToken() : null;
      }
    }
  }

  /** The resource URI a request addresses: the issuer plus its path (without query), or null when not an MCP path. */
  private @Nullable String requestedResource(HttpServletRequest request) {
    String path = request.getRequestURI();
    if (path == null) {
      return null;
    }
    Resource r = Resource.parse(s.issuerText() + path, s);
    return r == null ? null : r.uri();
  }

  private static @Nullable String bearer(HttpServletRequest request) {
    Enumeration<String> headers = request.getHeaders("Authorization");
    String found = null;
    while (headers != null && headers.hasMoreElements()) {
      String h = headers.nextElement();
      if (found != null) {
        return null; // two Authorization headers: ambiguous
      }
      found = h;
    }
    if (found == null) {
      return null;
    }
    String h = found.strip();
    if (h.length() <= 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String v = h.substring(7).strip();
    return v.matches("[A-Za-z0-9._~+/=-]+") ? v : null;
  }

  @Override
  public String toString() {
    return "OAuthBearerAuthenticator";
  }
}
