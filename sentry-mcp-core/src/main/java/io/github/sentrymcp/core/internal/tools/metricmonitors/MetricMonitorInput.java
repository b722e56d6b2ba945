package io.github.sentrymcp.core.internal.tools.metricmonitors;

import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The write tools' monitor parameters: their declaration, the checks of the nested {@code query}, {@code config} and
 * {@code conditionGroup} objects (every problem reported at once, naming the field and never repeating the value),
 * and the request body parts Sentry's detector API takes ({@code dataSources[0]} with {@code timeWindow} in seconds,
 * {@code config} with {@code comparisonDelta}).
 */
final class MetricMonitorInput {
  private MetricMonitorInput() {}

  static final List<String> DATASETS =
      List.of("events", "transactions", "generic_metrics", "metrics", "events_analytics_platform");
  static final List<String> DETECTION_TYPES = List.of("static", "percent", "dynamic");
  static final List<String> THRESHOLD_TYPES = List.of("gt", "lt", "gte", "lte");
  static final String ANOMALY = "anomaly_detection";
  static final List<String> SENSITIVITIES = List.of("low", "medium", "high");
  static final Pattern OWNER = Pattern.compile("(user|team):\\d{1,20}");
  static final Pattern WORKFLOW_ID = Pattern.compile("\\d{1,20}");
  static final int MAX_TEXT = 10_000;

  // ------------------------------------------------------------------ declarations

  /**
   * The monitor fields after the reference parameters.
   *
   * @param create true: name, query, config and conditionGroup required, workflowIds defaults to []; false: all
   *     optional, plus status
   */
  static void addFields(InputSchema.Builder b, boolean create) {
    InputSchema.ParamBuilder name = b.string("name", "Monitor name.").minLength(1).maxLength(200);
    (create ? name.required() : name).add();
    b.string("description", "Monitor description; null clears it.").nullable().maxLength(MAX_TEXT).noTrim().add();
    if (!create) {
      b.string("status", "active or disabled (stops evaluation).").enumValues(List.of("active", "disabled")).add();
    }
    b.string("owner", "Owner actor, team:ID or user:ID; null clears it.").nullable().pattern(OWNER).add();
    InputSchema.ParamBuilder query = b.object("query", create
        ? "Complete query: {dataset: events|transactions|generic_metrics|metrics|events_analytics_platform,"
            + " query, aggregate, eventTypes[], timeWindowSeconds, environment? (null: all),"
            + " extrapolationMode?}. metrics is crash-free releases; events_analytics_platform serves spans, logs"
            + " and application metrics by eventTypes."
        : "Query changes (same fields as create_metric_monitor); omitted fields are kept, environment:null clears"
            + " the filter. A dataset change needs a matching aggregate and eventTypes.");
    (create ? query.required() : query).add();
    InputSchema.ParamBuilder config = b.object("config", create
        ? "{detectionType: static|percent|dynamic, comparisonDeltaSeconds (percent only)}."
        : "Config changes {detectionType?, comparisonDeltaSeconds?}. Percent needs comparisonDeltaSeconds; a new"
            + " detectionType needs a matching conditionGroup.");
    (create ? config.required() : config).add();
    InputSchema.ParamBuilder group = b.object("conditionGroup", create
        ? "{logicType?: any, conditions: 1-3 of {type: gt|gte|lt|lte, comparison: number, conditionResult:"
            + " 75|50|0} (Static/Percent: thresholds plus a resolution with 0; Percent 110 = 10% higher) or one"
            + " {type: anomaly_detection, comparison: {sensitivity: low|medium|high, seasonality: auto,"
            + " thresholdType: 0 above|1 below|2 both}, conditionResult: 75|50} (Dynamic)}. Copied IDs are dropped."
        : "Replaces every condition: {id?, logicType, conditions: 1-3 as in create_metric_monitor, with id? to"
            + " keep a condition}. Keep the IDs from get_metric_monitor_details.");
    (create ? group.required() : group).add();
    InputSchema.ParamBuilder workflows = b.stringArray("workflowIds", create
            ? "IDs of existing notification Alerts to connect (their configuration is not changed)."
            : "Replaces the connected Alert IDs; [] disconnects all. The Alerts themselves are not changed.")
        .pattern(WORKFLOW_ID).emptyArrayAllowed();
    (create ? workflows.defaultValue(List.of()) : workflows).add();
  }

  // ------------------------------------------------------------------ nested objects

  /** Collected problems of one call; {@link #throwIfAny} reports them all. */
  static final class Problems {
    private final String tool;
    private final List<String> list = new ArrayList<>();

    Problems(String tool) {
      this.tool = tool;
    }

