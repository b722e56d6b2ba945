package io.github.sentrymcp.core.internal.tools.issues;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.concat;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;

import io.github.sentrymcp.api.ApiException;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.Structured;
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
import io.github.sentrymcp.core.internal.tools.Columns;
import io.github.sentrymcp.core.internal.tools.NotFoundHints;
import io.github.sentrymcp.core.internal.tools.Paging;
import io.github.sentrymcp.core.internal.tools.Rendering;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import io.github.sentrymcp.core.internal.tools.Translations;
import io.github.sentrymcp.core.internal.agent.QueryText;
import io.github.sentrymcp.core.internal.agent.Translator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code search_issues}: one page of an organization's issues, filtered with Sentry's issue search syntax.
 *
 * <p>A {@code query} in Sentry's syntax is sent as given (the reference server's "direct mode"). One that reads as
 * natural language ({@link QueryText#looksNatural}) is translated by the engine's model when it has one ({@link
 * Translator#issues}; the caller's {@code sort} wins over the model's), and otherwise answered, before any request,
 * with how to write it in Sentry's syntax.
 *
 * <p>Requests: when {@code projectSlugOrId} is a slug, first {@code GET /projects/{org}/{project}/} for its numeric
 * id; then {@code GET /organizations/{org}/issues/?limit=&sort=&statsPeriod=&query=&project=&collapse=unhandled}
 * (and {@code cursor} for a following page).
 */
final class SearchIssuesTool extends AbstractSentryTool {
  static final String DEFAULT_QUERY = "is:unresolved";
  static final String DEFAULT_SORT = "date";
  static final String DEFAULT_PERIOD = "30d";
  static final int DEFAULT_LIMIT = 10;
  static final List<String> SORTS = List.of("date", "freq", "new", "user", "recommended");
  static final List<String> PERIODS = List.of("24h", "7d", "14d", "30d", "90d");

  /** Where the caller's query appears in results (it may have been copied from Sentry data). */
  static final String QUERY_SOURCE = "arguments.query";

  /** A query Sentry accepts, named in the error for a query it rejects (server text). */
  static final String EXAMPLE_QUERY = "is:unresolved level:error firstSeen:-24h";

  /** The columns of the table (the structured items have every column). */
  static final Set<String> TABLE_FIELDS =
      Set.of("shortId", "title", "status", "level", "issueCategory", "count", "userCount", "lastSeen");

  static final String DESCRIPTION = String.join("\n",
      "Search the issues (grouped errors and other problems) of a Sentry organization.",
      "",
      "Provide `query` in Sentry issue search syntax; it is sent to Sentry as given. A plain-language request is"
          + " translated into that syntax only when the server has a model for it (the result shows the query).",
      "",
      "Use this tool when you need to:",
      "- List the unresolved, new or most frequent issues of an organization or project",
      "- Find issues by level, assignee, release, environment or text",
      "",
      "Common query filters:",
      "- is:unresolved, is:resolved, is:ignored",
      "- level:error, level:warning",
      "- assigned:me, is:unassigned",
      "- firstSeen:-24h, lastSeen:-1h",
      "- environment:production, release:1.0.0",
      "",
      "For the events of one issue use search_issue_events; for one issue's details use get_issue_details.",
      "",
      "<examples>",
      "search_issues(organizationSlug='my-org', query='is:unresolved level:error', sort='freq')",
      "search_issues(organizationSlug='my-org', projectSlugOrId='backend', query='is:unresolved firstSeen:-24h',"
          + " period='24h')",
      "</examples>",
      "",
      "<hints>",
      "- sort: date (last seen, default), freq (events), new (first seen), user (users), recommended.",
      "- period limits the issues' activity to the last 24h, 7d, 14d, 30d (default) or 90d.",
      "- projectSlugOrId takes a project slug or numeric id; without it every project is searched.",
      "- Pass nextCursor as cursor to get the next page.",
      "</hints>");

  static final Columns<SentryJson> ISSUES = Columns.<SentryJson>builder()
      .column("Issue", "shortId", string("Short id, e.g. PROJECT-1A (pass as issueId)."),
          i -> i.get("shortId").nonEmptyText())
      .column("ID", "id", string("Numeric issue id."), i -> i.get("id").nonEmptyText())
      .column("Title", "title", nullableString("Issue title."), i -> truncated(i.get("title")))
      .column("Project", "project", nullableString("Project slug."), i -> i.path("project", "slug").nonEmptyText())
      .column("Status", "status", nullableString("unresolved, resolved or ignored."),
          i -> i.get("status").nonEmptyText())
      .column("Substatus", "substatus", nullableString("e.g. ongoing, new, regressed, escalating."),
          i -> i.get("substatus").nonEmptyText())
      .column("Level", "level", nullableString("fatal, error, warning, info or debug."),
          i -> i.get("level").nonEmptyText())
      .column("Category", "issueCategory", nullableString("Issue category, e.g. error, performance, feedback."),
          i -> i.get("issueCategory").nonEmptyText())
      .count("Events", "count", "Number of events.", i -> i.get("count").asLong())
      .count("Users", "userCount", "Number of users affected.", i -> i.get("userCount").asLong())
      .timestamp("First Seen", "firstSeen", "First event (ISO-8601).", i -> i.get("firstSeen"))
      .timestamp("Last Seen", "lastSeen", "Latest event (ISO-8601).", i -> i.get("lastSeen"))
      .column("Link", "permalink", nullableString("The issue in Sentry's web UI."),
          i -> i.get("permalink").nonEmptyText())
      .skipItemsWithout("shortId")
      .build();

  static final Map<String, Object> OUTPUT_SCHEMA = root(concat(concat(
      new Object[] {"issues", ISSUES.arraySchema("The issues on this page.")}, Paging.outputProps()),
      "translation", Translations.SCHEMA));

  private final @Nullable Translator translator;

  static final ToolSpec SPEC = ToolSpec.builder("search_issues", "Search issues", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .string("query", "Sentry issue search query, e.g. 'is:unresolved level:error'. Sent to Sentry as given."
              + " Default: is:unresolved; an empty query matches every issue.")
          .nullable().maxLength(1000).defaultValue(DEFAULT_QUERY).add()
          .string("sort", "Sort order: date, freq, new, user or recommended. Default: date.")
          .nullable().enumValues(SORTS).defaultValue(DEFAULT_SORT).add()
          .string("projectSlugOrId", "Only issues of this project: its slug or numeric id (find_projects lists"
              + " them). Default: every project.")
          .nullable().minLength(1).check(Params::slugOrIdProblem).add()
          .add(Params.regionUrl())
          .integer("limit", "Maximum number of issues to return (1-100, default: 10).")
          .minimum(1).maximum(100).defaultValue((long) DEFAULT_LIMIT).add()
          .string("period", "Time range of the issues' activity: 24h, 7d, 14d, 30d or 90d. Default: 30d.")
          .nullable().enumValues(PERIODS).defaultValue(DEFAULT_PERIOD).add()
          .bool("includeExplanation", "Include a note on how the query was interpreted.")
          .defaultValue(false).add()
          .add(Params.cursor())
          .build())
      .output(OUTPUT_SCHEMA)
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.EVENT_READ)
      .skills(Skill.INSPECT, Skill.TRIAGE, Skill.SEER)
      .build();

  SearchIssuesTool(ToolEnvironment env) {
    super(env, SPEC);
    this.translator = Translator.of(env.translation());
  }

  @Override
  public Duration timeout(Duration configured) {
    return translator == null ? configured : configured.plus(translator.timeLimit());
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String org = args.requireString("organizationSlug");
    String query = args.nonBlank("query");
    String sort = orDefault(args.nonBlank("sort"), DEFAULT_SORT);
    String period = orDefault(args.nonBlank("period"), DEFAULT_PERIOD);
    int limit = args.intValue("limit", DEFAULT_LIMIT);
    String project = args.nonBlank("projectSlugOrId");
    boolean natural = query != null && QueryText.looksNatural(query);
    Translator tr = translator;
    if (natural && tr == null) {
      throw Translator.notConfigured(EXAMPLE_QUERY);
    }
    SentryApiClient api = call.api(args);

    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", org);
    Long projectId = null;
    if (project != null) {
      used.put("projectSlugOrId", project);
      if (project.chars().allMatch(c -> c >= '0' && c <= '9')) {
        projectId = Long.parseLong(project);
      } else {
        SentryJson p = NotFoundHints.withHint(used, call.constraints(), () -> api.get(
            ApiPath.of("/projects/{org}/{project}/", org, project)).jsonObject("project"));
        projectId = p.get("id").requireLong("the project's id");
        call.checkCancelled();
      }
    }

    Translator.Translation translation = null;
    if (natural && tr != null && query != null) {
      translation = tr.issues(call, api, org, projectId, query, SORTS, args.given("sort") ? sort : null,
          EXAMPLE_QUERY);
      query = translation.query().isEmpty() ? null : translation.query();
      if (translation.sort() != null) {
        sort = translation.sort();
      }
      call.checkCancelled();
    }
    Query q = Query.create().add("limit", limit).add("sort", sort).add("statsPeriod", period)
        .add("query", query);
    if (projectId != null) {
      q.add("project", projectId);
    }
    q.add("collapse", "unhandled").add("cursor", args.nonBlank("cursor"));
    Paging.Page page;
    try {
      page = NotFoundHints.withHint(used, call.constraints(), () -> Paging.fetch(api,
          ApiPath.of("/organizations/{org}/issues/", org), q, "issues", TrustClass.UNTRUSTED_EXTERNAL));
    } catch (ApiException e) {
      if (e.status() != 400) {
        throw e;
      }
      List<Untrusted> details = new ArrayList<>();
      if (translation != null) {
        details.add(translation.queryData());
      }
      details.addAll(e.details());
      throw new ApiException(ErrorKind.INVALID_INPUT, 400, e.endpoint(),
          "Sentry rejected the issue search (HTTP 400); its explanation follows. Fix the query, sort or"
              + " projectSlugOrId and retry. Queries use Sentry's issue search syntax, e.g. query='"
              + EXAMPLE_QUERY + "'." + (translation == null ? "" : " The query was translated from natural"
                  + " language (it is the first detail); writing it in Sentry search syntax avoids the"
                  + " translation."),
          details, e.retryAfter(), e);
    }

    ToolResult.Builder doc = ToolResult.builder().heading(1, "Issues in " + org);
    if (translation != null) {
      Translations.describe(doc, translation, args.bool("includeExplanation", false));
    } else if (args.bool("includeExplanation", false)) {
      doc.paragraph(Rendering.noAiNote(""));
    }
    String search = "sort " + sort + ", last " + period;
    if (translation != null) {
      doc.fieldText("Search", search);
    } else if (query == null) {
      doc.fieldText("Search", "any issue, " + search);
    } else {
      doc.field("Search", Inline.data(Untrusted.of(query, QUERY_SOURCE, TrustClass.UNTRUSTED_EXTERNAL)),
          Inline.text(", " + search));
    }
    int rows = ISSUES.table(doc, page.items(), "No issues found. Try a broader query or a longer period.",
        TABLE_FIELDS);
    if (rows > 0) {
      doc.paragraph(Inline.text("Details: "), Inline.code("get_issue_details"),
          Inline.text(" with an Issue as issueId."));
    }
    Paging.append(doc, page, "issues");
    doc.structured(Paging.put(Structured.object().put("issues", ISSUES.structured(page.items())), page)
        .put("translation", Translations.structured(translation)).build());
    return doc.build();
  }

  private static String orDefault(@Nullable String value, String fallback) {
    return value == null ? fallback : value;
  }

  private static @Nullable Untrusted truncated(SentryJson value) {
    Untrusted t = value.nonEmptyText();
    return t == null ? null : t.truncate(200);
  }
}
