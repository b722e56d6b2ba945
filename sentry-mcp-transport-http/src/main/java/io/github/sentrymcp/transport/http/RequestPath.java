package io.github.sentrymcp.transport.http;

import io.github.sentrymcp.api.SessionConstraints;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * The constraint part of a request path: {@code <endpoint>}, {@code <endpoint>/{org}} or {@code
 * <endpoint>/{org}/{project}} (one trailing slash allowed). Slugs follow {@link SessionConstraints#SLUG}; anything
 * else (encoded characters, dot segments, more segments) is no MCP path.
 */
record RequestPath(@Nullable String organization, @Nullable String project) {

  static @Nullable RequestPath parse(HttpServletRequest req, String endpoint) {
    String uri = req.getRequestURI();
    String context = req.getContextPath();
    if (uri == null) {
      return null;
    }
    if (context != null && !context.isEmpty()) {
      if (!uri.startsWith(context)) {
        return null;
      }
      uri = uri.substring(context.length());
    }
    if (!uri.startsWith(endpoint)) {
      return null;
    }
    String rest = uri.substring(endpoint.length());
    if (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    if (rest.isEmpty()) {
      return new RequestPath(null, null);
    }
    if (!rest.startsWith("/")) {
      return null;
    }
    String[] parts = rest.substring(1).split("/", -1);
    if (parts.length > 2) {
      return null;
    }
    for (String p : parts) {
      if (!SessionConstraints.SLUG.matcher(p).matches()) { // a slug starts with a letter or digit: no dot segments
        return null;
      }
    }
    return new RequestPath(parts[0], parts.length == 2 ? parts[1] : null);
  }

  @Override
  public String toString() {
    return organization == null ? "/" : "/" + organization + (project == null ? "" : "/" + project);
  }
}
