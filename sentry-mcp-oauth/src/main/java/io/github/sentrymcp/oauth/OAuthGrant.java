package io.github.sentrymcp.oauth;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One completed authorization: a user's consent to a client, and the Sentry token obtained for it, sealed (AES-GCM)
 * so that the store never holds it in clear. Codes and tokens issued to the client point at their grant; deleting
 * the grant revokes them all.
 *
 * @param id random grant id
 * @param clientId the MCP client
 * @param userId the Sentry user id
 * @param resource the resource (RFC 8707) the grant's tokens are bound to
 * @param consent what the user granted
 * @param sealedUpstream the Sentry access and refresh token, encrypted and authenticated with the grant id
 * @param upstreamExpiresAt when the Sentry access token expires
 * @param version incremented by every {@link OAuthStore#updateUpstream} (optimistic concurrency between replicas)
 * @param createdAt when the user consented
 */
public record OAuthGrant(String id, String clientId, String userId, String resource, Consent consent,
    byte[] sealedUpstream, Instant upstreamExpiresAt, long version, Instant createdAt) {
  /**
   * Checks the components and copies the sealed token.
   *
   * @param id random grant id
   * @param clientId the MCP client
   * @param userId the Sentry user id
   * @param resource the resource (RFC 8707) the grant's tokens are bound to
   * @param consent what the user granted
   * @param sealedUpstream the Sentry access and refresh token, encrypted and authenticated with the grant id
   * @param upstreamExpiresAt when the Sentry access token expires
   * @param version incremented by every {@link OAuthStore#updateUpstream} (optimistic concurrency between replicas)
   * @param createdAt when the user consented
   * @throws NullPointerException when a component is null
   */
  public OAuthGrant {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(consent, "consent");
    sealedUpstream = sealedUpstream.clone();
    Objects.requireNonNull(upstreamExpiresAt, "upstreamExpiresAt");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /**
   * The sealed Sentry tokens.
   *
   * @return a copy of the sealed bytes
   */
  @Override
  public byte[] sealedUpstream() {
    return sealedUpstream.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OAuthGrant g && id.equals(g.id) && clientId.equals(g.clientId) && userId.equals(g.userId)
        && resource.equals(g.resource) && consent.equals(g.consent) && Arrays.equals(sealedUpstream, g.sealedUpstream)
        && upstreamExpiresAt.equals(g.upstreamExpiresAt) && version == g.version && createdAt.equals(g.createdAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, version);
  }

  @Override
  public String toString() {
    return "OAuthGrant[id=" + id + ", clientId=" + clientId + ", version=" + version + "]";
  }
}
