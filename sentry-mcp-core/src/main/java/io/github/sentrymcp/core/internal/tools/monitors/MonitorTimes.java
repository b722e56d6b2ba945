package io.github.sentrymcp.core.internal.tools.monitors;

import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.core.internal.client.Query;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The time range of the monitor detail tools: a relative {@code period} (default {@value #DEFAULT_PERIOD}) or an
 * absolute {@code start} and {@code end} (ISO-8601 date and time with {@code Z} or an offset), checked before any
 * request: start and end go together and exclude period.
 *
 * @param period the relative range, or null when start and end are given
 * @param start validated caller input, or null
 * @param end validated caller input, or null
 */
record MonitorTimes(@Nullable String period, @Nullable String start, @Nullable String end) {

  static final String DEFAULT_PERIOD = "24h";

  private static final String EXAMPLE = "start='2025-04-01T00:00:00Z', end='2025-04-02T00:00:00Z'";

  private static final Pattern ISO =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})");

  static void addParams(InputSchema.Builder b, String what) {
    b.string("period", "Relative range of " + what + ", e.g. 7d (default 24h without start and end).")
        .nullable().pattern(Params.PERIOD).add();
    b.string("start", "Absolute start (ISO-8601, e.g. 2025-04-01T00:00:00Z); with end, instead of period.")
        .nullable().check(MonitorTimes::timeProblem).add();
    b.string("end", "Absolute end (ISO-8601); with start.").nullable().check(MonitorTimes::timeProblem).add();
  }

  static @Nullable String timeProblem(String value) {
    return instant(value) == null ? "must be an ISO-8601 date and time such as 2025-04-01T00:00:00Z" : null;
  }

  static @Nullable Instant instant(String value) {
    if (!ISO.matcher(value).matches()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static MonitorTimes of(Args args) {
    String period = args.nonBlank("period");
    String start = args.nonBlank("start");
    String end = args.nonBlank("end");
    if (start == null && end == null) {
      return new MonitorTimes(period == null ? DEFAULT_PERIOD : period, null, null);
    }
    if (start == null || end == null) {
      throw SentryMcpException.invalidInput(
          "start and end go together: give both (e.g. " + EXAMPLE + "), or a period. No request was sent.");
    }
    if (period != null) {
      throw SentryMcpException.invalidInput(
          "Give either period or start and end, not both. No request was sent.");
    }
    Instant from = instant(start);
    Instant to = instant(end);
    if (from != null && to != null && !from.isBefore(to)) {
      throw SentryMcpException.invalidInput("start must be before end (e.g. " + EXAMPLE + "). No request was sent.");
    }
    return new MonitorTimes(null, start, end);
  }

  /** {@code statsPeriod}, or {@code start} and {@code end}. */
  void addTo(Query q) {
    if (period != null) {
      q.add("statsPeriod", period);
    } else {
      q.add("start", start).add("end", end);
    }
  }

  /** The range in words (server text: validated caller input). */
  String describe() {
    return period != null ? "last " + period : start + " to " + end;
  }
}
