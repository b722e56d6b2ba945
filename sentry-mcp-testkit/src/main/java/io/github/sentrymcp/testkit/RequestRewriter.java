package io.github.sentrymcp.testkit;

import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Rewrites the raw path and raw query of every incoming API request before {@link FakeSentry}
 * routes, records and answers it ({@link FakeSentry.Builder#requestRewriter(RequestRewriter)}).
 *
 * <p>Use it to undo what a {@link JsonRewriter} did to identifiers that the client sends back: if
 * the rewriter appends a marker to every id, removing the marker from the request path lets the
 * follow-up request reach the same fixture. Everything after the rewrite sees the rewritten target:
 * routing, {@linkplain FakeSentry#override(String, String, String) overrides}, {@linkplain
 * FaultRule fault rules}, query parameters, the {@code Link} header of paged answers and the
 * {@linkplain FakeSentry#journal() journal}. The {@code /__fake/} control endpoints are never
 * rewritten.
 *
 * <pre>
 * FakeSentry fake = FakeSentry.builder()
 *     .requestRewriter(RequestRewriter.removing(Pattern.compile("ZQ[0-9]+QZ")))
 *     .build();
 * </pre>
 *
 * <p>Called concurrently from the fake's request threads. If it throws, the client gets {@code 500
 * {"detail": "fake-sentry requestRewriter error: ..."}}.
 */
@FunctionalInterface
public interface RequestRewriter {

  /**
   * Rewrites one request target.
   *
   * @param method the request method, upper case
   * @param rawPath the path as received, still percent-encoded
   * @param rawQuery the query as received (without {@code ?}), or {@code null} if there is none
   * @return the path and query to use instead (possibly the same)
   */
  Target rewrite(String method, String rawPath, @Nullable String rawQuery);

  /**
   * A rewritten request target.
   *
   * @param rawPath the percent-encoded path; must start with {@code /}
   * @param rawQuery the query without {@code ?}, or {@code null} for none
   */
  record Target(String rawPath, @Nullable String rawQuery) {
    /**
     * Validates.
     *
     * @param rawPath the percent-encoded path; must start with {@code /}
     * @param rawQuery the query without {@code ?}, or {@code null} for none
     * @throws IllegalArgumentException if {@code rawPath} does not start with {@code /}
     */
    public Target {
      Objects.requireNonNull(rawPath, "rawPath");
      if (!rawPath.startsWith("/")) {
        throw new IllegalArgumentException("rawPath must start with /: " + rawPath);
      }
    }
  }

  /**
   * A rewriter that deletes every match of {@code pattern} from the raw path and the raw query, e.g.
   * canary markers appended to ids.
   *
   * @param pattern the pattern to delete
   * @return the rewriter
   */
  static RequestRewriter removing(Pattern pattern) {
    Objects.requireNonNull(pattern, "pattern");
    return (method, rawPath, rawQuery) ->
        new Target(
            pattern.matcher(rawPath).replaceAll(""),
            rawQuery == null ? null : pattern.matcher(rawQuery).replaceAll(""));
  }
}
