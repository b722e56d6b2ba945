package io.github.sentrymcp.core.internal.tools.alerts;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.array;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.leaf;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableInteger;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableObject;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.object;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;

import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.tools.WebLinks;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What the alert rule write tools share: the rule's configuration parameters, the request bodies built from them
 * (trigger and action groups checked member by member and copied with only the members Sentry's workflow API knows),
 * and the summary of the rule Sentry returns.
 *
 * <p>Caller values go into request bodies as given; the rule Sentry returns reaches the result only as data.
 */
final class AlertRuleBodies {
  private AlertRuleBodies() {}

  /** Workflow, detector and other component ids: digits that fit a long. */
  static final Pattern ID = Pattern.compile("[0-9]{1,18}");

  static final Pattern OWNER = Pattern.compile("(user|team):[0-9]{1,18}");

  static final List<String> LOGIC_TYPES = List.of("all", "any", "any-short", "none");

  static final List<String> STATUSES = List.of("active", "disabled");

  /** Most groups, conditions or actions one argument may hold (Sentry's UI builds far fewer). */
  static final int MAX_ITEMS = 100;

  static @Nullable String idProblem(String value) {
    return ID.matcher(value).matches() ? null : "must be a numeric id";
  }

  static @Nullable String ownerProblem(String value) {
    return OWNER.matcher(value).matches() ? null : "must use `user:ID` or `team:ID` format (e.g. `team:456`)";
  }

  /**
   * Adds name, status, frequencyMinutes, environment and owner.
   *
   * @param create true: name required, status defaults to active and frequencyMinutes to 30; false: all optional
   *     without defaults
   */
  static void addConfigFields(InputSchema.Builder b, boolean create) {
    InputSchema.ParamBuilder name = b.string("name", "Alert name.").minLength(1).maxLength(256);
    (create ? name.required() : name).add();
    InputSchema.ParamBuilder status = b.string("status", "`disabled` keeps the alert from notifying.")
        .enumValues(STATUSES);
    (create ? status.defaultValue("active") : status).add();
    InputSchema.ParamBuilder frequency = b.integer("frequencyMinutes",
        "Minimum minutes between notifications of the alert.").minimum(0).maximum(1_000_000);
    (create ? frequency.defaultValue(30L) : frequency).add();
    b.string("environment", "Environment the alert is limited to. Pass `null` for all environments.")
        .minLength(1).maxLength(64).nullable().add();
    b.string("owner", "Owner actor `user:ID` or `team:ID`. Pass `null` to clear.")
        .minLength(1).check(AlertRuleBodies::ownerProblem).nullable().add();
  }

  /** Adds {@code triggers} and {@code actionFilters} (the update tool's descriptions mention replacement). */
  static void addGroups(InputSchema.Builder b, boolean create) {
    InputSchema.ParamBuilder triggers = b.object("triggers", create
        ? "Trigger group {logicType, conditions[{type, comparison, conditionResult}]}. Conditions need"
            + " logicType `any-short`. Omit or pass null for none."
        : "Replaces the trigger group {id?, logicType, conditions[{id?, type, comparison, conditionResult}]};"
            + " keep existing ids.");
    (create ? triggers.nullable() : triggers).add();
    InputSchema.ParamBuilder filters = b.objectArray("actionFilters", create
        ? "Action groups [{logicType, conditions[], actions[{type, integrationId?, data, config, status?}]}]"
            + " (see get_alert_options). Pass [] for no actions."
        : "Replaces ALL action groups [{id?, logicType, conditions[], actions[{id?, type, integrationId?, data,"
            + " config}]}]: copy the current ones, keep their ids, change only what should change.");
    (create ? filters.required() : filters).add();
  }

  // ------------------------------------------------------------------ request bodies

  /** The rule name, status, frequency, environment and owner of a create request. */
  static Map<String, @Nullable Object> createBody(Args args) {
    Map<String, @Nullable Object> body = new LinkedHashMap<>();
    body.put("name", args.requireString("name"));
    body.put("enabled", "active".equals(args.string("status")));
    body.put("config", Map.of("frequency", args.integer("frequencyMinutes") == null
        ? 30L : args.integer("frequencyMinutes")));
    putClearable(body, args, "environment");
    putClearable(body, args, "owner");
    return body;
  }

  /** Puts a nullable string parameter when it was given, JSON null when it was passed as null. */
  static void putClearable(Map<String, @Nullable Object> body, Args args, String param) {
    String v = args.string(param);
    if (v != null) {
      body.put(param, v);
    } else if (args.isExplicitNull(param)) {
      body.put(param, null);
    }
  }

  /**
   * The trigger group as Sentry's workflow API takes it: {@code id} (unless {@code create}), {@code logicType},
   * {@code conditions}. A new alert's trigger conditions need logicType {@code any-short}.
   *
   * @throws SentryMcpException invalid input naming the member at fault
   */
  static Map<String, @Nullable Object> triggers(String tool, Map<String, Object> raw, boolean create) {
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    putId(tool, out, raw, "triggers", create);
    String logicType = logicType(tool, raw, "triggers");
    out.put("logicType", logicType);
    List<Object> conditions = conditions(tool, raw, "triggers", create);
    if (create && !conditions.isEmpty() && !logicType.equals("any-short")) {
      throw invalid(tool, "triggers.logicType", "must be any-short when a new alert has trigger conditions");
    }
    out.put("conditions", conditions);
    return out;
  }

  /** The action groups as Sentry's workflow API takes them; ids are dropped when {@code create}. */
  static List<Object> actionFilters(String tool, List<Map<String, Object>> raw, boolean create) {
    if (raw.size() > MAX_ITEMS) {
      throw invalid(tool, "actionFilters", "must hold at most " + MAX_ITEMS + " groups");
    }
    List<Object> out = new ArrayList<>();
    for (int g = 0; g < raw.size(); g++) {
      String at = "actionFilters[" + g + "]";
      Map<String, Object> group = raw.get(g);
      Map<String, @Nullable Object> clean = new LinkedHashMap<>();
      putId(tool, clean, group, at, create);
      clean.put("logicType", logicType(tool, group, at));
      clean.put("conditions", conditions(tool, group, at, create));
      List<Map<String, Object>> actions = objects(tool, group.get("actions"), at + ".actions");
      List<Object> cleanActions = new ArrayList<>();
      for (int a = 0; a < actions.size(); a++) {
        cleanActions.add(action(tool, actions.get(a), at + ".actions[" + a + "]", create));
      }
      clean.put("actions", cleanActions);
      out.add(clean);
    }
    return out;
  }

  private static Map<String, @Nullable Object> action(String tool, Map<String, Object> raw, String at, boolean create) {
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    putId(tool, out, raw, at, create);
    out.put("type", type(tool, raw, at));
    if (raw.containsKey("integrationId")) {
      Object integration = raw.get("integrationId");
      if (integration != null && !isComponentId(integration)) {
        throw invalid(tool, at + ".integrationId", "expected a string, a number or null");
      }
      out.put("integrationId", integration);
    }
    out.put("data", objectMember(tool, raw, "data", at));
    out.put("config", objectMember(tool, raw, "config", at));
    if (raw.get("status") != null) {
      if (!(raw.get("status") instanceof String s)) {
        throw invalid(tool, at + ".status", "expected a string");
      }
      out.put("status", s);
    }
    return out;
  }

  private static List<Object> conditions(String tool, Map<String, Object> raw, String at, boolean create) {
    List<Map<String, Object>> conditions = objects(tool, raw.get("conditions"), at + ".conditions");
    List<Object> out = new ArrayList<>();
    for (int c = 0; c < conditions.size(); c++) {
      String cat = at + ".conditions[" + c + "]";
      Map<String, Object> condition = conditions.get(c);
      Map<String, @Nullable Object> clean = new LinkedHashMap<>();
      putId(tool, clean, condition, cat, create);
      clean.put("type", type(tool, condition, cat));
      for (String member : List.of("comparison", "conditionResult")) {
        if (condition.containsKey(member)) {
          Object v = condition.get(member);
          clean.put(member, v);
        }
      }
      out.add(clean);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> objects(String tool, @Nullable Object raw, String at) {
    if (!(raw instanceof List<?> list) || !list.stream().allMatch(o -> o instanceof Map<?, ?>)) {
      throw invalid(tool, at, "expected an array of objects");
    }
    if (list.size() > MAX_ITEMS) {
      throw invalid(tool, at, "must hold at most " + MAX_ITEMS + " items");
    }
    return (List<Map<String, Object>>) list;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> objectMember(String tool, Map<String, Object> raw, String member, String at) {
    if (!(raw.get(member) instanceof Map<?, ?> m)) {
      throw invalid(tool, at + "." + member, "expected an object");
    }
    return (Map<String, Object>) m;
  }

  private static String logicType(String tool, Map<String, Object> raw, String at) {
    if (!(raw.get("logicType") instanceof String s) || !LOGIC_TYPES.contains(s)) {
      throw invalid(tool, at + ".logicType", "must be one of " + String.join(", ", LOGIC_TYPES));
    }
    return s;
  }

  private static String type(String tool, Map<String, Object> raw, String at) {
    if (!(raw.get("type") instanceof String s) || s.isBlank() || s.length() > 200) {
      throw invalid(tool, at + ".type", "expected a non-empty string");
    }
    return s;
  }

  /** Copies a component id (string or integral number) unless {@code create}, where copied ids are dropped. */
  private static void putId(String tool, Map<String, @Nullable Object> out, Map<String, Object> raw, String at,
      boolean create) {
    Object id = raw.get("id");
    if (id == null) {
      return;
    }
    if (!isComponentId(id)) {
      throw invalid(tool, at + ".id", "expected a string or a number");
    }
    if (!create) {
      out.put("id", id);
    }
  }

  private static boolean isComponentId(Object v) {
    if (v instanceof String) {
      return true;
    }
    if (v instanceof Number n) {
      try {
        new BigDecimal(n.toString()).toBigIntegerExact();
        return true;
      } catch (ArithmeticException | NumberFormatException e) {
        return false;
      }
    }
    return false;
  }

  static SentryMcpException invalid(String tool, String member, String problem) {
    return SentryMcpException.invalidInput("Invalid arguments for " + tool + ": " + member + ": " + problem + ".");
  }

  // ------------------------------------------------------------------ the rule Sentry returns

  /** The numeric id of a rule, detector or project Sentry returned; empty when it has none usable. */
  static OptionalLong id(SentryJson node) {
    OptionalLong id = node.get("id").asLong();
    return id.isPresent() && id.getAsLong() >= 0 ? id : OptionalLong.empty();
  }

  /** The rule's connected detector ids, in Sentry's order (entries that are not numeric ids are skipped). */
  static List<Long> detectorIds(SentryJson rule) {
    List<Long> out = new ArrayList<>();
    for (SentryJson d : rule.get("detectorIds").items()) {
      OptionalLong id = d.asLong();
      if (id.isPresent() && !out.contains(id.getAsLong())) {
        out.add(id.getAsLong());
      }
    }
    return out;
  }

  private static Map<String, Object> conditionSchema() {
    return object("id", nullableString("Condition id."), "type", nullableString("Condition type."));
  }

  static Map<String, Object> ruleSchema() {
    return object(
        "id", string("Alert (workflow) id."),
        "name", nullableString("Alert name."),
        "enabled", leaf(List.of("boolean", "null"), "Whether the alert is active."),
        "frequencyMinutes", nullableInteger("Minimum minutes between notifications."),
        "environment", nullableString("Environment the alert is limited to; null for all."),
        "owner", nullableString("Owner actor (user:ID or team:ID)."),
        "detectorIds", array(string("Detector id."), "Connected sources (monitor and issue stream ids)."),
        "triggers", nullableObject(
            "id", nullableString("Trigger group id."),
            "logicType", nullableString("all, any, any-short or none."),
            "conditions", array(conditionSchema(), "Trigger conditions (comparison values: get_alert_rule).")),
        "actionFilters", array(object(
                "id", nullableString("Action group id."),
                "logicType", nullableString("all, any, any-short or none."),
                "conditions", array(conditionSchema(), "Filter conditions."),
                "actions", array(object(
                        "id", nullableString("Action id."),
                        "type", nullableString("Action type, e.g. email or slack."),
                        "integrationId", nullableString("Integration id."),
                        "targetType", nullableString("config.targetType."),
                        "targetDisplay", nullableString("config.targetDisplay, e.g. a channel name."),
                        "targetIdentifier", nullableString("config.targetIdentifier, e.g. a channel id.")),
                    "Notification actions.")),
            "Action groups."),
        "webUrl", string("The alert in the Sentry web UI."));
  }

  /**
   * Renders the rule Sentry returned into {@code doc} and returns its structured summary (comparison values, action
   * data and other config members are left to get_alert_rule).
   *
   * @param ruleId the rule's id (validated or parsed from Sentry's answer)
   */
  static Structured.Obj render(ToolResult.Builder doc, SentryJson rule, long ruleId, String org, WebLinks links) {
    Untrusted name = rule.get("name").nonEmptyText();
    Boolean enabled = rule.get("enabled").asBoolean().orElse(null);
    OptionalLong frequency = rule.path("config", "frequency").asLong();
    Untrusted environment = rule.get("environment").nonEmptyText();
    Untrusted owner = rule.get("owner").isText() ? rule.get("owner").nonEmptyText() : null;
    List<Long> detectors = detectorIds(rule);
    String webUrl = links.path(org, "/monitors/alerts/" + ruleId + "/");

    doc.fieldText("ID", String.valueOf(ruleId)).field("Name", name);
    if (enabled != null) {
      doc.fieldText("Status", enabled ? "active" : "disabled");
    }
    if (frequency.isPresent()) {
      doc.fieldText("Frequency", frequency.getAsLong() + " min");
    }
    doc.field("Environment", environment).field("Owner", owner);
    doc.fieldText("Sources", detectors.isEmpty() ? "none (the alert notifies no one until connected)"
        : String.join(", ", detectors.stream().map(String::valueOf).toList()));

    SentryJson triggers = rule.get("triggers");
    Structured triggerSummary = Structured.NULL;
    if (triggers.isObject()) {
      List<Structured> conditions = conditionSummaries(triggers);
      triggerSummary = Structured.object()
          .put("id", triggers.get("id").nonEmptyText())
          .put("logicType", triggers.get("logicType").nonEmptyText())
          .put("conditions", Structured.array(conditions))
          .build();
      doc.field("Triggers", orDash(triggers.get("logicType").nonEmptyText()),
          Inline.text(": " + conditions.size() + " condition(s)"));
    }

    List<Structured> groups = new ArrayList<>();
    List<List<Inline>> bullets = new ArrayList<>();
    for (SentryJson group : rule.get("actionFilters").items()) {
      if (!group.isObject()) {
        continue;
      }
      List<Structured> actions = new ArrayList<>();
      for (SentryJson action : group.get("actions").items()) {
        if (!action.isObject()) {
          continue;
        }
        SentryJson config = action.get("config");
        Untrusted type = action.get("type").nonEmptyText();
        Untrusted display = config.get("targetDisplay").nonEmptyText();
        Untrusted target = config.get("targetIdentifier").nonEmptyText();
        actions.add(Structured.object()
            .put("id", action.get("id").nonEmptyText())
            .put("type", type)
            .put("integrationId", action.get("integrationId").nonEmptyText())
            .put("targetType", config.get("targetType").nonEmptyText())
            .put("targetDisplay", display)
            .put("targetIdentifier", target)
            .build());
        List<Inline> line = new ArrayList<>();
        line.add(orDash(type));
        if (display != null || target != null) {
          line.add(Inline.text(" → "));
          line.add(orDash(display != null ? display : target));
        }
        bullets.add(line);
      }
      groups.add(Structured.object()
          .put("id", group.get("id").nonEmptyText())
          .put("logicType", group.get("logicType").nonEmptyText())
          .put("conditions", Structured.array(conditionSummaries(group)))
          .put("actions", Structured.array(actions))
          .build());
    }
    doc.fieldText("Action groups", String.valueOf(groups.size()));
    if (!bullets.isEmpty()) {
      doc.heading(2, "Actions").bullets(bullets);
    }
    doc.fieldText("Web URL", webUrl);

    return Structured.object()
        .putText("id", String.valueOf(ruleId))
        .put("name", name)
        .put("enabled", enabled == null ? Structured.NULL : Structured.of(enabled))
        .put("frequencyMinutes", frequency.isPresent() ? frequency.getAsLong() : null)
        .put("environment", environment)
        .put("owner", owner)
        .put("detectorIds", Structured.array(detectors.stream().map(d -> Structured.str(String.valueOf(d))).toList()))
        .put("triggers", triggerSummary)
        .put("actionFilters", Structured.array(groups))
        .putText("webUrl", webUrl)
        .build();
  }

  private static List<Structured> conditionSummaries(SentryJson group) {
    List<Structured> out = new ArrayList<>();
    for (SentryJson c : group.get("conditions").items()) {
      if (c.isObject()) {
        out.add(Structured.object()
            .put("id", c.get("id").nonEmptyText())
            .put("type", c.get("type").nonEmptyText())
            .build());
      }
    }
    return out;
  }

  private static Inline orDash(@Nullable Untrusted u) {
    return u != null ? Inline.data(u) : Inline.text("-");
  }

  /**
   * Whether a Slack action of the saved rule has no resolved channel id ({@code config.targetIdentifier}): Sentry can
   * save one after its channel lookup timed out.
   */
  static boolean hasUnresolvedSlackDestination(SentryJson rule) {
    for (SentryJson group : rule.get("actionFilters").items()) {
      for (SentryJson action : group.get("actions").items()) {
        if (action.get("type").textEquals("slack")) {
          SentryJson target = action.path("config", "targetIdentifier");
          if (!target.isText() || target.nonEmptyText() == null) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
