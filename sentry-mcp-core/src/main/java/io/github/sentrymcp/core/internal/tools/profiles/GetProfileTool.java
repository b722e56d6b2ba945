package io.github.sentrymcp.core.internal.tools.profiles;

import static io.github.sentrymcp.core.internal.tools.Rendering.cell;

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
import io.github.sentrymcp.core.internal.tools.SentryUrl;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * {@code get_profile}: a transaction's aggregated flamegraph, or two periods of it compared.
 *
 * <p>Requests: for a project slug {@code GET /projects/{org}/{project}/} (the flamegraph takes a numeric id), then
 * {@code GET /organizations/{org}/profiling/flamegraph/?project=<id>&query=event.type:transaction
 * transaction:"<name>"&statsPeriod=<period>} (the name with {@code \} and {@code "} escaped), once more for {@code
 * compareAgainstPeriod} (both together).
 *
 * <p>Frame names and files are SDK data. An answer over {@value ProfileSupport#MAX_PROFILE_BYTES} bytes is refused,
 * one that is not JSON is returned as an embedded resource; the analysis reads at most {@value #MAX_STACKS} sampled
 * stacks and {@value #MAX_FRAMES_READ} frames, and shows at most 10 functions, {@code maxHotPaths} paths of at most
 * {@value #MAX_PATH_FRAMES} frames each and 10 comparison rows.
 */
final class GetProfileTool extends AbstractSentryTool {
  static final int MAX_STACKS = 50_000;
  static final int MAX_FRAMES_READ = 200_000;
  static final int MAX_PATH_FRAMES = 12;
  static final int MAX_ROWS = 10;

  static final String DESCRIPTION = String.join("\n",
      "Analyze a transaction's CPU profiles: hot paths, slowest functions, and regressions between two periods.",
      "",
      "Use this tool when you need to:",
      "- Find where CPU time goes in an endpoint or transaction",
      "- Compare a transaction's profile with an earlier period",
      "",
      "<examples>",
      "get_profile(organizationSlug='my-org', projectSlugOrId='backend', transactionName='/api/users')",
      "get_profile(organizationSlug='my-org', projectSlugOrId='backend', transactionName='/api/users',"
          + " period='7d', compareAgainstPeriod='14d')",
      "</examples>",
      "",
      "<hints>",
      "- transactionName is required and case-sensitive; profileUrl can give the organization and project.",
      "- focusOnUserCode (default true) keeps library frames out of the paths and tables.",
      "- For one profile's details use get_profile_details.",
      "</hints>");

  static final ToolSpec SPEC = ToolSpec.builder("get_profile", "Get profile", DESCRIPTION)
      .input(InputSchema.builder()
          .string("profileUrl", "A Sentry profile URL; gives the organization and project.")
          .nullable().minLength(1).maxLength(SentryUrl.MAX_LENGTH).add()
          .add(Params.optionalOrganizationSlug())
          .add(Params.regionUrl())
          .string("projectSlugOrId", "The project's slug or numeric id.")
          .nullable().minLength(1).check(Params::slugOrIdProblem).add()
          .string("transactionName", "The transaction, e.g. '/api/users' or 'POST /graphql'.")
          .nullable().minLength(1).maxLength(500).add()
          .string("period", "Time window, e.g. '1h', '7d' (default 7d).")
          .nullable().pattern(Params.PERIOD).defaultValue("7d").add()
          .string("compareAgainstPeriod", "A baseline window to compare with, e.g. '14d'.")
          .nullable().pattern(Params.PERIOD).add()
          .bool("focusOnUserCode", "Only application frames (default true).")
          .defaultValue(true).add()
          .integer("maxHotPaths", "Hot paths to show (1-20, default 10).")
          .minimum(1).maximum(20).defaultValue(10L).add()
          .build())
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.EVENT_READ)
      .skills(Skill.INSPECT)
      .build();

  GetProfileTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  /** One frame of the flamegraph with its aggregated statistics. */
  record Frame(@Nullable Untrusted name, @Nullable Untrusted file, OptionalLong line, boolean app,
      OptionalLong fingerprint, long count, double weight, double sumDuration, double p75, double p95, double p99) {}

  /** One call stack with its merged samples. */
  record HotPath(List<Integer> frames, long samples, double duration, double percent) {}

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    SessionConstraints constraints = call.constraints();
    String org = args.nonBlank("organizationSlug");
    SentryUrl.Parsed parsed = null;
    String url = args.nonBlank("profileUrl");
    if (url != null) {
      parsed = SentryUrl.resolve(url, call.api(), org, constraints);
      if (parsed.kind() != SentryUrl.Kind.PROFILE) {
        throw SentryMcpException.invalidInput("The profileUrl must be a Sentry profile URL (it names a "
            + parsed.kind().label + ").");
      }
      org = parsed.organizationSlug();
    }
    if (org == null) {
      throw SentryMcpException.invalidInput("Pass profileUrl or organizationSlug.");
    }
    String project = ProfileSupport.project(parsed, args.nonBlank("projectSlugOrId"), constraints);
    if (project == null) {
      throw SentryMcpException.invalidInput("Pass projectSlugOrId, or a profileUrl that names the project.");
    }
    String transaction = args.nonBlank("transactionName");
    if (transaction == null) {
      throw SentryMcpException.invalidInput("Pass transactionName: the flamegraph is per transaction.");
    }
    String period = args.nonBlank("period");
    String current = period == null ? "7d" : period;
    String baseline = args.nonBlank("compareAgainstPeriod");
    boolean focus = args.bool("focusOnUserCode", true);
    int maxHotPaths = args.intValue("maxHotPaths", 10);
    String organization = org;
    SentryApiClient api = call.api(args);

    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", organization);
    used.put("projectSlugOrId", project);
    long projectId;
    if (ProfileSupport.isNumeric(project)) {
      projectId = Long.parseLong(project);
      if (constraints.projectSlug() != null) {
        // a numeric id under a project constraint can only come from a URL: it must be the constrained project
        ProfileSupport.checkConstrainedProject(ProfileSupport.fetchProject(api, organization, project,
            constraints), constraints);
      }
    } else {
      projectId = ProfileSupport.fetchProject(api, organization, project, constraints)
          .get("id").requireLong("the project's id");
    }
    call.checkCancelled();

    Query q = flamegraphQuery(projectId, transaction, current);
    ApiPath path = ApiPath.of("/organizations/{org}/profiling/flamegraph/", organization);
    Untrusted name = Untrusted.of(transaction, "arguments.transactionName", TrustClass.UNTRUSTED_EXTERNAL);
    ToolResult.Builder doc = ToolResult.builder();
    if (baseline == null) {
      ApiResponse r = NotFoundHints.withHint(used, constraints, () -> api.get(path, q));
      doc.heading(1, "Profile of a transaction in " + organization);
      doc.field("Transaction", name);
      SentryJson flamegraph = ProfileSupport.json(r, "flamegraph");
      if (flamegraph == null) {
        ProfileSupport.notJson(doc, r, "flamegraph");
        return doc.build();
      }
      analysis(doc, flamegraph, projectId, current, focus, maxHotPaths);
      return doc.build();
    }
    ApiResponse baseR;
    ApiResponse currentR;
    try (FanOut requests = FanOut.open()) {
      FanOut.Pending baseP = requests.get(api, path, flamegraphQuery(projectId, transaction, baseline));
      FanOut.Pending currentP = requests.get(api, path, q);
      baseR = NotFoundHints.withHint(used, constraints, baseP::await);
      currentR = NotFoundHints.withHint(used, constraints, currentP::await);
    }
    doc.heading(1, "Profile comparison of a transaction in " + organization);
    doc.field("Transaction", name);
    doc.fieldText("Periods", "baseline " + baseline + ", current " + current);
    SentryJson base = ProfileSupport.json(baseR, "baselineFlamegraph");
    SentryJson now = ProfileSupport.json(currentR, "flamegraph");
    if (base == null || now == null) {
      ProfileSupport.notJson(doc, base == null ? baseR : currentR, base == null ? "baselineFlamegraph"
          : "flamegraph");
      return doc.build();
    }
    comparison(doc, base, now, baseline, current, focus);
    return doc.build();
  }

  static Query flamegraphQuery(long projectId, String transaction, String period) {
    String escaped = transaction.replace("\\", "\\\\").replace("\"", "\\\"");
    return Query.create().add("project", projectId)
        .add("query", "event.type:transaction transaction:\"" + escaped + "\"").add("statsPeriod", period);
  }

  static boolean hasData(SentryJson flamegraph) {
    return flamegraph.get("profiles").size() > 0 && flamegraph.path("shared", "frames").size() > 0;
  }

  static List<Frame> frames(SentryJson flamegraph) {
    List<SentryJson> frames = flamegraph.path("shared", "frames").items();
    List<SentryJson> infos = flamegraph.path("shared", "frame_infos").items();
    List<Frame> out = new ArrayList<>();
    for (int i = 0; i < frames.size() && i < MAX_FRAMES_READ; i++) {
      SentryJson f = frames.get(i);
      SentryJson info = i < infos.size() ? infos.get(i) : f.get("absent");
      out.add(new Frame(ProfileSupport.value(f.get("name")), ProfileSupport.value(f.get("file")),
          f.get("line").asLong(), f.get("is_application").asBoolean().orElse(false), f.get("fingerprint").asLong(),
          info.get("count").asLong().orElse(0), num(info.get("weight")), num(info.get("sumDuration")),
          num(info.get("p75Duration")), num(info.get("p95Duration")), num(info.get("p99Duration"))));
    }
    return out;
  }

  private static double num(SentryJson v) {
    OptionalDouble d = v.asDouble();
    return d.isPresent() && d.getAsDouble() >= 0 ? d.getAsDouble() : 0;
  }

  private static void analysis(ToolResult.Builder doc, SentryJson flamegraph, long projectId, String period,
      boolean focus, int maxHotPaths) {
    doc.fieldText("Project ID", Long.toString(projectId));
    doc.fieldText("Period", period);
    if (!hasData(flamegraph)) {
      doc.paragraph("No profiles of this transaction in the last " + period + ". Transaction names are"
          + " case-sensitive; check the name (search_traces or search_events lists transactions), try a longer"
          + " period, or check that profiling is enabled for the project.");
      return;
    }
    doc.field("Platform", ProfileSupport.value(flamegraph.get("platform")));
    List<Frame> frames = frames(flamegraph);
    SentryJson main = flamegraph.get("profiles").at(0);
    long totalSamples = 0;
    double totalNs = 0;
    for (SentryJson c : main.get("sample_counts").items()) {
      totalSamples += c.asLong().orElse(0);
    }
    for (SentryJson d : main.get("sample_durations_ns").items()) {
      totalNs += num(d);
    }
    int profiles = flamegraph.path("shared", "profiles").size();
    doc.fieldText("Profiles", Integer.toString(profiles > 0 ? profiles : flamegraph.get("profiles").size()));
    doc.fieldText("Samples", totalSamples + " (" + ProfileSupport.duration(totalNs) + ")");
    double app = 0;
    double lib = 0;
    for (Frame f : frames) {
      if (f.app()) {
        app += f.sumDuration();
      } else {
        lib += f.sumDuration();
      }
    }
    double all = app + lib;
    doc.fieldText("Time", "user code " + ProfileSupport.duration(app) + " (" + ProfileSupport.percent(all > 0
        ? app * 100 / all : 0) + "), library " + ProfileSupport.duration(lib) + " (" + ProfileSupport.percent(all
        > 0 ? lib * 100 / all : 0) + ")");

    List<Integer> hot = new ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      if (!focus || frames.get(i).app()) {
        hot.add(i);
      }
    }
    hot.sort((a, b) -> Double.compare(frames.get(b).weight(), frames.get(a).weight()));
    if (!hot.isEmpty()) {
      List<List<Inline>> rows = new ArrayList<>();
      for (int i : hot.subList(0, Math.min(MAX_ROWS, hot.size()))) {
        Frame f = frames.get(i);
        rows.add(List.of(cell(f.name()), cell(f.file()), line(f), Inline.text(Long.toString(f.count())),
            Inline.text(ProfileSupport.percent(totalSamples > 0 ? f.count() * 100.0 / totalSamples : 0)),
            Inline.text(ProfileSupport.duration(f.p75())), Inline.text(ProfileSupport.duration(f.p95())),
            Inline.text(ProfileSupport.duration(f.p99())), Inline.text(flags(f))));
      }
      doc.heading(2, "Slowest Functions");
      doc.table(List.of("Function", "File", "Line", "Samples", "% Time", "p75", "p95", "p99", "Notes"), rows);
    }

    List<HotPath> paths = hotPaths(main, totalSamples, maxHotPaths);
    doc.heading(2, "Hot Paths");
    if (paths.isEmpty()) {
      doc.paragraph("No hot paths found.");
      return;
    }
    doc.paragraph("Root to leaf" + (focus ? ", application frames only" : "") + "; p75/p95/p99 of the leaf frame.");
    List<List<Inline>> items = new ArrayList<>();
    for (HotPath p : paths) {
      List<Integer> shown = new ArrayList<>();
      for (int idx : p.frames()) {
        if (idx >= 0 && idx < frames.size() && (!focus || frames.get(idx).app())) {
          shown.add(idx);
        }
      }
      List<Inline> line = new ArrayList<>();
      line.add(Inline.text(ProfileSupport.percent(p.percent()) + " · " + p.samples() + " samples"));
      int leafIdx = p.frames().isEmpty() ? -1 : p.frames().get(p.frames().size() - 1);
      if (leafIdx >= 0 && leafIdx < frames.size()) {
        Frame leaf = frames.get(leafIdx);
        line.add(Inline.text(" · p75 " + ProfileSupport.duration(leaf.p75()) + ", p95 "
            + ProfileSupport.duration(leaf.p95()) + ", p99 " + ProfileSupport.duration(leaf.p99())));
      }
      line.add(Inline.text(": "));
      if (shown.size() > MAX_PATH_FRAMES) {
        line.add(Inline.text("(" + (shown.size() - MAX_PATH_FRAMES) + " outer frames) → "));
        shown = shown.subList(shown.size() - MAX_PATH_FRAMES, shown.size());
      }
      if (shown.isEmpty()) {
        line.add(Inline.text("no application frames"));
      }
      for (int i = 0; i < shown.size(); i++) {
        Frame f = frames.get(shown.get(i));
        if (i > 0) {
          line.add(Inline.text(" → "));
        }
        line.add(cell(f.name()));
        if (f.file() != null) {
          line.add(Inline.text(" ("));
          line.add(Inline.data(f.file()));
          line.add(Inline.text(f.line().isPresent() ? ":" + f.line().getAsLong() + ")" : ")"));
        }
      }
      items.add(line);
    }
    doc.bullets(items);
  }

  private static Inline line(Frame f) {
    return Inline.text(f.line().isPresent() ? Long.toString(f.line().getAsLong()) : "-");
  }

  /** Server-text notes from the percentiles: high variance, slow, hot. */
  static String flags(Frame f) {
    List<String> out = new ArrayList<>();
    if (f.p99() > f.p75() * 3) {
      out.add("high variance");
    }
    if (f.p75() > 100_000_000) {
      out.add("slow");
    }
    if (f.count() > 1000) {
      out.add("hot");
    }
    return out.isEmpty() ? "-" : String.join(", ", out);
  }

  /** The main profile's stacks merged by identity, by time spent, the first {@code max}. */
  static List<HotPath> hotPaths(SentryJson main, long totalSamples, int max) {
    List<SentryJson> samples = main.get("samples").items();
    List<SentryJson> counts = main.get("sample_counts").items();
    List<SentryJson> durations = main.get("sample_durations_ns").items();
    Map<List<Integer>, double[]> merged = new LinkedHashMap<>();
    for (int i = 0; i < samples.size() && i < MAX_STACKS; i++) {
      List<Integer> stack = new ArrayList<>();
      for (SentryJson f : samples.get(i).items()) {
        OptionalLong idx = f.asLong();
        if (idx.isPresent() && idx.getAsLong() >= 0 && idx.getAsLong() < MAX_FRAMES_READ) {
          stack.add((int) idx.getAsLong());
        }
        if (stack.size() >= 1000) {
          break;
        }
      }
      double[] acc = merged.computeIfAbsent(List.copyOf(stack), k -> new double[2]);
      acc[0] += i < counts.size() ? counts.get(i).asLong().orElse(0) : 0;
      acc[1] += i < durations.size() ? num(durations.get(i)) : 0;
    }
    List<HotPath> out = new ArrayList<>();
    merged.forEach((stack, acc) -> out.add(new HotPath(stack, (long) acc[0], acc[1],
        totalSamples > 0 ? acc[0] * 100 / totalSamples : 0)));
    out.sort((a, b) -> Double.compare(b.duration(), a.duration()));
    return out.subList(0, Math.min(max, out.size()));
  }

  /** Change of each function's total time between the periods, by frame fingerprint; the largest first. */
  private static void comparison(ToolResult.Builder doc, SentryJson base, SentryJson now, String baseline,
      String current, boolean focus) {
    boolean baseData = hasData(base);
    boolean nowData = hasData(now);
    if (!baseData || !nowData) {
      doc.paragraph(!baseData && !nowData
          ? "No profiles of this transaction in either period. Transaction names are case-sensitive; check the"
              + " name and that profiling is enabled for the project."
          : !baseData
              ? "No profiles in the baseline period (" + baseline + "); the current period has some. Try another"
                  + " baseline, or leave out compareAgainstPeriod."
              : "No profiles in the current period (" + current + "); the baseline has some. Try a longer period.");
      return;
    }
    List<Frame> before = frames(base);
    Map<Long, Frame> byFingerprint = new HashMap<>();
    for (Frame f : before) {
      if (f.fingerprint().isPresent()) {
        byFingerprint.putIfAbsent(f.fingerprint().getAsLong(), f);
      }
    }
    record Change(Frame frame, Frame before, double percent) {}
    List<Change> changes = new ArrayList<>();
    for (Frame f : frames(now)) {
      if ((focus && !f.app()) || f.fingerprint().isEmpty()) {
        continue;
      }
      Frame b = byFingerprint.get(f.fingerprint().getAsLong());
      if (b == null) {
        continue;
      }
      double pct = b.sumDuration() > 0 ? (f.sumDuration() - b.sumDuration()) * 100 / b.sumDuration() : 0;
      changes.add(new Change(f, b, pct));
    }
    changes.sort((x, y) -> Double.compare(y.percent(), x.percent()));
    long major = changes.stream().filter(c -> c.percent() > 20).count();
    long minor = changes.stream().filter(c -> c.percent() > 10 && c.percent() <= 20).count();
    long better = changes.stream().filter(c -> c.percent() < -10).count();
    doc.fieldText("Status", major > 0 ? "regression (" + major + " functions over 20% slower)"
        : minor > 0 ? "minor changes (" + minor + " functions 10-20% slower)"
        : better > 0 ? "improvement (" + better + " functions over 10% faster)" : "no significant change");
    if (changes.isEmpty()) {
      doc.paragraph("No function appears in both periods" + (focus ? " among application frames." : "."));
      return;
    }
    List<List<Inline>> rows = new ArrayList<>();
    for (Change c : changes.subList(0, Math.min(MAX_ROWS, changes.size()))) {
      rows.add(List.of(cell(c.frame().name()), cell(c.frame().file()), line(c.frame()),
          Inline.text(ProfileSupport.duration(c.before().sumDuration())),
          Inline.text(ProfileSupport.duration(c.frame().sumDuration())),
          Inline.text((c.percent() > 0 ? "+" : "") + ProfileSupport.percent(c.percent())),
          Inline.text(c.percent() > 20 ? "major regression" : c.percent() > 10 ? "minor regression"
              : c.percent() < -10 ? "improvement" : "no change")));
    }
    doc.heading(2, "Changes");
    doc.table(List.of("Function", "File", "Line", "Baseline", "Current", "Change", "Status"), rows);
  }
}
