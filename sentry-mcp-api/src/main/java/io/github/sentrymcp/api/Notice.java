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
    DEBUG("debug"),
    INFO("info"),
    NOTICE("notice"),
    WARNING("warning"),
    ERROR("error");

    private final String id;

    Level(String id) {
      this.id = id;
    }

    /** The MCP name of the level, such as {@code warning}. */
    public String id() {
      return id;
    }
  }

  public Notice {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(logger, "logger");
    Objects.requireNonNull(message, "message");
  }
}
