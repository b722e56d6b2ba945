package io.github.sentrymcp.core.internal.tools;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builders of output schemas (JSON Schema 2020-12, as plain maps): the root object, objects whose properties are all
 * required (an absent value is emitted as null) and which allow no others, arrays, and typed leaves with a
 * description. A tool's structured content must match its schema; the tool tests check that it does.
 *
 * <pre>{@code
 * static final Map<String, Object> OUTPUT_SCHEMA = root(
 *     "team", object(
 *         "id", string("Team id."),
 *         "name", nullableString("Team name.")));
 * }</pre>
 */
public final class OutputSchemas {
  private OutputSchemas() {}

  public static final String SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";

  /** A typed leaf with a description; {@code type} is a JSON type name or a list of them. */
  public static Map<String, Object> leaf(Object type, String description) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type instanceof List<?> l ? List.copyOf(l) : type);
    m.put("description", description);
    return Collections.unmodifiableMap(m);
  }

  public static Map<String, Object> string(String description) {
    return leaf("string", description);
  }

  public static Map<String, Object> nullableString(String description) {
    return leaf(List.of("string", "null"), description);
  }

  public static Map<String, Object> bool(String description) {
    return leaf("boolean", description);
  }

  public static Map<String, Object> nullableInteger(String description) {
    return leaf(List.of("integer", "null"), description);
  }

  /** An array of {@code items}. */
  public static Map<String, Object> array(Map<String, Object> items, String description) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "array");
    m.put("items", items);
    m.put("description", description);
    return Collections.unmodifiableMap(m);
  }

  /**
   * An object whose listed properties are all required (absent values are emitted as null) and which allows no
   * others. {@code props} alternates names and schemas.
   */
  public static Map<String, Object> object(Object... props) {
    return objectSchema(false, true, props);
  }

  /** Like {@link #object(Object...)} but the value may also be null. */
  public static Map<String, Object> nullableObject(Object... props) {
    return objectSchema(true, true, props);
  }

  /** An object whose properties are all optional (emitted only when set), or null. */
  public static Map<String, Object> nullableObjectOptionalProps(Object... props) {
    return objectSchema(true, false, props);
  }

  /** The root of an output schema: an object with every property required. */
  public static Map<String, Object> root(Object... props) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("$schema", SCHEMA_DIALECT);
    m.putAll(object(props));
    return Collections.unmodifiableMap(m);
  }

  /** Concatenates property lists. */
  public static Object[] concat(Object[] a, Object... b) {
    Object[] out = new Object[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Whether a value of this schema may be JSON null ({@code type} is or lists {@code "null"}). */
  public static boolean allowsNull(Map<String, Object> schema) {
    Object type = schema.get("type");
    return "null".equals(type) || (type instanceof List<?> l && l.contains("null"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> objectSchema(boolean nullable, boolean allRequired, Object... props) {
    if (props.length % 2 != 0) {
      throw new IllegalArgumentException("props alternate names and schemas");
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (int i = 0; i < props.length; i += 2) {
      String name = (String) props[i];
      properties.put(name, (Map<String, Object>) props[i + 1]);
      if (allRequired) {
        required.add(name);
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", nullable ? List.of("object", "null") : "object");
    m.put("properties", Collections.unmodifiableMap(properties));
    if (!required.isEmpty()) {
      m.put("required", List.copyOf(required));
    }
    m.put("additionalProperties", false);
    return Collections.unmodifiableMap(m);
  }

  /**
   * A copy of {@code schema} without {@code description}, {@code $schema} and {@code additionalProperties: false}
   * keywords, at every level (property names are kept even when one is called {@code description}): the structure a
   * client validates the result against, without the words that only explain it.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> structureOnly(Map<String, Object> schema) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : schema.entrySet()) {
      String k = e.getKey();
      Object v = e.getValue();
      if (k.equals("description") || k.equals("$schema") || (k.equals("additionalProperties") && v == Boolean.FALSE)) {
        continue;
      }
      if ((k.equals("properties") || k.equals("$defs")) && v instanceof Map<?, ?> props) {
        Map<String, Object> p = new LinkedHashMap<>();
        props.forEach((name, sub) -> p.put((String) name,
            sub instanceof Map<?, ?> m ? structureOnly((Map<String, Object>) m) : sub));
        out.put(k, java.util.Collections.unmodifiableMap(p));
      } else if (v instanceof Map<?, ?> m) {
        out.put(k, structureOnly((Map<String, Object>) m));
      } else if (v instanceof List<?> l && (k.equals("anyOf") || k.equals("oneOf") || k.equals("allOf")
          || k.equals("prefixItems"))) {
        List<Object> items = new ArrayList<>();
        for (Object x : l) {
          items.add(x instanceof Map<?, ?> m ? structureOnly((Map<String, Object>) m) : x);
        }
        out.put(k, List.copyOf(items));
      } else {
        out.put(k, v);
      }
    }
    return java.util.Collections.unmodifiableMap(out);
  }
}
