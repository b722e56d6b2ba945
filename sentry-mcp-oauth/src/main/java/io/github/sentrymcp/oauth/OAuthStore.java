package io.github.sentrymcp.oauth;

import java.time.Instant;
import java.util.Optional;

/**
 * Where the authorization server keeps its state: registered clients, authorizations waiting for Sentry, grants
 * (with the sealed Sentry token), and the codes and tokens it issued (by hash only). One store may be shared by
 * several server replicas; every operation is atomic on its own, and {@link #takePending} and {@link #redeem} give
 * each single-use item to exactly one caller even across replicas.
 *
 * <p>Built in: {@link InMemoryOAuthStore} (one process) and {@link io.github.sentrymcp.oauth.jdbc.JdbcOAuthStore}
 * (PostgreSQL, several replicas). Implementations must be thread-safe and must not log the values they store.
 */
public interface OAuthStore {

  /**
   * Saves a newly registered client.
   *
   * @param client the client
   */
  void saveClient(OAuthClient client);

  /**
   * The registered client with this id.
   *
   * @param clientId the client id
   * @return the client, or empty
   */
  Optional<OAuthClient> findClient(String clientId);

  /**
   * Saves an authorization waiting for Sentry's redirect.
   *
   * @param pending the pending authorization
   */
  void savePending(PendingAuthorization pending);

  /**
   * Removes and returns the pending authorization with this id, if it exists and has not expired at {@code now}; a
   * second call for the same id finds nothing.
   *
   * @param id the pending authorization's id
   * @param now the current time
   * @return the pending authorization, or empty
   */
  Optional<PendingAuthorization> takePending(String id, Instant now);

  /**
   * Saves a new grant.
   *
   * @param grant the grant
   */
  void saveGrant(OAuthGrant grant);

  /**
   * The grant with this id.
   *
   * @param grantId the grant's id
   * @return the grant, or empty
   */
  Optional<OAuthGrant> findGrant(String grantId);

  /**
   * Replaces the grant's sealed Sentry token and its expiry and increments its version, if its version is still
   * {@code expectedVersion}; returns false (changing nothing) when another caller updated it first or it is gone.
   *
   * @param grantId the grant's id
   * @param expectedVersion the version the caller read
   * @param sealedUpstream the new sealed Sentry tokens
   * @param upstreamExpiresAt when the new Sentry access token expires
   * @return true when the grant was updated
   */
  boolean updateUpstream(String grantId, long expectedVersion, byte[] sealedUpstream, Instant upstreamExpiresAt);

  /**
   * Deletes the grant and every code and token issued for it; returns whether the grant existed.
   *
   * @param grantId the grant's id
   * @return true when the grant existed
   */
  boolean deleteGrant(String grantId);

  /**
   * Saves a code or token this server issued (its grant must exist).
   *
   * @param token the code or token
   */
  void saveToken(IssuedToken token);

  /**
   * The token with this hash, used or not, expired or not.
   *
   * @param hash hex SHA-256 of the secret value
   * @return the token, or empty
   */
  Optional<IssuedToken> findToken(String hash);

  /**
   * Uses up a single-use token (authorization code or refresh token): {@code REDEEMED} with the token for the first
   * caller only; {@code ALREADY_USED} with the token for every later call; {@code EXPIRED} when it expired at {@code
   * now} before being used; {@code NOT_FOUND} when there is none or it is an access token.
   *
   * @param hash hex SHA-256 of the secret value
   * @param now the current time
   * @return what the redemption found
   */
  Redemption redeem(String hash, Instant now);

  /**
   * Deletes what can no longer be used at {@code now}: expired pending authorizations, codes and tokens expired
   * for more than a day (used ones are kept that long to detect replays), and grants created more than a day ago
   * with no unexpired token left. Returns how many items were deleted.
   *
   * @param now the current time
   * @return the number of items deleted
   */
  int purgeExpired(Instant now);
}
