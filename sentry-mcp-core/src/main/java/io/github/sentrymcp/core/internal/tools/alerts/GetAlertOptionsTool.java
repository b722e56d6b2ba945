package io.github.sentrymcp.core.internal.tools.alerts;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.array;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.bool;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableObject;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.object;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code get_alert_options}: one page of what an alert (notification workflow) can be built from, one section per
 * call: the available actions ({@code GET /organizations/{org}/available-actions/}), the condition types of a
 * condition group ({@code GET /organizations/{org}/data-conditions/}) or the sources (detectors, {@code GET
 * /organizations/{org}/detectors/}).
 *
 * <p>Sentry's JSON schemas (an action's config and data schema, a condition's comparison schema, a Sentry App's
 * settings) are returned as JSON text, never as structured objects: their property names are Sentry's.
 */
final class GetAlertOptionsTool extends AbstractSentryTool {

  static final int MAX_TYPES = 20;

  static final String DESCRIPTION = String.join("\n",
      "Discover what a Sentry alert (notification workflow) can use: actions, conditions or sources.",
      "",
      "Use this tool when you need to:",
      "- See which notification actions and integrations an organization has (section='actions')",
      "- See the condition types of alert triggers or action filters (section='conditions')",
      "- Find the monitors and project issue streams an alert can connect to (section='sources')",
      "",
      "<examples>",
      "get_alert_options(organizationSlug='my-org', section='actions', actionTypes=['slack', 'email'])",
      "get_alert_options(organizationSlug='my-org', section='conditions', conditionGroup='workflow_trigger')",
      "get_alert_options(organizationSlug='my-org', section='sources', projectSlug='backend')",
      "</examples>",
      "",
      "<hints>",
      "- One section per call; pass nextCursor as cursor with the same section and filters.",
      "- Schemas are Sentry's own (JSON text); inputGuide maps their field names and target types.",
      "</hints>");

  static final Map<String, String> FIELD_NAMES = linked(
      "target_identifier", "targetIdentifier",
      "target_display", "targetDisplay",
      "target_type", "targetType",
      "fallthrough_type", "fallthroughType");

  static final Map<String, String> TARGET_TYPES = linked(
      "0", "specific", "1", "user", "2", "team", "3", "sentry_app", "4", "issue_owners");

  static final List<String> NOTES = List.of(
      "Integration actions also need integrationId (and a service id where the integration lists services).",
      "Email to a team needs the team id (find_teams); to a member, the user id.",
      "Sentry App fields with static choices list them; dynamic fields need explicit values.");

  /** Sources: detectors an alert can be connected to. */
  static final Columns<SentryJson> SOURCES = Columns.<SentryJson>builder()
      .column("ID", "id", string("Source (detector) id."), d -> d.get("id").nonEmptyText())
      .column("Name", "name", string("Source name."), d -> d.get("name").nonEmptyText())
      .column("Type", "type", string("Source type, e.g. issue_stream or metric_issue."),
          d -> d.get("type").nonEmptyText())
      .column("Project ID", "projectId", nullableString("Project id; null covers all projects."),
          d -> d.get("projectId").nonEmptyText())
      .column("Enabled", "enabled", nullableString("Whether the source is enabled (true/false)."),
          d -> d.get("enabled").text())
      .list("Alerts", "workflowIds", array(string("Alert (workflow) id."), "Alerts connected to this source."),
          GetAlertOptionsTool::workflowIds)
      .displayOrder("Name", "ID", "Type", "Project ID", "Enabled")
      .skipItemsWithout("id")
      .build();

  static final Map<String, Object> ACTION_SCHEMA = object(
      "type", string("Action type, e.g. slack or email."),
      "handlerGroup", nullableString("Handler group, e.g. notification."),
      "configSchema", nullableString("Sentry's config JSON schema, as JSON text."),
      "dataSchema", nullableString("Sentry's data JSON schema, as JSON text."),
      "integrations", array(object(
          "id", string("Integration id (integrationId)."),
          "name", nullableString("Integration name."),
          "services", array(object("id", string("Service id."), "name", nullableString("Service name.")),
              "Services of the integration.")), "Installed integrations for this action."),
      "services", array(object("slug", string("Service slug."), "name", nullableString("Service name.")),
          "Notification services (e.g. plugins, webhooks)."),
      "sentryApp", nullableObject(
          "id", nullableString("Sentry App id."),
          "name", nullableString("Sentry App name."),
          "installationId", nullableString("Installation id."),
          "installationUuid", nullableString("Installation UUID."),
          "status", nullableString("App status."),
          "title", nullableString("Action title."),
          "settings", nullableString("The app's settings schema, as JSON text.")));

