package io.github.sentrymcp.server;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A Sentry DSN, {@code {scheme}://{public key}[:{secret key}]@{host}[:{port}]{path prefix}/{project id}}, parsed
 * strictly, and where Sentry's OTLP ingestion for its project is. The secret key (deprecated, and never needed) is
 * not kept.
 *
 * @param origin {@code scheme://host[:port]}
 * @param pathPrefix the path before the project id, without a trailing slash ({@code ""} on sentry.io)
 * @param publicKey the public key, which authenticates ingestion
 * @param projectId the project id (digits)
 */
record SentryDsn(String origin, String pathPrefix, String publicKey, String projectId) {
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1,128}");
  private static final Pattern PROJECT_ID = Pattern.compile("[0-9]{1,20}");

  /** Where the problem is said: the DSN is never repeated, nor a part of it. */
  static final String FORM = "a Sentry DSN such as https://<public key>@<host>/<project id>";

  /**
   * Parses {@code dsn}; an {@link IllegalArgumentException}'s message says what is wrong in words that never repeat
   * any part of the DSN.
   */
  static SentryDsn parse(String dsn) {
    URI uri;
    try {
      uri = new URI(dsn.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("is not " + FORM);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (!uri.isAbsolute() || uri.isOpaque() || host == null || host.isEmpty()) {
      throw new IllegalArgumentException("is not " + FORM);
    }
    if (!scheme.equals("https") && !(scheme.equals("http") && HttpPlan.isLoopback(host))) {
      throw new IllegalArgumentException("must be an https URL (http only for a loopback host)");
    }
    String userInfo = uri.getRawUserInfo();
    String publicKey = userInfo == null ? "" : userInfo.split(":", 2)[0];
    if (!KEY.matcher(publicKey).matches()) {
      throw new IllegalArgumentException("needs its public key before the @ (letters, digits, _ and - only)");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("must not have a query or fragment");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    int slash = path.lastIndexOf('/');
    String projectId = slash < 0 ? "" : path.substring(slash + 1);
    if (!PROJECT_ID.matcher(projectId).matches()) {
      throw new IllegalArgumentException("must end with the numeric project id (/<project id>)");
    }
    String prefix = path.substring(0, slash);
    if (prefix.contains("//")) {
      throw new IllegalArgumentException("is not " + FORM);
    }
    int port = uri.getPort();
    if (port == 0 || port > 65535) {
      throw new IllegalArgumentException("has an invalid port");
    }
    String origin = scheme + "://" + host.toLowerCase(Locale.ROOT) + (port >= 0 ? ":" + port : "");
    return new SentryDsn(origin, prefix, publicKey, projectId);
  }

  /** Sentry's OTLP/HTTP traces endpoint for the project. */
  String otlpTracesEndpoint() {
    return origin + pathPrefix + "/api/" + projectId + "/integration/otlp/v1/traces";
  }

  /** The value of the {@code x-sentry-auth} header that authenticates the export. */
  String authHeader() {
    return "sentry sentry_key=" + publicKey;
  }

  @Override
  public String toString() {
    return "SentryDsn[" + origin + pathPrefix + "/" + projectId + "]"; // the key stays out of logs
  }
}
