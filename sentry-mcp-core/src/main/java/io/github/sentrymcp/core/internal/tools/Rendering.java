package io.github.sentrymcp.core.internal.tools;

import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.SentryJson;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Small rendering helpers the tools share: table cells and timestamps. Everything here keeps Sentry's text {@link
 * Untrusted}; only a timestamp that parses is turned into server text (its ISO-8601 form, which holds nothing of
 * Sentry's but the instant).
 */
public final class Rendering {
  private Rendering() {}

  /** A table cell: the value as data, or a dash when absent. */
  /**
   * The answer to {@code includeExplanation} when no AI translated the query: one sentence for every search tool,
   * {@code detail} (server text, may be empty) saying which fields and sort were used.
   */
  public static String noAiNote(String detail) {
    return "No AI interpretation: the query went to Sentry exactly as given" + detail + ".";
  }

  public static Inline cell(@Nullable Untrusted value) {
    return value == null ? Inline.text("-") : Inline.data(value);
  }

  /** A parsed timestamp as server text (ISO-8601, UTC), or null when absent or unparseable. */
  public static @Nullable String isoTimestamp(SentryJson value) {
    Optional<Instant> t = value.asInstant();
    return t.map(Instant::toString).orElse(null);
  }

  /**
   * Adds a timestamp fact: the parsed instant as server text, or the raw Sentry text as data when it does not
   * parse; nothing when absent.
   */
  public static void timestampField(ToolResult.Builder doc, String label, SentryJson value) {
    String iso = isoTimestamp(value);
    if (iso != null) {
      doc.fieldText(label, iso);
    } else {
      doc.field(label, value.nonEmptyText());
    }
  }
}
