package io.github.sentrymcp.core.internal.tools;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.array;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.leaf;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableInteger;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableObject;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.object;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;

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
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Metric Monitors (Sentry detectors), as the features that read them share them (the Metric Monitor tools and the
 * alert rule tools): the list page and the fetch that checks the detector's type and project before anything else is
 * done with it, the reading of a detector's query, and the monitor as markdown and structured content.
 *
 * <p>A Metric Monitor is a Sentry detector of type {@value #METRIC_ISSUE} ({@code /organizations/{org}/detectors/}).
 * Its query sits in {@code dataSources[].queryObj.snubaQuery} with the window in seconds ({@code timeWindow}); the
 * tools show it as {@code timeWindowSeconds}, the name the write tools take.
 */
public final class MetricMonitors {
  private MetricMonitors() {}

  public static final String METRIC_ISSUE = "metric_issue";

  public static final String SOURCE = "monitor";

  /** A native detector id: digits only, so no path syntax can reach a request. */
  public static final Pattern MONITOR_ID = Pattern.compile("\\d{1,20}");

  public static final TrustClass TRUST = TrustClass.UNTRUSTED_AUTHENTICATED;

  // ------------------------------------------------------------------ requests

  /** {@code GET /projects/{org}/{project}/}: the project's numeric id as Sentry gives it. */
  public static Untrusted projectId(SentryApiClient client, String org, String project, SessionConstraints constraints) {
    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", org);
    used.put("projectSlug", project);
    SentryJson p = NotFoundHints.withHint(used, constraints,
            () -> client.get(ApiPath.of("/projects/{org}/{project}/", org, project)))
        .jsonObject("project", TRUST);
    Untrusted id = p.get("id").nonEmptyText();
    if (id == null) {
      throw p.malformed("the project has no id");
    }
    return id;
  }

  /**
   * {@code GET /organizations/{org}/detectors/{monitorId}/}, then: the detector must be a Metric Monitor (else invalid
   * input), and when {@code project} is given (the session's constraint or the caller's) it must belong to that
   * project ({@code GET /projects/{org}/{project}/}; else permission denied). Nothing is written before this passed.
   */
  public static SentryJson fetchMonitor(SentryApiClient client, String org, String monitorId, @Nullable String project,
      SessionConstraints constraints) {
    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", org);
    used.put("monitorId", monitorId);
    SentryJson monitor = NotFoundHints.withHint(used, constraints,
            () -> client.get(ApiPath.of("/organizations/{org}/detectors/{monitorId}/", org, monitorId)))
        .jsonObject(SOURCE, TRUST);
    if (!monitor.get("type").textEquals(METRIC_ISSUE)) {
      throw SentryMcpException.invalidInput("The monitorId does not identify a Metric Monitor;"
          + " find_metric_monitors lists Metric Monitor IDs.");
    }
    if (project != null) {
      Untrusted expected = projectId(client, org, project, constraints);
      Untrusted actual = monitor.get("projectId").nonEmptyText();
      if (actual == null || !actual.sameText(expected)) {
        throw SentryMcpException.permissionDenied("The Metric Monitor is not in the project " + project
            + (project.equals(constraints.projectSlug()) ? " this session is constrained to" : "")
            + ". Nothing was changed.");
      }
    }
    return monitor;
  }

  /**
   * One page of Metric Monitors: {@code GET /organizations/{org}/detectors/?project=<projectId or -1>
   * &type=metric_issue[&query][&cursor]&per_page=limit}. Items are as Sentry sent them; {@link #listed} tells which
   * of them to show.
   */
  public static Paging.Page list(SentryApiClient client, String org, @Nullable Untrusted projectId,
      @Nullable String query, @Nullable String cursor, int limit, SessionConstraints constraints) {
    Query q = Query.create();
    if (projectId != null) {
      q.add("project", projectId);
    } else {
      q.add("project", "-1");
    }
    q.add("type", METRIC_ISSUE).add("query", query).add("cursor", cursor).add("per_page", limit);
    return NotFoundHints.withHint(Map.of("organizationSlug", org), constraints,
        () -> Paging.fetch(client, ApiPath.of("/organizations/{org}/detectors/", org), q, "monitors", TRUST));
  }

  /**
   * Whether a listed detector is a Metric Monitor of the project (when one was asked for): Sentry was asked for
   * Metric Monitors only, so what is plainly another type or project is left out.
   */
  public static boolean listed(SentryJson m, @Nullable Untrusted projectId) {
    boolean otherType = m.get("type").isText() && !m.get("type").textEquals(METRIC_ISSUE);
    if (!m.isObject() || otherType) {
      return false;
    }
    if (projectId == null) {
      return true;
    }
    Untrusted actual = m.get("projectId").nonEmptyText();
    return actual != null && actual.sameText(projectId);
  }

  // ------------------------------------------------------------------ reading a detector

  /** The query of a source, when the source is a subscription whose query has a dataset or an aggregate. */
  public static @Nullable SentryJson snubaQuery(SentryJson source) {
    // a source plainly of another type has no metric query (a type that is no string is not taken for one)
    if (source.get("type").isText() && !source.get("type").textEquals("snuba_query_subscription")) {
      return null;
    }
    SentryJson q = source.path("queryObj", "snubaQuery");
    if (!q.isObject() || !(q.has("dataset") || q.has("aggregate"))) {
      return null;
    }
    return q;
  }

  /** A JSON number as a Long (integral) or Double; null for anything else. */
  public static @Nullable Number number(SentryJson v) {
    if (!v.isNumber()) {
      return null;
    }
    OptionalLong l = v.asLong();
    if (l.isPresent()) {
      return l.getAsLong();
    }
    OptionalDouble d = v.asDouble();
    return d.isPresent() ? d.getAsDouble() : null;
  }

  /** A number we parsed, as server text. */
  public static String format(Number n) {
    if (n instanceof Double d) {
      return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    return n.toString();
  }

  /** A string or number id as text; null when absent or empty. */
  public static @Nullable Untrusted id(SentryJson v) {
    return v.isText() || v.isNumber() ? v.nonEmptyText() : null;
  }

  /** The ids of an array of strings or numbers, others skipped. */
  public static List<Untrusted> ids(SentryJson array) {
    List<Untrusted> out = new ArrayList<>();
    for (SentryJson v : array.items()) {
      Untrusted t = id(v);
      if (t != null) {
        out.add(t);
      }
    }
    return out;
  }

  /** A string owner as is; an actor object by name, email or id; null when none is usable. */
  public static @Nullable Untrusted owner(SentryJson v) {
    if (v.isText()) {
      return nonBlank(v.text());
    }
    if (!v.isObject()) {
      return null;
    }
    for (String field : List.of("name", "email", "id")) {
      Untrusted t = nonBlank(v.get(field).text());
      if (t != null) {
        return t;
      }
    }
    return null;
  }

  private static @Nullable Untrusted nonBlank(@Nullable Untrusted u) {
    return u == null || u.isBlank() ? null : u;
  }

  /** Condition results Sentry uses: 75 critical, 50 warning, 0 resolved. */
  public static String resultLabel(long result) {
    if (result == 75) {
      return "75 (critical)";
    }
    if (result == 50) {
      return "50 (warning)";
    }
    if (result == 0) {
      return "0 (resolved)";
    }
    return String.valueOf(result);
  }

  private static Structured strings(List<Untrusted> values) {
    List<Structured> out = new ArrayList<>();
    for (Untrusted v : values) {
      out.add(Structured.of(v));
    }
    return Structured.array(out);
  }

  private static Inline[] joined(List<Untrusted> values) {
    List<Inline> out = new ArrayList<>();
    for (Untrusted v : values) {
      if (!out.isEmpty()) {
        out.add(Inline.text(", "));
      }
      out.add(Inline.data(v));
    }
    return out.toArray(new Inline[0]);
  }

  // ------------------------------------------------------------------ output schemas

  /** The properties of a monitor in a list. */
  public static Object[] summaryProps() {
    return new Object[] {
      "id", nullableString("Native Metric Monitor ID (monitorId of the other tools)."),
      "name", nullableString("Monitor name."),
      "projectId", nullableString("Numeric id of the monitor's project."),
      "enabled", leaf(List.of("boolean", "null"), "Whether the monitor evaluates data."),
      "owner", nullableString("Owner (team or user) name."),
      "workflowIds", array(string("Alert (workflow) id."), "Connected notification Alerts."),
      "webUrl", nullableString("Monitor page in the Sentry web UI.")
    };
  }

  public static Map<String, Object> summarySchema() {
    return object(summaryProps());
  }

  /** A condition's comparison: a number (Static, Percent) or the anomaly settings (Dynamic). */
  private static Map<String, Object> comparisonSchema() {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("sensitivity", nullableString("low, medium or high."));
    props.put("seasonality", nullableString("auto."));
    props.put("thresholdType", nullableInteger("0 above, 1 below, 2 both."));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", List.of("number", "object", "null"));
    m.put("description", "Threshold (Percent: absolute percentage, 110 = 10% higher) or the anomaly settings.");
    m.put("properties", props);
    m.put("required", List.copyOf(props.keySet()));
    m.put("additionalProperties", false);
    return m;
  }

  public static Map<String, Object> detailsSchema() {
    Object[] more = {
      "description", nullableString("Monitor description."),
      "config", object(
          "detectionType", nullableString("static, percent or dynamic."),
          "comparisonDeltaSeconds", nullableInteger("Percent detection: compared period offset in seconds.")),
      "conditionGroup", nullableObject(
          "id", nullableString("Condition group id."),
          "logicType", nullableString("How conditions combine, e.g. any."),
          "conditions", array(object(
                  "id", nullableString("Condition id."),
                  "type", nullableString("gt, gte, lt, lte or anomaly_detection."),
                  "comparison", comparisonSchema(),
                  "conditionResult", nullableInteger("75 critical, 50 warning, 0 resolved.")),
              "Detection and resolution conditions.")),
      "dataSources", array(object(
              "type", nullableString("Source type, e.g. snuba_query_subscription."),
              "query", nullableObject(
                  "dataset", nullableString("Dataset."),
                  "query", nullableString("Event filter."),
                  "aggregate", nullableString("Aggregate function."),
                  "environment", nullableString("Environment filter; null for all."),
                  "eventTypes", array(string("Event type."), "Event types."),
                  "extrapolationMode", nullableString("Extrapolation mode."),
                  "timeWindowSeconds", nullableInteger("Evaluation window in seconds.")),
              "unavailableReason", nullableString("Why the query is not shown; null when it is.")),
          "What the monitor evaluates."),
      "dateCreated", nullableString("Creation time (ISO-8601)."),
      "dateUpdated", nullableString("Last change (ISO-8601).")
    };
    Object[] summary = summaryProps();
    Object[] all = new Object[summary.length + more.length];
    System.arraycopy(summary, 0, all, 0, summary.length);
    System.arraycopy(more, 0, all, summary.length, more.length);
    return object(all);
  }

  // ------------------------------------------------------------------ structured content and markdown

  public static Structured.Obj summary(SentryJson m, String org, WebLinks links) {
    return summaryBuilder(m, org, links).build();
  }

  private static Structured.ObjBuilder summaryBuilder(SentryJson m, String org, WebLinks links) {
    Untrusted id = id(m.get("id"));
    Boolean enabled = m.get("enabled").asBoolean().orElse(null);
    return Structured.object()
        .put("id", id)
        .put("name", m.get("name").nonEmptyText())
        .put("projectId", id(m.get("projectId")))
        .put("enabled", enabled == null ? Structured.NULL : Structured.of(enabled))
        .put("owner", owner(m.get("owner")))
        .put("workflowIds", strings(ids(m.get("workflowIds"))))
        // the monitor page is /monitors/<id>/ for every detector type
        .put("webUrl", id == null ? null : links.uptimeMonitor(org, id));
  }

  /** One table row of find_metric_monitors: ID, Name, Project ID, Enabled, Owner, Alerts. */
  public static List<Inline> row(SentryJson m) {
    List<Untrusted> workflows = ids(m.get("workflowIds"));
    return List.of(
        Rendering.cell(id(m.get("id"))),
        Rendering.cell(m.get("name").nonEmptyText()),
        Rendering.cell(id(m.get("projectId"))),
        Inline.text(enabledText(m)),
        Rendering.cell(owner(m.get("owner"))),
        workflows.isEmpty() ? Inline.text("-") : Rendering.cell(m.get("workflowIds").asCompactJsonText()));
  }

  public static final List<String> ROW_HEADERS = List.of("ID", "Name", "Project ID", "Enabled", "Owner", "Alert IDs");

  private static String enabledText(SentryJson m) {
    Boolean enabled = m.get("enabled").asBoolean().orElse(null);
    return enabled == null ? "-" : enabled ? "yes" : "no";
  }

  /** Renders the monitor's facts into {@code doc} and returns its structured details. */
  public static Structured.Obj details(ToolResult.Builder doc, SentryJson m, String org, WebLinks links) {
    Structured.ObjBuilder out = summaryBuilder(m, org, links);
    List<Untrusted> workflows = ids(m.get("workflowIds"));
    doc.field("ID", id(m.get("id")))
        .field("Name", m.get("name").nonEmptyText())
        .field("Project ID", id(m.get("projectId")))
        .fieldText("Enabled", enabledText(m))
        .field("Owner", owner(m.get("owner")))
        .field("Description", nonBlank(m.get("description").text()));

    SentryJson config = m.get("config");
    Untrusted detection = config.get("detectionType").nonEmptyText();
    OptionalLong delta = config.get("comparisonDelta").isNumber() ? config.get("comparisonDelta").asLong()
        : OptionalLong.empty();
    doc.field("Detection", detection);
    if (delta.isPresent()) {
      doc.fieldText("Comparison Delta", delta.getAsLong() + "s");
    }
    out.put("description", nonBlank(m.get("description").text()))
        .put("config", Structured.object()
            .put("detectionType", detection)
            .put("comparisonDeltaSeconds", delta.isPresent() ? delta.getAsLong() : null)
            .build());

    List<Structured> sources = new ArrayList<>();
    List<SentryJson> items = m.get("dataSources").items();
    for (SentryJson source : items) {
      if (items.size() > 1) {
        doc.fieldText("Data Source", String.valueOf(sources.size() + 1));
      }
      sources.add(source(doc, source));
    }

    SentryJson group = m.get("conditionGroup");
    Structured conditionGroup = Structured.NULL;
    List<List<Inline>> rows = new ArrayList<>();
    if (group.isObject()) {
      doc.field("Condition Logic", group.get("logicType").nonEmptyText());
      List<Structured> conditions = new ArrayList<>();
      for (SentryJson c : group.get("conditions").items()) {
        if (c.isObject()) {
          conditions.add(condition(c, rows));
        }
      }
      conditionGroup = Structured.object()
          .put("id", id(group.get("id")))
          .put("logicType", group.get("logicType").nonEmptyText())
          .put("conditions", Structured.array(conditions))
          .build();
    }
    if (!workflows.isEmpty()) {
      doc.field("Alert IDs", joined(workflows));
    }
    Rendering.timestampField(doc, "Created", m.get("dateCreated"));
    Rendering.timestampField(doc, "Updated", m.get("dateUpdated"));
    Untrusted id = id(m.get("id"));
    doc.field("Web URL", id == null ? null : links.uptimeMonitor(org, id));
    if (!rows.isEmpty()) {
      doc.heading(2, "Conditions").table(List.of("ID", "Type", "Comparison", "Result"), rows);
    }
    return out.put("conditionGroup", conditionGroup)
        .put("dataSources", Structured.array(sources))
        .putText("dateCreated", Rendering.isoTimestamp(m.get("dateCreated")))
        .putText("dateUpdated", Rendering.isoTimestamp(m.get("dateUpdated")))
        .build();
  }

  private static Structured source(ToolResult.Builder doc, SentryJson source) {
    SentryJson q = snubaQuery(source);
    Structured.ObjBuilder out = Structured.object().put("type", source.get("type").nonEmptyText());
    if (q == null) {
      doc.fieldText("Query", "unavailable (not a query subscription, or its configuration is missing)");
      return out.put("query", Structured.NULL)
          .putText("unavailableReason", "Source configuration is unavailable.")
          .build();
    }
    Untrusted environment = nonBlank(q.get("environment").text());
    List<Untrusted> eventTypes = new ArrayList<>();
    for (SentryJson t : q.get("eventTypes").items()) {
      Untrusted v = id(t);
      if (v != null) {
        eventTypes.add(v);
      }
    }
    OptionalLong window = q.get("timeWindow").asLong();
    doc.field("Dataset", q.get("dataset").nonEmptyText())
        .field("Aggregate", q.get("aggregate").nonEmptyText())
        .field("Query", q.get("query").nonEmptyText())
        .field("Environment", environment);
    if (!eventTypes.isEmpty()) {
      doc.field("Event Types", joined(eventTypes));
    }
    if (window.isPresent()) {
      doc.fieldText("Time Window", window.getAsLong() + "s");
    }
    doc.field("Extrapolation", q.get("extrapolationMode").nonEmptyText());
    return out.put("query", Structured.object()
            .put("dataset", q.get("dataset").nonEmptyText())
            .put("query", q.get("query").text())
            .put("aggregate", q.get("aggregate").nonEmptyText())
            .put("environment", environment)
            .put("eventTypes", strings(eventTypes))
            .put("extrapolationMode", q.get("extrapolationMode").nonEmptyText())
            .put("timeWindowSeconds", window.isPresent() ? window.getAsLong() : null)
            .build())
        .put("unavailableReason", Structured.NULL)
        .build();
  }

  private static Structured condition(SentryJson c, List<List<Inline>> rows) {
    SentryJson comparison = c.get("comparison");
    Structured comparisonOut = Structured.NULL;
    Inline comparisonCell = Inline.text("-");
    Number n = number(comparison);
    if (n != null) {
      comparisonOut = Structured.of(n);
      comparisonCell = Inline.text(format(n));
    } else if (comparison.isObject()) {
      Untrusted sensitivity = comparison.get("sensitivity").nonEmptyText();
      Untrusted seasonality = comparison.get("seasonality").nonEmptyText();
      OptionalLong thresholdType = comparison.get("thresholdType").asLong();
      comparisonOut = Structured.object()
          .put("sensitivity", sensitivity)
          .put("seasonality", seasonality)
          .put("thresholdType", thresholdType.isPresent() ? thresholdType.getAsLong() : null)
          .build();
      // the anomaly settings on one line, as Sentry's compact JSON (data)
      comparisonCell = Rendering.cell(comparison.asCompactJsonText());
    }
    OptionalLong result = c.get("conditionResult").isNumber() ? c.get("conditionResult").asLong()
        : OptionalLong.empty();
    rows.add(List.of(
        Rendering.cell(id(c.get("id"))),
        Rendering.cell(c.get("type").nonEmptyText()),
        comparisonCell,
        Inline.text(result.isPresent() ? resultLabel(result.getAsLong()) : "-")));
    return Structured.object()
        .put("id", id(c.get("id")))
        .put("type", c.get("type").nonEmptyText())
        .put("comparison", comparisonOut)
        .put("conditionResult", result.isPresent() ? result.getAsLong() : null)
        .build();
  }
}
