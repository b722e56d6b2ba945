package io.github.sentrymcp.core.internal.tools;

import io.github.sentrymcp.api.ToolAnnotations;

/**
 * The MCP annotations of the tools, one constant per code of the reference's catalogue legend (reference spec section
 * 5): {@code RO} read-only, {@code W} writes, {@code X} destructive, {@code ID} idempotent, {@code ID-} explicitly
 * not idempotent (neither: idempotence undeclared), {@code OW} open world. Every built-in tool talks to Sentry, so
 * every constant is open-world. Pick the constant whose code is in the tool's row.
 */
public final class Annotations {
  private Annotations() {}

  /** {@code RO OW}: reads only; idempotence undeclared. */
  public static final ToolAnnotations READ_ONLY = ToolAnnotations.READ_ONLY;

  /** {@code W OW}: writes, destroys nothing, idempotence undeclared (e.g. creating something new each call). */
  public static final ToolAnnotations WRITE = new ToolAnnotations(false, false, null, true);

  /** {@code W ID- OW}: writes, destroys nothing; declared not idempotent (each call creates something new). */
  public static final ToolAnnotations WRITE_NOT_IDEMPOTENT = new ToolAnnotations(false, false, false, true);

  /** {@code W ID OW}: writes, destroys nothing; repeating the call has no further effect. */
  public static final ToolAnnotations WRITE_IDEMPOTENT = new ToolAnnotations(false, false, true, true);

  /** {@code W X OW}: changes or removes existing state; idempotence undeclared. */
  public static final ToolAnnotations DESTRUCTIVE = new ToolAnnotations(false, true, null, true);

  /** {@code W X ID OW}: changes or removes existing state; repeating the call has no further effect. */
  public static final ToolAnnotations DESTRUCTIVE_IDEMPOTENT = new ToolAnnotations(false, true, true, true);

  /** {@code W X ID- OW}: changes or removes existing state; declared not idempotent. */
  public static final ToolAnnotations DESTRUCTIVE_NOT_IDEMPOTENT = new ToolAnnotations(false, true, false, true);
}
