package io.github.sentrymcp.oauth;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The Sentry OAuth application the authorization server signs users in with: Sentry's base URL, the application's
 * client id and secret (its redirect URI must be {@code <issuer>/oauth/callback}). Sentry's endpoints are {@code
 * <url>/oauth/authorize/} and {@code <url>/oauth/token/}.
 *
 * @param url Sentry's base URL: {@code https://sentry.io}, a self-hosted {@code https://} URL, or {@code http://} on a
 *     loopback address (tests, the sandbox)
 * @param clientId the OAuth application's client id
 * @param clientSecret the OAuth application's client secret
 * @param revocationEndpoint where Sentry tokens are revoked (RFC 7009) when a grant is revoked, or null when the
 *     Sentry server has none
 */
public record UpstreamSentry(URI url, String clientId, String clientSecret, @Nullable URI revocationEndpoint) {

  /**
   * Checks the URLs and keeps only the origin of {@code url}.
   *
   * @param url Sentry's base URL: {@code https://sentry.io}, a self-hosted {@code https://} URL, or {@code http://}
   *     on a loopback address (tests, the sandbox)
   * @param clientId the OAuth application's client id
   * @param clientSecret the OAuth application's client secret
   * @param revocationEndpoint where Sentry tokens are revoked (RFC 7009) when a grant is revoked, or null when the
   *     Sentry server has none
   * @throws NullPointerException when {@code url}, {@code clientId} or {@code clientSecret} is null
   * @throws IllegalArgumentException when a URL is not https (or http on a loopback address), has credentials, a
   *     query or a fragment, or the client id or secret is blank
   */
  public UpstreamSentry {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
    url = origin(url, "the Sentry URL");
    if (clientId.isBlank() || clientSecret.isBlank()) {
      throw new IllegalArgumentException("the Sentry OAuth client id and secret must not be empty");
    }
    if (revocationEndpoint != null) {
      origin(revocationEndpoint, "the Sentry revocation endpoint");
    }
  }

  /**
   * Sentry with no revocation endpoint.
   *
   * @param url Sentry's base URL
   * @param clientId the OAuth application's client id
   * @param clientSecret the OAuth application's client secret
   * @return the upstream
   */
  public static UpstreamSentry of(URI url, String clientId, String clientSecret) {
    return new UpstreamSentry(url, clientId, clientSecret, null);
  }

  /**
   * Sentry's authorization endpoint, {@code <url>/oauth/authorize/}.
   *
   * @return the endpoint
   */
  public URI authorizationEndpoint() {
    return url.resolve("/oauth/authorize/");
  }

  /**
   * Sentry's token endpoint, {@code <url>/oauth/token/}.
   *
   * @return the endpoint
   */
  public URI tokenEndpoint() {
    return url.resolve("/oauth/token/");
  }

  /** Validates an https (or loopback http) URL without credentials, query or fragment; returns it without a path. */
  static URI origin(URI u, String what) {
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    String host = u.getHost();
    if (host == null || u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null) {
      throw new IllegalArgumentException(what + " must be an absolute URL without credentials, query or fragment");
    }
    boolean loopback = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
    if (!scheme.equals("https") && !(scheme.equals("http") && loopback)) {
      throw new IllegalArgumentException(what + " must use https (http only on localhost)");
    }
    return URI.create(scheme + "://" + u.getRawAuthority());
  }

  @Override
  public String toString() {
    return "UpstreamSentry[" + url + ", clientId=" + clientId + "]";
  }
}
