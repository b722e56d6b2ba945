package io.github.sentrymcp.core.internal.tools.issues;

import io.github.sentrymcp.api.ApiException;
import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiRequest;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import io.github.sentrymcp.core.internal.tools.WebLinks;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code update_issue}: changes an issue's status (resolve, resolve in the next release, reopen, ignore with a rule)
 * and/or its assignee, optionally recording why as a note.
 *
 * <p>Requests, in order, and only these: {@code GET /organizations/{org}/issues/{id}/} (the current state, and under
 * a project constraint the ownership check, before anything is written); {@code PUT} on the same path with only the
 * fields that change, out of {@code status, assignedTo, substatus, ignoreDuration, ignoreCount, ignoreWindow,
 * ignoreUserCount, ignoreUserWindow}; then, when {@code reason} is given, {@code POST .../notes/ {"text": reason}}.
 * When the issue already is in the requested state no {@code PUT} is sent (the reason note is still posted, as the
 * reference does). A failed note is reported in the result, not as a failure of the call: the update has happened.
 * Every argument rule is checked before the first request.
 *
 * <p>Annotations: not read-only, destructive, <em>not</em> idempotent, open-world. The reference row reads {@code W X
 * ID- OW}; the legend of the reference specification (section 5) defines {@code ID-} as "idempotent explicitly
 * false". That is also accurate: a call with a {@code reason} posts a new note every time, and assigning {@code me}
 * is re-sent each time because the caller's user id is not known here.
 *
 * <p>Output (markdown, no structured content): the issue, "Changes Made" (old → new status, ignore behaviour and
 * assignee), "Current Status" and "Response Notes". Issue titles, ids, assignee names, unknown status values and
 * unparseable dates are Sentry text and are rendered as data; the status values Sentry documents and everything
 * computed from numbers are server text.
 */
final class UpdateIssueTool extends AbstractSentryTool {

  static final List<String> STATUSES = List.of("resolved", "resolvedInNextRelease", "unresolved", "ignored");

  static final List<String> IGNORE_MODES =
      List.of("untilEscalating", "forever", "forDuration", "untilOccurrenceCount", "untilUserCount");

  /** Longest window Sentry accepts for occurrence and user counts: one week, in minutes. */
  static final long MAX_WINDOW_MINUTES = 7L * 24 * 60;

  /** Status values Sentry documents; they are shown as server text, anything else as data. */
  private static final Set<String> KNOWN_STATUSES = Set.of("resolved", "resolvedInNextRelease", "unresolved",
      "ignored", "reprocessing", "pending_deletion", "deletion_in_progress", "pending_merge");

  private static final Pattern USER_ID = Pattern.compile("\\d{1,20}");

  private static final DateTimeFormatter UNTIL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private static final String DESCRIPTION = String.join("\n",
      "Update a Sentry issue's status or assignee: resolve, reopen, ignore (with a rule) or assign it, optionally"
          + " recording the reason as a note in the issue's activity.",
      "",
      "Use this tool when you need to:",
      "- Resolve an issue, or mark it resolved in the next release",
      "- Reopen (unresolve) an issue",
      "- Ignore an issue until it escalates, forever, for a while, or until it occurs or affects users again",
      "- Assign an issue to a user or a team",
      "",
      "<examples>",
      "```",
      "update_issue(organizationSlug='my-organization', issueId='PROJECT-123', status='resolved')",
      "update_issue(organizationSlug='my-organization', issueId='PROJECT-123', assignedTo='team:backend')",
      "update_issue(issueUrl='https://my-organization.sentry.io/issues/PROJECT-123/', status='ignored',"
          + " ignoreMode='untilOccurrenceCount', ignoreCount=100, ignoreWindowMinutes=60)",
      "update_issue(organizationSlug='my-organization', issueId='PROJECT-123', status='ignored',"
          + " reason='Expected noise from the staging deploy')",
      "```",
      "</examples>",
      "",
      "<hints>",
      "- Pass issueUrl, or issueId with organizationSlug; at least one of status or assignedTo is required.",
      "- assignedTo is `user:<numeric id>`, `team:<id or slug>` or `me`; whoami shows your user id.",
      "- status='ignored' without options ignores until the issue escalates. Ignore options (ignoreMode,"
          + " ignoreDurationMinutes, ignoreCount + optional ignoreWindowMinutes, ignoreUserCount + optional"
          + " ignoreUserWindowMinutes) need status='ignored', and only one kind of condition may be given.",
      "- To move an ignored issue between until-escalating, forever and condition-based ignoring, set"
          + " status='unresolved' first.",
      "- Nothing is changed when the issue already is in the requested state.",
      "- This changes the issue in Sentry for everyone; reason is posted as a visible note.",
      "</hints>");

