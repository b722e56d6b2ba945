package io.github.sentrymcp.core.internal.tools.filters;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.array;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.leaf;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.object;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;

import io.github.sentrymcp.api.ApiException;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.Rendering;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What the custom inbound filter tools share: the {@code dataType}, {@code conditions} and {@code filterId}
 * parameters and their checks, the request body, the item rendering and schema, and the feature-gate error.
 *
 * <p>Endpoints: {@code /projects/{org}/{project}/custom-inbound-filters/} (GET pages with {@code per_page} and
 * {@code cursor}, POST) and {@code .../custom-inbound-filters/{filterId}/} (PUT, DELETE).
 */
final class CustomInboundFilters {
  private CustomInboundFilters() {}

  static final List<String> DATA_TYPES = List.of("all", "error", "log", "metric", "span");
  static final List<String> CONDITION_TYPES =
      List.of("error_type", "error_message", "log_message", "metric_name", "release", "ip_address");
  static final int MAX_CONDITIONS = 10;
  /** A pattern's length limit (Sentry allows 4000 characters over all of a filter's values). */
  static final int MAX_VALUE_CHARS = 4000;
  /** Shown per condition (Sentry caps a filter's values at 4000 characters in total, so this rarely cuts). */
  static final int SHOWN_VALUES = 50;

  /** The condition types each data type accepts. */
  static final Map<String, List<String>> ALLOWED = Map.of(
      "all", List.of("release", "ip_address"),
      "error", List.of("error_type", "error_message", "release", "ip_address"),
      "log", List.of("log_message", "release", "ip_address"),
      "metric", List.of("metric_name", "release", "ip_address"),
      "span", List.of("release", "ip_address"));

  static final String LIST_PATH = "/projects/{org}/{project}/custom-inbound-filters/";
  static final String ITEM_PATH = "/projects/{org}/{project}/custom-inbound-filters/{filterId}/";

  private static final Pattern FEATURE_DISABLED = Pattern.compile("(?is).*feature enabled.*");

  // ------------------------------------------------------------------ parameters

  static InputSchema.Builder dataType(InputSchema.Builder b, boolean required) {
    InputSchema.ParamBuilder p = b.string("dataType", "What the filter drops: error (errors and messages), log,"
        + " metric, span, or all (every data type; only release and ip_address conditions).")
        .enumValues(DATA_TYPES);
    return (required ? p.required() : p.nullable()).add();
  }

  static InputSchema.Builder conditions(InputSchema.Builder b, boolean required) {
    Map<String, Object> type = new LinkedHashMap<>();
    type.put("type", "string");
    type.put("enum", CONDITION_TYPES);
    type.put("description", "Field to match: release and ip_address on every data type; error_type and"
        + " error_message on error, log_message on log, metric_name on metric.");
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("type", "array");
    value.put("items", Map.of("type", "string", "minLength", 1));
    value.put("minItems", 1);
    value.put("description", "Patterns, ORed: case-insensitive globs (`*` any characters, `?` one), e.g."
        + " `*ConnectionError*`, `my-app@2.*`; for ip_address an IP or CIDR range.");
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("type", "object");
    item.put("properties", Map.of("type", type, "value", value));
    item.put("required", List.of("type", "value"));
    item.put("additionalProperties", false);
    InputSchema.ParamBuilder p = b.objectArray("conditions", "Conditions, ANDed: a filter drops data only when"
        + " every condition matches (at most " + MAX_CONDITIONS + ").", item).minimum(1).maximum(MAX_CONDITIONS);
    return (required ? p.required() : p.nullable()).add();
  }

  static InputSchema.Builder filterId(InputSchema.Builder b) {
    return b.string("filterId", "The filter's id (find_custom_inbound_filters lists them).")
        .required().minLength(1).check(Params::resourceIdProblem).add();
  }

  static InputSchema.Builder name(InputSchema.Builder b, boolean required, String description) {
    InputSchema.ParamBuilder p = b.string("name", description).minLength(1).maxLength(256);
    return (required ? p.required() : p.nullable()).add();
  }

  // ------------------------------------------------------------------ checks and body

