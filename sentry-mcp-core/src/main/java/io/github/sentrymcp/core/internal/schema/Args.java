package io.github.sentrymcp.core.internal.schema;

import io.github.sentrymcp.api.SentryMcpException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Validated tool arguments (defaults applied; strings trimmed and, where declared, ASCII letters upper-cased, nothing
 * else changed: see {@link InputSchema#validate}). Values are caller input, not Sentry data.
 */
public final class Args {
  private final Map<String, @Nullable Object> values;
  private final Set<String> explicitNulls;
  private final Set<String> given;

  Args(Map<String, @Nullable Object> values) {
    this(values, Set.of(), values.keySet());
  }

  Args(Map<String, @Nullable Object> values, Set<String> explicitNulls, Set<String> given) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.explicitNulls = Set.copyOf(explicitNulls);
    this.given = Set.copyOf(given);
  }

  /** True when the caller gave a (non-null) value, as opposed to the value being the parameter's default. */
  public boolean given(String name) {
    return given.contains(name);
  }

  public boolean has(String name) {
    return values.get(name) != null;
  }

  /**
   * True when the caller passed JSON {@code null} for a nullable parameter (as opposed to leaving it out), e.g. to
   * clear a field in an update.
   */
  public boolean isExplicitNull(String name) {
    return explicitNulls.contains(name);
  }

  public @Nullable String string(String name) {
    Object v = values.get(name);
    return v instanceof String s ? s : null;
  }

  /** A string that is present and not blank, else null. */
  public @Nullable String nonBlank(String name) {
    String s = string(name);
    return s == null || s.isBlank() ? null : s;
  }

  public String requireString(String name) {
    String s = string(name);
    if (s == null) {
      throw SentryMcpException.invalidInput("The parameter " + name + " is required.");
    }
    return s;
  }

  public @Nullable Long integer(String name) {
    Object v = values.get(name);
    return v instanceof Long l ? l : null;
  }

  public int intValue(String name, int fallback) {
    Long l = integer(name);
    return l == null ? fallback : Math.toIntExact(l);
  }

  public boolean bool(String name, boolean fallback) {
    Object v = values.get(name);
    return v instanceof Boolean b ? b : fallback;
  }

  @SuppressWarnings("unchecked")
  public List<String> strings(String name) {
    Object v = values.get(name);
    return v instanceof List<?> l ? (List<String>) l : List.of();
  }

  /** A {@link InputSchema.Type#STRING_PAIRS} value; empty when absent. */
  @SuppressWarnings("unchecked")
  public List<List<String>> pairs(String name) {
    Object v = values.get(name);
    return v instanceof List<?> l ? (List<List<String>>) l : List.of();
  }

  /** A {@link InputSchema.Type#OBJECT_ARRAY} value (the objects as the caller sent them); empty when absent. */
  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> objects(String name) {
    Object v = values.get(name);
    return v instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> object(String name) {
    Object v = values.get(name);
    return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @Override
  public String toString() {
    return "Args" + values.keySet();
  }
}
