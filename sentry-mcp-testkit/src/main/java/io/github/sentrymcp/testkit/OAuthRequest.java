package io.github.sentrymcp.testkit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One call to an OAuth endpoint of {@link FakeSentry} ({@link FakeSentry#oauthRequests()}). It carries no secret: no
 * code, token, device code or client secret.
 *
 * @param endpoint {@code "METHOD /path"}, e.g. {@code "POST /oauth/token/"}
 * @param grantType the {@code grant_type} of a token request, or {@code null}
 * @param clientId the client id the request named (form field or HTTP Basic), or {@code null}
 * @param status the HTTP status sent
 * @param error the OAuth {@code error} code sent, or {@code null} on success
 * @param receivedAt when the request was received
 */
public record OAuthRequest(
    String endpoint,
    @Nullable String grantType,
    @Nullable String clientId,
    int status,
    @Nullable String error,
    Instant receivedAt) {}
