package io.github.sentrymcp.core.internal.schema;

import io.github.sentrymcp.api.SentryMcpException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A tool's parameters, declared once. {@link #jsonSchema()} is the advertised JSON Schema (2020-12, plain maps) and
 * {@link #validate} applies the same rules to call arguments, reporting every problem at once. Unknown arguments are
 * rejected.
 */
public final class InputSchema {

  /** Parameter kinds. */
  public enum Type {
    STRING,
    INTEGER,
    NUMBER,
    BOOLEAN,
    STRING_ARRAY,
    /** A string or an array of strings (e.g. {@code environment}). */
    STRING_OR_ARRAY,
    OBJECT,
    /** An array (possibly empty) of two-string arrays, e.g. HTTP headers as {@code [[name, value], ...]}. */
    STRING_PAIRS,
    /** An array of strings that may be empty (an explicit {@code []} differs from leaving the parameter out). */
    STRING_LIST,
    /**
     * An array of JSON objects, taken as given (the tool checks their members): at least {@code minimum} and at most
     * {@code maximum} of them when set, advertised with the item schema given to {@link ParamBuilder#items}.
     */
    OBJECT_ARRAY,
    /**
     * An integer or a string (e.g. a thread given by id or by name): an integer is read with {@link Args#integer},
     * a string (checked like a {@link #STRING}) with {@link Args#string}.
     */
    STRING_OR_INTEGER
  }

  /** One declared parameter. */
  public record Param(
      String name,
      Type type,
      String description,
      boolean required,
      boolean nullable,
      @Nullable Object defaultValue,
      @Nullable Integer minLength,
      @Nullable Integer maxLength,
      @Nullable Pattern pattern,
      @Nullable List<String> enumValues,
      @Nullable Long minimum,
      @Nullable Long maximum,
      boolean trim,
      boolean upperCase,
      @Nullable Function<String, @Nullable String> check,
      @Nullable Map<String, Object> items,
      boolean emptyArrayAllowed) {}

  private final Map<String, Param> params;
  private final Map<String, Object> jsonSchema;

  private InputSchema(Map<String, Param> params) {
    this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    this.jsonSchema = toJsonSchema(this.params.values());
  }

  public static Builder builder() {
    return new Builder();
  }

  public Map<String, Param> params() {
    return params;
  }

  public boolean has(String name) {
    return params.containsKey(name);
  }

  /** The advertised schema. */
  public Map<String, Object> jsonSchema() {
    return jsonSchema;
  }

  /** The advertised schema without the given parameters (session constraints hide the ones they pin). */
  public Map<String, Object> jsonSchemaWithout(Set<String> hidden) {
    if (Collections.disjoint(hidden, params.keySet())) {
      return jsonSchema;
    }
    List<Param> kept = params.values().stream().filter(p -> !hidden.contains(p.name())).toList();
    return toJsonSchema(kept);
  }

  /**
   * Validates arguments and applies defaults. Strings are trimmed (identifiers of ASCII whitespace only) and
   * upper-cased where declared (ASCII letters only); nothing else in a value is removed or replaced.
   *
   * @param toolName for the error message
   * @throws SentryMcpException invalid input listing every problem
   */
  public Args validate(String toolName, Map<String, ? extends @Nullable Object> arguments) {
    List<String> problems = new ArrayList<>();
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    Set<String> explicitNulls = new LinkedHashSet<>();
    Set<String> given = new LinkedHashSet<>();
    for (String key : arguments.keySet()) {
      if (!params.containsKey(key)) {
        problems.add(printableName(key) + ": unknown parameter (expected one of: "
            + String.join(", ", params.keySet()) + ")");
      }
    }
    for (Param p : params.values()) {
      Object raw = arguments.get(p.name());
      if (raw == null) {
        if (p.nullable() && arguments.containsKey(p.name())) {
          explicitNulls.add(p.name());
        }
        if (p.required() && !(p.nullable() && arguments.containsKey(p.name()))) {
          problems.add(p.name() + ": required");
          continue;
        }
        Object dflt = p.defaultValue();
        if (dflt != null) {
          out.put(p.name(), dflt);
        }
        continue;
      }
      Object value = check(p, raw, problems);
      if (value != null) {
        out.put(p.name(), value);
        given.add(p.name());
      }
    }
    if (!problems.isEmpty()) {
      throw SentryMcpException.invalidInput(
          "Invalid arguments for " + toolName + ": " + String.join("; ", problems) + ".");
    }
    return new Args(out, explicitNulls, given);
  }

  private static String printableName(String key) {
    return "\"" + io.github.sentrymcp.api.Csv.printable(key, 40) + "\"";
  }

  private static @Nullable Object check(Param p, Object raw, List<String> problems) {
    switch (p.type()) {
      case STRING:
        if (!(raw instanceof String s)) {
          problems.add(p.name() + ": expected a string");
          return null;
        }
        return checkString(p, s, problems);
      case INTEGER: {
        Long n = integral(raw);
        if (n == null) {
          problems.add(p.name() + ": expected an integer");
          return null;
        }
        if (p.minimum() != null && n < p.minimum()) {
          problems.add(p.name() + ": must be at least " + p.minimum());
          return null;
        }
        if (p.maximum() != null && n > p.maximum()) {
          problems.add(p.name() + ": must be at most " + p.maximum());
          return null;
        }
        return n;
      }
      case NUMBER:
        if (!(raw instanceof Number num) || !Double.isFinite(num.doubleValue())) {
          problems.add(p.name() + ": expected a number");
          return null;
        }
        return num.doubleValue();
      case BOOLEAN:
        if (!(raw instanceof Boolean b)) {
          problems.add(p.name() + ": expected a boolean");
          return null;
        }
        return b;
      case STRING_ARRAY:
        return checkArray(p, raw, problems);
      case STRING_OR_ARRAY:
        if (raw instanceof String s) {
          String v = checkString(p, s, problems);
          return v == null ? null : List.of(v);
        }
        return checkArray(p, raw, problems);
      case OBJECT:
        if (!(raw instanceof Map<?, ?>)) {
          problems.add(p.name() + ": expected an object");
          return null;
        }
        return raw;
      case STRING_PAIRS:
        return checkPairs(p, raw, problems);
      case STRING_LIST:
        if (raw instanceof Collection<?> c && c.isEmpty()) {
          return List.of();
        }
        return checkArray(p, raw, problems);
      case OBJECT_ARRAY:
        return checkObjects(p, raw, problems);
      case STRING_OR_INTEGER: {
        if (raw instanceof String text) {
          return checkString(p, text, problems);
        }
        Long n = raw instanceof Number ? integral(raw) : null;
        if (n == null) {
          problems.add(p.name() + ": expected an integer or a string");
          return null;
        }
        return n;
      }
    }
    throw new AssertionError(p.type());
  }

  /** Two-string arrays, taken as given (not trimmed); an empty outer array is allowed. */
  private static @Nullable List<List<String>> checkPairs(Param p, Object raw, List<String> problems) {
    String expected = p.name() + ": expected an array of [name, value] string pairs";
    if (!(raw instanceof Collection<?> c)) {
      problems.add(expected);
      return null;
    }
    List<List<String>> out = new ArrayList<>();
    for (Object o : c) {
      if (!(o instanceof List<?> pair) || pair.size() != 2 || !(pair.get(0) instanceof String a)
          || !(pair.get(1) instanceof String b)) {
        problems.add(expected);
        return null;
      }
      out.add(List.of(a, b));
    }
    return List.copyOf(out);
  }

  /** JSON objects, taken as given; at least {@code minimum} and at most {@code maximum} when set. */
  private static @Nullable List<Map<?, ?>> checkObjects(Param p, Object raw, List<String> problems) {
    if (!(raw instanceof Collection<?> c) || !c.stream().allMatch(o -> o instanceof Map<?, ?>)) {
      problems.add(p.name() + ": expected an array of objects");
      return null;
    }
    if (p.minimum() != null && c.size() < p.minimum()) {
      problems.add(p.name() + (p.minimum() == 1 ? ": must not be empty" : ": at least " + p.minimum() + " items"));
      return null;
    }
    if (p.maximum() != null && c.size() > p.maximum()) {
      problems.add(p.name() + ": at most " + p.maximum() + " items");
      return null;
    }
    List<Map<?, ?>> out = new ArrayList<>();
    c.forEach(o -> out.add((Map<?, ?>) o));
    return List.copyOf(out);
  }

  private static @Nullable List<String> checkArray(Param p, Object raw, List<String> problems) {
    if (!(raw instanceof Collection<?> c)) {
      problems.add(p.name() + ": expected an array of strings");
      return null;
    }
    List<String> out = new ArrayList<>();
    for (Object o : c) {
      if (!(o instanceof String s)) {
        problems.add(p.name() + ": expected an array of strings");
        return null;
      }
      String v = checkString(p, s, problems);
      if (v == null) {
        return null;
      }
      out.add(v);
    }
    if (out.isEmpty() && !p.emptyArrayAllowed()) {
      problems.add(p.name() + ": must not be empty");
      return null;
    }
    return List.copyOf(out);
  }

  /**
   * Trims and checks one string. Identifiers and keywords (a parameter with a pattern, a check or allowed values) lose
   * leading and trailing ASCII whitespace only, so any other character (a no-break or zero-width space, a BOM) makes
   * them invalid instead of being removed; free text is {@link String#strip() stripped}. Upper-casing maps ASCII
   * letters only.
   */
  private static @Nullable String checkString(Param p, String s, List<String> problems) {
    boolean identifier = p.pattern() != null || p.check() != null || p.enumValues() != null;
    String v = !p.trim() ? s : identifier ? Params.trimAsciiWhitespace(s) : s.strip();
    if (p.upperCase()) {
      v = Params.asciiUpperCase(v);
    }
    if (p.minLength() != null && v.length() < p.minLength()) {
      problems.add(p.name() + (p.minLength() == 1 ? ": must not be empty" : ": must be at least "
          + p.minLength() + " characters"));
      return null;
    }
    if (p.maxLength() != null && v.length() > p.maxLength()) {
      problems.add(p.name() + ": must be at most " + p.maxLength() + " characters");
      return null;
    }
    List<String> enums = p.enumValues();
    if (enums != null && !enums.contains(v)) {
      problems.add(p.name() + ": must be one of " + String.join(", ", enums));
      return null;
    }
    Pattern pattern = p.pattern();
    if (pattern != null && !pattern.matcher(v).matches()) {
      problems.add(p.name() + ": does not match " + pattern.pattern());
      return null;
    }
    Function<String, @Nullable String> check = p.check();
    if (check != null) {
      String problem = check.apply(v);
      if (problem != null) {
        problems.add(p.name() + ": " + problem);
        return null;
      }
    }
    return v;
  }

  private static @Nullable Long integral(Object raw) {
    if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
      return ((Number) raw).longValue();
    }
    if (raw instanceof Number n) {
      try {
        return new BigDecimal(n.toString()).longValueExact();
      } catch (ArithmeticException | NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static Map<String, Object> toJsonSchema(Collection<Param> params) {
    Map<String, Object> props = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (Param p : params) {
      props.put(p.name(), paramSchema(p));
      if (p.required()) {
        required.add(p.name());
      }
    }
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", Collections.unmodifiableMap(props));
    if (!required.isEmpty()) {
      schema.put("required", List.copyOf(required));
    }
    schema.put("additionalProperties", false);
    return Collections.unmodifiableMap(schema);
  }

  private static Map<String, Object> paramSchema(Param p) {
    Map<String, Object> s = new LinkedHashMap<>();
    Object type;
    switch (p.type()) {
      case STRING:
        type = "string";
        break;
      case INTEGER:
        type = "integer";
        break;
      case NUMBER:
        type = "number";
        break;
      case BOOLEAN:
        type = "boolean";
        break;
      case STRING_ARRAY:
        type = "array";
        s.put("items", stringItem(p));
        if (!p.emptyArrayAllowed()) {
          s.put("minItems", 1);
        }
        break;
      case OBJECT:
        type = "object";
        break;
      case STRING_OR_ARRAY:
        type = null;
        break;
      case STRING_PAIRS:
        type = "array";
        s.put("items", Map.of("type", "array", "items", Map.of("type", "string"), "minItems", 2, "maxItems", 2));
        break;
      case STRING_LIST:
        type = "array";
        s.put("items", stringItem(p));
        break;
      case OBJECT_ARRAY:
        type = "array";
        Map<String, Object> items = p.items();
        s.put("items", items != null ? items : Map.of("type", "object"));
        if (p.minimum() != null) {
          s.put("minItems", p.minimum());
        }
        if (p.maximum() != null) {
          s.put("maxItems", p.maximum());
        }
        break;
      case STRING_OR_INTEGER:
        type = null;
        break;
      default:
        throw new AssertionError(p.type());
    }
    if (p.type() == Type.STRING_OR_ARRAY) {
      List<Object> any = new ArrayList<>();
      any.add(stringItem(p));
      any.add(Map.of("type", "array", "items", stringItem(p), "minItems", 1));
      if (p.nullable()) {
        any.add(Map.of("type", "null"));
      }
      s.put("anyOf", List.copyOf(any));
    } else if (p.type() == Type.STRING_OR_INTEGER) {
      s.put("type", p.nullable() ? List.of("integer", "string", "null") : List.of("integer", "string"));
      Map<String, Object> item = stringItem(p);
      item.remove("type");
      s.putAll(item);
    } else {
      s.put("type", p.nullable() ? List.of(type, "null") : type);
    }
    if (p.type() == Type.STRING) {
      Map<String, Object> item = stringItem(p);
      item.remove("type"); // keep the type written above (with "null" when nullable)
      if (p.nullable() && item.get("enum") instanceof List<?> values) {
        List<Object> withNull = new ArrayList<>(values);
        withNull.add(null);
        item.put("enum", Collections.unmodifiableList(withNull));
      }
      s.putAll(item);
    }
    if (p.minimum() != null && p.type() != Type.OBJECT_ARRAY) {
      s.put("minimum", p.minimum());
    }
    if (p.maximum() != null && p.type() != Type.OBJECT_ARRAY) {
      s.put("maximum", p.maximum());
    }
    Object dflt = p.defaultValue();
    if (dflt != null) {
      s.put("default", dflt);
    }
    if (!p.description().isEmpty()) {
      s.put("description", p.description()); // none when the name says it all (tools/list bytes)
    }
    return Collections.unmodifiableMap(s);
  }

  private static Map<String, Object> stringItem(Param p) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("type", "string");
    List<String> enums = p.enumValues();
    if (enums != null) {
      s.put("enum", enums);
    }
    if (p.minLength() != null) {
      s.put("minLength", p.minLength());
    }
    if (p.maxLength() != null) {
      s.put("maxLength", p.maxLength());
    }
    return s;
  }

  /**
   * Declares parameters in order. Each takes a description for its advertised schema; an empty one is left out of
   * the schema (for a parameter whose name and bounds say it all, such as {@code limit}).
   */
  public static final class Builder {
    private final LinkedHashMap<String, Param> params = new LinkedHashMap<>();

    private Builder() {}

    public ParamBuilder string(String name, String description) {
      return new ParamBuilder(this, name, Type.STRING, description);
    }

    public ParamBuilder integer(String name, String description) {
      return new ParamBuilder(this, name, Type.INTEGER, description);
    }

    public ParamBuilder number(String name, String description) {
      return new ParamBuilder(this, name, Type.NUMBER, description);
    }

    public ParamBuilder bool(String name, String description) {
      return new ParamBuilder(this, name, Type.BOOLEAN, description);
    }

    public ParamBuilder stringArray(String name, String description) {
      return new ParamBuilder(this, name, Type.STRING_ARRAY, description);
    }

    public ParamBuilder stringOrArray(String name, String description) {
      return new ParamBuilder(this, name, Type.STRING_OR_ARRAY, description);
    }

    public ParamBuilder stringOrInteger(String name, String description) {
      return new ParamBuilder(this, name, Type.STRING_OR_INTEGER, description);
    }

    public ParamBuilder object(String name, String description) {
      return new ParamBuilder(this, name, Type.OBJECT, description);
    }

    public ParamBuilder stringPairs(String name, String description) {
      return new ParamBuilder(this, name, Type.STRING_PAIRS, description);
    }

    /** An array of strings that may be empty; each string is checked like a {@code string} parameter. */
    public ParamBuilder stringList(String name, String description) {
      return new ParamBuilder(this, name, Type.STRING_LIST, description);
    }

    /** An array of JSON objects (possibly empty unless a {@code minimum} is set). */
    public ParamBuilder objectArray(String name, String description) {
      return new ParamBuilder(this, name, Type.OBJECT_ARRAY, description);
    }

    /** An array of objects shaped as {@code itemSchema} (advertised; the tool checks the contents). */
    public ParamBuilder objectArray(String name, String description, Map<String, Object> itemSchema) {
      return new ParamBuilder(this, name, Type.OBJECT_ARRAY, description).items(itemSchema);
    }

    /** Adds a predefined parameter (see {@link Params}). */
    public Builder add(Param param) {
      if (params.putIfAbsent(param.name(), param) != null) {
        throw new IllegalArgumentException("duplicate parameter " + param.name());
      }
      return this;
    }

    public InputSchema build() {
      return new InputSchema(params);
    }
  }

  /** Fluent declaration of one parameter; {@link #add()} returns to the schema builder. */
  public static final class ParamBuilder {
    private final Builder owner;
    private final String name;
    private final Type type;
    private final String description;
    private boolean required;
    private boolean nullable;
    private @Nullable Object defaultValue;
    private @Nullable Integer minLength;
    private @Nullable Integer maxLength;
    private @Nullable Pattern pattern;
    private @Nullable List<String> enumValues;
    private @Nullable Long minimum;
    private @Nullable Long maximum;
    private boolean trim = true;
    private boolean upperCase;
    private @Nullable Function<String, @Nullable String> check;
    private @Nullable Map<String, Object> items;
    private boolean emptyArrayAllowed;

    private ParamBuilder(Builder owner, String name, Type type, String description) {
      this.owner = owner;
      this.name = Objects.requireNonNull(name, "name");
      this.type = type;
      this.description = Objects.requireNonNull(description, "description");
    }

    public ParamBuilder required() {
      this.required = true;
      return this;
    }

    /** Also accepts JSON null (treated as absent). */
    public ParamBuilder nullable() {
      this.nullable = true;
      return this;
    }

    public ParamBuilder defaultValue(Object value) {
      this.defaultValue = value;
      return this;
    }

    public ParamBuilder minLength(int n) {
      this.minLength = n;
      return this;
    }

    public ParamBuilder maxLength(int n) {
      this.maxLength = n;
      return this;
    }

    public ParamBuilder pattern(Pattern p) {
      this.pattern = p;
      return this;
    }

    public ParamBuilder enumValues(List<String> values) {
      this.enumValues = List.copyOf(values);
      return this;
    }

    public ParamBuilder minimum(long n) {
      this.minimum = n;
      return this;
    }

    public ParamBuilder maximum(long n) {
      this.maximum = n;
      return this;
    }

    public ParamBuilder noTrim() {
      this.trim = false;
      return this;
    }

    /** Upper-cases ASCII letters ({@code a-z}) before the checks; nothing else is case-mapped. */
    public ParamBuilder upperCase() {
      this.upperCase = true;
      return this;
    }

    /** An extra check on the (trimmed) string: returns a problem description or null. */
    public ParamBuilder check(Function<String, @Nullable String> check) {
      this.check = check;
      return this;
    }

    /** The advertised schema of each element of an {@link Type#OBJECT_ARRAY}. */
    public ParamBuilder items(Map<String, Object> itemSchema) {
      this.items = Collections.unmodifiableMap(new LinkedHashMap<>(itemSchema));
      return this;
    }

    /** A {@link Type#STRING_ARRAY} that may be empty (e.g. {@code []} to remove every entry of a list). */
    public ParamBuilder emptyArrayAllowed() {
      this.emptyArrayAllowed = true;
      return this;
    }

    public Param param() {
      return new Param(name, type, description, required, nullable, defaultValue, minLength, maxLength,
          pattern, enumValues, minimum, maximum, trim, upperCase, check, items, emptyArrayAllowed);
    }

    public Builder add() {
      return owner.add(param());
    }
  }
}