  /** One checked condition: a type of {@link #CONDITION_TYPES} and its trimmed, non-empty patterns. */
  record Condition(String type, List<String> values) {}

  /**
   * The {@code conditions} argument, checked: every item an object with exactly {@code type} and {@code value}, a
   * known type and a non-empty list of non-blank strings (trimmed). Messages name the item by index.
   *
   * @throws SentryMcpException invalid input
   */
  static List<Condition> conditions(Args args) {
    List<String> problems = new ArrayList<>();
    List<Condition> out = new ArrayList<>();
    List<Map<String, Object>> given = args.objects("conditions");
    for (int i = 0; i < given.size(); i++) {
      Map<String, Object> item = given.get(i);
      String at = "conditions[" + i + "]";
      if (!Set.of("type", "value").containsAll(item.keySet())) {
        problems.add(at + ": only type and value are allowed");
        continue;
      }
      Object type = item.get("type");
      if (!(type instanceof String t) || !CONDITION_TYPES.contains(Params.trimAsciiWhitespace(t))) {
        problems.add(at + ".type: must be one of " + String.join(", ", CONDITION_TYPES));
        continue;
      }
      if (!(item.get("value") instanceof List<?> raw) || raw.isEmpty()) {
        problems.add(at + ".value: expected a non-empty array of strings");
        continue;
      }
      List<String> values = new ArrayList<>();
      @Nullable String problem = null;
      for (Object v : raw) {
        if (!(v instanceof String s) || s.isBlank()) {
          problem = at + ".value: every pattern must be a non-blank string";
          break;
        }
        if (s.length() > MAX_VALUE_CHARS) {
          problem = at + ".value: a pattern has at most " + MAX_VALUE_CHARS + " characters";
          break;
        }
        values.add(s.strip());
      }
      if (problem != null) {
        problems.add(problem);
      } else {
        out.add(new Condition(Params.trimAsciiWhitespace(t), List.copyOf(values)));
      }
    }
    if (!problems.isEmpty()) {
      throw SentryMcpException.invalidInput("Invalid conditions: " + String.join("; ", problems) + ".");
    }
    return List.copyOf(out);
  }

  /**
   * Refuses condition types the data type has no field for, before anything is sent.
   *
   * @throws SentryMcpException invalid input naming the data type, the refused and the accepted condition types
   */
  static void checkMatchesDataType(String dataType, List<Condition> conditions) {
    List<String> allowed = ALLOWED.getOrDefault(dataType, List.of());
    Set<String> refused = new LinkedHashSet<>();
    for (Condition c : conditions) {
      if (!allowed.contains(c.type())) {
        refused.add(c.type());
      }
    }
    if (!refused.isEmpty()) {
      throw SentryMcpException.invalidInput("A filter on " + dataType + " data cannot use the "
          + String.join(", ", refused) + " condition. It accepts " + String.join(", ", allowed) + ".");
    }
  }