  static final ToolSpec SPEC = ToolSpec.builder("update_issue", "Update issue", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.optionalOrganizationSlug())
          .add(Params.regionUrl())
          .add(IssueUrls.issueIdParam())
          .add(IssueUrls.issueUrlParam())
          .string("status", "The new status: 'resolved', 'resolvedInNextRelease', 'unresolved' or 'ignored'.")
          .nullable().enumValues(STATUSES).add()
          .string("assignedTo", "The new assignee: 'user:<numeric id>', 'team:<id or slug>' or 'me'. Example:"
              + " 'user:123456', 'team:789', 'team:my-team-slug'.")
          .nullable().minLength(1).maxLength(120).check(UpdateIssueTool::assigneeProblem).add()
          .string("ignoreMode", "How an ignored issue behaves: 'untilEscalating' (the default), 'forever',"
              + " 'forDuration' (with ignoreDurationMinutes), 'untilOccurrenceCount' (with ignoreCount and optional"
              + " ignoreWindowMinutes) or 'untilUserCount' (with ignoreUserCount and optional"
              + " ignoreUserWindowMinutes). Only with status 'ignored'.")
          .nullable().enumValues(IGNORE_MODES).add()
          .integer("ignoreDurationMinutes", "For 'forDuration': how many minutes to ignore the issue.")
          .nullable().minimum(1).add()
          .integer("ignoreCount", "For 'untilOccurrenceCount': how many more occurrences end the ignoring.")
          .nullable().minimum(1).add()
          .integer("ignoreWindowMinutes", "Optional window in minutes for ignoreCount (at most one week). Without"
              + " it, all future occurrences count.")
          .nullable().minimum(1).maximum(MAX_WINDOW_MINUTES).add()
          .integer("ignoreUserCount", "For 'untilUserCount': how many more affected users end the ignoring.")
          .nullable().minimum(1).add()
          .integer("ignoreUserWindowMinutes", "Optional window in minutes for ignoreUserCount (at most one week)."
              + " Without it, all future affected users count.")
          .nullable().minimum(1).maximum(MAX_WINDOW_MINUTES).add()
          .string("reason", "Optional reason for the change, posted as a note on the issue's activity feed.")
          .nullable().minLength(1).maxLength(IssueWrites.MAX_NOTE_CHARS).add()
          .build())
      .annotations(Annotations.DESTRUCTIVE_NOT_IDEMPOTENT)
      .scopes(Scope.EVENT_WRITE)
      .skills(Skill.TRIAGE)
      .build();

  private final WebLinks links;

  UpdateIssueTool(ToolEnvironment env) {
    super(env, SPEC);
    this.links = new WebLinks(env.config());
  }

  /** Problem with an {@code assignedTo} value, or null when valid. */
  static @Nullable String assigneeProblem(String value) {
    String expected = "must be 'user:<numeric id>', 'team:<id or slug>' or 'me'";
    if (value.equals("me")) {
      return null;
    }
    if (value.startsWith("user:")) {
      return USER_ID.matcher(value.substring(5)).matches() ? null : expected;
    }
    if (value.startsWith("team:")) {
      String team = value.substring(5);
      return !team.isEmpty() && Params.slugOrIdProblem(team) == null ? null : expected;
    }
    return expected;
  }

  // ------------------------------------------------------------------ the ignore rules

  /** The three kinds of ignoring; Sentry cannot switch an ignored issue from one to another directly. */
  enum Family {
    UNTIL_ESCALATING,
    FOREVER,
    CONDITION
  }

  /**
   * How an issue is (or is to be) ignored, for display and comparison.
   *
   * @param behavior server text, e.g. {@code For 30 minutes}; followed by {@code until} when that is set
   * @param message server text for the response notes; followed by {@code until} when that is set
   * @param until an ignore-until date Sentry sent that does not parse (data); null otherwise
   */
  record IgnoreState(Family family, String behavior, String message, @Nullable Untrusted until) {
    List<Inline> behaviorInlines() {
      return until == null ? List.of(Inline.text(behavior)) : List.of(Inline.text(behavior), Inline.data(until));
    }

    List<Inline> messageInlines() {
      return until == null ? List.of(Inline.text(message)) : List.of(Inline.text(message), Inline.data(until));
    }

    boolean sameBehavior(@Nullable IgnoreState other) {
      return other != null && until == null && other.until == null && family == other.family
          && behavior.equals(other.behavior);
    }
  }

  /**
   * A requested ignore rule.
   *
   * @param substatus Sentry's substatus for it
   * @param conditions the condition fields of the request body, in order (empty unless condition-based)
   */
  record IgnorePlan(String substatus, Map<String, Long> conditions, IgnoreState state) {}

  private static final IgnoreState UNTIL_ESCALATING = new IgnoreState(Family.UNTIL_ESCALATING, "Until escalating",
      "The issue is now ignored until it escalates", null);
  private static final IgnoreState FOREVER =
      new IgnoreState(Family.FOREVER, "Forever", "The issue is now ignored indefinitely", null);
  private static final IgnorePlan DEFAULT_IGNORE =
      new IgnorePlan("archived_until_escalating", Map.of(), UNTIL_ESCALATING);

  private static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static IgnoreState condition(String behavior) {
    String lower = Character.toLowerCase(behavior.charAt(0)) + behavior.substring(1);
    return new IgnoreState(Family.CONDITION, behavior, "The issue is now ignored " + lower, null);
  }

  private static IgnoreState durationState(long minutes) {
    return condition("For " + plural(minutes, "minute"));
  }

  private static IgnoreState occurrenceState(long count, @Nullable Long window) {
    return condition(window == null ? "Until it occurs " + plural(count, "more time")
        : "Until it occurs " + plural(count, "time") + " in " + plural(window, "minute"));
  }

  private static IgnoreState userState(long count, @Nullable Long window) {
    return condition(window == null ? "Until it affects " + plural(count, "more user")
        : "Until it affects " + plural(count, "user") + " in " + plural(window, "minute"));
  }

  /** The arguments that change the ignore behaviour. */
  record IgnoreArgs(@Nullable String mode, @Nullable Long duration, @Nullable Long count, @Nullable Long window,
      @Nullable Long userCount, @Nullable Long userWindow) {

    static IgnoreArgs of(Args args) {
      return new IgnoreArgs(args.nonBlank("ignoreMode"), args.integer("ignoreDurationMinutes"),
          args.integer("ignoreCount"), args.integer("ignoreWindowMinutes"), args.integer("ignoreUserCount"),
          args.integer("ignoreUserWindowMinutes"));
    }

    boolean any() {
      return mode != null || duration != null || count != null || window != null || userCount != null
          || userWindow != null;
    }
  }

  /**
   * The ignore rule the arguments ask for, or null when they name none (only {@code status} decides then).
   *
   * @throws SentryMcpException invalid input for inconsistent options
   */
  static @Nullable IgnorePlan explicitIgnore(@Nullable String status, IgnoreArgs a) {
    if (!a.any()) {
      return null;
    }
    if (!"ignored".equals(status)) {
      throw SentryMcpException.invalidInput("The ignore options (ignoreMode, ignoreDurationMinutes, ignoreCount,"
          + " ignoreWindowMinutes, ignoreUserCount, ignoreUserWindowMinutes) can only be used with status"
          + " 'ignored'.");
    }
    if (a.window() != null && a.count() == null) {
      throw SentryMcpException.invalidInput("The ignoreWindowMinutes option requires ignoreCount.");
    }
    if (a.userWindow() != null && a.userCount() == null) {
      throw SentryMcpException.invalidInput("The ignoreUserWindowMinutes option requires ignoreUserCount.");
    }
    boolean byDuration = a.duration() != null;
    boolean byCount = a.count() != null;
    boolean byUsers = a.userCount() != null;
    int families = (byDuration ? 1 : 0) + (byCount ? 1 : 0) + (byUsers ? 1 : 0);
    if (families > 1) {
      throw SentryMcpException.invalidInput("Choose only one ignore condition: ignoreDurationMinutes,"
          + " ignoreCount (with optional ignoreWindowMinutes) or ignoreUserCount (with optional"
          + " ignoreUserWindowMinutes).");
    }
    String mode = a.mode();
    if (mode == null) {
      mode = byDuration ? "forDuration" : byCount ? "untilOccurrenceCount" : byUsers ? "untilUserCount"
          : "untilEscalating";
    }
    Map<String, Long> conditions = new LinkedHashMap<>();
    switch (mode) {
      case "untilEscalating":
        if (families > 0) {
          throw SentryMcpException.invalidInput("The ignoreMode 'untilEscalating' cannot be combined with a"
              + " duration, occurrence-count or user-count condition.");
        }
        return DEFAULT_IGNORE;
      case "forever":
        if (families > 0) {
          throw SentryMcpException.invalidInput("The ignoreMode 'forever' cannot be combined with a duration,"
              + " occurrence-count or user-count condition.");
        }
        return new IgnorePlan("archived_forever", Map.of(), FOREVER);
      case "forDuration": {
        Long duration = a.duration();
        if (duration == null) {
          throw SentryMcpException.invalidInput("The ignoreMode 'forDuration' requires ignoreDurationMinutes.");
        }
        if (families > 1 || byCount || byUsers) {
          throw SentryMcpException.invalidInput("The ignoreMode 'forDuration' cannot be combined with an"
              + " occurrence-count or user-count condition.");
        }
        conditions.put("ignoreDuration", duration);
        return new IgnorePlan("archived_until_condition_met", conditions, durationState(duration));
      }
      case "untilOccurrenceCount": {
        Long count = a.count();
        if (count == null) {
          throw SentryMcpException.invalidInput("The ignoreMode 'untilOccurrenceCount' requires ignoreCount.");
        }
        if (byDuration || byUsers) {
          throw SentryMcpException.invalidInput("The ignoreMode 'untilOccurrenceCount' cannot be combined with a"
              + " duration or user-count condition.");
        }
        conditions.put("ignoreCount", count);
        Long window = a.window();
        if (window != null) {
          conditions.put("ignoreWindow", window);
        }
        return new IgnorePlan("archived_until_condition_met", conditions, occurrenceState(count, window));
      }
      case "untilUserCount": {
        Long users = a.userCount();
        if (users == null) {
          throw SentryMcpException.invalidInput("The ignoreMode 'untilUserCount' requires ignoreUserCount.");
        }
        if (byDuration || byCount) {
          throw SentryMcpException.invalidInput("The ignoreMode 'untilUserCount' cannot be combined with a"
              + " duration or occurrence-count condition.");
        }
        conditions.put("ignoreUserCount", users);
        Long window = a.userWindow();
        if (window != null) {
          conditions.put("ignoreUserWindow", window);
        }
        return new IgnorePlan("archived_until_condition_met", conditions, userState(users, window));
      }
      default:
        throw SentryMcpException.invalidInput("The ignoreMode must be one of " + String.join(", ", IGNORE_MODES)
            + ".");
    }
  }

  /**
   * How Sentry says the issue is ignored, or null when it is not ignored.
   *
   * @param fallback the rule just requested, used when Sentry reports a condition without saying which
   */
  static @Nullable IgnoreState ignoreState(SentryJson issue, @Nullable IgnorePlan fallback) {
    if (!issue.get("status").textEquals("ignored")) {
      return null;
    }
    SentryJson details = issue.get("statusDetails");
    SentryJson substatus = issue.get("substatus");
    if (substatus.textEquals("archived_until_escalating")
        || details.get("ignoreUntilEscalating").asBoolean().orElse(false)) {
      return UNTIL_ESCALATING;
    }
    if (substatus.textEquals("archived_forever")) {
      return FOREVER;
    }
    SentryJson until = details.get("ignoreUntil");
    Untrusted untilText = until.nonEmptyText();
    if (untilText != null && until.isText()) {
      Optional<Instant> t = until.asInstant();
      if (t.isPresent()) {
        return condition("Until " + UNTIL.format(t.get()));
      }
      return new IgnoreState(Family.CONDITION, "Until ", "The issue is now ignored until ",
          untilText.truncate(EventRenderer.SHORT_CHARS));
    }
    OptionalLong duration = details.get("ignoreDuration").asLong();
    OptionalLong count = details.get("ignoreCount").asLong();
    OptionalLong window = details.get("ignoreWindow").asLong();
    OptionalLong users = details.get("ignoreUserCount").asLong();
    OptionalLong userWindow = details.get("ignoreUserWindow").asLong();
    if (duration.isPresent()) {
      return durationState(duration.getAsLong());
    }
    if (count.isPresent()) {
      return occurrenceState(count.getAsLong(), window.isPresent() ? window.getAsLong() : null);
    }
    if (users.isPresent()) {
      return userState(users.getAsLong(), userWindow.isPresent() ? userWindow.getAsLong() : null);
    }
    if (substatus.textEquals("archived_until_condition_met")) {
      return fallback != null ? fallback.state()
          : new IgnoreState(Family.CONDITION, "Until the ignore condition is met",
              "The issue is now ignored until the configured condition is met", null);
    }
    return FOREVER;
  }

  // ------------------------------------------------------------------ status and assignee

  /** The issue's status as a documented value (server text), or null when absent or unknown. */
  static @Nullable String knownStatus(SentryJson issue) {
    SentryJson status = issue.get("status");
    if (status.textEquals("resolved")
        && issue.path("statusDetails", "inNextRelease").asBoolean().orElse(false)) {
      return "resolvedInNextRelease";
    }
    for (String s : KNOWN_STATUSES) {
      if (status.textEquals(s)) {
        return s;
      }
    }
    return null;
  }

  private static Inline statusInline(SentryJson issue) {
    String known = knownStatus(issue);
    if (known != null) {
      return Inline.text(known);
    }
    Untrusted raw = issue.get("status").nonEmptyText();
    return raw == null ? Inline.text("unknown") : EventRenderer.cell(raw, EventRenderer.SHORT_CHARS);
  }

  private static boolean sameStatus(SentryJson a, SentryJson b) {
    String ka = knownStatus(a);
    String kb = knownStatus(b);
    if (ka != null || kb != null) {
      return Objects.equals(ka, kb);
    }
    return sameText(a.get("status").text(), b.get("status").text());
  }

  /** Content equality of two Sentry values, whatever their source paths. */
  private static boolean sameText(@Nullable Untrusted a, @Nullable Untrusted b) {
    if (a == null || b == null) {
      return a == b;
    }
    return a.withSource("").equals(b.withSource(""));
  }

  /**
   * Whether the issue is already assigned as requested. {@code me} never is: this library does not know the
   * caller's user id, so such an assignment is always sent.
   */
  static boolean alreadyAssigned(SentryJson issue, String requested) {
    SentryJson assigned = issue.get("assignedTo");
    if (assigned.isAbsent() || requested.equals("me")) {
      return false;
    }
    if (assigned.isText()) {
      return assigned.textEquals(requested);
    }
    Untrusted id = assigned.get("id").text();
    if (requested.startsWith("user:")) {
      return assigned.get("type").textEquals("user") && id != null && id.contentEquals(requested.substring(5));
    }
    if (requested.startsWith("team:")) {
      String team = requested.substring(5);
      return assigned.get("type").textEquals("team")
          && ((id != null && id.contentEquals(team)) || assigned.get("name").textEquals(team));
    }
    return false;
  }

  private static boolean sameAssignee(SentryJson a, SentryJson b) {
    if (a.isAbsent() || b.isAbsent()) {
      return a.isAbsent() && b.isAbsent();
    }
    if (a.isObject() && b.isObject()) {
      return sameText(a.get("type").text(), b.get("type").text()) && sameText(a.get("id").text(), b.get("id").text());
    }
    return sameText(a.text(), b.text());
  }

  private static Inline assigneeInline(SentryJson assigned) {
    if (assigned.isAbsent()) {
      return Inline.text("Unassigned");
    }
    Untrusted who = assigned.isObject()
        ? EventRenderer.firstText(assigned.get("name"), assigned.get("email"), assigned.get("id"))
        : assigned.nonEmptyText();
    return who == null ? Inline.text("Unknown") : EventRenderer.cell(who, EventRenderer.SHORT_CHARS);
  }

  // ------------------------------------------------------------------ the call

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    CallContext context = call.context();
    String status = args.nonBlank("status");
    String assignedTo = args.nonBlank("assignedTo");
    String reason = reason(args);
    if (status == null && assignedTo == null) {
      throw SentryMcpException.invalidInput(
          "At least one of status or assignedTo must be provided to update the issue.");
    }
    IgnorePlan explicit = explicitIgnore(status, IgnoreArgs.of(args));
    IssueUrls.IssueRef ref = IssueWrites.resolve(args, context.constraints());
    String org = ref.organizationSlug();
    SentryApiClient api = call.api(args);

    SentryJson current = IssueWrites.fetchIssue(api, ref, "issue");
    requireConstrainedProject(current, context);

    IgnoreState currentIgnore = ignoreState(current, null);
    boolean currentlyIgnored = current.get("status").textEquals("ignored");
    IgnorePlan ignore = explicit;
    if (ignore == null && "ignored".equals(status) && !currentlyIgnored) {
      ignore = DEFAULT_IGNORE;
    }
    String newStatus = status;
    if (status != null && !status.equals("ignored") && status.equals(knownStatus(current))) {
      newStatus = null;
    }
    String newAssignee = assignedTo != null && alreadyAssigned(current, assignedTo) ? null : assignedTo;
    if (currentlyIgnored && "ignored".equals(status)) {
      if (ignore == null || ignore.state().sameBehavior(currentIgnore)) {
        newStatus = null;
        ignore = null;
      } else if (currentIgnore != null && currentIgnore.family() != ignore.state().family()) {
        throw SentryMcpException.invalidInput("The issue is already ignored with a different kind of rule;"
            + " Sentry cannot switch between ignoring until escalating, forever and condition-based ignoring."
            + " First set status to 'unresolved', then ignore it again with the new rule.");
      }
    }
    call.checkCancelled();

    if (newStatus == null && newAssignee == null && ignore == null) {
      List<Inline> comment = reason == null ? null : postReason(api, ref, reason);
      return renderUnchanged(org, current, currentIgnore, comment);
    }

    Map<String, Object> body = new LinkedHashMap<>();
    if (newStatus != null) {
      body.put("status", newStatus);
    }
    if (newAssignee != null) {
      body.put("assignedTo", newAssignee);
    }
    if (ignore != null) {
      body.put("substatus", ignore.substatus());
      body.putAll(ignore.conditions());
    }
    SentryJson updated;
    try {
      updated = api.send(ApiRequest.put(IssueWrites.issuePath(ref), body)).jsonObject("updatedIssue");
    } catch (ApiException e) {
      throw IssueWrites.enriched(e, ref, "The issue update");
    }
    List<Inline> comment = reason == null ? null : postReason(api, ref, reason);
    return renderUpdated(org, current, updated, currentIgnore, ignore, status, assignedTo, newAssignee, comment);
  }

  /** The reason, NUL characters removed (as the reference does); null when absent. */
  private static @Nullable String reason(Args args) {
    String raw = args.string("reason");
    if (raw == null) {
      return null;
    }
    String r = raw.replace("\0", "").strip();
    if (r.isEmpty()) {
      throw SentryMcpException.invalidInput("Invalid arguments for update_issue: reason: must not be empty.");
    }
    return r;
  }

  /** Posts the reason note; a failure is described, not thrown (the update itself has already happened). */
  private static List<Inline> postReason(SentryApiClient api, IssueUrls.IssueRef ref, String reason) {
    List<Inline> line = new ArrayList<>();
    try {
      SentryJson note = IssueWrites.postNote(api, ref, reason);
      line.add(Inline.text("**Comment posted**: "));
      Untrusted text = IssueWrites.noteText(note);
      line.add(text == null ? Inline.text("yes") : EventRenderer.cell(text, IssueWrites.MAX_NOTE_CHARS));
    } catch (SentryMcpException e) {
      line.add(Inline.text("**Comment not posted**: "));
      line.addAll(IssueWrites.failure(e));
    }
    return line;
  }

  // ------------------------------------------------------------------ rendering

  private void header(ToolResult.Builder out, String org, SentryJson issue) {
    out.fieldText("Organization", org);
    Untrusted shortId = EventRenderer.firstText(issue.get("shortId"), issue.get("id"));
    out.field("Issue ID", shortId == null ? null : shortId.truncate(EventRenderer.SHORT_CHARS));
    Untrusted title = issue.get("title").nonEmptyText();
    out.field("Issue", title == null ? null : title.truncate(EventRenderer.LINE_CHARS));
    if (shortId != null && shortId.matches(Params.ISSUE_ID)) {
      out.field("URL", links.issue(org, shortId));
    }
  }

  private static List<Inline> detailsHint(String org, SentryJson issue) {
    Untrusted shortId = EventRenderer.firstText(issue.get("shortId"), issue.get("id"));
    List<Inline> hint = new ArrayList<>();
    hint.add(Inline.text("For the full issue details, use the Sentry tool "));
    hint.add(Inline.code("get_issue_details"));
    hint.add(Inline.text(" with organizationSlug '" + org + "'"));
    if (shortId != null) {
      hint.add(Inline.text(" and issueId "));
      hint.add(EventRenderer.cell(shortId, EventRenderer.SHORT_CHARS));
    }
    hint.add(Inline.text("."));
    return hint;
  }

  private static void currentStatus(ToolResult.Builder out, SentryJson issue, @Nullable IgnoreState ignore,
      SentryJson assignee) {
    out.heading(2, "Current Status");
    out.field("Status", statusInline(issue));
    if (ignore != null) {
      out.field("Ignore Behavior", ignore.behaviorInlines().toArray(Inline[]::new));
    }
    out.field("Assigned To", assigneeInline(assignee));
  }

  private ToolResult renderUnchanged(String org, SentryJson issue, @Nullable IgnoreState ignore,
      @Nullable List<Inline> comment) {
    ToolResult.Builder out = ToolResult.builder();
    out.heading(1, "Issue Already Matches the Requested State");
    header(out, org, issue);
    out.heading(2, "Changes Made");
    out.paragraph("No changes were needed; no update was sent to Sentry.");
    currentStatus(out, issue, ignore, issue.get("assignedTo"));
    out.heading(2, "Response Notes");
    List<List<Inline>> notes = new ArrayList<>();
    notes.add(List.of(Inline.text("The issue already matched the requested state.")));
    notes.add(detailsHint(org, issue));
    if (comment != null) {
      notes.add(comment);
    }
    out.bullets(notes);
    return out.build();
  }

  /**
   * The result after a {@code PUT}. Sentry answers with the whole updated issue; should it answer with only part of
   * it, the status and the assignee it leaves out are shown as they were before the update.
   */
  private ToolResult renderUpdated(String org, SentryJson current, SentryJson updated,
      @Nullable IgnoreState currentIgnore, @Nullable IgnorePlan requestedIgnore, @Nullable String status,
      @Nullable String assignedTo, @Nullable String sentAssignee, @Nullable List<Inline> comment) {
    SentryJson afterStatus = updated.has("status") ? updated : current;
    boolean wholeIssue = updated.has("id") || updated.has("shortId");
    SentryJson newAssignee = wholeIssue || updated.has("assignedTo") ? updated.get("assignedTo")
        : current.get("assignedTo");
    SentryJson shown = updated.has("shortId") || updated.has("title") ? updated : current;
    IgnoreState newIgnore = ignoreState(afterStatus, requestedIgnore);
    boolean statusChanged = !sameStatus(current, afterStatus);
    boolean ignoreChanged = currentIgnore == null ? newIgnore != null : !currentIgnore.sameBehavior(newIgnore);
    boolean assigneeChanged = !sameAssignee(current.get("assignedTo"), newAssignee);

    ToolResult.Builder out = ToolResult.builder();
    out.heading(1, "Issue Updated");
    header(out, org, shown);
    out.heading(2, "Changes Made");
    int changes = 0;
    if (statusChanged) {
      out.field("Status", statusInline(current), Inline.text(" → **"), statusInline(afterStatus),
          Inline.text("**"));
      changes++;
    }
    if (newIgnore != null && (statusChanged || ignoreChanged) && (ignoreChanged || "ignored".equals(status))) {
      List<Inline> line = new ArrayList<>();
      if (currentIgnore != null && ignoreChanged) {
        line.addAll(currentIgnore.behaviorInlines());
        line.add(Inline.text(" → "));
      }
      line.add(Inline.text("**"));
      line.addAll(newIgnore.behaviorInlines());
      line.add(Inline.text("**"));
      out.field("Ignore Behavior", line.toArray(Inline[]::new));
      changes++;
    }
    if (sentAssignee != null && assigneeChanged) {
      Inline to = "me".equals(assignedTo) ? Inline.text("You") : assigneeInline(newAssignee);
      out.field("Assigned To", assigneeInline(current.get("assignedTo")), Inline.text(" → **"), to,
          Inline.text("**"));
      changes++;
    }
    if (changes == 0) {
      out.paragraph("Sentry accepted the update but reports no visible change.");
    }
    currentStatus(out, afterStatus, newIgnore, newAssignee);

    out.heading(2, "Response Notes");
    List<List<Inline>> notes = new ArrayList<>();
    notes.add(List.of(Inline.text("The issue has been updated in Sentry.")));
    notes.add(detailsHint(org, shown));
    String newKnown = knownStatus(afterStatus);
    if (statusChanged && "resolved".equals(newKnown)) {
      notes.add(List.of(Inline.text("The issue is now marked as resolved and will no longer generate alerts.")));
    } else if (statusChanged && "resolvedInNextRelease".equals(newKnown)) {
      notes.add(List.of(Inline.text("The issue is now marked as resolved in the upcoming release.")));
    } else if (newIgnore != null && "ignored".equals(status) && (statusChanged || ignoreChanged)) {
      List<Inline> msg = new ArrayList<>(newIgnore.messageInlines());
      msg.add(Inline.text("."));
      notes.add(msg);
    }
    if (comment != null) {
      notes.add(comment);
    }
    out.bullets(notes);
    return out.build();
  }
}
