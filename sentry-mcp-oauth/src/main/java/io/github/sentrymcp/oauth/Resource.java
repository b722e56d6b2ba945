package io.github.sentrymcp.oauth;

import io.github.sentrymcp.api.SessionConstraints;
import org.jspecify.annotations.Nullable;

/**
 * A resource (RFC 8707) this server issues tokens for: its MCP endpoint, optionally with an organization and project
 * path ({@code <issuer>/mcp}, {@code <issuer>/mcp/acme}, {@code <issuer>/mcp/acme/web}); anything else is not ours.
 *
 * @param uri the canonical resource URI (no trailing slash)
 * @param organization the organization slug in the path, or null
 * @param project the project slug in the path, or null
 */
record Resource(String uri, @Nullable String organization, @Nullable String project) {

  /** The resource named by {@code value}, or null when it is not one of this server's. */
  static @Nullable Resource parse(String value, Settings s) {
    String base = s.defaultResource();
    if (!value.startsWith(base)) {
      return null;
    }
    String rest = value.substring(base.length());
    if (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    if (rest.isEmpty()) {
      return new Resource(base, null, null);
    }
    if (!rest.startsWith("/")) {
      return null;
    }
    String[] parts = rest.substring(1).split("/", -1);
    if (parts.length > 2) {
      return null;
    }
    for (String p : parts) {
      if (!SessionConstraints.SLUG.matcher(p).matches()) {
        return null;
      }
    }
    return new Resource(base + rest, parts[0], parts.length == 2 ? parts[1] : null);
  }

  /** Whether a request to {@code requestPath} (a path on the issuer's origin) is within this resource. */
  boolean covers(String resourceOfRequest) {
    return resourceOfRequest.equals(uri) || resourceOfRequest.startsWith(uri + "/");
  }
}
