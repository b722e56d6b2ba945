package io.github.sentrymcp.api;

/**
 * Machine-readable kind of a tool failure; transports put it into the error result's structured content.
 *
 * <p>{@link #alerting()} classifies a kind for operators: whether a failure of it should page someone. A caller's
 * mistake or a refusal Sentry gives the caller (HTTP 4xx other than 429) is part of normal use; anything that says
 * the service, its dependencies or its configuration is unwell is not.
 *
 * <table>
 *   <caption>Which failures alert</caption>
 *   <tr><th>kind</th><th>typical cause</th><th>alerting</th></tr>
 *   <tr><td>{@code invalid_input}</td><td>bad arguments, an unknown tool, Sentry's HTTP 400</td><td>no</td></tr>
 *   <tr><td>{@code not_found}</td><td>HTTP 404</td><td>no</td></tr>
 *   <tr><td>{@code permission_denied}</td><td>a tool outside the grant, HTTP 403</td><td>no</td></tr>
 *   <tr><td>{@code authentication}</td><td>the caller's token refused, HTTP 401</td><td>no</td></tr>
 *   <tr><td>{@code cancelled}</td><td>the caller cancelled</td><td>no</td></tr>
 *   <tr><td>{@code rate_limited}</td><td>HTTP 429</td><td>yes</td></tr>
 *   <tr><td>{@code upstream_error}</td><td>HTTP 5xx, an answer of the wrong shape</td><td>yes</td></tr>
 *   <tr><td>{@code network}</td><td>connection failures</td><td>yes</td></tr>
 *   <tr><td>{@code timeout}</td><td>the call's time limit</td><td>yes</td></tr>
 *   <tr><td>{@code busy}</td><td>the engine's concurrency limit</td><td>yes</td></tr>
 *   <tr><td>{@code configuration}</td><td>the server's settings, for example a model provider's key or quota</td>
 *       <td>yes</td></tr>
 *   <tr><td>{@code internal}</td><td>an unexpected exception</td><td>yes</td></tr>
 * </table>
 */
public enum ErrorKind {
  /** Bad arguments, an unknown tool, Sentry's HTTP 400. Not alerting. */
  INVALID_INPUT("invalid_input", false),
  /** Sentry's HTTP 404. Not alerting. */
  NOT_FOUND("not_found", false),
  /** A tool outside the grant, Sentry's HTTP 403. Not alerting. */
  PERMISSION_DENIED("permission_denied", false),
  /** The caller's token was refused, Sentry's HTTP 401. Not alerting. */
  AUTHENTICATION("authentication", false),
  /** Sentry's HTTP 429. Alerting. */
  RATE_LIMITED("rate_limited", true),
  /** Sentry's HTTP 5xx, or an answer of the wrong shape. Alerting. */
  UPSTREAM_ERROR("upstream_error", true),
  /** Sentry could not be reached (connection failures). Alerting. */
  NETWORK("network", true),
  /** The call ran out of its overall time limit (retries included). */
  TIMEOUT("timeout", true),
  /** The call was cancelled by the caller; transports send no answer for it. */
  CANCELLED("cancelled", false),
  /** Too many calls are running at once; retry shortly. Nothing was sent to Sentry. */
  BUSY("busy", true),
  /** A problem with the server's settings, for example a model provider's key or quota. Alerting. */
  CONFIGURATION("configuration", true),
  /** An unexpected exception. Alerting. */
  INTERNAL("internal", true);

  private final String id;
  private final boolean alerting;

  ErrorKind(String id, boolean alerting) {
    this.id = id;
    this.alerting = alerting;
  }

  /**
   * Whether a failure of this kind should alert an operator (see the table above): false for a caller's mistakes and
   * refusals (HTTP 4xx other than 429) and for cancellation, true for rate limits, Sentry's 5xx, network failures,
   * timeouts, saturation, configuration problems and unexpected exceptions.
   *
   * @return true when operators should be alerted
   */
  public boolean alerting() {
    return alerting;
  }

  /**
   * The wire name, such as {@code invalid_input}.
   *
   * @return the lower-case id
   */
  public String id() {
    return id;
  }

  @Override
  public String toString() {
    return id;
  }
}
