package io.github.sentrymcp.api;

/**
 * Guards every host that receives the Sentry token: the configured host, {@code regionUrl} tool arguments and region
 * URLs returned by the API.
 */
public interface RegionUrlValidator {

  /**
   * Validates a region URL and returns only its normalised origin ({@code https://host}); path, query and fragment
   * of the input are dropped.
   *
   * @param regionUrl the URL to check
   * @return the normalised origin
   * @throws SentryMcpException of kind {@link ErrorKind#INVALID_INPUT} when the URL is not allowed; no request may be
   *     made to it
   */
  String validate(String regionUrl);
}
