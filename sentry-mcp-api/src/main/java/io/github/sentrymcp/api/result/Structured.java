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

  /** A JSON object with server-written property names, in insertion order. */
  record Obj(Map<String, Structured> fields) implements Structured {
    public Obj {
      fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
  }

  record Arr(List<Structured> items) implements Structured {
    public Arr {
      items = List.copyOf(items);
    }
  }

  /** A server-written string (an enum value, a tool name). */
  record Str(String value) implements Structured {
    public Str {
      Objects.requireNonNull(value, "value");
    }
  }

  /** A Sentry string. */
  record Data(Untrusted value) implements Structured {
    public Data {
      Objects.requireNonNull(value, "value");
    }
  }

  record Num(Number value) implements Structured {
    public Num {
      Objects.requireNonNull(value, "value");
    }
  }

  record Bool(boolean value) implements Structured {}

  /** JSON null. */
  record Null() implements Structured {}

  Structured NULL = new Null();

  static ObjBuilder object() {
    return new ObjBuilder();
  }

  static Structured of(@Nullable Untrusted value) {
    return value == null ? NULL : new Data(value);
  }

  static Structured of(boolean value) {
    return new Bool(value);
  }

  static Structured of(@Nullable Number value) {
    return value == null ? NULL : new Num(value);
  }

  static Structured str(@Nullable String serverText) {
    return serverText == null ? NULL : new Str(serverText);
  }

  static Arr array(List<? extends Structured> items) {
    return new Arr(new ArrayList<>(items));
  }

  /** Builds an {@link Obj}; {@code null} values become JSON null. */
  final class ObjBuilder {
    private final LinkedHashMap<String, Structured> fields = new LinkedHashMap<>();

    private ObjBuilder() {}

    public ObjBuilder put(String name, @Nullable Structured value) {
      fields.put(Objects.requireNonNull(name, "name"), value == null ? NULL : value);
      return this;
    }

    public ObjBuilder put(String name, @Nullable Untrusted value) {
      return put(name, Structured.of(value));
    }

    public ObjBuilder put(String name, @Nullable Number value) {
      return put(name, Structured.of(value));
    }

    public ObjBuilder put(String name, boolean value) {
      return put(name, Structured.of(value));
    }

    /** A server-written string value. */
    public ObjBuilder putText(String name, @Nullable String serverText) {
      return put(name, Structured.str(serverText));
    }

    public Obj build() {
      return new Obj(fields);
    }
  }
}
