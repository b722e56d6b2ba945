package io.github.sentrymcp.core.internal.tools.alerts;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.array;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;

import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SessionConstraints;
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
import io.github.sentrymcp.core.internal.tools.Columns;
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
 * <p>Issue alert rules are read from the workflows endpoint ({@code GET /organizations/{org}/workflows/?projectSlug=}),
 * which answers with rule-shaped workflows; only workflows attached to at least one detector ({@code detectorIds})
 * are issue alert rules. Metric alert rules come from {@code GET /organizations/{org}/alert-rules/} (name search:
 * {@code GET /organizations/{org}/combined-rules/?alertType=alert_rule}).
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

  /** Metric alert rule UI path (the id follows). */
  static final String METRIC_RULE_WEB_PATH = "/issues/alerts/rules/details/";

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

  /** A workflow attached to at least one detector (the only workflows that are issue alert rules). */
  static boolean attached(SentryJson workflow) {
    return workflow.get("detectorIds").isArray() && workflow.get("detectorIds").size() > 0;
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
   * Issue alert rules of a project, newest first: pages of {@code GET /organizations/{org}/workflows/} until {@code
   * limit} attached workflows are collected or Sentry has no further page. When a page holds more attached
   * workflows than still fit, the rest of that page is dropped and no cursor is returned (as the reference does).
   */
  static RulePage issueRules(SentryApiClient client, String org, String project, @Nullable String query,
      @Nullable String cursor, int limit, SessionConstraints constraints) {
    List<SentryJson> rules = new ArrayList<>();
    Untrusted current = cursor == null ? null : Untrusted.of(cursor, "arguments.cursor", TRUST);
    Untrusted next = null;
    boolean more = false;
    do {
      Query q = Query.create().add("projectSlug", project).add("sortBy", "-id");
      if (query != null) {
        q.add("query", workflowNameQuery(query));
      }
      q.add("cursor", current).add("per_page", limit - rules.size());
      ApiResponse response = NotFoundHints.withHint(Map.of("organizationSlug", org, "projectSlug", project),
          constraints, () -> client.get(ApiPath.of("/organizations/{org}/workflows/", org), q));
      List<SentryJson> attached = new ArrayList<>();
      for (SentryJson w : response.jsonArray("workflows", TRUST).items()) {
        if (attached(w)) {
          attached.add(w);
        }
      }
      int remaining = limit - rules.size();
      if (attached.size() > remaining) {
        rules.addAll(attached.subList(0, remaining));
        next = null;
        more = false;
        break;
      }
      rules.addAll(attached);
      String raw = response.nextCursor();
      more = raw != null;
      next = raw == null ? null : Paging.usableCursor(raw);
      current = next;
    } while (rules.size() < limit && next != null);
    return new RulePage(rules, next, more);
  }

  /**
   * One issue alert rule by id: {@code GET /organizations/{org}/workflows/?projectSlug=&id=&per_page=1}; null when
   * no attached workflow has that id.
   */
  static @Nullable SentryJson issueRule(SentryApiClient client, String org, String project, String id,
      SessionConstraints constraints) {
    Query q = Query.create().add("projectSlug", project).add("id", id).add("per_page", 1);
    SentryJson list = NotFoundHints.withHint(Map.of("organizationSlug", org, "projectSlug", project), constraints,
        () -> client.get(ApiPath.of("/organizations/{org}/workflows/", org), q).jsonArray("workflow", TRUST));
    for (SentryJson w : list.items()) {
      if (attached(w)) {
        return w;
      }
    }
    return null;
  }

  /** {@link #issueRule(SentryApiClient, String, String, String, SessionConstraints)} with an id from Sentry. */
  static @Nullable SentryJson issueRule(SentryApiClient client, String org, String project, Untrusted id,
      SessionConstraints constraints) {
    Query q = Query.create().add("projectSlug", project).add("id", id).add("per_page", 1);
    SentryJson list = NotFoundHints.withHint(Map.of("organizationSlug", org, "projectSlug", project), constraints,
        () -> client.get(ApiPath.of("/organizations/{org}/workflows/", org), q).jsonArray("workflow", TRUST));
    for (SentryJson w : list.items()) {
      if (attached(w)) {
        return w;
      }
    }
    return null;
  }

  /**
   * One page of metric alert rules: with a project, first {@code GET /projects/{org}/{project}/} for its id; with a
   * name query {@code GET /organizations/{org}/combined-rules/?name=&alertType=alert_rule}, else {@code GET
   * /organizations/{org}/alert-rules/}.
   */
  static RulePage metricRules(SentryApiClient client, String org, @Nullable String project, @Nullable String query,
      @Nullable String cursor, int limit, SessionConstraints constraints) {
    Map<String, String> used = project == null
        ? Map.of("organizationSlug", org)
        : Map.of("organizationSlug", org, "projectSlug", project);
    Untrusted projectId = null;
    if (project != null) {
      SentryJson p = NotFoundHints.withHint(used, constraints,
          () -> client.get(ApiPath.of("/projects/{org}/{project}/", org, project)).jsonObject("project"));
      projectId = p.get("id").nonEmptyText();
      if (projectId == null) {
        throw p.malformed("the project has no id");
      }
    }
    Query q;
    ApiPath path;
    String source;
    if (query != null) {
      q = Query.create().add("name", query).add("alertType", "alert_rule").add("project", projectId)
          .add("cursor", cursor).add("per_page", limit);
      path = ApiPath.of("/organizations/{org}/combined-rules/", org);
      source = "combinedRules";
    } else {
      q = Query.create().add("cursor", cursor).add("per_page", limit).add("project", projectId);
      path = ApiPath.of("/organizations/{org}/alert-rules/", org);
      source = "alertRules";
    }
    Paging.Page page = NotFoundHints.withHint(used, constraints, () -> Paging.fetch(client, path, q, source, TRUST));
    return new RulePage(page.items(), page.nextCursor(), page.hasMore());
  }

  /** One metric alert rule: {@code GET /organizations/{org}/alert-rules/{id}/}. */
  static SentryJson metricRule(SentryApiClient client, String org, Object id, SessionConstraints constraints) {
    return NotFoundHints.withHint(Map.of("organizationSlug", org), constraints,
        () -> client.get(ApiPath.of("/organizations/{org}/alert-rules/{ruleId}/", org, id)).jsonObject("alertRule",
            TRUST));
  }

  /** Whether the metric rule's {@code projects} list names the project (exact slug). */
  static boolean metricRuleCovers(SentryJson rule, String project) {
    for (SentryJson p : rule.get("projects").items()) {
      Untrusted slug = p.text();
      if (slug != null && slug.contentEquals(project)) {
        return true;
      }
    }
    return false;
  }

  /** Refuses a metric rule outside the session's (or the requested) project. */
  static void requireMetricRuleIn(SentryJson rule, @Nullable String project) {
    if (project != null && !metricRuleCovers(rule, project)) {
      throw SentryMcpException.invalidInput("The metric alert rule is outside project " + project + ".");
    }
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

  /** The slugs of a metric rule's {@code projects}. */
  static List<Untrusted> projects(SentryJson rule) {
    List<Untrusted> out = new ArrayList<>();
    for (SentryJson p : rule.get("projects").items()) {
      Untrusted slug = p.nonEmptyText();
      if (slug != null) {
        out.add(slug);
      }
    }
    return out;
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
        .column("URL", "webUrl", nullableString("The rule in Sentry's UI."), r -> webUrl(links, org, r, true))
        .displayOrder("Name", "ID", "Status", "Environment", "Owner", "Frequency (min)", "Last Triggered")
        .skipItemsWithout("id")
        .build();
  }

  /** The summary columns of a metric alert rule (find_alert_rules' metricRules items). */
  static Columns<SentryJson> metricColumns(@Nullable WebLinks links, String org) {
    return Columns.<SentryJson>builder()
        .column("ID", "id", string("Rule id (pass as ruleIdOrName with kind='metric')."),
            r -> r.get("id").nonEmptyText())
        .column("Name", "name", string("Rule name."), r -> r.get("name").nonEmptyText())
        .column("Status", "status", nullableString("Rule status as Sentry reports it."),
            r -> r.get("status").nonEmptyText())
        .column("Dataset", "dataset", nullableString("Dataset queried (e.g. events, transactions)."),
            r -> r.get("dataset").nonEmptyText())
        .column("Aggregate", "aggregate", nullableString("Aggregate measured (e.g. count())."),
            r -> r.get("aggregate").nonEmptyText())
        .column("Query", "query", nullableString("Event filter of the rule."), r -> nonBlank(r.get("query")))
        .count("Window (min)", "timeWindowMinutes", "Time window in minutes.", r -> r.get("timeWindow").asLong())
        .list("Projects", "projects", array(string("Project slug."), "Projects the rule covers."),
            AlertRules::projects)
        .column("Environment", "environment", nullableString("Environment the rule is limited to."),
            r -> nonBlank(r.get("environment")))
        .column("Owner", "owner", nullableString("Owning team or user."), r -> owner(r.get("owner")))
        .timestamp("Created", "dateCreated", "When the rule was created (ISO-8601).", r -> r.get("dateCreated"))
        .column("URL", "webUrl", nullableString("The rule in Sentry's UI."), r -> webUrl(links, org, r, false))
        .displayOrder("Name", "ID", "Status", "Aggregate", "Query", "Window (min)", "Environment")
        .skipItemsWithout("id")
        .build();
  }

  /** The rule's UI link; null when its id is not numeric (or without links: columns built for the schema). */
  static @Nullable Untrusted webUrl(@Nullable WebLinks links, String org, SentryJson rule, boolean issue) {
    Untrusted id = rule.get("id").nonEmptyText();
    if (links == null || id == null || !id.matches(NUMERIC_ID)) {
      return null;
    }
    return links.resource(org, issue ? ISSUE_RULE_WEB_PATH : METRIC_RULE_WEB_PATH, id);
  }

  // ---------------------------------------------------------------------------------------------- details

  /** An issue alert rule in full: its facts, then Conditions, Filters, Actions, Triggers and Action Filters. */
  static void renderIssueRule(ToolResult.Builder doc, SentryJson rule, @Nullable String project, WebLinks links,
      String org) {
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
    doc.field("URL", webUrl(links, org, rule, true));
    components(doc, "Conditions", "Condition", rule.get("conditions").items());
    components(doc, "Filters", "Filter", rule.get("filters").items());
    components(doc, "Actions", "Action", rule.get("actions").items());
    SentryJson triggers = rule.get("triggers");
    components(doc, "Triggers", "Trigger", triggers.isObject() ? List.of(triggers) : List.of());
    components(doc, "Action Filters", "Action Filter", rule.get("actionFilters").items());
  }

  /** A metric alert rule in full: its facts, then its Triggers with their actions. */
  static void renderMetricRule(ToolResult.Builder doc, SentryJson rule, WebLinks links, String org) {
    doc.heading(2, "Metric Alert Rule");
    doc.field("Name", rule.get("name").nonEmptyText());
    doc.field("ID", rule.get("id").nonEmptyText());
    doc.field("Status", rule.get("status").nonEmptyText());
    doc.field("Dataset", rule.get("dataset").nonEmptyText());
    doc.field("Aggregate", rule.get("aggregate").nonEmptyText());
    doc.field("Query", nonBlank(rule.get("query")));
    OptionalLong window = rule.get("timeWindow").asLong();
    if (window.isPresent()) {
      doc.fieldText("Time Window", window.getAsLong() + " minutes");
    }
    List<Untrusted> projects = projects(rule);
    if (!projects.isEmpty()) {
      List<Inline> parts = new ArrayList<>();
      for (Untrusted p : projects) {
        if (!parts.isEmpty()) {
          parts.add(Inline.text(", "));
        }
        parts.add(Inline.data(p));
      }
      doc.field("Projects", parts.toArray(Inline[]::new));
    }
    doc.field("Environment", nonBlank(rule.get("environment")));
    doc.field("Owner", owner(rule.get("owner")));
    Rendering.timestampField(doc, "Created", rule.get("dateCreated"));
    doc.field("URL", webUrl(links, org, rule, false));
    components(doc, "Triggers", "Trigger", rule.get("triggers").items());
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
