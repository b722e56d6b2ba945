package io.github.sentrymcp.api;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Which tools a server lists in {@code tools/list}. The choice changes only the listing: every tool the session may
 * use stays callable by name, and a tool reached through the gateway passes the same gate as a direct call.
 */
public enum Surface {
  /**
   * The default, as the reference server: a small top-level list (the most used tools) plus the gateway ({@code
   * search_sentry_tools} to find a tool and its input schema, {@code execute_sentry_tool} to run a read-only one,
   * {@code execute_sentry_write_tool} to run one that changes data). Clients that cap their tool slots see every tool
   * this way. A tool that no listed gateway tool can reach (for example when the session's tool list leaves the
   * gateway out) is listed directly, so nothing the session may use is lost.
   */
  GATEWAY("gateway"),
  /** Every tool the session may use is listed directly; the gateway tools are not listed. */
  DIRECT("direct");

  private final String id;

  Surface(String id) {
    this.id = id;
  }

  /**
   * The name used in flags and configuration: {@code gateway} or {@code direct}.
   *
   * @return the name
   */
  public String id() {
    return id;
  }

  /**
   * The surface of this name (case-insensitive, trimmed), or null for an unknown name.
   *
   * @param name the name
   * @return the surface, or null
   */
  public static @Nullable Surface fromId(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    for (Surface s : values()) {
      if (s.id.equals(n)) {
        return s;
      }
    }
    return null;
  }
}