  static final Map<String, Object> CONDITION_SCHEMA = object(
      "type", string("Condition type."),
      "handlerGroup", nullableString("workflow_trigger or action_filter."),
      "handlerSubgroup", nullableString("Handler subgroup."),
      "comparisonJsonSchema", nullableString("Sentry's comparison JSON schema, as JSON text."));

  static final Map<String, Object> OUTPUT_SCHEMA = root(
      "section", string("actions, conditions or sources."),
      "actions", nullableArray(ACTION_SCHEMA, "section='actions': the available actions on this page."),
      "conditions", nullableArray(CONDITION_SCHEMA, "section='conditions': the condition types on this page."),
      "conditionGroup", nullableString("section='conditions': the group asked for."),
      "sources", nullableArray(SOURCES.itemSchema(), "section='sources': the sources on this page."),
      "nextCursor", nullableString("Pass as cursor with the same section and filters; null on the last page."),
      "inputGuide", nullableObject(
          "schemaFormat", string("How the schemas are written."),
          "fieldNames", object(concatNames(FIELD_NAMES)),
          "targetTypes", object(concatNames(TARGET_TYPES)),
          "notes", array(string("A note."), "Notes on building actions.")));

  static final ToolSpec SPEC = ToolSpec.builder("get_alert_options", "Get alert options", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .add(Params.regionUrl())
          .string("section", "What to list: actions, conditions or sources.").required()
          .enumValues(List.of("actions", "conditions", "sources")).add()
          .stringArray("actionTypes", "section='actions' only: these action types (e.g. slack, email; at most 20).")
          .nullable().maxLength(100).add()
          .string("conditionGroup", "section='conditions' (required there): workflow_trigger or action_filter.")
          .nullable().enumValues(List.of("workflow_trigger", "action_filter")).add()
          .add(Params.projectSlug(false))
          .stringArray("sourceTypes", "section='sources' only: these source types (e.g. issue_stream; at most 20).")
          .nullable().maxLength(100).add()
          .string("query", "section='sources' only: Sentry's monitor search, e.g. name:latency.").nullable()
          .minLength(1).maxLength(1000).add()
          .add(Params.cursor())
          .integer("limit", "Options per page (1-100, default 25).").minimum(1).maximum(100).defaultValue(25L).add()
          .build())
      .output(OUTPUT_SCHEMA)
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.ORG_READ, Scope.PROJECT_READ)
      .skills(Skill.INSPECT)
      .build();

  GetAlertOptionsTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String org = args.requireString("organizationSlug");
    String section = args.requireString("section");
    List<String> actionTypes = args.strings("actionTypes");
    List<String> sourceTypes = args.strings("sourceTypes");
    String group = args.nonBlank("conditionGroup");
    String query = args.nonBlank("query");
    if (!actionTypes.isEmpty() && !section.equals("actions")) {
      throw SentryMcpException.invalidInput("actionTypes can only be used with section='actions'.");
    }
    if (group != null && !section.equals("conditions")) {
      throw SentryMcpException.invalidInput("conditionGroup can only be used with section='conditions'.");
    }
    if ((!sourceTypes.isEmpty() || query != null) && !section.equals("sources")) {
      throw SentryMcpException.invalidInput("sourceTypes and query can only be used with section='sources'.");
    }
    if (section.equals("conditions") && group == null) {
      throw SentryMcpException.invalidInput("conditionGroup is required with section='conditions'.");
    }
    if (actionTypes.size() > MAX_TYPES || sourceTypes.size() > MAX_TYPES) {
      throw SentryMcpException.invalidInput("actionTypes and sourceTypes take at most " + MAX_TYPES + " types.");
    }
    String cursor = args.nonBlank("cursor");
    int limit = args.intValue("limit", 25);
    SentryApiClient client = call.api(args);
    Map<String, String> used = Map.of("organizationSlug", org);

    ToolResult.Builder doc = ToolResult.builder().heading(1, "Alert Options in " + org + ": " + section);
    Structured.ObjBuilder out = Structured.object().putText("section", section);
    Paging.Page page;
    if (section.equals("actions")) {
      Query q = Query.create();
      actionTypes.forEach(t -> q.add("type", t));
      q.add("cursor", cursor).add("per_page", limit);
      page = NotFoundHints.withHint(used, call.constraints(), () -> Paging.fetch(client,
          ApiPath.of("/organizations/{org}/available-actions/", org), q, "actions", AlertRules.TRUST));
      out.put("actions", renderActions(doc, page.items()))
          .put("conditions", (Structured) null).putText("conditionGroup", null).put("sources", (Structured) null);
    } else if (section.equals("conditions")) {
      Query q = Query.create().add("group", group).add("cursor", cursor).add("per_page", limit);
      page = NotFoundHints.withHint(used, call.constraints(), () -> Paging.fetch(client,
          ApiPath.of("/organizations/{org}/data-conditions/", org), q, "conditions", AlertRules.TRUST));
      out.put("actions", (Structured) null)
          .put("conditions", renderConditions(doc, page.items())).putText("conditionGroup", group)
          .put("sources", (Structured) null);
    } else {
      page = sources(args, call, client, org, sourceTypes, query, cursor, limit, doc, out);
    }
    out.put("nextCursor", page.nextCursor());
    Paging.append(doc, page, section);
    out.put("inputGuide", section.equals("actions") ? inputGuide(doc) : null);
    doc.structured(out.build());
    return doc.build();
  }

  /** The sources page: the project's id first when a project is named; detectors of other projects dropped. */
  private static Paging.Page sources(Args args, ToolCall call, SentryApiClient client, String org,
      List<String> sourceTypes, @Nullable String query, @Nullable String cursor, int limit, ToolResult.Builder doc,
      Structured.ObjBuilder out) {
    String project = AlertRules.project(args);
    Untrusted projectId = null;
    if (project != null) {
      Map<String, String> withProject = Map.of("organizationSlug", org, "projectSlug", project);
      SentryJson p = NotFoundHints.withHint(withProject, call.constraints(),
          () -> client.get(ApiPath.of("/projects/{org}/{project}/", org, project)).jsonObject("project"));
      projectId = p.get("id").nonEmptyText();
      if (projectId == null) {
        throw p.malformed("the project has no id");
      }
      call.checkCancelled();
    }
    Query q = Query.create();
    if (projectId != null) {
      q.add("project", projectId);
    } else {
      q.add("project", "-1");
    }
    sourceTypes.forEach(t -> q.add("type", t));
    q.add("query", query).add("cursor", cursor).add("per_page", limit);
    Paging.Page page = NotFoundHints.withHint(Map.of("organizationSlug", org), call.constraints(),
        () -> Paging.fetch(client, ApiPath.of("/organizations/{org}/detectors/", org), q, "detectors",
            AlertRules.TRUST));
    List<SentryJson> sources = new ArrayList<>();
    for (SentryJson d : page.items()) {
      Untrusted pid = d.get("projectId").nonEmptyText();
      if (projectId == null || (pid != null && pid.sameText(projectId))) {
        sources.add(d);
      }
    }
    SOURCES.table(doc, sources, "No sources found.");
    out.put("actions", (Structured) null).put("conditions", (Structured) null).putText("conditionGroup", null)
        .put("sources", SOURCES.structured(sources));
    return page;
  }

  private static Structured renderActions(ToolResult.Builder doc, List<SentryJson> items) {
    List<Structured> out = new ArrayList<>();
    int n = 0;
    for (SentryJson a : items) {
      Untrusted type = a.get("type").nonEmptyText();
      if (type == null) {
        continue;
      }
      n++;
      doc.heading(2, "Action " + n);
      doc.field("Type", type).field("Handler Group", a.get("handlerGroup").nonEmptyText());
      List<Structured> integrations = new ArrayList<>();
      for (SentryJson i : a.get("integrations").items()) {
        Untrusted id = i.get("id").nonEmptyText();
        if (id == null) {
          continue;
        }
        List<Structured> services = new ArrayList<>();
        for (SentryJson s : i.get("services").items()) {
          Untrusted sid = s.get("id").nonEmptyText();
          if (sid != null) {
            services.add(Structured.object().put("id", sid).put("name", s.get("name").nonEmptyText()).build());
            doc.field("Service", Rendering.cell(s.get("name").nonEmptyText()), Inline.text(" (id "),
                Inline.data(sid), Inline.text(", integration "), Inline.data(id), Inline.text(")"));
          }
        }
        doc.field("Integration", Rendering.cell(i.get("name").nonEmptyText()), Inline.text(" (id "), Inline.data(id),
            Inline.text(")"));
        integrations.add(Structured.object().put("id", id).put("name", i.get("name").nonEmptyText())
            .put("services", Structured.array(services)).build());
      }
      List<Structured> services = new ArrayList<>();
      for (SentryJson s : a.get("services").items()) {
        Untrusted slug = s.get("slug").nonEmptyText();
        if (slug != null) {
          services.add(Structured.object().put("slug", slug).put("name", s.get("name").nonEmptyText()).build());
          doc.field("Service", Rendering.cell(s.get("name").nonEmptyText()), Inline.text(" (slug "),
              Inline.data(slug), Inline.text(")"));
        }
      }
      Structured app = null;
      SentryJson sa = a.get("sentryApp");
      if (sa.isObject()) {
        Untrusted settings = sa.get("settings").isObject() ? sa.get("settings").asCompactJsonText() : null;
        app = Structured.object()
            .put("id", sa.get("id").nonEmptyText())
            .put("name", sa.get("name").nonEmptyText())
            .put("installationId", sa.get("installationId").nonEmptyText())
            .put("installationUuid", sa.get("installationUuid").nonEmptyText())
            .put("status", sa.get("status").nonEmptyText())
            .put("title", sa.get("title").nonEmptyText())
            .put("settings", settings)
            .build();
        doc.field("Sentry App", sa.get("name").nonEmptyText())
            .field("Sentry App ID", sa.get("id").nonEmptyText())
            .field("Installation ID", sa.get("installationId").nonEmptyText())
            .field("Settings", settings);
      }
      Untrusted config = schemaText(a.get("configSchema"));
      Untrusted data = schemaText(a.get("dataSchema"));
      doc.field("Config Schema", config).field("Data Schema", data);
      out.add(Structured.object()
          .put("type", type)
          .put("handlerGroup", a.get("handlerGroup").nonEmptyText())
          .put("configSchema", config)
          .put("dataSchema", data)
          .put("integrations", Structured.array(integrations))
          .put("services", Structured.array(services))
          .put("sentryApp", app)
          .build());
    }
    if (n == 0) {
      doc.paragraph("No actions found.");
    }
    return Structured.array(out);
  }

  private static Structured renderConditions(ToolResult.Builder doc, List<SentryJson> items) {
    List<Structured> out = new ArrayList<>();
    List<List<Inline>> rows = new ArrayList<>();
    for (SentryJson c : items) {
      Untrusted type = c.get("type").nonEmptyText();
      if (type == null) {
        continue;
      }
      Untrusted schema = schemaText(c.get("comparisonJsonSchema"));
      rows.add(List.of(Inline.data(type), Rendering.cell(c.get("handlerSubgroup").nonEmptyText()),
          Rendering.cell(schema)));
      out.add(Structured.object()
          .put("type", type)
          .put("handlerGroup", c.get("handlerGroup").nonEmptyText())
          .put("handlerSubgroup", c.get("handlerSubgroup").nonEmptyText())
          .put("comparisonJsonSchema", schema)
          .build());
    }
    if (rows.isEmpty()) {
      doc.paragraph("No conditions found.");
    } else {
      doc.table(List.of("Type", "Subgroup", "Comparison Schema"), rows);
    }
    return Structured.array(out);
  }

  private static Structured inputGuide(ToolResult.Builder doc) {
    doc.heading(2, "Input guide");
    List<List<Inline>> bullets = new ArrayList<>();
    StringBuilder names = new StringBuilder("Field names in schemas → action inputs: ");
    FIELD_NAMES.forEach((k, v) -> names.append(k).append(" → ").append(v).append(", "));
    bullets.add(List.of(Inline.text(names.substring(0, names.length() - 2))));
    StringBuilder targets = new StringBuilder("Target types: ");
    TARGET_TYPES.forEach((k, v) -> targets.append(k).append(" = ").append(v).append(", "));
    bullets.add(List.of(Inline.text(targets.substring(0, targets.length() - 2))));
    NOTES.forEach(note -> bullets.add(List.of(Inline.text(note))));
    doc.bullets(bullets);
    Structured.ObjBuilder fieldNames = Structured.object();
    FIELD_NAMES.forEach(fieldNames::putText);
    Structured.ObjBuilder targetTypes = Structured.object();
    TARGET_TYPES.forEach(targetTypes::putText);
    List<Structured> notes = NOTES.stream().map(Structured::str).toList();
    return Structured.object()
        .putText("schemaFormat", "Sentry's own JSON schemas; workflow action inputs use camelCase field names and"
            + " string target types.")
        .put("fieldNames", fieldNames.build())
        .put("targetTypes", targetTypes.build())
        .put("notes", Structured.array(notes))
        .build();
  }

  /** A JSON schema object as compact JSON text; null when absent or not an object. */
  private static @Nullable Untrusted schemaText(SentryJson v) {
    return v.isObject() ? v.asCompactJsonText() : null;
  }

  private static List<Untrusted> workflowIds(SentryJson detector) {
    List<Untrusted> out = new ArrayList<>();
    for (SentryJson id : detector.get("workflowIds").items()) {
      Untrusted t = id.nonEmptyText();
      if (t != null) {
        out.add(t);
      }
    }
    return out;
  }

  private static Map<String, Object> nullableArray(Map<String, Object> items, String description) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", List.of("array", "null"));
    m.put("items", items);
    m.put("description", description);
    return m;
  }

  private static Object[] concatNames(Map<String, String> names) {
    List<Object> props = new ArrayList<>();
    names.forEach((k, v) -> {
      props.add(k);
      props.add(string("Always '" + v + "'."));
    });
    return props.toArray();
  }

  private static Map<String, String> linked(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(m);
  }
}