    void add(String problem) {
      list.add(problem);
    }

    void throwIfAny() {
      if (!list.isEmpty()) {
        throw SentryMcpException.invalidInput(
            "Invalid arguments for " + tool + ": " + String.join("; ", list) + ".");
      }
    }
  }

  private static void unknownKeys(Map<String, Object> o, Set<String> known, String where, Problems p) {
    for (String k : o.keySet()) {
      if (!known.contains(k)) {
        p.add(where + ": unknown field (expected one of: " + String.join(", ", known) + ")");
        return;
      }
    }
  }

  private static @Nullable Long positiveInteger(@Nullable Object v) {
    Long n = integer(v);
    return n != null && n > 0 ? n : null;
  }

  private static @Nullable Long integer(@Nullable Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Number n) {
      try {
        return new BigDecimal(n.toString()).longValueExact();
      } catch (ArithmeticException | NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /** A finite number, integral ones as Long. */
  private static @Nullable Number number(@Nullable Object v) {
    Long l = integer(v);
    if (l != null) {
      return l;
    }
    if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
      return n.doubleValue();
    }
    return null;
  }

  private static @Nullable String text(@Nullable Object v, int max) {
    return v instanceof String s && s.length() <= max ? s : null;
  }

  private static final Set<String> QUERY_FIELDS = Set.of("dataset", "query", "aggregate", "eventTypes",
      "timeWindowSeconds", "environment", "extrapolationMode");

  /**
   * The checked query as Sentry's data source fields ({@code timeWindow}), in Sentry's order; for create every field
   * but extrapolationMode is required and environment defaults to null, for update the given fields only (at least
   * one).
   */
  static Map<String, @Nullable Object> query(Map<String, Object> q, boolean create, Problems p) {
    unknownKeys(q, QUERY_FIELDS, "query", p);
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    if (!create && q.isEmpty()) {
      p.add("query: provide at least one query field");
    }
    if (q.containsKey("dataset") || create) {
      Object v = q.get("dataset");
      if (v instanceof String s && DATASETS.contains(s)) {
        out.put("dataset", s);
      } else {
        p.add("query.dataset: must be one of " + String.join(", ", DATASETS));
      }
    }
    if (q.containsKey("query") || create) {
      String s = text(q.get("query"), MAX_TEXT);
      if (s == null) {
        p.add("query.query: expected a string (empty for no filter)");
      } else {
        out.put("query", s);
      }
    }
    if (q.containsKey("aggregate") || create) {
      String s = text(q.get("aggregate"), 1000);
      if (s == null || s.isBlank()) {
        p.add("query.aggregate: expected a non-empty string");
      } else {
        out.put("aggregate", s);
      }
    }
    if (q.containsKey("eventTypes") || create) {
      List<String> types = new ArrayList<>();
      if (q.get("eventTypes") instanceof List<?> l && l.stream().allMatch(t -> text(t, 100) != null)) {
        l.forEach(t -> types.add((String) t));
        out.put("eventTypes", List.copyOf(types));
      } else {
        p.add("query.eventTypes: expected an array of strings");
      }
    }
    if (q.containsKey("timeWindowSeconds") || create) {
      Long w = positiveInteger(q.get("timeWindowSeconds"));
      if (w == null) {
        p.add("query.timeWindowSeconds: expected a positive integer (seconds)");
      } else {
        out.put("timeWindow", w);
      }
    }
    if (q.containsKey("environment") || create) {
      Object v = q.get("environment");
      if (v == null) {
        out.put("environment", null);
      } else if (text(v, 64) != null && !((String) v).isBlank()) {
        out.put("environment", v);
      } else {
        p.add("query.environment: expected an environment name or null");
      }
    }
    if (q.containsKey("extrapolationMode")) {
      Object v = q.get("extrapolationMode");
      if (v == null || text(v, 100) != null) {
        out.put("extrapolationMode", v);
      } else {
        p.add("query.extrapolationMode: expected a string or null");
      }
    }
    return out;
  }

  /** The checked config: {@code detectionType} and {@code comparisonDeltaSeconds} as given (the latter may be null). */
  record Config(@Nullable String detectionType, boolean deltaGiven, @Nullable Long delta) {}

  private static final Set<String> CONFIG_FIELDS = Set.of("detectionType", "comparisonDeltaSeconds");

  static Config config(Map<String, Object> c, boolean create, Problems p) {
    unknownKeys(c, CONFIG_FIELDS, "config", p);
    if (!create && c.isEmpty()) {
      p.add("config: provide at least one config field");
    }
    String type = null;
    if (c.containsKey("detectionType") || create) {
      Object v = c.get("detectionType");
      if (v instanceof String s && DETECTION_TYPES.contains(s)) {
        type = s;
      } else {
        p.add("config.detectionType: must be one of static, percent, dynamic");
      }
    }
    boolean deltaGiven = c.containsKey("comparisonDeltaSeconds");
    Long delta = null;
    if (deltaGiven && c.get("comparisonDeltaSeconds") != null) {
      delta = positiveInteger(c.get("comparisonDeltaSeconds"));
      if (delta == null) {
        p.add("config.comparisonDeltaSeconds: expected a positive integer (seconds) or null");
      }
    }
    return new Config(type, deltaGiven, delta);
  }

  private static final Set<String> GROUP_FIELDS = Set.of("id", "logicType", "conditions");
  private static final Set<String> CONDITION_FIELDS = Set.of("id", "type", "comparison", "conditionResult");
  private static final Set<String> ANOMALY_FIELDS = Set.of("sensitivity", "seasonality", "thresholdType");

  /**
   * The checked condition group in Sentry's form. For create, ids are dropped and logicType is {@code any}; for
   * update, ids (strings or integers) are kept and logicType is required.
   */
  static Map<String, Object> conditionGroup(Map<String, Object> g, boolean create, Problems p) {
    unknownKeys(g, GROUP_FIELDS, "conditionGroup", p);
    Map<String, Object> out = new LinkedHashMap<>();
    if (!create && g.containsKey("id")) {
      Object id = id(g.get("id"));
      if (id == null) {
        p.add("conditionGroup.id: expected a numeric id");
      } else {
        out.put("id", id);
      }
    }
    Object logic = g.get("logicType");
    if (create) {
      if (logic != null && !"any".equals(logic)) {
        p.add("conditionGroup.logicType: must be any");
      }
      out.put("logicType", "any");
    } else if (logic instanceof String s && !s.isBlank() && s.length() <= 50) {
      out.put("logicType", s);
    } else {
      p.add("conditionGroup.logicType: expected a string such as any");
    }
    List<Object> conditions = new ArrayList<>();
    if (!(g.get("conditions") instanceof List<?> l) || l.isEmpty() || l.size() > 3) {
      p.add("conditionGroup.conditions: expected 1 to 3 conditions");
    } else {
      for (int i = 0; i < l.size(); i++) {
        Object c = l.get(i);
        String where = "conditionGroup.conditions[" + i + "]";
        if (c instanceof Map<?, ?> m) {
          @SuppressWarnings("unchecked")
          Map<String, Object> cm = (Map<String, Object>) m;
          Map<String, Object> checked = condition(cm, create, where, p);
          if (checked != null) {
            conditions.add(checked);
          }
        } else {
          p.add(where + ": expected an object");
        }
      }
    }
    out.put("conditions", conditions);
    return out;
  }

  private static @Nullable Object id(@Nullable Object v) {
    if (v instanceof String s) {
      return WORKFLOW_ID.matcher(s).matches() ? s : null;
    }
    Long n = integer(v);
    return n != null && n >= 0 ? n : null;
  }

  private static @Nullable Map<String, Object> condition(Map<String, Object> c, boolean create, String where,
      Problems p) {
    unknownKeys(c, CONDITION_FIELDS, where, p);
    Map<String, Object> out = new LinkedHashMap<>();
    if (!create && c.containsKey("id")) {
      Object id = id(c.get("id"));
      if (id == null) {
        p.add(where + ".id: expected a numeric id");
        return null;
      }
      out.put("id", id);
    }
    Object type = c.get("type");
    Long result = integer(c.get("conditionResult"));
    if (type instanceof String t && THRESHOLD_TYPES.contains(t)) {
      Number comparison = number(c.get("comparison"));
      if (comparison == null) {
        p.add(where + ".comparison: expected a number");
        return null;
      }
      if (result == null || !(result == 75 || result == 50 || result == 0)) {
        p.add(where + ".conditionResult: must be 75, 50 or 0");
        return null;
      }
      out.put("type", t);
      out.put("comparison", comparison);
    } else if (ANOMALY.equals(type)) {
      if (!(c.get("comparison") instanceof Map<?, ?> m)) {
        p.add(where + ".comparison: expected {sensitivity, seasonality, thresholdType}");
        return null;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> cm = (Map<String, Object>) m;
      unknownKeys(cm, ANOMALY_FIELDS, where + ".comparison", p);
      Object sensitivity = cm.get("sensitivity");
      Long thresholdType = integer(cm.get("thresholdType"));
      if (!(sensitivity instanceof String s && SENSITIVITIES.contains(s))) {
        p.add(where + ".comparison.sensitivity: must be one of low, medium, high");
        return null;
      }
      if (!"auto".equals(cm.get("seasonality"))) {
        p.add(where + ".comparison.seasonality: must be auto");
        return null;
      }
      if (thresholdType == null || thresholdType < 0 || thresholdType > 2) {
        p.add(where + ".comparison.thresholdType: must be 0, 1 or 2");
        return null;
      }
      if (result == null || !(result == 75 || result == 50)) {
        p.add(where + ".conditionResult: must be 75 or 50");
        return null;
      }
      Map<String, Object> comparison = new LinkedHashMap<>();
      comparison.put("sensitivity", sensitivity);
      comparison.put("seasonality", "auto");
      comparison.put("thresholdType", thresholdType);
      out.put("type", ANOMALY);
      out.put("comparison", comparison);
    } else {
      p.add(where + ".type: must be one of gt, gte, lt, lte, anomaly_detection");
      return null;
    }
    out.put("conditionResult", result);
    return out;
  }

  /** Whether the checked conditions are anomaly conditions, in order. */
  static List<Boolean> anomalies(Map<String, Object> group) {
    List<Boolean> out = new ArrayList<>();
    if (group.get("conditions") instanceof List<?> l) {
      for (Object c : l) {
        out.add(c instanceof Map<?, ?> m && ANOMALY.equals(m.get("type")));
      }
    }
    return out;
  }

  /** Whether Sentry's stored conditions are anomaly conditions, in order. */
  static List<Boolean> anomalies(SentryJson group) {
    List<Boolean> out = new ArrayList<>();
    for (SentryJson c : group.get("conditions").items()) {
      out.add(c.get("type").textEquals(ANOMALY));
    }
    return out;
  }

  // ------------------------------------------------------------------ detection config

  /**
   * The detector config to send: the given changes over the stored config ({@code current}, absent on create), with
   * the rules Sentry's detection modes need; a violation is invalid input. Only {@code detectionType} and {@code
   * comparisonDelta} are sent.
   *
   * @param anomalies for each effective condition, whether it is an anomaly condition
   */
  static Map<String, @Nullable Object> detectionConfig(Config changes, List<Boolean> anomalies,
      @Nullable SentryJson current) {
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    String mode = changes.detectionType();
    Object detectionType = mode;
    if (mode == null && current != null) {
      for (String known : DETECTION_TYPES) {
        if (current.get("detectionType").textEquals(known)) {
          mode = known;
        }
      }
      Untrusted stored = current.get("detectionType").nonEmptyText();
      detectionType = mode != null ? mode : stored;
    }
    out.put("detectionType", detectionType);
    Long delta = null;
    if (changes.deltaGiven()) {
      delta = changes.delta();
      out.put("comparisonDelta", delta);
    } else if (current != null && current.has("comparisonDelta")) {
      SentryJson stored = current.get("comparisonDelta");
      delta = stored.isNumber() && stored.asLong().isPresent() ? stored.asLong().getAsLong() : null;
      out.put("comparisonDelta", delta);
    } else if (current != null) {
      out.put("comparisonDelta", null);
    }
    if (!"percent".equals(mode)) {
      if (changes.delta() != null) {
        throw SentryMcpException.invalidInput("config.comparisonDeltaSeconds is only used by Percent detection.");
      }
      if (changes.detectionType() != null) {
        // a delta left in place would still make Sentry compare percentages
        out.put("comparisonDelta", null);
        delta = null;
      }
    }
    boolean dynamic = "dynamic".equals(mode);
    if (dynamic && anomalies.size() != 1) {
      throw SentryMcpException.invalidInput("Dynamic detection needs exactly one anomaly_detection condition.");
    }
    if (anomalies.stream().anyMatch(a -> a != dynamic)) {
      throw SentryMcpException.invalidInput("conditionGroup does not match detectionType: Dynamic needs an"
          + " anomaly_detection condition, Static and Percent need numeric threshold conditions.");
    }
    if ("percent".equals(mode) && (delta == null || delta <= 0)) {
      throw SentryMcpException.invalidInput("Percent detection needs config.comparisonDeltaSeconds.");
    }
    return out;
  }

  /** The metadata fields of {@code args} that were given (explicit nulls for description and owner). */
  static Map<String, @Nullable Object> metadata(Args args) {
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    if (args.has("name")) {
      out.put("name", args.string("name"));
    }
    for (String f : List.of("description", "owner")) {
      if (args.has(f)) {
        out.put(f, args.string(f));
      } else if (args.isExplicitNull(f)) {
        out.put(f, null);
      }
    }
    return out;
  }
}
