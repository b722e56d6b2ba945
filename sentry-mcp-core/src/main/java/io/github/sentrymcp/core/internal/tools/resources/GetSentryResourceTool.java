package io.github.sentrymcp.core.internal.tools.resources;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import io.github.sentrymcp.core.internal.tools.WebLinks;
import io.github.sentrymcp.core.internal.tools.SentryUrl;
import io.github.sentrymcp.core.internal.tools.SentryUrl.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code get_sentry_resource}: a Sentry web URL, or a resource type and id, handed to the tool for that kind of
 * resource. It sends no request of its own: the URL's host is checked first ({@code SentryApiClient#webUrlOrganization}:
 * the configured host, an organization subdomain of it or an allowed region host), the URL's organization and
 * project must be the session's when it is constrained, and the target tool is called through the engine's gate
 * ({@code ToolDirectory#call}), so a session that may not use it is refused before any request.
 *
 * <p>Targets: issue and event to {@code get_issue_details}, trace to {@code get_trace_details}, span to {@code
 * get_span_details}; replay,
 * monitor, profile, AI conversation and snapshot to {@code get_replay_details}, {@code get_monitor_details}, {@code
 * get_profile_details}, {@code get_agent_conversation_details} and {@code get_snapshot} / {@code get_snapshot_image}
 * when this server has them (else invalid input naming what was recognised). Release URLs give guidance text;
 * performance summary URLs an error pointing to {@code search_events}.
 */
final class GetSentryResourceTool extends AbstractSentryTool {

  /** The {@code resourceType} values. */
  static final List<String> TYPES =
      List.of("issue", "event", "trace", "ai_conversation", "replay", "monitor", "snapshot");

  static final String DESCRIPTION = String.join("\n",
      "Fetch a Sentry resource by its web URL, or by resourceType and resourceId.",
      "",
      "Use this tool when you need to:",
      "- Open a shared Sentry link (issue, event, trace, span, ...)",
      "",
      "<examples>",
      "get_sentry_resource(url='https://my-org.sentry.io/issues/PROJECT-123/')",
      "get_sentry_resource(resourceType='issue', organizationSlug='my-org', resourceId='PROJECT-123')",
      "</examples>",
      "",
      "<hints>",
      "- Only URLs of this server's Sentry; resourceType='trace' on a span URL gets the whole trace.",
      "</hints>");

  static final ToolSpec SPEC = ToolSpec.builder("get_sentry_resource", "Get Sentry resource", DESCRIPTION)
      .input(InputSchema.builder()
          .string("url", "A Sentry web URL.")
          .nullable().minLength(1).maxLength(SentryUrl.MAX_LENGTH).add()
          .string("resourceType", "Type of resourceId.")
          .nullable().enumValues(TYPES).add()
          .string("resourceId", "The resource's id (issue short id, event/trace id, monitor slug, ...).")
          .nullable().minLength(1).maxLength(100).add()
          .add(Params.optionalOrganizationSlug())
          .build())
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.EVENT_READ, Scope.PROJECT_READ)
      .skills(Skill.INSPECT, Skill.TRIAGE, Skill.SEER)
      .build();

  private final WebLinks links;

  GetSentryResourceTool(ToolEnvironment env) {
    super(env, SPEC);
    this.links = new WebLinks(env.config());
  }

  /** A resolved resource: its kind, organization and the target tool's identifiers. */
  record Resource(Kind kind, String organizationSlug, Map<String, String> params) {}

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    Resource r = resolve(args, call);
    return switch (r.kind()) {
      case RELEASE -> release(r, call);
      case PERFORMANCE_SUMMARY -> throw SentryMcpException.invalidInput("The url is a performance summary of a"
          + " transaction, which this tool does not fetch: use search_events with dataset spans and a"
          + " transaction:<name> query to find its traces.");
      default -> dispatch(r, call);
    };
  }

  /** The resource named by the arguments; nothing is sent. */
  Resource resolve(Args args, ToolCall call) {
    String url = args.nonBlank("url");
    String type = args.nonBlank("resourceType");
    String org = args.nonBlank("organizationSlug");
    SessionConstraints constraints = call.constraints();
    if (url != null) {
      // the host first: a URL of another host is refused whatever its path says
      String hostOrg = call.api().webUrlOrganization(url);
      SentryUrl.Parsed parsed = SentryUrl.parse(url);
      String urlOrg = parsed.organizationSlug();
      if (urlOrg != null && hostOrg != null && !urlOrg.equals(hostOrg)) {
        throw SentryMcpException.invalidInput("The url names two different organizations.");
      }
      urlOrg = urlOrg != null ? urlOrg : hostOrg;
      String resolvedOrg = organization(urlOrg, org, constraints);
      Map<String, String> params = new LinkedHashMap<>(parsed.params());
      checkProject(params.get("projectSlugOrId"), constraints);
      checkProject(params.get("project"), constraints);
      Kind kind = parsed.kind();
      if (type != null && !type.equals(kind.label)) {
        if (type.equals("trace") && kind == Kind.SPAN) {
          params.remove("spanId");
          kind = Kind.TRACE;
        } else {
          throw SentryMcpException.invalidInput("The resourceType does not match what the url names (a "
              + kind.label + "); with a url, resourceType may only be 'trace' on a span URL.");
        }
      }
      return new Resource(kind, resolvedOrg, params);
    }
    if (type == null) {
      throw SentryMcpException.invalidInput("Pass url, or resourceType together with resourceId and"
          + " organizationSlug.");
    }
    if (org == null) {
      throw SentryMcpException.invalidInput("The organizationSlug is required when there is no url.");
    }
    String id = args.nonBlank("resourceId");
    if (id == null) {
      throw SentryMcpException.invalidInput("The resourceId is required when there is no url.");
    }
    return new Resource(kindOf(type), org, Map.of(idParam(type), checkedId(type, id)));
  }

  private static Kind kindOf(String type) {
    for (Kind k : Kind.values()) {
      if (k.label.equals(type)) {
        return k;
      }
    }
    throw SentryMcpException.invalidInput("The resourceType must be one of " + String.join(", ", TYPES) + ".");
  }

  /** The target parameter a bare {@code resourceId} of this type becomes. */
  private static String idParam(String type) {
    return switch (type) {
      case "issue" -> "issueId";
      case "event" -> "eventId";
      case "trace" -> "traceId";
      case "ai_conversation" -> "conversationId";
      case "replay" -> "replayId";
      case "monitor" -> "monitorSlug";
      default -> "snapshotId";
    };
  }

  /** {@code resourceId} checked by the rule of its type: issue ids canonical (upper case), hex ids, slugs. */
  private static String checkedId(String type, String id) {
    String problem;
    String value = id;
    switch (type) {
      case "issue" -> {
        String canonical = Params.canonicalIssueId(id);
        problem = canonical == null ? "must be a numeric issue id or a short id such as PROJECT-1Z43" : null;
        value = canonical == null ? id : canonical;
      }
      case "event", "trace" -> problem = SentryUrl.hex32Problem(id);
      case "monitor" -> problem = Params.slugProblem(id);
      default -> problem = Params.resourceIdProblem(id);
    }
    if (problem != null) {
      throw SentryMcpException.invalidInput("The resourceId for resourceType " + type + " " + problem + ".");
    }
    return value;
  }

  /** The organization of a URL, which must agree with organizationSlug (the session's when constrained). */
  private static String organization(@Nullable String urlOrg, @Nullable String given, SessionConstraints c) {
    if (urlOrg == null) {
      if (given == null) {
        throw SentryMcpException.invalidInput("The url does not name an organization; pass organizationSlug as"
            + " well.");
      }
      return given;
    }
    if (c.organizationSlug() != null && !urlOrg.equals(c.organizationSlug())) {
      throw SentryMcpException.invalidInput("URL is outside the active organization constraint.");
    }
    if (given != null && !urlOrg.equals(given)) {
      throw SentryMcpException.invalidInput("The organization in the url does not match organizationSlug.");
    }
    return urlOrg;
  }

  /** Under a project constraint a project slug in the URL must be that project (numeric ids are checked later). */
  private static void checkProject(@Nullable String project, SessionConstraints c) {
    if (project != null && c.projectSlug() != null && !project.chars().allMatch(Character::isDigit)
        && !project.equals(c.projectSlug())) {
      throw SentryMcpException.invalidInput("URL is outside the active project constraint.");
    }
  }

  private ToolResult dispatch(Resource r, ToolCall call) {
    String tool = targetTool(r);
    if (env.tools().find(tool).isEmpty()) {
      throw SentryMcpException.invalidInput("Recognised a " + r.kind().label + " (" + idText(r) + "), but this"
          + " server has no " + tool + " tool to fetch it.");
    }
    Map<String, Object> targetArgs = new LinkedHashMap<>();
    targetArgs.put("organizationSlug", r.organizationSlug());
    targetArgs.putAll(r.params());
    if (r.kind() == Kind.SNAPSHOT && r.params().containsKey("imageIdentifier")) {
      targetArgs.put("imageResolution", "preview");
    }
    call.checkCancelled();
    return withoutStructured(env.tools().call(tool, targetArgs, call.context()));
  }

  /**
   * The target's result without its structured content: this tool declares no output schema (its results are those
   * of several tools), so it returns the text, data regions and binaries only.
   */
  private static ToolResult withoutStructured(ToolResult r) {
    if (r.structured() == null) {
      return r;
    }
    ToolResult.Builder b = ToolResult.builder();
    r.blocks().forEach(b::block);
    r.binaries().forEach(b::binary);
    String hint = r.truncationHint();
    if (hint != null) {
      b.truncationHint(hint);
    }
    return b.build();
  }

  private static String targetTool(Resource r) {
    return switch (r.kind()) {
      case ISSUE, EVENT -> "get_issue_details";
      case TRACE -> "get_trace_details";
      case SPAN -> "get_span_details";
      case AI_CONVERSATION -> "get_agent_conversation_details";
      case REPLAY -> "get_replay_details";
      case MONITOR -> "get_monitor_details";
      case PROFILE -> "get_profile_details";
      case SNAPSHOT -> r.params().containsKey("imageIdentifier") ? "get_snapshot_image" : "get_snapshot";
      case RELEASE, PERFORMANCE_SUMMARY -> throw new IllegalStateException("no target tool for " + r.kind());
    };
  }

  /** The validated identifiers, {@code name value} pairs (for the no-target message). */
  private static String idText(Resource r) {
    StringBuilder sb = new StringBuilder();
    r.params().forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
    return sb.toString();
  }

  /** Release URLs: guidance, as the reference (no release tool fetches one release here). */
  private ToolResult release(Resource r, ToolCall call) {
    String org = r.organizationSlug();
    String version = r.params().get("version");
    ToolResult.Builder doc = ToolResult.builder().heading(1, "Release in " + org);
    doc.field("Release", Inline.code(version == null ? "" : version));
    doc.fieldText("Sentry URL", links.path(org, "/releases/" + ApiPath.percentEncode(version == null ? ""
        : version) + "/"));
    List<List<Inline>> steps = new ArrayList<>();
    if (usable("search_issues", call)) {
      steps.add(List.of(Inline.text("Its issues: "), Inline.code("search_issues"), Inline.text(" with query "),
          Inline.code("release:" + version)));
    }
    if (usable("find_releases", call)) {
      steps.add(List.of(Inline.text("Releases of the organization: "), Inline.code("find_releases")));
    }
    if (!steps.isEmpty()) {
      doc.heading(2, "Next Steps").bullets(steps);
    }
    return doc.build();
  }

  /** Whether this session may call the tool (hints name only those). */
  private boolean usable(String tool, ToolCall call) {
    return env.tools().problem(tool, call.context()) == null;
  }
}
