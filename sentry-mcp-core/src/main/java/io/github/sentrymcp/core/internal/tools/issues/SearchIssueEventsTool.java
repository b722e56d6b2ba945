package io.github.sentrymcp.core.internal.tools.issues;

import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.Query;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.NotFoundHints;
import io.github.sentrymcp.core.internal.tools.Rendering;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import io.github.sentrymcp.core.internal.tools.WebLinks;
import io.github.sentrymcp.core.internal.tools.Translations;
import io.github.sentrymcp.core.internal.tools.SearchValidation;
import io.github.sentrymcp.core.internal.agent.QueryText;
import io.github.sentrymcp.core.internal.agent.Translator;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code search_issue_events}: the events of one issue, filtered with Sentry's event search syntax.
 *
 * <p>A {@code query} in Sentry's syntax is sent as given (the reference server's "direct mode"); one that reads as
 * natural language is translated by the engine's model when it has one (checked with Sentry's validation endpoint
 * against the errors dataset before it runs), else answered with the syntax. The field list is fixed ({@value #FIELDS_TEXT}), {@code sort} defaults
 * to {@code -timestamp} and {@code period} to {@code 14d}. {@code projectSlug} only fed the reference's tag
 * discovery for its agent; it is accepted for compatibility and has no effect.
 *
 * <p>Requests: under a project constraint first {@code GET /organizations/{org}/issues/{issueId}/}, and the issue
 * must belong to the constrained project before anything else is asked; then {@code GET
 * /organizations/{org}/issues/{issueId}/events/?query=&per_page=&sort=&statsPeriod=}.
 */
final class SearchIssueEventsTool extends AbstractSentryTool {
  static final List<String> FIELDS = List.of("id", "timestamp", "title", "message", "level", "environment",
      "release", "user.display", "trace", "url");
  static final String FIELDS_TEXT =
      "id, timestamp, title, message, level, environment, release, user.display, trace, url";
  static final String DEFAULT_SORT = "-timestamp";
  static final String DEFAULT_PERIOD = "14d";

  /** An optional {@code -} and a field name: letters, digits, {@code _} and {@code .}. */
  static final Pattern SORT = Pattern.compile("-?[A-Za-z0-9_.]{1,100}");

  /** Where the caller's query appears in results (it may have been copied from Sentry data). */
  static final String QUERY_SOURCE = "arguments.query";

  static final String DESCRIPTION = String.join("\n",
      "Search and filter the events of one Sentry issue.",
      "",
      "Provide `query` in Sentry event search syntax; it is sent to Sentry as given. A plain-language request is"
          + " translated into that syntax only when the server has a model for it (the result shows the query).",
      "",
      "The results are automatically limited to the given issue.",
      "",
      "Common query filters:",
      "- environment:production",
      "- release:1.0.0",
      "- user.email:alice@example.com",
      "- trace:TRACE_ID",
      "",
      "For searches across issues use search_issues. For the details of one issue or event use"
          + " get_issue_details.",
      "",
      "<examples>",
      "search_issue_events(organizationSlug='my-org', issueId='MCP-41', query='environment:production')",
      "search_issue_events(issueUrl='https://sentry.io/organizations/my-org/issues/123/', query='release:v1.0.0',"
          + " period='7d')",
      "</examples>",
      "",
      "<hints>",
      "- Pass issueUrl, or issueId together with organizationSlug.",
      "- sort is a field name, optionally prefixed with '-' for descending (default -timestamp).",
      "- period is a relative time range such as 24h, 7d or 2w (default 14d).",
      "- projectSlug is accepted for compatibility and has no effect.",
      "</hints>");

  static final ToolSpec SPEC = ToolSpec.builder("search_issue_events", "Search issue events", DESCRIPTION)
      .input(InputSchema.builder()
          .string("organizationSlug", "The organization's slug. Required with issueId; not needed with"
              + " issueUrl.")
          .nullable().minLength(1).check(Params::slugProblem).add()
          .add(IssueUrls.issueIdParam())
          .add(IssueUrls.issueUrlParam())
          .add(Params.query("Sentry event search query to filter the issue's events, e.g."
              + " 'environment:production release:1.0.0'. Sent to Sentry as given."))
          .string("sort", "Sort field, prefixed with '-' for descending. Default: -timestamp.")
          .nullable().maxLength(101)
          .check(v -> v.isEmpty() || SORT.matcher(v).matches() ? null
              : "must be a field name (letters, digits, '_' or '.'), optionally prefixed with '-'")
          .add()
          .string("period", "Relative time range such as 1h, 24h, 7d or 2w. Default: 14d.")
          .nullable().pattern(Params.PERIOD).defaultValue(DEFAULT_PERIOD).add()
          .add(InputSchema.builder()
              .string("projectSlug", "Accepted for compatibility with other Sentry MCP servers (it helps their"
                  + " embedded agent discover tags); it has no effect here.")
              .nullable().minLength(1).check(Params::slugProblem).param())
          .add(Params.regionUrl())
          .integer("limit", "Maximum number of events to return (1-100, default: 50).")
          .minimum(1).maximum(100).defaultValue(50L).add()
          .bool("includeExplanation", "Include a note on how the query was interpreted.")
          .defaultValue(false).add()
          .build())
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.EVENT_READ)
      .skills(Skill.INSPECT, Skill.TRIAGE)
      .build();

  /** A query Sentry accepts, named in errors about a natural-language one. */
  static final String EXAMPLE_QUERY = "environment:production release:1.0.0";

  private final WebLinks links;
  private final @Nullable Translator translator;

  SearchIssueEventsTool(ToolEnvironment env) {
    super(env, SPEC);
    this.links = new WebLinks(env.config());
    this.translator = Translator.of(env.translation());
  }

  @Override
  public Duration timeout(Duration configured) {
    return translator == null ? configured : configured.plus(translator.timeLimit());
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    CallContext context = call.context();
    IssueUrls.IssueRef ref = IssueUrls.resolve(args, context.constraints());
    String org = ref.organizationSlug();
    String issueId = ref.issueId();
    String query = args.nonBlank("query");
    String sortArg = args.nonBlank("sort");
    String sort = sortArg == null ? DEFAULT_SORT : sortArg;
    String periodArg = args.nonBlank("period");
    String period = periodArg == null ? DEFAULT_PERIOD : periodArg;
    int limit = args.intValue("limit", 50);
    boolean natural = query != null && QueryText.looksNatural(query);
    Translator tr = translator;
    if (natural && tr == null) {
      throw Translator.notConfigured(EXAMPLE_QUERY);
    }
    SentryApiClient api = call.api(args);

    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", org);
    used.put("issueId", issueId);
    if (context.constraints().projectSlug() != null) {
      SentryJson issue = NotFoundHints.withHint(used, () -> api.get(
          ApiPath.of("/organizations/{org}/issues/{issueId}/", org, issueId)).jsonObject("issue"));
      requireConstrainedProject(issue, context);
      call.checkCancelled();
    }

    Translator.Translation translation = null;
    if (natural && tr != null && query != null) {
      String fixedSort = args.given("sort") ? sortArg : null;
      boolean periodGiven = args.given("period");
      String callerPeriod = period;
      translation = tr.issueEvents(call, api, org, null, query, fixedSort, periodGiven,
          t -> check(api, org, t.query(), t.sort() == null ? DEFAULT_SORT : t.sort(),
              t.period() == null || periodGiven ? callerPeriod : t.period(), used, context), EXAMPLE_QUERY);
      query = translation.query().isEmpty() ? null : translation.query();
      if (translation.sort() != null) {
        sort = translation.sort();
      }
      if (!periodGiven && translation.period() != null) {
        period = translation.period();
      }
      call.checkCancelled();
    }

    Query q = Query.create().add("query", query).add("per_page", limit).add("sort", sort)
        .add("statsPeriod", period);
    List<SentryJson> events = NotFoundHints.withHint(used, () -> api.get(
        ApiPath.of("/organizations/{org}/issues/{issueId}/events/", org, issueId), q).jsonArray("events")).items();

    ToolResult.Builder doc = ToolResult.builder();
    doc.heading(1, "Events of issue " + issueId);
    if (translation != null) {
      Translations.describe(doc, translation, args.bool("includeExplanation", false));
    } else {
      if (args.bool("includeExplanation", false)) {
        doc.paragraph(Rendering.noAiNote(
            ", with the fixed field list" + (sortArg == null ? " and the default sort" : "")));
      }
      if (query == null) {
        doc.fieldText("Query", "(empty)");
      } else {
        doc.field("Query", Untrusted.of(query, QUERY_SOURCE, TrustClass.UNTRUSTED_EXTERNAL));
      }
    }
    doc.fieldText("Search", "sort " + sort + ", last " + period + ", limit " + limit);
    // built from the arguments, every part percent-encoded to unreserved characters: server text, never data
    doc.fieldText("In Sentry", discoverUrl(org, issueId, query, sort, period));

    if (events.isEmpty()) {
      doc.paragraph("No events found. Try a broader query or a longer period.");
      return doc.build();
    }
    doc.paragraph("Found " + events.size() + (events.size() == 1 ? " event" : " events") + ":");
    int n = 0;
    for (SentryJson e : events) {
      n++;
      doc.heading(3, "Event " + n);
      eventFields(doc, e);
    }
    doc.heading(2, "Next Steps");
    doc.bullets(List.of(
        List.of(Inline.text("An event's details: "), Inline.code("get_issue_details"),
            Inline.text(" with this issueId and the event's id as eventId.")),
        List.of(Inline.text("An event's trace: "), Inline.code("get_trace_details"),
            Inline.text(" with its trace ID."))));
    return doc.build();
  }

  /** Sentry's check of a translated query against the errors dataset: null when it accepts it. */
  private static Translator.@Nullable Problem check(SentryApiClient api, String org, String query, String sort,
      String period, Map<String, String> used, CallContext context) {
    Query q = Query.create().add("dataset", "errors").add("query", query.isEmpty() ? null : query)
        .add("statsPeriod", period).add("field", "timestamp").add("orderby", sort);
    SearchValidation.Report r = SearchValidation.check(api, org, q, used, context.constraints());
    return r.valid() ? null : new Translator.Problem("Sentry's validation refused the search", r.problems());
  }

  /** The fixed fields (and the event type), timestamps parsed; every value is data. */
  private static void eventFields(ToolResult.Builder doc, SentryJson e) {
    Untrusted id = e.get("id").nonEmptyText();
    doc.field("id", id != null ? id : e.get("eventID").nonEmptyText());
    String ts = Rendering.isoTimestamp(e.get("timestamp"));
    if (ts != null) {
      doc.fieldText("timestamp", ts);
    } else {
      doc.field("timestamp", e.get("timestamp").nonEmptyText());
    }
    for (String f : FIELDS.subList(2, FIELDS.size())) {
      SentryJson v = e.get(f);
      if (f.equals("user.display") && v.isAbsent()) {
        v = e.path("user", "display_name");
      }
      Untrusted text = v.nonEmptyText();
      if (text != null) {
        doc.field(f, text.truncate(2000));
      }
    }
    doc.field("event.type", e.get("event.type").nonEmptyText());
  }

  /**
   * The Discover view of the same search ({@code issue:<id> <query>}, errors dataset). Only the caller's query can
   * be free text; the rest are validated identifiers.
   */
  private String discoverUrl(String org, String issueId, @Nullable String query,
      String sort, String period) {
    StringBuilder qs = new StringBuilder("dataset=errors&queryDataset=error-events");
    for (String f : FIELDS) {
      qs.append("&field=").append(ApiPath.percentEncode(f));
    }
    String search = "issue:" + issueId + (query == null ? "" : " " + query);
    qs.append("&query=").append(ApiPath.percentEncode(search));
    qs.append("&sort=").append(ApiPath.percentEncode(sort));
    qs.append("&statsPeriod=").append(ApiPath.percentEncode(period));
    return links.path(org, "/discover/results/?" + qs);
  }
}
