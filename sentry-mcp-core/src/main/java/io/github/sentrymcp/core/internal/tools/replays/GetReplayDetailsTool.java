package io.github.sentrymcp.core.internal.tools.replays;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.ApiResponse;
import io.github.sentrymcp.core.internal.client.Query;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.FanOut;
import io.github.sentrymcp.core.internal.tools.NotFoundHints;
import io.github.sentrymcp.core.internal.tools.OrganizationRegions;
import io.github.sentrymcp.core.internal.tools.Rendering;
import io.github.sentrymcp.core.internal.tools.SentryUrl;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import io.github.sentrymcp.core.internal.tools.WebLinks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * {@code get_replay_details}: one session replay.
 *
 * <p>Requests: the organization's region ({@link OrganizationRegions}, skipped with a {@code regionUrl}); {@code GET
 * /organizations/{org}/replays/{replayId}/}; under a project constraint {@code GET /projects/{org}/{project}/} (the
 * replay's {@code project_id} must be that project's id, a replay without one is refused); then together: {@code
 * GET /projects/{org}/{project_id}/replays/{replayId}/recording-segments/?download=true&per_page=}{@value
 * #MAX_SEGMENTS} (only when the replay is not archived and has segments), for each of the first {@value
 * #MAX_RELATED_ERRORS} error ids {@code GET /organizations/{org}/issues/?limit=1&statsPeriod=30d&query=<id>&
 * collapse=unhandled}, and for each of the first {@value #MAX_RELATED_TRACES} trace ids {@code GET
 * /organizations/{org}/trace-meta/{traceId}/?statsPeriod=14d}. Those are best effort: a failure leaves their part
 * out.
 *
 * <p>Recording segments are attacker-shaped (the browser SDK uploads them): the tool asks for at most {@value
 * #MAX_SEGMENTS} segments, does not read an answer over {@value #MAX_SEGMENT_BYTES} bytes, and shows at most {@value
 * #MAX_ACTIVITY_EVENTS} activity events, each value cut to {@value #MAX_VALUE_CHARS} characters. Unlike the
 * reference, which downloads every segment, the page size bounds the download; the first segments hold the first
 * events, which are the ones shown.
 */
final class GetReplayDetailsTool extends AbstractSentryTool {
  static final int MAX_ACTIVITY_EVENTS = 6;
  static final int MAX_RELATED_ERRORS = 3;
  static final int MAX_RELATED_TRACES = 2;
  static final int MAX_SEGMENTS = 5;
  static final int MAX_SEGMENT_BYTES = 4 * 1024 * 1024;
  static final int MAX_VALUE_CHARS = 200;
  static final int MAX_URLS = 3;
  static final Duration BEST_EFFORT_WAIT = Duration.ofSeconds(5);

  static final String DESCRIPTION = String.join("\n",
      "Get a summary of one Sentry session replay by URL or replay ID.",
      "",
      "Use this tool when you need to:",
      "- Open a replay link someone shared",
      "- See what a user did in a replay and which issues and traces it touched",
      "",
      "<examples>",
      "get_replay_details(replayUrl='https://my-organization.sentry.io/explore/replays/"
          + "7e07485f-12f9-416b-8b14-26260799b51f/')",
      "get_replay_details(organizationSlug='my-organization', replayId='7e07485f-12f9-416b-8b14-26260799b51f')",
      "</examples>",
      "",
      "<hints>",
      "- Pass replayUrl, or organizationSlug together with replayId.",
      "- Shows the first " + MAX_ACTIVITY_EVENTS + " activity events, up to " + MAX_RELATED_ERRORS + " related"
          + " issues and " + MAX_RELATED_TRACES + " traces.",
      "</hints>");

  static final ToolSpec SPEC = ToolSpec.builder("get_replay_details", "Get replay details", DESCRIPTION)
      .input(InputSchema.builder()
          .string("replayUrl", "A Sentry replay URL; gives the organization and the replay ID.")
          .nullable().minLength(1).maxLength(SentryUrl.MAX_LENGTH).add()
          .add(Params.optionalOrganizationSlug())
          .string("replayId", "The replay ID, e.g. '7e07485f-12f9-416b-8b14-26260799b51f'.")
          .nullable().minLength(1).check(Params::resourceIdProblem).add()
          .add(Params.regionUrl())
          .build())
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.ORG_READ, Scope.PROJECT_READ, Scope.EVENT_READ)
      .skills(Skill.INSPECT)
      .build();

  private final OrganizationRegions regions = new OrganizationRegions();
  private final WebLinks links;

  GetReplayDetailsTool(ToolEnvironment env) {
    super(env, SPEC);
    this.links = new WebLinks(env.config());
  }

  /** One line of the activity list. */
  record Activity(@Nullable Long timestampMs, Untrusted label, List<Inline> details) {}

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    SessionConstraints constraints = call.constraints();
    String org = args.nonBlank("organizationSlug");
    String replayId = args.nonBlank("replayId");
    String url = args.nonBlank("replayUrl");
    if (url != null) {
      SentryUrl.Parsed parsed = SentryUrl.resolve(url, call.api(), org, constraints);
      if (parsed.kind() != SentryUrl.Kind.REPLAY) {
        throw SentryMcpException.invalidInput("The replayUrl must be a Sentry replay URL (it names a "
            + parsed.kind().label + ").");
      }
      String urlId = parsed.params().get("replayId");
      if (replayId != null && !replayId.equals(urlId)) {
        throw SentryMcpException.invalidInput("The replayId does not match the replay in replayUrl.");
      }
      org = parsed.organizationSlug();
      replayId = urlId;
    }
    if (org == null || replayId == null) {
      throw SentryMcpException.invalidInput("Pass replayUrl, or both organizationSlug and replayId.");
    }
    String organization = org;
    String id = replayId;
    SentryApiClient api = regions.resolve(call.api(), args.nonBlank("regionUrl"), organization);
    call.checkCancelled();

    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", organization);
    used.put("replayId", id);
    SentryJson body = NotFoundHints.withHint(used, constraints, () -> api.get(
        ApiPath.of("/organizations/{org}/replays/{replayId}/", organization, id)).jsonObject("replay"));
    SentryJson replay = body.get("data").isObject() ? body.get("data") : body;
    call.checkCancelled();
    checkProject(replay, constraints, api, organization);

    boolean archived = replay.get("is_archived").asBoolean().orElse(false);
    OptionalLong projectId = replay.get("project_id").asLong();
    // an unreadable count is not zero: the segments are asked for then
    long segmentCount = replay.get("count_segments").asLong().orElse(1);
    try (FanOut requests = FanOut.open()) {
      FanOut.Pending segmentsP = FanOut.Pending.NONE;
      if (!archived && projectId.isPresent() && segmentCount > 0) {
        segmentsP = requests.get(api, ApiPath.of("/projects/{org}/{project}/replays/{replayId}/recording-segments/",
            organization, Long.toString(projectId.getAsLong()), id),
            Query.create().add("download", "true").add("per_page", MAX_SEGMENTS));
      }
      List<Untrusted> errorIds = hexIds(replay.get("error_ids"), MAX_RELATED_ERRORS);
      List<FanOut.Pending> issuesP = new ArrayList<>();
      for (Untrusted eventId : errorIds) {
        issuesP.add(requests.get(api, ApiPath.of("/organizations/{org}/issues/", organization), Query.create()
            .add("limit", 1).add("statsPeriod", "30d").add("query", eventId).add("collapse", "unhandled")));
      }
      List<Untrusted> traceIds = hexIds(replay.get("trace_ids"), MAX_RELATED_TRACES);
      List<FanOut.Pending> tracesP = new ArrayList<>();
      for (Untrusted traceId : traceIds) {
        tracesP.add(requests.get(api, ApiPath.of("/organizations/{org}/trace-meta/{traceId}/", organization,
            traceId), Query.create().add("statsPeriod", "14d")));
      }

      ToolResult.Builder doc = ToolResult.builder().heading(1, "Replay " + id + " in " + organization);
      summary(doc, replay, organization, id, archived);
      activity(doc, archived, projectId.isPresent(), segmentCount, segmentsP);
      FanOut.Deadline deadline = FanOut.Deadline.in(BEST_EFFORT_WAIT);
      related(doc, call, errorIds, issuesP, traceIds, tracesP, deadline);
      return doc.build();
    }
  }

  /** Under a project constraint the replay's project must be the constrained one (a replay without one is refused). */
  private static void checkProject(SentryJson replay, SessionConstraints constraints, SentryApiClient api,
      String org) {
    String project = constraints.projectSlug();
    if (project == null) {
      return;
    }
    OptionalLong replayProject = replay.get("project_id").asLong();
    if (replayProject.isEmpty()) {
      throw outsideProject(project);
    }
    long constrainedId = NotFoundHints.withHint(Map.of("organizationSlug", org, "projectSlug", project), constraints,
        () -> api.get(ApiPath.of("/projects/{org}/{project}/", org, project)).jsonObject("project"))
        .get("id").requireLong("the project's id");
    if (constrainedId != replayProject.getAsLong()) {
      throw outsideProject(project);
    }
  }

  private static SentryMcpException outsideProject(String project) {
    return SentryMcpException.permissionDenied("The replay is outside the active project constraint (expected"
        + " project " + project + ").");
  }

  /** The first {@code max} values of an id list that are 32 hexadecimal characters (others are skipped). */
  private static List<Untrusted> hexIds(SentryJson list, int max) {
    List<Untrusted> out = new ArrayList<>();
    for (SentryJson item : list.items()) {
      Untrusted v = item.text();
      if (v != null && v.matches(Params.HEX32) && out.stream().noneMatch(v::sameText)) {
        out.add(v);
        if (out.size() >= max) {
          break;
        }
      }
    }
    return out;
  }

  private void summary(ToolResult.Builder doc, SentryJson replay, String org, String id, boolean archived) {
    doc.fieldText("URL", links.path(org, "/replays/" + ApiPath.percentEncode(id) + "/"));
    OptionalDouble duration = replay.get("duration").asDouble();
    if (duration.isPresent()) {
      doc.fieldText("Duration", seconds(Math.round(duration.getAsDouble())));
    }
    String started = Rendering.isoTimestamp(replay.get("started_at"));
    if (started != null) {
      doc.fieldText("Started", started);
    }
    doc.field("Environment", value(replay.get("environment")));
    nameVersion(doc, "Browser", replay.get("browser"));
    nameVersion(doc, "OS", replay.get("os"));
    SentryJson device = replay.get("device");
    doc.field("Device", first(device.get("name"), device.get("model"), device.get("family")));
    SentryJson user = replay.get("user");
    Untrusted userText = first(user.get("display_name"), user.get("email"), user.get("username"), user.get("id"));
    if (userText != null) {
      doc.field("User", userText);
    } else {
      doc.fieldText("User", "anonymous");
    }
    List<Inline> urls = new ArrayList<>();
    for (SentryJson u : replay.get("urls").items()) {
      Untrusted v = value(u);
      if (v != null && urls.size() < MAX_URLS * 2) {
        if (!urls.isEmpty()) {
          urls.add(Inline.text(", "));
        }
        urls.add(Inline.data(v));
      }
    }
    if (!urls.isEmpty()) {
      int total = replay.get("urls").size();
      if (total > MAX_URLS) {
        urls.add(Inline.text(" (" + total + " in all)"));
      }
      doc.field("URLs", urls.toArray(Inline[]::new));
    }
    doc.field("Release", value(replay.get("releases").at(0)));
    doc.field("Replay Type", value(replay.get("replay_type")));
    doc.fieldText("Counts", "errors " + count(replay, "count_errors") + ", rage clicks "
        + count(replay, "count_rage_clicks") + ", dead clicks " + count(replay, "count_dead_clicks")
        + ", warnings " + count(replay, "count_warnings") + ", infos " + count(replay, "count_infos"));
    OptionalLong segments = replay.get("count_segments").asLong();
    doc.fieldText("Recording", (segments.isPresent() ? segments.getAsLong() + " segments" : "segments unknown")
        + (archived ? ", archived" : ""));
    Optional<Boolean> viewed = replay.get("has_viewed").asBoolean();
    viewed.ifPresent(v -> doc.fieldText("Viewed", v ? "yes" : "no"));
  }

  private static long count(SentryJson replay, String field) {
    return replay.get(field).asLong().orElse(0);
  }

  private static void nameVersion(ToolResult.Builder doc, String label, SentryJson o) {
    Untrusted name = value(o.get("name"));
    Untrusted version = value(o.get("version"));
    if (name != null && version != null) {
      doc.field(label, Inline.data(name), Inline.text(" "), Inline.data(version));
    } else {
      doc.field(label, name != null ? name : version);
    }
  }

  private static @Nullable Untrusted first(SentryJson... candidates) {
    for (SentryJson c : candidates) {
      Untrusted v = value(c);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  /** A non-blank text or number value, cut to {@value #MAX_VALUE_CHARS} characters; null otherwise. */
  private static @Nullable Untrusted value(SentryJson v) {
    Untrusted t = v.isText() || v.isNumber() ? v.text() : null;
    return t == null || t.isBlank() ? null : t.truncate(MAX_VALUE_CHARS);
  }

  private void activity(ToolResult.Builder doc, boolean archived, boolean hasProject, long segmentCount,
      FanOut.Pending segmentsP) {
    doc.heading(2, "Activity");
    if (archived) {
      doc.paragraph("The recording is archived.");
      return;
    }
    if (!hasProject) {
      doc.paragraph("The recording was not read: the replay names no numeric project id.");
      return;
    }
    if (segmentCount <= 0) {
      doc.paragraph("The replay has no recording segments.");
      return;
    }
    SentryJson segments = null;
    String problem = null;
    if (segmentsP.started()) {
      try {
        ApiResponse r = segmentsP.await();
        if (r.bodyLength() > MAX_SEGMENT_BYTES) {
          problem = "The recording segments are too large to summarise here (" + r.bodyLength() + " bytes).";
        } else {
          segments = r.json("recording", TrustClass.UNTRUSTED_EXTERNAL);
          if (!segments.isArray()) {
            segments = null;
            problem = "The recording could not be read.";
          }
        }
      } catch (SentryMcpException e) {
        problem = "The recording could not be read.";
      }
    }
    List<Activity> events = segments == null ? List.of() : activities(segments);
    if (events.isEmpty()) {
      doc.paragraph(problem != null ? problem : "No activity events recorded.");
      return;
    }
    Long start = null;
    for (Activity a : events) {
      if (a.timestampMs() != null) {
        start = a.timestampMs();
        break;
      }
    }
    List<List<Inline>> items = new ArrayList<>();
    for (Activity a : events) {
      List<Inline> line = new ArrayList<>();
      if (a.timestampMs() != null && start != null) {
        line.add(Inline.text("T+" + seconds(Math.max(0, Math.round((a.timestampMs() - start) / 1000.0))) + " "));
      }
      line.add(Inline.data(a.label()));
      line.addAll(a.details());
      items.add(line);
    }
    doc.bullets(items);
  }

  /** The first {@value #MAX_ACTIVITY_EVENTS} events of the segments that say something. */
  static List<Activity> activities(SentryJson segments) {
    List<Activity> out = new ArrayList<>();
    for (SentryJson segment : segments.items()) {
      for (SentryJson event : segment.items()) {
        Activity a = summarize(event);
        if (a != null) {
          out.add(a);
          if (out.size() >= MAX_ACTIVITY_EVENTS) {
            return out;
          }
        }
      }
    }
    return out;
  }

  private static @Nullable Activity summarize(SentryJson event) {
    if (!event.isObject()) {
      return null;
    }
    OptionalDouble ts = event.get("timestamp").asDouble();
    Long timestampMs = null;
    if (ts.isPresent() && Double.isFinite(ts.getAsDouble())) {
      double t = ts.getAsDouble();
      timestampMs = Math.round(t > 1e12 ? t : t * 1000);
    }
    SentryJson data = event.get("data");
    SentryJson payload = data.get("payload");
    Untrusted tag = value(data.get("tag"));
    if (tag != null) {
      List<Inline> details = new ArrayList<>();
      if (tag.contentEquals("performanceSpan")) {
        Untrusted op = value(payload.get("op"));
        Untrusted description = value(payload.get("description"));
        if (op != null || description != null) {
          detail(details, "description", description);
          OptionalDouble ms = payload.path("data", "duration").asDouble();
          if (ms.isPresent()) {
            details.add(Inline.text(" · duration " + Math.round(ms.getAsDouble()) + " ms"));
          }
          return new Activity(timestampMs, op != null ? op : tag, details);
        }
      }
      if (tag.contentEquals("ui.click")) {
        Untrusted message = first(payload.get("message"), payload.get("description"));
        if (message != null) {
          detail(details, "message", message);
          return new Activity(timestampMs, tag, details);
        }
      }
      for (String key : List.of("message", "description", "category", "type")) {
        detail(details, key, value(payload.get(key)));
      }
      if (details.isEmpty()) {
        int extra = 0;
        for (SentryJson.Entry e : payload.entries()) {
          Untrusted v = value(e.value());
          if (v != null && extra < 2) {
            details.add(Inline.text(" · "));
            details.add(Inline.data(e.key().truncate(40)));
            details.add(Inline.text("="));
            details.add(Inline.data(v));
            extra++;
          }
        }
      }
      return details.isEmpty() ? null : new Activity(timestampMs, tag, details);
    }
    Untrusted href = value(data.get("href"));
    if (event.has("type") && href != null) {
      List<Inline> details = new ArrayList<>();
      detail(details, "href", href);
      return new Activity(timestampMs, Untrusted.of("page.view", "replay.activity", TrustClass.UNTRUSTED_DERIVED),
          details);
    }
    return null;
  }

  private static void detail(List<Inline> details, String key, @Nullable Untrusted value) {
    if (value != null) {
      details.add(Inline.text(" · " + key + " "));
      details.add(Inline.data(value));
    }
  }

  private void related(ToolResult.Builder doc, ToolCall call, List<Untrusted> errorIds, List<FanOut.Pending> issuesP,
      List<Untrusted> traceIds, List<FanOut.Pending> tracesP, FanOut.Deadline deadline) {
    if (errorIds.isEmpty() && traceIds.isEmpty()) {
      return;
    }
    List<List<Inline>> items = new ArrayList<>();
    for (int i = 0; i < errorIds.size(); i++) {
      SentryJson issues = issuesP.get(i).orNull("issues", TrustClass.UNTRUSTED_EXTERNAL, deadline);
      SentryJson issue = issues == null ? null : issues.at(0);
      Untrusted shortId = issue == null ? null : value(issue.get("shortId"));
      if (issue != null && shortId != null) {
        List<Inline> line = new ArrayList<>(List.of(Inline.text("Issue "), Inline.data(shortId)));
        Untrusted title = value(issue.get("title"));
        if (title != null) {
          line.add(Inline.text(": "));
          line.add(Inline.data(title));
        }
        items.add(line);
      } else {
        items.add(List.of(Inline.text("Error event "), Inline.data(errorIds.get(i))));
      }
    }
    for (int i = 0; i < traceIds.size(); i++) {
      SentryJson meta = tracesP.get(i).orNull("traceMeta", TrustClass.UNTRUSTED_EXTERNAL, deadline);
      List<Inline> line = new ArrayList<>(List.of(Inline.text("Trace "), Inline.data(traceIds.get(i))));
      OptionalDouble spans = meta == null ? OptionalDouble.empty() : meta.get("span_count").asDouble();
      if (spans.isPresent() && spans.getAsDouble() >= 0) {
        line.add(Inline.text(" (" + Math.round(spans.getAsDouble()) + " spans)"));
      }
      items.add(line);
    }
    doc.heading(2, "Related").bullets(items);
    List<Inline> next = new ArrayList<>();
    if (usable("get_issue_details", call) && !errorIds.isEmpty()) {
      next.add(Inline.code("get_issue_details"));
      next.add(Inline.text(" with an issue's id as issueId"));
    }
    if (usable("get_trace_details", call) && !traceIds.isEmpty()) {
      next.add(Inline.text(next.isEmpty() ? "" : "; "));
      next.add(Inline.code("get_trace_details"));
      next.add(Inline.text(" with a traceId"));
    }
    if (!next.isEmpty()) {
      next.add(0, Inline.text("Details: "));
      next.add(Inline.text("."));
      doc.paragraph(next.toArray(Inline[]::new));
    }
  }

  private boolean usable(String tool, ToolCall call) {
    return env.tools().problem(tool, call.context()) == null;
  }

  static String seconds(long total) {
    if (total < 60) {
      return total + "s";
    }
    long m = total / 60;
    long s = total % 60;
    return s > 0 ? m + "m " + s + "s" : m + "m";
  }
}
