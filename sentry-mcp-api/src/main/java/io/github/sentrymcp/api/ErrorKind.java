package io.github.sentrymcp.api;

/** Machine-readable kind of a tool failure; transports put it into the error result's structured content. */
public enum ErrorKind {
  INVALID_INPUT("invalid_input"),
  NOT_FOUND("not_found"),
  PERMISSION_DENIED("permission_denied"),
  AUTHENTICATION("authentication"),
  RATE_LIMITED("rate_limited"),
  UPSTREAM_ERROR("upstream_error"),
  NETWORK("network"),
  /** The call ran out of its overall time limit (retries included). */
  TIMEOUT("timeout"),
  /** The call was cancelled by the caller; transports send no answer for it. */
  CANCELLED("cancelled"),
  /** Too many calls are running at once; retry shortly. Nothing was sent to Sentry. */
  BUSY("busy"),
  CONFIGURATION("configuration"),
  INTERNAL("internal");

  private final String id;

  ErrorKind(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  @Override
  public String toString() {
    return id;
  }
}
