package io.github.sentrymcp.core.internal.tools.conversations;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.NotFoundHints;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** What both conversation tools share: the time window, project ids, numbers and text caps. */
final class ConversationSupport {
  private ConversationSupport() {}

  /** Transcripts and summaries: written by an application's users and models (anyone with the DSN). */
  static final TrustClass TRUST = TrustClass.UNTRUSTED_EXTERNAL;

  /** Input and output previews of the list (as the reference). */
  static final int PREVIEW_CHARS = 240;

  /** One transcript field (message, tool arguments, tool input) (as the reference's raw gen_ai fields). */
  static final int FIELD_CHARS = 4000;

  static final Pattern ISO_TIME =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?(?:Z|[+-]\\d{2}:\\d{2})?");

  /**
   * The spec of a conversation tool under {@code name}: the new name or its old {@code *_ai_conversation*} alias share
   * input, output, annotations, scopes and skills.
   */
  static ToolSpec spec(String name, String title, String description, InputSchema input, Map<String, Object> output) {
    return ToolSpec.builder(name, title, description)
        .input(input)
        .output(output)
        .annotations(Annotations.READ_ONLY)
        .scopes(Scope.EVENT_READ, Scope.PROJECT_READ)
        .skills(Skill.INSPECT, Skill.TRIAGE, Skill.SEER)
        .build();
  }

  static InputSchema.Param start(String description) {
    return InputSchema.builder().string("start", description).nullable().check(ConversationSupport::timeProblem)
        .param();
  }

  static InputSchema.Param end() {
    return InputSchema.builder().string("end", "ISO-8601 end; with start.").nullable()
        .check(ConversationSupport::timeProblem).param();
  }

  /** An explicit window: both ends, validated caller input. */
  record Window(String start, String end) {}

  /** The explicit window, both ends or neither; null when relative. */
  static @Nullable Window absoluteWindow(Args args) {
    String start = args.nonBlank("start");
    String end = args.nonBlank("end");
    if ((start == null) != (end == null)) {
      throw SentryMcpException.invalidInput("start and end go together: give both (ISO-8601) or neither.");
    }
    if (start == null || end == null) {
      return null;
    }
    Instant from = instant(start);
    Instant to = instant(end);
    if (from != null && to != null && !from.isBefore(to)) {
      throw SentryMcpException.invalidInput("start must be before end.");
    }
    return new Window(start, end);
  }

  private static @Nullable String timeProblem(String value) {
    return instant(value) == null ? "must be an ISO-8601 date and time such as 2025-04-01T00:00:00Z" : null;
  }

  static @Nullable Instant instant(String value) {
    if (!ISO_TIME.matcher(value).matches()) {
      return null;
    }
    try {
      boolean offset = value.endsWith("Z") || value.lastIndexOf('+') > 0 || value.lastIndexOf('-') > 9;
      return offset ? OffsetDateTime.parse(value).toInstant() : LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * The numeric id of each project (slug or id; {@code -1} is all projects): ids as they are, slugs looked up. In a
   * project-constrained session only the constrained project's id, whatever was asked.
   */
  static List<String> projectIds(ToolCall call, SentryApiClient api, String org, List<String> projects) {
    SessionConstraints c = call.constraints();
    List<String> wanted = c.projectSlug() != null ? List.of(c.projectSlug()) : projects;
    List<String> ids = new ArrayList<>();
    for (String p : wanted) {
      if (c.projectSlug() == null && (p.equals("-1") || isNumeric(p))) {
        ids.add(p);
        continue;
      }
      Map<String, String> used = new LinkedHashMap<>();
      used.put("organizationSlug", org);
      used.put("project", p);
      SentryJson project = NotFoundHints.withHint(used, c,
          () -> api.get(ApiPath.of("/projects/{org}/{project}/", org, p)).jsonObject("project",
              TrustClass.UNTRUSTED_AUTHENTICATED));
      ids.add(Long.toString(project.get("id").requireLong("project id")));
      call.checkCancelled();
    }
    return ids;
  }

  static boolean isNumeric(String s) {
    return !s.isEmpty() && s.length() <= 20 && s.chars().allMatch(ch -> ch >= '0' && ch <= '9');
  }

  /** A project slug, numeric id or {@code -1}. */
  static @Nullable String projectProblem(String value) {
    return value.equals("-1") ? null : Params.slugOrIdProblem(value);
  }

  /** A number Sentry sent as a number or numeric text; empty otherwise. */
  static OptionalDouble number(SentryJson n) {
    OptionalDouble d = n.asDouble();
    if (d.isPresent()) {
      return Double.isFinite(d.getAsDouble()) ? d : OptionalDouble.empty();
    }
    Untrusted t = n.nonEmptyText();
    if (t != null && t.matches(Pattern.compile("-?\\d{1,18}(\\.\\d{1,12})?"))) {
      var l = n.asLong();
      if (l.isPresent()) {
        return OptionalDouble.of(l.getAsLong());
      }
    }
    return OptionalDouble.empty();
  }

  static long whole(SentryJson n) {
    OptionalDouble d = number(n);
    return d.isPresent() ? Math.round(d.getAsDouble()) : 0;
  }

  /** An epoch-milliseconds timestamp as server text, or null. */
  static @Nullable String isoMillis(@Nullable Long ms) {
    return ms == null || ms <= 0 ? null : Instant.ofEpochMilli(ms).toString();
  }

  /** A duration in milliseconds as short server text ({@code 850ms}, {@code 12.3s}, {@code 4.5m}). */
  static String duration(long ms) {
    if (ms < 1000) {
      return ms + "ms";
    }
    if (ms < 60_000) {
      return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    return String.format(java.util.Locale.ROOT, "%.1fm", ms / 60_000.0);
  }

  /** The text truncated to {@code max} characters; {@code truncated} gets {@code field} when it was cut. */
  static @Nullable Untrusted cap(@Nullable Untrusted text, int max, String field, List<String> truncated) {
    if (text == null || text.length() <= max) {
      return text;
    }
    truncated.add(field);
    return text.truncate(max);
  }
}