  /** The JSON of the conditions for a request body. */
  static List<Map<String, Object>> body(List<Condition> conditions) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Condition c : conditions) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", c.type());
      m.put("value", c.values());
      out.add(m);
    }
    return out;
  }

  static ApiPath itemPath(String org, String project, String filterId) {
    return ApiPath.of(ITEM_PATH, org, project, filterId);
  }

  /**
   * Runs a request; Sentry's HTTP 400 "You do not have that feature enabled" becomes an input error that names the
   * feature (Sentry's text stays in the details), every other failure passes unchanged.
   */
  static <T> T featureGated(Supplier<T> request) {
    try {
      return request.get();
    } catch (ApiException e) {
      if (e.status() == 400 && e.details().stream().anyMatch(d -> d.matches(FEATURE_DISABLED))) {
        throw new ApiException(ErrorKind.INVALID_INPUT, 400, e.endpoint(), "Sentry API returned HTTP 400 for "
            + e.endpoint() + ": custom inbound filters are not enabled for this project's organization. The"
            + " built-in inbound filters (project settings) still apply.", e.details(), e.retryAfter(), e);
      }
      throw e;
    }
  }

  // ------------------------------------------------------------------ output

  static final Map<String, Object> ITEM_SCHEMA = object(
      "id", string("Filter id (update/delete_custom_inbound_filter take it)."),
      "name", nullableString("Filter name."),
      "active", leaf(List.of("boolean", "null"), "False when the filter is kept but drops nothing."),
      "dataType", nullableString("error, log, metric, span or all."),
      "conditions", array(object(
              "type", string("The matched field, e.g. error_message or release."),
              "value", array(string("A pattern."), "Patterns, ORed.")),
          "Conditions, ANDed."),
      "dateCreated", nullableString("Created (ISO-8601)."),
      "dateUpdated", nullableString("Last updated (ISO-8601)."));

  /** The structured item of a filter (Sentry's other fields are left out). */
  static Structured.Obj item(SentryJson f) {
    List<Structured> conditions = new ArrayList<>();
    for (SentryJson c : f.get("conditions").items()) {
      Untrusted type = c.get("type").nonEmptyText();
      if (type == null) {
        continue;
      }
      List<Structured> values = new ArrayList<>();
      for (SentryJson v : values(c)) {
        values.add(Structured.of(v.text()));
      }
      conditions.add(Structured.object().put("type", type).put("value", Structured.array(values)).build());
    }
    Untrusted id = f.get("id").nonEmptyText();
    return Structured.object()
        .put("id", id == null ? Structured.str("") : Structured.of(id))
        .put("name", f.get("name").nonEmptyText())
        .put("active", f.get("active").asBoolean().<Structured>map(b -> Structured.of(b.booleanValue()))
            .orElse(Structured.NULL))
        .put("dataType", f.get("dataType").nonEmptyText())
        .put("conditions", Structured.array(conditions))
        .putText("dateCreated", Rendering.isoTimestamp(f.get("dateCreated")))
        .putText("dateUpdated", Rendering.isoTimestamp(f.get("dateUpdated")))
        .build();
  }

  /** A condition's patterns (strings, or numbers and booleans as text), at most {@link #SHOWN_VALUES}. */
  private static List<SentryJson> values(SentryJson condition) {
    List<SentryJson> out = new ArrayList<>();
    for (SentryJson v : condition.get("value").items()) {
      if (v.text() != null && out.size() < SHOWN_VALUES) {
        out.add(v);
      }
    }
    return out;
  }

  /** Whether the filter is active: yes, no, or a dash when Sentry did not say. */
  static String active(SentryJson f) {
    return f.get("active").asBoolean().map(b -> b ? "yes" : "no").orElse("-");
  }

  /** The table row of a filter: ID, Name, Data type, Active, Conditions. */
  static List<Inline> row(SentryJson f) {
    return List.of(Rendering.cell(f.get("id").nonEmptyText()), Rendering.cell(f.get("name").nonEmptyText()),
        Rendering.cell(f.get("dataType").nonEmptyText()), Inline.text(active(f)), conditionsCell(f));
  }

  static final List<String> HEADERS = List.of("ID", "Name", "Data type", "Active", "Conditions");

  /** The conditions as compact JSON data (Sentry's own shape), or a dash. */
  private static Inline conditionsCell(SentryJson f) {
    Untrusted json = f.get("conditions").isArray() ? f.get("conditions").asCompactJsonText() : null;
    return Rendering.cell(json);
  }

  /** One filter as fields (create and update results). */
  static void fields(ToolResult.Builder doc, SentryJson f) {
    doc.field("ID", f.get("id").nonEmptyText())
        .field("Name", f.get("name").nonEmptyText())
        .field("Data type", f.get("dataType").nonEmptyText())
        .fieldText("Active", active(f));
    if (f.get("conditions").isArray()) {
      doc.field("Conditions", f.get("conditions").asCompactJsonText());
    }
    String updated = Rendering.isoTimestamp(f.get("dateUpdated"));
    if (updated != null) {
      doc.fieldText("Updated", updated);
    }
  }

  /** The caller's parameters for a not-found hint. */
  static Map<String, String> used(String org, String project, @Nullable String filterId) {
    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", org);
    used.put("projectSlug", project);
    if (filterId != null) {
      used.put("filterId", filterId);
    }
    return used;
  }
}
