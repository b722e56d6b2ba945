package io.github.sentrymcp.api.result;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Structured content of a tool result. Property names are always server-written; Sentry strings appear only as
 * {@link Data} leaves, which the sanitizer records with their provenance. A Sentry map (tags, contexts, headers) is
 * therefore represented as an array of key/value objects, never as an object keyed by Sentry text.
 */
public sealed interface Structured
    permits Structured.Obj,
        Structured.Arr,
        Structured.Str,
        Structured.Data,
        Structured.Num,
        Structured.Bool,
        Structured.Null {

  /**
   * A JSON object with server-written property names, in insertion order.
   *
   * @param fields the properties, in insertion order
   */
  record Obj(Map<String, Structured> fields) implements Structured {
    /**
     * Copies the fields, keeping their order.
     *
     * @param fields the properties, in insertion order
     */
    public Obj {
      fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
  }

  /**
   * A JSON array.
   *
   * @param items the elements, in order
   */
  record Arr(List<Structured> items) implements Structured {
    /**
     * Copies the elements.
     *
     * @param items the elements, in order
     */
    public Arr {
      items = List.copyOf(items);
    }
  }

  /**
   * A server-written string (an enum value, a tool name).
   *
   * @param value the string
   */
  record Str(String value) implements Structured {
    /**
     * Checks the value.
     *
     * @param value the string
     * @throws NullPointerException when {@code value} is null
     */
    public Str {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * A Sentry string.
   *
   * @param value the Sentry string
   */
  record Data(Untrusted value) implements Structured {
    /**
     * Checks the value.
     *
     * @param value the Sentry string
     * @throws NullPointerException when {@code value} is null
     */
    public Data {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * A JSON number.
   *
   * @param value the number
   */
  record Num(Number value) implements Structured {
    /**
     * Checks the value.
     *
     * @param value the number
     * @throws NullPointerException when {@code value} is null
     */
    public Num {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * A JSON boolean.
   *
   * @param value the boolean
   */
  record Bool(boolean value) implements Structured {}

  /** JSON null. */
  record Null() implements Structured {}

  /** The JSON null value. */
  Structured NULL = new Null();

  /**
   * Starts a JSON object.
   *
   * @return a new builder
   */
  static ObjBuilder object() {
    return new ObjBuilder();
  }

  /**
   * A Sentry string.
   *
   * @param value the string, or null
   * @return a {@link Data} leaf, or {@link #NULL} for null
   */
  static Structured of(@Nullable Untrusted value) {
    return value == null ? NULL : new Data(value);
  }

  /**
   * A JSON boolean.
   *
   * @param value the boolean
   * @return a {@link Bool}
   */
  static Structured of(boolean value) {
    return new Bool(value);
  }

  /**
   * A JSON number.
   *
   * @param value the number, or null
   * @return a {@link Num}, or {@link #NULL} for null
   */
  static Structured of(@Nullable Number value) {
    return value == null ? NULL : new Num(value);
  }

  /**
   * A server-written string.
   *
   * @param serverText the string, or null
   * @return a {@link Str}, or {@link #NULL} for null
   */
  static Structured str(@Nullable String serverText) {
    return serverText == null ? NULL : new Str(serverText);
  }

  /**
   * A JSON array.
   *
   * @param items the elements
   * @return an {@link Arr}
   */
  static Arr array(List<? extends Structured> items) {
    return new Arr(new ArrayList<>(items));
  }

  /** Builds an {@link Obj}; {@code null} values become JSON null. */
  final class ObjBuilder {
    private final LinkedHashMap<String, Structured> fields = new LinkedHashMap<>();

    private ObjBuilder() {}

    /**
     * Sets a property.
     *
     * @param name the server-written property name
     * @param value the value, or null for JSON null
     * @return this builder
     * @throws NullPointerException when {@code name} is null
     */
    public ObjBuilder put(String name, @Nullable Structured value) {
      fields.put(Objects.requireNonNull(name, "name"), value == null ? NULL : value);
      return this;
    }

    /**
     * Sets a property to a Sentry string.
     *
     * @param name the server-written property name
     * @param value the value, or null for JSON null
     * @return this builder
     */
    public ObjBuilder put(String name, @Nullable Untrusted value) {
      return put(name, Structured.of(value));
    }

    /**
     * Sets a property to a number.
     *
     * @param name the server-written property name
     * @param value the value, or null for JSON null
     * @return this builder
     */
    public ObjBuilder put(String name, @Nullable Number value) {
      return put(name, Structured.of(value));
    }

    /**
     * Sets a property to a boolean.
     *
     * @param name the server-written property name
     * @param value the value
     * @return this builder
     */
    public ObjBuilder put(String name, boolean value) {
      return put(name, Structured.of(value));
    }

    /**
     * A server-written string value.
     *
     * @param name the server-written property name
     * @param serverText the value, or null for JSON null
     * @return this builder
     */
    public ObjBuilder putText(String name, @Nullable String serverText) {
      return put(name, Structured.str(serverText));
    }

    /**
     * Builds the object; properties keep their insertion order.
     *
     * @return the object
     */
    public Obj build() {
      return new Obj(fields);
    }
  }
}
