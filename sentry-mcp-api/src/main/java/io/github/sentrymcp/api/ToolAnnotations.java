package io.github.sentrymcp.api;

import org.jspecify.annotations.Nullable;

/**
 * MCP tool hints, so hosts can ask a person before destructive calls.
 *
 * @param idempotent whether repeating a call with the same arguments has no further effect; {@code null} when the tool
 *     does not declare it (MCP's default, false, then applies). Like the reference server, read-only tools leave it
 *     undeclared (MCP gives it meaning only for tools that write), and so do write tools the reference declares without
 *     it.
 * @param readOnly whether the tool only reads
 * @param destructive whether the tool may delete or overwrite data; never together with {@code readOnly}
 * @param openWorld MCP's {@code openWorldHint}: whether the tool interacts with outside entities (Sentry, the web)
 *     rather than only the server's own data
 */
public record ToolAnnotations(
    boolean readOnly, boolean destructive, @Nullable Boolean idempotent, boolean openWorld) {

  /**
   * Checks the combination.
   *
   * @param idempotent whether repeating a call with the same arguments has no further effect; {@code null} when the
   *     tool does not declare it (MCP's default, false, then applies). Like the reference server, read-only tools leave
   *     it undeclared (MCP gives it meaning only for tools that write), and so do write tools the reference declares
   *     without it.
   * @param readOnly whether the tool only reads
   * @param destructive whether the tool may delete or overwrite data; never together with {@code readOnly}
   * @param openWorld MCP's {@code openWorldHint}: whether the tool interacts with outside entities (Sentry, the web)
   *     rather than only the server's own data
   * @throws IllegalArgumentException when the tool is declared both read-only and destructive
   */
  public ToolAnnotations {
    if (readOnly && destructive) {
      throw new IllegalArgumentException("a tool cannot be both read-only and destructive");
    }
  }

  /** Read-only, talks to Sentry; idempotence undeclared. */
  public static final ToolAnnotations READ_ONLY = new ToolAnnotations(true, false, null, true);
}
