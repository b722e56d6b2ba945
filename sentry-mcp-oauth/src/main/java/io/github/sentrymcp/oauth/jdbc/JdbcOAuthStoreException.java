package io.github.sentrymcp.oauth.jdbc;

import org.jspecify.annotations.Nullable;

/**
 * A database failure in {@link JdbcOAuthStore}: which operation failed and the SQLState, never a stored value. The
 * driver's exception is deliberately not attached as the cause, since its message may quote values (a token hash, a
 * client id) and causes end up in logs.
 */
public final class JdbcOAuthStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The driver's SQLState, or null. */
  private final @Nullable String sqlState;

  JdbcOAuthStoreException(String message, @Nullable String sqlState) {
    super(sqlState == null ? message : message + " (SQLState " + sqlState + ")");
    this.sqlState = sqlState;
  }

  /**
   * The SQLState of the driver's exception, or null when there was none.
   *
   * @return the SQLState, or null
   */
  public @Nullable String sqlState() {
    return sqlState;
  }
}
