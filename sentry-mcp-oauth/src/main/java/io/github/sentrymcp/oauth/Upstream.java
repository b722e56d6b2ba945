package io.github.sentrymcp.oauth;

import io.github.sentrymcp.oauth.internal.Crypto;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The Sentry tokens of a grant, sealed with the grant id as associated data (a sealed value cannot be moved). */
record Upstream(String accessToken, @Nullable String refreshToken) {

  static byte[] seal(Crypto crypto, String grantId, UpstreamClient.Tokens tokens) {
    String plain = tokens.accessToken() + "\n" + (tokens.refreshToken() == null ? "" : tokens.refreshToken());
    return crypto.seal(plain.getBytes(StandardCharsets.UTF_8), "upstream:" + grantId);
  }

  static Optional<Upstream> open(Crypto crypto, OAuthGrant grant) {
    byte[] plain = crypto.open(grant.sealedUpstream(), "upstream:" + grant.id());
    if (plain == null) {
      return Optional.empty();
    }
    String s = new String(plain, StandardCharsets.UTF_8);
    int nl = s.indexOf('\n');
    if (nl <= 0) {
      return Optional.empty();
    }
    String refresh = s.substring(nl + 1);
    return Optional.of(new Upstream(s.substring(0, nl), refresh.isEmpty() ? null : refresh));
  }

  @Override
  public String toString() {
    return "Upstream[***]";
  }
}
