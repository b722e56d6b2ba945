package io.github.sentrymcp.api;

import java.util.Objects;

/**
 * Something the library tells an operator or an MCP client about a call while it runs: a retry, a rate limit, a
 * truncated result, a refused call. The message is written by the library from fixed templates (tool names, endpoint
 * templates, counts, durations), never from text that came from Sentry; senders still pass it through the redactor.
 *
 * @param level how much it matters
 * @param logger where it comes from, such as {@code sentry_mcp.api} (a fixed name, for filtering)
 * @param message one line of text
 */
public record Notice(Level level, String logger, String message) {

  /** The levels, a subset of MCP's (RFC 5424) logging levels, in increasing severity. */
  public enum Level {
    /** Debug-level detail (RFC 5424 {@code debug}). */
    DEBUG("debug"),
    /** Informational (RFC 5424 {@code info}). */
    INFO("info"),
    /** A normal but significant condition (RFC 5424 {@code notice}). */
    NOTICE("notice"),
    /** A warning condition (RFC 5424 {@code warning}). */
    WARNING("warning"),
    /** An error condition (RFC 5424 {@code error}). */
    ERROR("error");

    private final String id;

    Level(String id) {
      this.id = id;
    }

    /**
     * The MCP name of the level, such as {@code warning}.
     *
     * @return the level's MCP name
     */
    public String id() {
      return id;
    }
  }

  /**
   * Checks that every component is present.
   *
   * @param level how much it matters
   * @param logger where it comes from, such as {@code sentry_mcp.api} (a fixed name, for filtering)
   * @param message one line of text
   * @throws NullPointerException when a component is null
   */
  public Notice {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(logger, "logger");
    Objects.requireNonNull(message, "message");
  }
}
