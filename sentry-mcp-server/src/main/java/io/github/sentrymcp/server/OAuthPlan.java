package io.github.sentrymcp.server;

import io.github.sentrymcp.oauth.OAuthKeys;
import java.net.URI;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The OAuth part of an {@link HttpPlan} ({@code --oauth}), already validated.
 *
 * @param publicUrl the issuer, or null for {@code http://localhost:<port>} once the port is known
 * @param clientId the Sentry OAuth app's client id (null in the sandbox: the fake's)
 * @param clientSecret the Sentry OAuth app's client secret (null in the sandbox)
 * @param keys the secrets, from the master secret or random for this start
 * @param storeUrl a JDBC URL, or null for the in-memory store
 * @param dbUser the database user, or null
 * @param dbPassword the database password, or null
 */
record OAuthPlan(@Nullable URI publicUrl, @Nullable String clientId, @Nullable String clientSecret, OAuthKeys keys,
    @Nullable String storeUrl, @Nullable String dbUser, @Nullable String dbPassword) {

  /** The sandbox's Sentry OAuth app, registered with its fake Sentry. */
  static final String SANDBOX_CLIENT_ID = "sandbox-oauth-client";

  static final String SANDBOX_CLIENT_SECRET = "sandbox-oauth-secret";

  OAuthPlan {
    Objects.requireNonNull(keys, "keys");
  }

  @Override
  public String toString() {
    return "OAuthPlan[" + publicUrl + ", store=" + (storeUrl == null ? "memory" : "jdbc") + "]";
  }
}
