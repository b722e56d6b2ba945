package io.github.sentrymcp.core.internal.tools.profiles;

import static io.github.sentrymcp.core.internal.tools.Rendering.cell;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.ToolResult;
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
import io.github.sentrymcp.core.internal.tools.SentryUrl;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import io.github.sentrymcp.core.internal.tools.WebLinks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code get_profile_details}: one transaction profile, or a continuous profile chunk.
 *
 * <p>Requests: the organization's region ({@link OrganizationRegions}, skipped with a {@code regionUrl}); then for a
 * transaction profile {@code GET /projects/{org}/{project}/profiling/profiles/{profileId}/} (together with {@code GET
 * /projects/{org}/{project}/} when the project is a numeric id, for its slug; before it under a project constraint,
 * which the project must match); for a continuous profile {@code GET
 * /projects/{org}/{project}/} (its numeric id) then {@code GET
 * /organizations/{org}/profiling/chunks/?profiler_id=&project=&start=&end=}.
 *
 * <p>Profiles come from SDKs: frame names and files are attacker-controlled. A profile answer over {@value
 * ProfileSupport#MAX_PROFILE_BYTES} bytes is refused, one that is not JSON is returned as an embedded resource (text
 * is shown as data); the analysis reads at most {@value #MAX_SAMPLES} samples and shows at most {@value #MAX_FRAMES}
 * frames and {@value #MAX_THREADS} threads.
 */
final class GetProfileDetailsTool extends AbstractSentryTool {
  static final int MAX_SAMPLES = 200_000;
  static final int MAX_FRAMES = 10;
  static final int MAX_THREADS = 10;

  static final Pattern TIMESTAMP = Pattern.compile(
      "\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:?\\d{2})?)?");

  static final String DESCRIPTION = String.join("\n",
      "Inspect one Sentry profile: a transaction profile, or a continuous profile over a time range.",
      "",
      "Use this tool when you need to:",
      "- Open a profile link someone shared",
      "- See a profile's transaction, release, runtime, threads and most frequent frames",
      "",
      "<examples>",
      "get_profile_details(profileUrl='https://my-org.sentry.io/explore/profiling/profile/backend/"
          + "cfe78a5c892d4a64a962d837673398d2/flamegraph/')",
      "get_profile_details(organizationSlug='my-org', projectSlugOrId='backend',"
          + " profileId='cfe78a5c892d4a64a962d837673398d2')",
      "get_profile_details(organizationSlug='my-org', projectSlugOrId='backend',"
          + " profilerId='041bde57b9844e36b8b7e5734efae5f7', start='2024-01-01T00:00:00Z',"
          + " end='2024-01-01T01:00:00Z')",
      "</examples>",
      "",
      "<hints>",
      "- Transaction profile: profileId; continuous profile: profilerId with start and end (ISO-8601).",
      "- For a transaction's aggregated hot paths use get_profile.",
      "</hints>");

  static final ToolSpec SPEC = ToolSpec.builder("get_profile_details", "Get profile details", DESCRIPTION)
      .input(InputSchema.builder()
          .string("profileUrl", "A Sentry profile URL; gives the organization, project and profile.")
          .nullable().minLength(1).maxLength(SentryUrl.MAX_LENGTH).add()
          .add(Params.optionalOrganizationSlug())
          .add(Params.regionUrl())
          .string("projectSlugOrId", "The project's slug or numeric id.")
          .nullable().minLength(1).check(Params::slugOrIdProblem).add()
          .string("profileId", "A transaction profile's ID.")
          .nullable().minLength(1).check(Params::resourceIdProblem).add()
          .string("profilerId", "A continuous profiler session's ID (with start and end).")
          .nullable().minLength(1).check(Params::resourceIdProblem).add()
          .string("start", "Start of a continuous profile, ISO-8601, e.g. '2024-01-01T00:00:00Z'.")
          .nullable().maxLength(40).pattern(TIMESTAMP).add()
          .string("end", "End of a continuous profile, ISO-8601, e.g. '2024-01-01T01:00:00Z'.")
          .nullable().maxLength(40).pattern(TIMESTAMP).add()
          .bool("focusOnUserCode", "Show only application frames among the top frames (default true).")
          .defaultValue(true).add()
          .build())
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.EVENT_READ)
      .skills(Skill.INSPECT)
      .build();

  private final OrganizationRegions regions = new OrganizationRegions();
  private final WebLinks links;

  GetProfileDetailsTool(ToolEnvironment env) {
    super(env, SPEC);
    this.links = new WebLinks(env.config());
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    SessionConstraints constraints = call.constraints();
    String org = args.nonBlank("organizationSlug");
    String profileId = args.nonBlank("profileId");
    String profilerId = args.nonBlank("profilerId");
    String start = args.nonBlank("start");
    String end = args.nonBlank("end");
    String url = args.nonBlank("profileUrl");
    SentryUrl.Parsed parsed = null;
    if (url != null) {
      parsed = SentryUrl.resolve(url, call.api(), org, constraints);
      if (parsed.kind() != SentryUrl.Kind.PROFILE) {
        throw SentryMcpException.invalidInput("The profileUrl must be a Sentry profile URL (it names a "
            + parsed.kind().label + ").");
      }
      org = parsed.organizationSlug();
      profileId = parsed.params().get("profileId");
      profilerId = parsed.params().get("profilerId");
      start = parsed.params().get("start");
      end = parsed.params().get("end");
      if (profilerId != null && (start == null || end == null)) {
        throw SentryMcpException.invalidInput("A continuous profile URL must include profilerId, start and end.");
      }
    } else if (profileId != null && (profilerId != null || start != null || end != null)) {
      throw SentryMcpException.invalidInput("Pass profileId for a transaction profile, or profilerId with start and"
          + " end for a continuous profile, not both.");
    }
    String project = ProfileSupport.project(parsed, args.nonBlank("projectSlugOrId"), constraints);
    if (org == null || project == null) {
      throw SentryMcpException.invalidInput("Pass profileUrl, or organizationSlug and projectSlugOrId.");
    }
    if (profileId == null && (profilerId == null || start == null || end == null)) {
      throw SentryMcpException.invalidInput("Pass profileId for a transaction profile, or profilerId, start and end"
          + " for a continuous profile.");
    }
    String organization = org;
    SentryApiClient api = regions.resolve(call.api(), args.nonBlank("regionUrl"), organization);
    call.checkCancelled();
    boolean focus = args.bool("focusOnUserCode", true);
    if (profileId != null) {
      return transactionProfile(call, api, organization, project, profileId, focus);
    }
    if (profilerId == null || start == null || end == null) {
      throw new IllegalStateException("checked above");
    }
    return continuousProfile(call, api, organization, project, profilerId, start, end, focus);
  }

  /** Under a project constraint a numeric project must be the constrained one. */
  private static SentryJson checkedProject(SentryJson p, SessionConstraints constraints) {
    ProfileSupport.checkConstrainedProject(p, constraints);
    return p;
  }

  private ToolResult transactionProfile(ToolCall call, SentryApiClient api, String org, String project,
      String profileId, boolean focus) {
    SessionConstraints constraints = call.constraints();
    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", org);
    used.put("projectSlugOrId", project);
    used.put("profileId", profileId);
    ApiResponse response;
    Untrusted projectSlug = null;
    // under a project constraint a numeric project is checked before the profile is asked for
    boolean checkFirst = ProfileSupport.isNumeric(project) && constraints.projectSlug() != null;
    if (checkFirst) {
      projectSlug = ProfileSupport.value(checkedProject(ProfileSupport.fetchProject(api, org, project, constraints),
          constraints).get("slug"));
      call.checkCancelled();
    }
    try (FanOut requests = FanOut.open()) {
      FanOut.Pending projectP = ProfileSupport.isNumeric(project) && !checkFirst
          ? requests.get(api, ApiPath.of("/projects/{org}/{project}/", org, project)) : FanOut.Pending.NONE;
      FanOut.Pending profileP = requests.get(api, ApiPath.of(
          "/projects/{org}/{project}/profiling/profiles/{profileId}/", org, project, profileId));
      if (projectP.started()) {
        SentryJson p = NotFoundHints.withHint(used, constraints, () -> projectP.await().jsonObject("project"));
        checkedProject(p, constraints);
        projectSlug = ProfileSupport.value(p.get("slug"));
      }
      response = NotFoundHints.withHint(used, constraints, profileP::await);
    }
    call.checkCancelled();
    ToolResult.Builder doc = ToolResult.builder().heading(1, "Profile " + profileId + " in " + org);
    if (projectSlug != null) {
      doc.field("Project", projectSlug);
    } else {
      doc.fieldText("Project", project);
    }
    SentryJson profile = ProfileSupport.json(response, "profile");
    if (profile == null) {
      ProfileSupport.notJson(doc, response, "profile");
      return doc.build();
    }
    profile = profile.requireObject("the profile");
    if (!ProfileSupport.isNumeric(project)) {
      doc.fieldText("Profile URL", links.path(org, "/explore/profiling/profile/" + ApiPath.percentEncode(project)
          + "/" + ApiPath.percentEncode(profileId) + "/flamegraph/"));
    }
    SentryJson transaction = profile.get("transaction");
    doc.field("Transaction", ProfileSupport.value(transaction.get("name")));
    Untrusted traceId = ProfileSupport.value(transaction.get("trace_id"));
    if (traceId != null && traceId.matches(Params.HEX32)) {
      doc.field("Trace ID", traceId);
    }
    OptionalDouble duration = duration(profile);
    if (duration.isPresent()) {
      doc.fieldText("Duration", ProfileSupport.duration(duration.getAsDouble()));
    }
    runtime(doc, profile);
    joined(doc, "Device", profile.get("device"), " · ", "model", "classification", "arch");
    joined(doc, "OS", profile.get("os"), " ", "name", "version", "build_number");
    joined(doc, "SDK", profile.get("client_sdk"), " ", "name", "version");
    doc.field("Active Thread", ProfileSupport.value(transaction.get("active_thread_id")));
    samples(doc, profile.get("profile"), focus);
    List<Inline> next = new ArrayList<>();
    if (traceId != null && traceId.matches(Params.HEX32) && usable("get_trace_details", call)) {
      next.add(Inline.text("The trace: "));
      next.add(Inline.code("get_trace_details"));
      next.add(Inline.text(" with the Trace ID. "));
    }
    if (usable("get_profile", call)) {
      next.add(Inline.text("Hot paths of the transaction: "));
      next.add(Inline.code("get_profile"));
      next.add(Inline.text("."));
    }
    if (!next.isEmpty()) {
      doc.paragraph(next.toArray(Inline[]::new));
    }
    return doc.build();
  }

  private ToolResult continuousProfile(ToolCall call, SentryApiClient api, String org, String project,
      String profilerId, String start, String end, boolean focus) {
    SessionConstraints constraints = call.constraints();
    SentryJson p = ProfileSupport.fetchProject(api, org, project, constraints);
    if (ProfileSupport.isNumeric(project)) {
      checkedProject(p, constraints);
    }
    long projectId = p.get("id").requireLong("the project's id");
    call.checkCancelled();
    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", org);
    used.put("projectSlugOrId", project);
    used.put("profilerId", profilerId);
    ApiResponse response = NotFoundHints.withHint(used, constraints, () -> api.get(
        ApiPath.of("/organizations/{org}/profiling/chunks/", org), Query.create().add("profiler_id", profilerId)
            .add("project", projectId).add("start", start).add("end", end)));
    ToolResult.Builder doc = ToolResult.builder().heading(1, "Continuous profile " + profilerId + " in " + org);
    Untrusted slug = ProfileSupport.value(p.get("slug"));
    if (slug != null) {
      doc.field("Project", slug);
    } else {
      doc.fieldText("Project", project);
    }
    doc.fieldText("Time Range", start + " to " + end);
    SentryJson body = ProfileSupport.json(response, "profileChunks");
    if (body == null) {
      ProfileSupport.notJson(doc, response, "profileChunks");
      return doc.build();
    }
    SentryJson chunk = body.get("chunks").at(0);
    if (!chunk.isObject()) {
      chunk = body.get("chunk");
    }
    if (!chunk.isObject()) {
      throw SentryMcpException.notFound("No profile chunk of profiler " + profilerId + " in project " + project
          + " between " + start + " and " + end + ". Check the time range (search_profiles finds profiles).");
    }
    doc.field("Chunk ID", ProfileSupport.value(chunk.get("chunk_id")));
    runtime(doc, chunk);
    samples(doc, chunk.get("profile"), focus);
    return doc.build();
  }

  private static void runtime(ToolResult.Builder doc, SentryJson p) {
    doc.field("Platform", ProfileSupport.value(p.get("platform")));
    SentryJson release = p.get("release");
    doc.field("Release", release.isObject() ? ProfileSupport.value(release.get("version"))
        : ProfileSupport.value(release));
    doc.field("Environment", ProfileSupport.value(p.get("environment")));
  }

  /** The transaction's duration in ns: relative end minus start, else the spread of the samples' elapsed times. */
  private static OptionalDouble duration(SentryJson profile) {
    SentryJson t = profile.get("transaction");
    OptionalDouble s = t.get("relative_start_ns").asDouble();
    OptionalDouble e = t.get("relative_end_ns").asDouble();
    if (s.isPresent() && e.isPresent() && e.getAsDouble() >= s.getAsDouble()) {
      return OptionalDouble.of(e.getAsDouble() - s.getAsDouble());
    }
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    int n = 0;
    for (SentryJson sample : profile.path("profile", "samples").items()) {
      OptionalDouble v = sample.get("elapsed_since_start_ns").asDouble();
      if (v.isPresent()) {
        min = Math.min(min, v.getAsDouble());
        max = Math.max(max, v.getAsDouble());
        n++;
      }
      if (n >= MAX_SAMPLES) {
        break;
      }
    }
    return n >= 2 && max > min ? OptionalDouble.of(max - min) : OptionalDouble.empty();
  }

  /** A field of the present values of {@code fields} of {@code o}, joined; nothing when none is present. */
  private static void joined(ToolResult.Builder doc, String label, SentryJson o, String separator,
      String... fields) {
    List<Inline> parts = new ArrayList<>();
    for (String f : fields) {
      Untrusted v = ProfileSupport.value(o.get(f));
      if (v != null) {
        if (!parts.isEmpty()) {
          parts.add(Inline.text(separator));
        }
        parts.add(Inline.data(v));
      }
    }
    if (!parts.isEmpty()) {
      doc.field(label, parts.toArray(Inline[]::new));
    }
  }

  /** Sample, thread and top-frame sections of a sampled profile ({@code frames}, {@code samples}, {@code stacks}). */
  static void samples(ToolResult.Builder doc, SentryJson profile, boolean focus) {
    List<SentryJson> frames = profile.get("frames").items();
    List<SentryJson> samples = profile.get("samples").items();
    List<SentryJson> stacks = profile.get("stacks").items();
    List<SentryJson.Entry> threads = profile.get("thread_metadata").entries();
    int read = Math.min(samples.size(), MAX_SAMPLES);
    doc.heading(2, "Samples");
    doc.fieldText("Counts", frames.size() + " frames, " + samples.size() + " samples, " + stacks.size()
        + " stacks, " + threads.size() + " threads" + (read < samples.size() ? " (first " + read + " samples read)"
        : ""));

    if (!threads.isEmpty()) {
      List<List<Inline>> rows = new ArrayList<>();
      for (SentryJson.Entry t : threads) {
        if (rows.size() >= MAX_THREADS) {
          break;
        }
        int n = 0;
        for (int i = 0; i < read; i++) {
          Untrusted id = samples.get(i).get("thread_id").text();
          if (id != null && id.sameText(t.key())) {
            n++;
          }
        }
        rows.add(List.of(cell(t.key().truncate(40)), cell(ProfileSupport.value(t.value().get("name"))),
            Inline.text(Integer.toString(n))));
      }
      doc.table(List.of("Thread", "Name", "Samples"), rows);
      if (threads.size() > rows.size()) {
        doc.paragraph("*" + (threads.size() - rows.size()) + " more threads not shown.*");
      }
    }

    long[] counts = new long[frames.size()];
    int linked = 0;
    for (int i = 0; i < read; i++) {
      OptionalLong stackId = samples.get(i).get("stack_id").asLong();
      if (stackId.isEmpty() || stackId.getAsLong() < 0 || stackId.getAsLong() >= stacks.size()) {
        continue;
      }
      linked++;
      for (SentryJson f : stacks.get((int) stackId.getAsLong()).items()) {
        OptionalLong idx = f.asLong();
        if (idx.isPresent() && idx.getAsLong() >= 0 && idx.getAsLong() < counts.length) {
          counts[(int) idx.getAsLong()]++;
        }
      }
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0 && (!focus || frames.get(i).get("in_app").asBoolean().orElse(false))) {
        order.add(i);
      }
    }
    order.sort((a, b) -> Long.compare(counts[b], counts[a]));
    if (order.isEmpty() && read > 0 && linked == 0) {
      doc.paragraph("The samples name no readable stack, so the top frames cannot be counted.");
      return;
    }
    if (order.isEmpty()) {
      doc.paragraph(focus ? "No application frames in the samples (focusOnUserCode=false shows library frames)."
          : "No frames in the samples.");
      return;
    }
    List<Integer> top = order.subList(0, Math.min(MAX_FRAMES, order.size()));
    boolean classes = top.stream().anyMatch(i -> ProfileSupport.value(frames.get(i).get("class_name")) != null);
    List<List<Inline>> rows = new ArrayList<>();
    for (int i : top) {
      SentryJson f = frames.get(i);
      Untrusted fn = ProfileSupport.value(f.get("function"));
      if (fn == null) {
        fn = ProfileSupport.value(f.get("raw_function"));
      }
      Untrusted file = ProfileSupport.value(f.get("filename"));
      if (file == null) {
        file = ProfileSupport.value(f.get("module"));
      }
      if (file == null) {
        file = ProfileSupport.value(f.get("abs_path"));
      }
      OptionalLong line = f.get("lineno").asLong();
      List<Inline> row = new ArrayList<>();
      if (classes) {
        row.add(cell(ProfileSupport.value(f.get("class_name"))));
      }
      row.add(cell(fn));
      row.add(cell(file));
      row.add(Inline.text(line.isPresent() ? Long.toString(line.getAsLong()) : "-"));
      row.add(Inline.text(Long.toString(counts[i])));
      row.add(Inline.text(f.get("in_app").asBoolean().orElse(false) ? "app" : "library"));
      rows.add(row);
    }
    doc.heading(2, "Top Frames");
    List<String> headers = new ArrayList<>(List.of("Function", "File", "Line", "Samples", "Code"));
    if (classes) {
      headers.add(0, "Class");
    }
    doc.table(headers, rows);
  }

  private boolean usable(String tool, ToolCall call) {
    return env.tools().problem(tool, call.context()) == null;
  }
}
