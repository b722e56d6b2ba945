package io.github.sentrymcp.core.internal.tools.alerts;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.leaf;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.object;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;

import io.github.sentrymcp.api.ApiException;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SessionConstraints;
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
import io.github.sentrymcp.core.internal.tools.Columns;
import io.github.sentrymcp.core.internal.tools.MetricMonitors;
import io.github.sentrymcp.core.internal.tools.NotFoundHints;
import io.github.sentrymcp.core.internal.tools.Paging;
import io.github.sentrymcp.core.internal.tools.Rendering;
import io.github.sentrymcp.core.internal.tools.WebLinks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What the alert tools share: the two rule families and their Sentry endpoints, rule parsing, the summary columns and
 * the humanised rendering of a rule's conditions, filters, actions and triggers.
 *
 * <p>Issue alert rules are Alerts (workflows, {@code GET /organizations/{org}/workflows/}), organization-wide or
 * filtered by project, with or without connected sources. Metric alert rules are Metric Monitors (detectors of type
 * {@code metric_issue}, read through the kit's {@link MetricMonitors}); their {@code id} is the legacy alert-rule id
 * when the detector has one ({@code alertRuleId}), else {@code detector:<monitorId>}. A legacy id is mapped to its
 * monitor with {@code GET /organizations/{org}/alert-rule-detector/?alert_rule_id=}.
 *
 * <p>Every value read from Sentry stays {@link Untrusted}. Component types and detail keys that Sentry documents are
 * shown under server-written labels (matched with {@code contentEquals}); anything else is shown as data.
 */
final class AlertRules {
  private AlertRules() {}

  /** Sentry-written rule data: names, queries and configurations typed by organization members. */
  static final TrustClass TRUST = TrustClass.UNTRUSTED_AUTHENTICATED;

  /** A numeric rule id. */
  static final Pattern NUMERIC_ID = Pattern.compile("\\d{1,20}");

  /** At most this many component groups, and conditions or actions within one, are shown. */
  static final int MAX_COMPONENTS = 5;

  /** Longest JSON text shown for one nested detail value. */
  static final int MAX_DETAIL_JSON = 400;

  /** Issue alert rule UI path (the id follows). */
  static final String ISSUE_RULE_WEB_PATH = "/monitors/alerts/";

  /** The alert rule families of the {@code kind} parameter. */
  enum Kind {
    ALL, ISSUE, METRIC;

    static Kind of(Args args) {
      String k = args.nonBlank("kind");
      return k == null ? ALL : valueOf(k.toUpperCase(Locale.ROOT));
    }
  }

  /** {@code kind}: all (default), issue or metric. */
  static InputSchema.Param kindParam(String description) {
    return InputSchema.builder().string("kind", description)
        .enumValues(List.of("all", "issue", "metric")).defaultValue("all").param();
  }

  /**
   * The project a call is about: the argument unless it is the literal {@code all} (exact lower case; any other
   * casing is a real slug). A constrained session's project has already replaced the argument.
   */
  static @Nullable String project(Args args) {
    String p = args.nonBlank("projectSlug");
    return p == null || p.equals("all") ? null : p;
  }

  /** Sentry's workflow name search for a substring: {@code name:"*<q>*"}, backslashes and quotes escaped. */
  static String workflowNameQuery(String query) {
    return "name:\"*" + query.replace("\\", "\\\\").replace("\"", "\\\"") + "*\"";
  }

  /** {@code name:<JSON string of value>}: the detector search for a name (exact, or {@code *text*}). */
  static String detectorNameQuery(String value) {
    StringBuilder b = new StringBuilder("name:\"");
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      switch (ch) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          if (ch < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
          } else {
            b.append(ch);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /**
   * Rules of one family, at most the requested number.
   *
   * @param nextCursor the cursor of the following page when Sentry has one we can hand back
   * @param hasMore whether Sentry reported a following page
   */
  record RulePage(List<SentryJson> rules, @Nullable Untrusted nextCursor, boolean hasMore) {
    RulePage {
      rules = List.copyOf(rules);
    }
  }

  // ---------------------------------------------------------------------------------------------- requests

  /**
   * One page of Alerts (workflows), newest first: {@code GET /organizations/{org}/workflows/?sortBy=-id
   * [&projectSlug][&query=name:"*q*"][&cursor]&per_page=limit}, organization-wide without a project. Every workflow
   * is an Alert, with or without connected sources. When Sentry sends more than asked, the rest is dropped and no
   * cursor is returned (as the reference does).
   */
  static RulePage issueRules(SentryApiClient client, String org, @Nullable String project, @Nullable String query,
      @Nullable String cursor, int limit, SessionConstraints constraints) {
    Query q = Query.create().add("sortBy", "-id").add("projectSlug", project)
        .add("query", query == null ? null : workflowNameQuery(query))
        .add("cursor", cursor).add("per_page", limit);
    Paging.Page page = NotFoundHints.withHint(used(org, project), constraints,
        () -> Paging.fetch(client, ApiPath.of("/organizations/{org}/workflows/", org), q, "workflows", TRUST));
    List<SentryJson> rules = page.items().stream().filter(SentryJson::isObject).toList();
    if (rules.size() > limit) {
      return new RulePage(rules.subList(0, limit), null, false);
    }
    return new RulePage(rules, page.nextCursor(), page.hasMore());
  }

  /**
   * One Alert by id: with a project, first {@code GET /projects/{org}/{project}/} and {@code GET
   * /organizations/{org}/workflows/{id}/project-scope/} (the list's id filter would override the project filter); an
   * Alert that affects neither all projects nor that one is taken as not found. Then {@code GET
   * /organizations/{org}/workflows/{id}/}; null when Sentry answers 404.
   *
   * @param id a numeric id: the validated argument or an id Sentry returned
   */
  static @Nullable IssueRule issueRule(SentryApiClient client, String org, @Nullable String project, Object id,
      SessionConstraints constraints) {
    Scope scope = null;
    Untrusted projectId = null;
    if (project != null) {
      projectId = MetricMonitors.projectId(client, org, project, constraints);
      scope = scope(client, org, id);
      if (scope == null || !scope.covers(projectId)) {
        return null;
      }
    }
    try {
      SentryJson rule = client.get(ApiPath.of("/organizations/{org}/workflows/{ruleId}/", org, id))
          .jsonObject("workflow", TRUST);
      return new IssueRule(rule, scope, projectId);
    } catch (ApiException e) {
      if (e.status() == 404) {
        return null;
      }
      throw e;
    }
  }

  /** An Alert and, when a project was checked, its project scope and that project's id. */
  record IssueRule(SentryJson rule, @Nullable Scope scope, @Nullable Untrusted projectId) {}

  /**
   * The projects an Alert affects ({@code GET .../workflows/{id}/project-scope/}); null when Sentry answers 404.
   * Only an explicit {@code includesAllProjects: true} counts as all projects.
   */
  record Scope(boolean includesAllProjects, List<Untrusted> projectIds) {
    boolean covers(Untrusted projectId) {
      return includesAllProjects || projectIds.stream().anyMatch(p -> p.sameText(projectId));
    }
  }

  static @Nullable Scope scope(SentryApiClient client, String org, Object id) {
    SentryJson s;
    try {
      s = client.get(ApiPath.of("/organizations/{org}/workflows/{ruleId}/project-scope/", org, id))
          .jsonObject("projectScope", TRUST);
    } catch (ApiException e) {
      if (e.status() == 404) {
        return null;
      }
      throw e;
    }
    return new Scope(s.get("includesAllProjects").asBoolean().orElse(Boolean.FALSE),
        MetricMonitors.ids(s.get("projectIds")));
  }

  /**
   * One page of metric rules, read from Metric Monitors: with a project, first {@code GET /projects/{org}/{project}/}
   * for its id; then {@link MetricMonitors#list} with {@code query=name:"*q*"} for a name search. Detectors of
   * another type or project are left out.
   */
  static RulePage metricRules(SentryApiClient client, String org, @Nullable String project, @Nullable String query,
      @Nullable String cursor, int limit, SessionConstraints constraints) {
    Untrusted projectId = project == null ? null : MetricMonitors.projectId(client, org, project, constraints);
    Paging.Page page = MetricMonitors.list(client, org, projectId,
        query == null ? null : detectorNameQuery("*" + query + "*"), cursor, limit, constraints);
    List<SentryJson> rules = page.items().stream().filter(m -> MetricMonitors.listed(m, projectId)).toList();
    return new RulePage(rules, page.nextCursor(), page.hasMore());
  }

  /**
   * The Metric Monitors named exactly {@code name} (ignoring case): one search of up to {@value #NAME_SEARCH_LIMIT};
   * a search with a further page is refused as incomplete.
   */
  static List<SentryJson> metricRulesNamed(SentryApiClient client, String org, @Nullable String project, String name,
      SessionConstraints constraints) {
    Untrusted projectId = project == null ? null : MetricMonitors.projectId(client, org, project, constraints);
    Paging.Page page = MetricMonitors.list(client, org, projectId, detectorNameQuery(name), null, NAME_SEARCH_LIMIT,
        constraints);
    if (page.hasMore()) {
      throw SentryMcpException.invalidInput("The Metric Monitor name search is incomplete. find_metric_monitors"
          + " lists the monitors; retry with get_metric_monitor_details and a monitor ID.");
    }
    return page.items().stream()
        .filter(m -> MetricMonitors.listed(m, projectId) && nameEqualsIgnoreCase(m, name)).toList();
  }

  /**
   * The Alerts named exactly {@code name} (ignoring case): one workflow search of up to {@value #NAME_SEARCH_LIMIT};
   * a search with a further page is refused as incomplete.
   */
  static List<SentryJson> issueRulesNamed(SentryApiClient client, String org, @Nullable String project, String name,
      SessionConstraints constraints) {
    RulePage page = issueRules(client, org, project, name, null, NAME_SEARCH_LIMIT, constraints);
    if (page.hasMore()) {
      throw SentryMcpException.invalidInput("The Alert name search is incomplete. find_alert_rules lists the"
          + " Alerts; retry with the numeric ID and an explicit kind.");
    }
    return page.rules().stream().filter(r -> nameEqualsIgnoreCase(r, name)).toList();
  }

  /** Rules fetched per family when resolving a name. */
  static final int NAME_SEARCH_LIMIT = 100;

  /**
   * The Metric Monitor of a legacy metric alert rule: {@code GET /organizations/{org}/alert-rule-detector/
   * ?alert_rule_id=}. A 404 or 410 is invalid input (the legacy id is never taken for a monitor id).
   */
  static String monitorOfLegacyRule(SentryApiClient client, String org, String legacyId,
      SessionConstraints constraints) {
    SentryJson mapping;
    try {
      mapping = NotFoundHints.withHint(Map.of("organizationSlug", org), constraints,
          () -> client.get(ApiPath.of("/organizations/{org}/alert-rule-detector/", org),
              Query.create().add("alert_rule_id", legacyId))).jsonObject("alertRuleDetector", TRUST);
    } catch (ApiException e) {
      if (e.status() == 404 || e.status() == 410) {
        throw SentryMcpException.invalidInput("The legacy metric alert ID could not be mapped to a Metric Monitor."
            + " find_metric_monitors lists the monitors; get_metric_monitor_details takes their IDs.");
      }
      throw e;
    }
    OptionalLong detector = mapping.get("detectorId").asLong();
    if (detector.isEmpty()) {
      throw mapping.malformed("the mapping has no numeric detectorId");
    }
    return String.valueOf(detector.getAsLong());
  }

  private static Map<String, String> used(String org, @Nullable String project) {
    return project == null ? Map.of("organizationSlug", org)
        : Map.of("organizationSlug", org, "projectSlug", project);
  }

  /** Whether the rule's name equals {@code name} ignoring case. */
  static boolean nameEqualsIgnoreCase(SentryJson rule, String name) {
    Untrusted n = rule.get("name").text();
    return n != null && n.matches(Pattern.compile(Pattern.quote(name), Pattern.CASE_INSENSITIVE
        | Pattern.UNICODE_CASE));
  }

  // ---------------------------------------------------------------------------------------------- parsing

  /** An issue rule's status: {@code status}, else {@code enabled} as enabled/disabled; null when neither. */
  static @Nullable Untrusted issueStatus(SentryJson rule) {
    Untrusted s = rule.get("status").nonEmptyText();
    if (s != null) {
      return s;
    }
    return rule.get("enabled").asBoolean()
        .map(b -> Untrusted.of(b ? "enabled" : "disabled", rule.get("enabled").source(), TRUST))
        .orElse(null);
  }

  /** An issue rule's frequency in minutes: {@code frequency}, else {@code config.frequency}. */
  static OptionalLong frequency(SentryJson rule) {
    OptionalLong f = rule.get("frequency").asLong();
    return f.isPresent() ? f : rule.path("config", "frequency").asLong();
  }

  /** The owner: a string (e.g. {@code team:1}) or an actor object's name, email, username or id. */
  static @Nullable Untrusted owner(SentryJson v) {
    if (v.isText()) {
      return v.nonEmptyText();
    }
    if (!v.isObject()) {
      return null;
    }
    for (String field : List.of("name", "email", "username", "id")) {
      Untrusted t = v.get(field).nonEmptyText();
      if (t != null && !t.isBlank()) {
        return t;
      }
    }
    return null;
  }

  /** Text of a value that may be blank: null when blank. */
  static @Nullable Untrusted nonBlank(SentryJson v) {
    Untrusted t = v.text();
    return t == null || t.isBlank() ? null : t;
  }

  // ---------------------------------------------------------------------------------------------- columns

  /** The summary columns of an issue alert rule (find_alert_rules' issueRules items). */
  static Columns<SentryJson> issueColumns(@Nullable WebLinks links, String org) {
    return Columns.<SentryJson>builder()
        .column("ID", "id", string("Rule id (pass as ruleIdOrName with kind='issue')."),
            r -> r.get("id").nonEmptyText())
        .column("Name", "name", string("Rule name."), r -> r.get("name").nonEmptyText())
        .column("Status", "status", nullableString("Rule status (e.g. active, disabled)."), AlertRules::issueStatus)
        .column("Action Match", "actionMatch", nullableString("How triggers combine (all, any, none)."),
            r -> r.get("actionMatch").nonEmptyText())
        .column("Filter Match", "filterMatch", nullableString("How filters combine (all, any, none)."),
            r -> r.get("filterMatch").nonEmptyText())
        .count("Frequency (min)", "frequencyMinutes", "Minimum minutes between notifications for one issue.",
            AlertRules::frequency)
        .column("Environment", "environment", nullableString("Environment the rule is limited to."),
            r -> nonBlank(r.get("environment")))
        .column("Owner", "owner", nullableString("Owning team or user."), r -> owner(r.get("owner")))
        .timestamp("Created", "dateCreated", "When the rule was created (ISO-8601).", r -> r.get("dateCreated"))
        .timestamp("Updated", "dateUpdated", "When the rule was last changed (ISO-8601).", r -> r.get("dateUpdated"))
        .timestamp("Last Triggered", "lastTriggered", "When the rule last fired (ISO-8601).",
            r -> r.get("lastTriggered"))
        .column("URL", "webUrl", nullableString("The rule in Sentry's UI."), r -> webUrl(links, org, r))
        .displayOrder("Name", "ID", "Status", "Environment", "Owner", "Frequency (min)", "Last Triggered")
        .skipItemsWithout("id")
        .build();
  }

  /** The properties of a metric rule (find_alert_rules' metricRules items): a Metric Monitor's summary. */
  static Map<String, Object> metricRuleSchema() {
    return object(
        "id", string("Legacy alert-rule ID when the monitor has one, else detector:<monitorId>; pass as ruleIdOrName"
            + " with kind='metric'."),
        "monitorId", string("Native Metric Monitor ID (get_metric_monitor_details)."),
        "projectId", nullableString("Numeric id of the monitor's project."),
        "enabled", leaf(List.of("boolean", "null"), "Whether the monitor evaluates data."),
        "name", nullableString("Monitor name."),
        "status", nullableString("enabled or disabled (monitoring state, not a legacy alert status)."),
        "dataset", nullableString("Dataset queried (e.g. events)."),
        "aggregate", nullableString("Aggregate measured (e.g. count())."),
        "query", nullableString("Event filter of the monitor."),
        "timeWindowMinutes", leaf(List.of("number", "null"), "Evaluation window in minutes."),
        "environment", nullableString("Environment the monitor is limited to."),
        "owner", nullableString("Owning team or user."),
        "dateCreated", nullableString("When the monitor was created (ISO-8601)."),
        "webUrl", nullableString("The monitor in Sentry's UI."));
  }

  /** The headers of find_alert_rules' metric table. */
  static final List<String> METRIC_HEADERS = List.of("Name", "ID", "Monitor ID", "Status", "Aggregate", "Query",
      "Window (min)", "Environment");

  /** A Metric Monitor as a metric rule: its structured item and its table row; null without a numeric id. */
  record MetricRule(Structured.Obj item, List<Inline> row) {}

  static @Nullable MetricRule metricRule(SentryJson m, String org, WebLinks links) {
    OptionalLong monitorId = m.get("id").asLong();
    if (monitorId.isEmpty()) {
      return null;
    }
    String monitor = String.valueOf(monitorId.getAsLong());
    OptionalLong legacy = m.get("alertRuleId").asLong();
    String id = legacy.isPresent() ? String.valueOf(legacy.getAsLong()) : "detector:" + monitor;
    Boolean enabled = m.get("enabled").asBoolean().orElse(null);
    String status = enabled == null ? null : enabled ? "enabled" : "disabled";
    SentryJson q = null;
    for (SentryJson source : m.get("dataSources").items()) {
      q = MetricMonitors.snubaQuery(source);
      if (q != null) {
        break;
      }
    }
    Untrusted dataset = q == null ? null : q.get("dataset").nonEmptyText();
    Untrusted aggregate = q == null ? null : q.get("aggregate").nonEmptyText();
    Untrusted query = q == null ? null : nonBlank(q.get("query"));
    Untrusted environment = q == null ? null : nonBlank(q.get("environment"));
    Number window = null;
    if (q != null && q.get("timeWindow").asLong().isPresent()) {
      long seconds = q.get("timeWindow").asLong().getAsLong();
      window = seconds % 60 == 0 ? (Number) (seconds / 60) : (Number) (seconds / 60.0);
    }
    Untrusted owner = MetricMonitors.owner(m.get("owner"));
    Untrusted webUrl = links.uptimeMonitor(org, Untrusted.of(monitor, m.get("id").source(), TRUST));
    Structured.Obj item = Structured.object()
        .putText("id", id)
        .putText("monitorId", monitor)
        .put("projectId", MetricMonitors.id(m.get("projectId")))
        .put("enabled", enabled == null ? Structured.NULL : Structured.of(enabled))
        .put("name", m.get("name").nonEmptyText())
        .putText("status", status)
        .put("dataset", dataset)
        .put("aggregate", aggregate)
        .put("query", query)
        .put("timeWindowMinutes", window)
        .put("environment", environment)
        .put("owner", owner)
        .putText("dateCreated", Rendering.isoTimestamp(m.get("dateCreated")))
        .put("webUrl", webUrl)
        .build();
    List<Inline> row = List.of(
        Rendering.cell(m.get("name").nonEmptyText()),
        Inline.text(id),
        Inline.text(monitor),
        Inline.text(status == null ? "-" : status),
        Rendering.cell(aggregate),
        Rendering.cell(query),
        Inline.text(window == null ? "-" : MetricMonitors.format(window)),
        Rendering.cell(environment));
    return new MetricRule(item, row);
  }

  /** An Alert's UI link; null when its id is not numeric (or without links: columns built for the schema). */
  static @Nullable Untrusted webUrl(@Nullable WebLinks links, String org, SentryJson rule) {
    Untrusted id = rule.get("id").nonEmptyText();
    if (links == null || id == null || !id.matches(NUMERIC_ID)) {
      return null;
    }
    return links.resource(org, ISSUE_RULE_WEB_PATH, id);
  }

  // ---------------------------------------------------------------------------------------------- details

  /**
   * An Alert in full: its facts and project scope (when read), then Conditions, Filters, Actions, Triggers and Action
   * Filters.
   */
  static void renderIssueRule(ToolResult.Builder doc, SentryJson rule, @Nullable String project, WebLinks links,
      String org, @Nullable Scope scope, @Nullable Untrusted constrainedProjectId) {
    doc.heading(2, "Issue Alert Rule");
    doc.field("Name", rule.get("name").nonEmptyText());
    doc.field("ID", rule.get("id").nonEmptyText());
    if (project != null) {
      doc.fieldText("Project", project);
    }
    doc.field("Status", issueStatus(rule));
    doc.field("Action Match", rule.get("actionMatch").nonEmptyText());
    doc.field("Filter Match", rule.get("filterMatch").nonEmptyText());
    OptionalLong f = frequency(rule);
    if (f.isPresent()) {
      doc.fieldText("Frequency", f.getAsLong() + " minutes");
    }
    doc.field("Environment", nonBlank(rule.get("environment")));
    doc.field("Owner", owner(rule.get("owner")));
    Rendering.timestampField(doc, "Created", rule.get("dateCreated"));
    Rendering.timestampField(doc, "Updated", rule.get("dateUpdated"));
    Rendering.timestampField(doc, "Last Triggered", rule.get("lastTriggered"));
    doc.field("URL", webUrl(links, org, rule));
    if (scope != null) {
      renderScope(doc, scope, constrainedProjectId);
    }
    components(doc, "Conditions", "Condition", rule.get("conditions").items());
    components(doc, "Filters", "Filter", rule.get("filters").items());
    components(doc, "Actions", "Action", rule.get("actions").items());
    SentryJson triggers = rule.get("triggers");
    components(doc, "Triggers", "Trigger", triggers.isObject() ? List.of(triggers) : List.of());
    components(doc, "Action Filters", "Action Filter", rule.get("actionFilters").items());
  }

  /** At most this many connected sources (monitors) of an Alert are fetched and shown. */
  static final int MAX_SOURCES = 10;

  /**
   * An Alert's project scope: all projects, or the ids of the projects it affects. In a session constrained to a
   * project only that project's id is shown, with the count of the others.
   */
  static void renderScope(ToolResult.Builder doc, Scope scope, @Nullable Untrusted constrainedProjectId) {
    if (scope.includesAllProjects()) {
      doc.fieldText("Project Scope", "all projects");
      return;
    }
    List<Untrusted> shown = constrainedProjectId == null ? scope.projectIds()
        : scope.projectIds().stream().filter(p -> p.sameText(constrainedProjectId)).toList();
    List<Inline> parts = new ArrayList<>();
    for (Untrusted p : shown) {
      if (!parts.isEmpty()) {
        parts.add(Inline.text(", "));
      }
      parts.add(Inline.data(p));
    }
    if (parts.isEmpty()) {
      parts.add(Inline.text("no project"));
    }
    int outside = scope.projectIds().size() - shown.size();
    if (constrainedProjectId != null && outside > 0) {
      parts.add(Inline.text(" (and " + outside + " project(s) outside this session's project)"));
    }
    doc.field("Project Scope", parts.toArray(Inline[]::new));
  }

  /**
   * An Alert's connected sources ({@code detectorIds}), each read with {@code GET
   * /organizations/{org}/detectors/{id}/} (at most {@value #MAX_SOURCES}): available, unavailable (404 or 403), or
   * outside the session's project (its details are not shown).
   */
  static void renderSources(ToolResult.Builder doc, SentryApiClient client, String org, SentryJson rule,
      @Nullable Untrusted constrainedProjectId, Runnable checkCancelled) {
    List<Long> ids = new ArrayList<>();
    for (SentryJson v : rule.get("detectorIds").items()) {
      v.asLong().ifPresent(ids::add);
    }
    doc.heading(3, "Sources");
    if (ids.isEmpty()) {
      doc.paragraph("No connected sources.");
      return;
    }
    List<List<Inline>> rows = new ArrayList<>();
    for (long id : ids.subList(0, Math.min(MAX_SOURCES, ids.size()))) {
      checkCancelled.run();
      String sid = String.valueOf(id);
      SentryJson d;
      try {
        d = client.get(ApiPath.of("/organizations/{org}/detectors/{id}/", org, sid)).jsonObject("detector", TRUST);
      } catch (ApiException e) {
        if (e.status() != 404 && e.status() != 403) {
          throw e;
        }
        rows.add(List.of(Inline.text(sid), Inline.text("unavailable (not found or not accessible)"),
            Inline.text("-"), Inline.text("-"), Inline.text("-"), Inline.text("-")));
        continue;
      }
      Untrusted project = MetricMonitors.id(d.get("projectId"));
      if (constrainedProjectId != null && project != null && !project.sameText(constrainedProjectId)) {
        rows.add(List.of(Inline.text(sid), Inline.text("outside this session's project"), Inline.text("-"),
            Inline.text("-"), Inline.text("-"), Inline.text("-")));
        continue;
      }
      Boolean enabled = d.get("enabled").asBoolean().orElse(null);
      rows.add(List.of(Inline.text(sid), Inline.text("available"), Rendering.cell(d.get("name").nonEmptyText()),
          Rendering.cell(d.get("type").nonEmptyText()), Rendering.cell(project),
          Inline.text(enabled == null ? "-" : enabled ? "yes" : "no")));
    }
    doc.table(List.of("ID", "Status", "Name", "Type", "Project ID", "Enabled"), rows);
    if (ids.size() > MAX_SOURCES) {
      doc.paragraph("...and " + (ids.size() - MAX_SOURCES) + " more sources not read.");
    }
  }

  /**
   * A section of rule components (at most {@value #MAX_COMPONENTS}): per component its logic, its own details (a
   * threshold for triggers), its conditions and its actions, each a bullet.
   */
  static void components(ToolResult.Builder doc, String section, String singular, List<SentryJson> items) {
    List<SentryJson> objects = items.stream().filter(SentryJson::isObject).toList();
    if (objects.isEmpty()) {
      return;
    }
    doc.heading(3, section);
    List<List<Inline>> bullets = new ArrayList<>();
    for (SentryJson c : objects.subList(0, Math.min(MAX_COMPONENTS, objects.size()))) {
      int before = bullets.size();
      Untrusted logic = c.get("logicType").nonEmptyText();
      if (logic != null) {
        bullets.add(List.of(Inline.text("Logic: "), Inline.data(logic)));
      }
      List<Inline> own = singular.equals("Trigger") ? threshold(c) : List.of();
      if (own.isEmpty()) {
        // a typed component (a rule's condition, filter or action) shows its type; a group only its details
        own = c.get("type").nonEmptyText() != null ? component(c) : details(c, GROUP_SKIP);
      }
      if (!own.isEmpty()) {
        List<Inline> line = new ArrayList<>();
        line.add(Inline.text(singular + ": "));
        line.addAll(own);
        bullets.add(line);
      }
      nestedList(bullets, "Conditions", c.get("conditions").items());
      nestedList(bullets, "Actions", c.get("actions").items());
      if (bullets.size() == before) {
        bullets.add(component(c));
      }
    }
    if (objects.size() > MAX_COMPONENTS) {
      bullets.add(List.of(Inline.text("...and " + (objects.size() - MAX_COMPONENTS) + " more")));
    }
    doc.bullets(bullets);
  }

  private static void nestedList(List<List<Inline>> bullets, String label, List<SentryJson> items) {
    List<SentryJson> objects = items.stream().filter(SentryJson::isObject).toList();
    if (objects.isEmpty()) {
      return;
    }
    List<Inline> line = new ArrayList<>();
    line.add(Inline.text(label + ": "));
    for (int i = 0; i < Math.min(MAX_COMPONENTS, objects.size()); i++) {
      if (i > 0) {
        line.add(Inline.text("; "));
      }
      line.addAll(component(objects.get(i)));
    }
    bullets.add(line);
    if (objects.size() > MAX_COMPONENTS) {
      bullets.add(List.of(Inline.text("...and " + (objects.size() - MAX_COMPONENTS) + " more "
          + label.toLowerCase(Locale.ROOT))));
    }
  }

  /** A metric trigger's threshold: {@code <label> threshold: <n>; resolves below: <m>}; empty without one. */
  private static List<Inline> threshold(SentryJson c) {
    Untrusted threshold = c.get("alertThreshold").nonEmptyText();
    if (threshold == null) {
      return List.of();
    }
    List<Inline> out = new ArrayList<>();
    Untrusted label = c.get("label").nonEmptyText();
    if (label != null) {
      out.add(Inline.data(label));
      out.add(Inline.text(" threshold: "));
    } else {
      out.add(Inline.text("threshold: "));
    }
    out.add(Inline.data(threshold));
    Untrusted resolve = c.get("resolveThreshold").nonEmptyText();
    if (resolve != null) {
      out.add(Inline.text("; resolves below: "));
      out.add(Inline.data(resolve));
    }
    return out;
  }

  /** Keys never shown as a component's details. */
  private static final Set<String> COMPONENT_SKIP = Set.of("id", "type", "conditions", "actions");

  /** Keys never shown as a component group's details. */
  private static final Set<String> GROUP_SKIP = Set.of("id", "type", "logicType", "conditions", "actions");

  /** One component: its type's label, then its details in parentheses. */
  static List<Inline> component(SentryJson c) {
    List<Inline> out = new ArrayList<>();
    Untrusted type = c.get("type").nonEmptyText();
    String known = type == null ? null : knownLabel(type, KNOWN_TYPES);
    if (known != null) {
      out.add(Inline.text(known));
    } else if (type != null) {
      out.add(Inline.data(type));
    } else {
      out.add(Inline.text("Component"));
    }
    List<Inline> details = details(c, COMPONENT_SKIP);
    if (!details.isEmpty()) {
      out.add(Inline.text(" ("));
      out.addAll(details);
      out.add(Inline.text(")"));
    }
    return out;
  }

  /**
   * A component's details, {@code key: value} joined by commas; {@code config} is flattened into them, absent and
   * null values and a {@code targetDisplay} of {@code unknown} are left out.
   */
  static List<Inline> details(SentryJson c, Set<String> skip) {
    List<Inline> out = new ArrayList<>();
    for (SentryJson.Entry e : c.entries()) {
      if (skipKey(e.key(), skip) || e.value().isAbsent() || isNull(e.value())) {
        continue;
      }
      if (e.key().contentEquals("config") && e.value().isObject()) {
        for (SentryJson.Entry ce : e.value().entries()) {
          if (!isNull(ce.value())) {
            detail(out, ce.key(), ce.value());
          }
        }
        continue;
      }
      detail(out, e.key(), e.value());
    }
    return out;
  }

  private static boolean skipKey(Untrusted key, Set<String> skip) {
    for (String s : skip) {
      if (key.contentEquals(s)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isNull(SentryJson v) {
    return !v.isObject() && !v.isArray() && v.text() == null;
  }

  private static void detail(List<Inline> out, Untrusted key, SentryJson value) {
    Untrusted text = value.isObject() || value.isArray() ? value.asCompactJsonText() : value.text();
    if (text == null || text.isBlank()) {
      return;
    }
    if (key.contentEquals("targetDisplay") && text.contentEquals("unknown")) {
      return;
    }
    if (value.isObject() || value.isArray()) {
      if (value.size() == 0) {
        return;
      }
      text = text.truncate(MAX_DETAIL_JSON);
    }
    if (!out.isEmpty()) {
      out.add(Inline.text(", "));
    }
    String label = knownLabel(key, KNOWN_KEYS);
    if (label != null) {
      out.add(Inline.text(label + ": "));
    } else {
      out.add(Inline.data(key));
      out.add(Inline.text(": "));
    }
    out.add(Inline.data(text));
  }

  /** The server label of a documented identifier the Sentry value equals, or null. */
  private static @Nullable String knownLabel(Untrusted value, Map<String, String> known) {
    for (Map.Entry<String, String> e : known.entrySet()) {
      if (value.contentEquals(e.getKey())) {
        return e.getValue();
      }
    }
    return null;
  }

  /** Documented component keys and their labels. */
  private static final Map<String, String> KNOWN_KEYS = Map.ofEntries(
      Map.entry("name", "name"),
      Map.entry("comparison", "comparison"),
      Map.entry("comparisonType", "comparison type"),
      Map.entry("conditionResult", "result"),
      Map.entry("interval", "interval"),
      Map.entry("value", "value"),
      Map.entry("key", "key"),
      Map.entry("match", "match"),
      Map.entry("level", "level"),
      Map.entry("time", "time"),
      Map.entry("targetType", "target type"),
      Map.entry("targetIdentifier", "target"),
      Map.entry("targetDisplay", "target display"),
      Map.entry("target_type", "target type"),
      Map.entry("target_identifier", "target"),
      Map.entry("target_display", "target display"),
      Map.entry("fallthroughType", "fallthrough type"),
      Map.entry("integrationId", "integration id"),
      Map.entry("integration", "integration"),
      Map.entry("channel", "channel"),
      Map.entry("workspace", "workspace"),
      Map.entry("service", "service"),
      Map.entry("priority", "priority"),
      Map.entry("frequency", "frequency"),
      Map.entry("alertThreshold", "threshold"),
      Map.entry("resolveThreshold", "resolve threshold"),
      Map.entry("thresholdType", "threshold type"),
      Map.entry("label", "label"),
      Map.entry("filterMatch", "filter match"),
      Map.entry("actionMatch", "action match"),
      Map.entry("environment", "environment"));

  /** Documented workflow and rule component types and their labels. */
  private static final Map<String, String> KNOWN_TYPES = Map.ofEntries(
      Map.entry("first_seen_event", "First seen event"),
      Map.entry("regression_event", "Regression event"),
      Map.entry("reappeared_event", "Reappeared event"),
      Map.entry("every_event", "Every event"),
      Map.entry("existing_high_priority_issue", "Existing high priority issue"),
      Map.entry("new_high_priority_issue", "New high priority issue"),
      Map.entry("issue_resolved_trigger", "Issue resolved trigger"),
      Map.entry("event_frequency_count", "Event frequency count"),
      Map.entry("event_frequency_percent", "Event frequency percent"),
      Map.entry("event_unique_user_frequency_count", "Event unique user frequency count"),
      Map.entry("event_unique_user_frequency_percent", "Event unique user frequency percent"),
      Map.entry("percent_sessions_count", "Percent sessions count"),
      Map.entry("percent_sessions_percent", "Percent sessions percent"),
      Map.entry("age_comparison", "Age comparison"),
      Map.entry("issue_occurrences", "Issue occurrences"),
      Map.entry("assigned_to", "Assigned to"),
      Map.entry("issue_priority_greater_or_equal", "Issue priority greater or equal"),
      Map.entry("issue_priority_deescalating", "Issue priority deescalating"),
      Map.entry("issue_category", "Issue category"),
      Map.entry("tagged_event", "Tagged event"),
      Map.entry("event_attribute", "Event attribute"),
      Map.entry("level", "Level"),
      Map.entry("latest_release", "Latest release"),
      Map.entry("latest_adopted_release", "Latest adopted release"),
      Map.entry("email", "Email"),
      Map.entry("slack", "Slack"),
      Map.entry("msteams", "Msteams"),
      Map.entry("discord", "Discord"),
      Map.entry("pagerduty", "Pagerduty"),
      Map.entry("opsgenie", "Opsgenie"),
      Map.entry("jira", "Jira"),
      Map.entry("jira_server", "Jira server"),
      Map.entry("github", "Github"),
      Map.entry("github_enterprise", "Github enterprise"),
      Map.entry("gitlab", "Gitlab"),
      Map.entry("azure_devops", "Azure devops"),
      Map.entry("webhook", "Webhook"),
      Map.entry("sentry_app", "Sentry app"),
      Map.entry("plugin", "Plugin"));
}
