package io.github.sentrymcp.api;

/** MCP tool hints, so hosts can ask a person before destructive calls. */
public record ToolAnnotations(
    boolean readOnly, boolean destructive, boolean idempotent, boolean openWorld) {

  public ToolAnnotations {
    if (readOnly && destructive) {
      throw new IllegalArgumentException("a tool cannot be both read-only and destructive");
    }
  }

  /** Read-only, idempotent, talks to Sentry. */
  public static final ToolAnnotations READ_ONLY = new ToolAnnotations(true, false, true, true);
}
