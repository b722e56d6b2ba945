package io.github.sentrymcp.api;

import java.nio.file.Path;

/**
 * The secret a session uses to authenticate to Sentry, read each time a request is sent: a fixed token ({@link
 * AccessToken}), a token file re-read when it changes ({@link #fromFile}), or a token a host refreshes itself (an
 * OAuth-refreshed token, for example). Implementations must never reveal the secret in {@code toString}, and the
 * library never puts it into logs, errors or results.
 */
@FunctionalInterface
public interface Credential {

  /**
   * The token for the {@code Authorization: Bearer} header of one request: printable ASCII without spaces.
   *
   * @return the token
   * @throws SentryMcpException of kind {@link ErrorKind#AUTHENTICATION} when no usable token is available now
   */
  String token();

  /**
   * A fixed token.
   *
   * @param token the token
   * @return a credential that always returns {@code token}
   */
  static Credential of(String token) {
    return AccessToken.of(token);
  }

  /**
   * A token kept in a file, read when first needed and read again whenever the file's size or modification time
   * changes, so that a rotated token is picked up without a restart. Surrounding whitespace is ignored.
   *
   * @param file the file holding the token
   * @return a credential that reads {@code file}
   */
  static Credential fromFile(Path file) {
    return new TokenFileCredential(file);
  }
}
