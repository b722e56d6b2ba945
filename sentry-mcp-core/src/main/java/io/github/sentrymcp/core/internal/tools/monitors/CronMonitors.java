package io.github.sentrymcp.core.internal.tools.monitors;

import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.SentryJson;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * What the cron monitor tools read from Sentry's monitor JSON: the project, the owner and the schedule (Sentry sends
 * {@code config.schedule} as {@code ["crontab", "0 2 * * *"]}, {@code ["interval", 5, "minute"]}, an object or a
 * string; anything else is no schedule).
 */
final class CronMonitors {
  private CronMonitors() {}

  /** The schedule: its type ({@code crontab}, {@code interval}) and value ({@code 0 2 * * *}, {@code 5 minute}). */
  record Schedule(@Nullable Untrusted type, @Nullable Untrusted value, @Nullable Long checkInMargin,
      @Nullable Long maxRuntime) {}

  /** The monitor's project slug, else its name. */
  static @Nullable Untrusted project(SentryJson monitor) {
    Untrusted slug = monitor.path("project", "slug").nonEmptyText();
    return slug != null ? slug : monitor.path("project", "name").nonEmptyText();
  }

  /** The schedule of {@code config}, or null when it has none of type, value, margin and runtime. */
  static @Nullable Schedule schedule(SentryJson monitor) {
    SentryJson config = monitor.get("config");
    if (!config.isObject()) {
      return null;
    }
    SentryJson raw = config.get("schedule");
    Untrusted parsedType = null;
    Untrusted value = null;
    if (raw.isText()) {
      value = UptimeMonitorSupport.nonBlank(raw.text());
    } else if (raw.isArray()) {
      SentryJson first = raw.at(0);
      SentryJson second = raw.at(1);
      SentryJson third = raw.at(2);
      if (first.textEquals("crontab") && second.isText()) {
        parsedType = first.text();
        value = second.text();
      } else if (first.textEquals("interval") && (second.isNumber() || second.isText()) && third.isText()) {
        parsedType = first.text();
        value = joined(second, third);
      } else if ((first.isNumber() || first.isText()) && second.isText()) {
        value = joined(first, second);
        parsedType = value == null ? null : Untrusted.of("interval", value.source(), value.trust());
      }
    } else if (raw.isObject()) {
      parsedType = raw.get("type").nonEmptyText();
      if (raw.get("type").textEquals("crontab") && raw.get("value").isText()) {
        value = raw.get("value").text();
      } else if (raw.get("type").textEquals("interval") && raw.get("unit").isText()) {
        value = joined(raw.get("value"), raw.get("unit"));
      }
    }
    Untrusted type = config.get("schedule_type").isText() ? config.get("schedule_type").text() : parsedType;
    Long margin = orNull(config.get("checkin_margin").asLong());
    Long runtime = orNull(config.get("max_runtime").asLong());
    if (type == null && value == null && margin == null && runtime == null) {
      return null;
    }
    return new Schedule(type, value, margin, runtime);
  }

  /** Sentry's interval units ({@code ScheduleType.INTERVAL}). */
  private static final List<String> UNITS = List.of("year", "month", "week", "day", "hour", "minute");

  /**
   * {@code "5 minute"} from a whole number (or its digits as text) and one of Sentry's units; null otherwise. Built
   * from the parsed number and the unit of the closed list, so no Sentry text is copied.
   */
  private static @Nullable Untrusted joined(SentryJson amount, SentryJson unit) {
    OptionalLong n = amount.asLong();
    if (n.isEmpty()) {
      return null;
    }
    for (String u : UNITS) {
      if (unit.textEquals(u)) {
        return Untrusted.of(n.getAsLong() + " " + u, unit.source(), unit.trust());
      }
    }
    return null;
  }

  private static @Nullable Long orNull(OptionalLong v) {
    return v.isPresent() ? v.getAsLong() : null;
  }
}
