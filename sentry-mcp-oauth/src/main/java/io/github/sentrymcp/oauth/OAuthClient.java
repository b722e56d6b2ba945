package io.github.sentrymcp.oauth;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A client registered through dynamic client registration (RFC 7591).
 *
 * @param clientId the client id this server issued
 * @param secretHash hex SHA-256 of the client secret of a confidential client, or null for a public client
 * @param metadataJson the registered client metadata (RFC 7591 JSON object, as this server accepted it)
 * @param issuedAt when the client was registered
 */
public record OAuthClient(String clientId, @Nullable String secretHash, String metadataJson, Instant issuedAt) {
  /**
   * Checks that the non-nullable components are present.
   *
   * @param clientId the client id this server issued
   * @param secretHash hex SHA-256 of the client secret of a confidential client, or null for a public client
   * @param metadataJson the registered client metadata (RFC 7591 JSON object, as this server accepted it)
   * @param issuedAt when the client was registered
   * @throws NullPointerException when {@code clientId}, {@code metadataJson} or {@code issuedAt} is null
   */
  public OAuthClient {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(metadataJson, "metadataJson");
    Objects.requireNonNull(issuedAt, "issuedAt");
  }

  @Override
  public String toString() {
    return "OAuthClient[" + clientId + "]";
  }
}
