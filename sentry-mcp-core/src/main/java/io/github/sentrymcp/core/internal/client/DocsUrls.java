package io.github.sentrymcp.core.internal.client;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The outbound URL guard of the documentation tools: which URLs {@link DocsClient} may request.
 *
 * <p>Allowed origins: the docs search backend ({@link SentryMcpConfig#mcpUrl()}, else {@value
 * SentryMcpConfig#DEFAULT_MCP_URL}), the docs host ({@link SentryMcpConfig#docsUrl()}), {@code https://docs.sentry.io}
 * and {@code https://develop.sentry.io}. Like {@code DefaultRegionUrlValidator}, no URL parser is involved: a URL is
 * accepted only when it is printable ASCII without {@code @}, {@code \}, {@code %}, {@code ?} or {@code #}, starts
 * with one allowed origin followed by {@code /}, and its path passes {@link #pathProblem}. Configured origins were
 * validated by the configuration (https, or http only with insecure http; no user information); the fixed ones are
 * DNS names over https, so IP literals, trailing dots and other hosts never match.
 */
public final class DocsUrls {
  /** The public documentation hosts a doc path may be read from. */
  public static final Set<String> DOC_HOSTS = Set.of("docs.sentry.io", "develop.sentry.io");

  /** Longest documentation path accepted. */
  public static final int MAX_PATH_LENGTH = 512;

  private final String searchOrigin;
  private final String docsOrigin;
  private final Set<String> allowedOrigins;

  public DocsUrls(SentryMcpConfig config) {
    Objects.requireNonNull(config, "config");
    String mcp = config.mcpUrl();
    this.searchOrigin = mcp != null ? mcp : SentryMcpConfig.DEFAULT_MCP_URL;
    this.docsOrigin = config.docsUrl();
    Set<String> allowed = new LinkedHashSet<>();
    allowed.add(searchOrigin);
    allowed.add(docsOrigin);
    for (String h : DOC_HOSTS) {
      allowed.add("https://" + h);
    }
    this.allowedOrigins = Set.copyOf(allowed);
  }

  /** The origin documentation pages are read from (server text: it comes from the configuration). */
  public String docsOrigin() {
    return docsOrigin;
  }

  /** {@code <search origin>/api/search}, checked. */
  String searchUrl() {
    return check(searchOrigin + "/api/search");
  }

  /**
   * The URL of a documentation page, checked.
   *
   * @throws SentryMcpException of kind invalid input when {@code path} is not a plain documentation path
   */
  String docUrl(String path) {
    String problem = pathProblem(path);
    if (problem != null) {
      throw SentryMcpException.invalidInput("Invalid documentation path: " + problem + ".");
    }
    return check(docsOrigin + path);
  }

  /**
   * Why {@code path} is not a plain documentation path, or null when it is: it starts with one {@code /}, ends with
   * {@code .md}, is at most {@value #MAX_PATH_LENGTH} characters of letters, digits, {@code -}, {@code _}, {@code .},
   * {@code ~} and {@code /}, and has no empty, {@code .} or {@code ..} segment. Absolute URLs, percent-encoding,
   * backslashes, queries and fragments are therefore all refused. The messages are server text and never repeat the
   * path.
   */
  public static @Nullable String pathProblem(String path) {
    if (!path.startsWith("/")) {
      return "it must start with / (a path such as /platforms/javascript/guides/nextjs.md, not a URL)";
    }
    if (!path.toLowerCase(Locale.ROOT).endsWith(".md")) {
      return "it must end with .md";
    }
    if (path.length() > MAX_PATH_LENGTH) {
      return "it is longer than " + MAX_PATH_LENGTH + " characters";
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~' || c == '/';
      if (!ok) {
        return "it may contain only letters, digits, '-', '_', '.', '~' and '/'"
            + " (no percent-encoding, backslashes, queries or full URLs)";
      }
    }
    for (String segment : path.substring(1).split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return "it must not contain empty, '.' or '..' segments";
      }
    }
    return null;
  }

  /**
   * The guard every request of {@link DocsClient} passes: returns {@code url} when it starts with an allowed origin
   * followed by a clean path.
   *
   * @throws SentryMcpException of kind internal when it does not (the tools build URLs only from allowed origins
   *     and checked paths, so this is a defect, never the caller's input); the URL is not repeated
   */
  String check(String url) {
    boolean ok = UrlText.isPrintableAscii(url) && url.indexOf('@') < 0 && url.indexOf('\\') < 0
        && url.indexOf('%') < 0 && url.indexOf('?') < 0 && url.indexOf('#') < 0;
    if (ok) {
      ok = false;
      for (String origin : allowedOrigins) {
        if (url.startsWith(origin + "/")) {
          String path = url.substring(origin.length());
          ok = path.equals("/api/search") || pathProblem(path) == null;
          break;
        }
      }
    }
    if (!ok) {
      throw new SentryMcpException(ErrorKind.INTERNAL,
          "A documentation request to a host or path that is not allowed was refused before it was sent.");
    }
    return url;
  }
}
