package io.github.sentrymcp.langchain4j.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Converts our JSON Schema maps to LangChain4j's {@link JsonSchemaElement} tree without losing anything: a node whose
 * keywords LangChain4j's typed element can hold becomes that element; any other node (one with {@code default},
 * {@code minimum}, {@code format}, {@code pattern}, non-string {@code enum}s, a schema-valued {@code
 * additionalProperties}, several types, ...) becomes a {@link JsonRawSchema} holding the node's JSON as it is, which
 * LangChain4j's serialisers write back verbatim. The root of a tool's parameters must be a {@link JsonObjectSchema};
 * the root's own keywords that it cannot hold (such as {@code $schema} or {@code title}) are the only thing left out
 * (see {@link #DROPPED_ROOT_KEYWORDS}), as are an empty {@code properties} object and an empty {@code required}
 * list of the root, which LangChain4j does not write (they mean the same as none); everything inside the root's
 * properties is kept.
 */
public final class JsonSchemas {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Set<String> SIMPLE_KEYS = Set.of("type", "description");
  private static final Set<String> OBJECT_KEYS =
      Set.of("type", "description", "properties", "required", "additionalProperties", "$defs");
  private static final Set<String> ARRAY_KEYS = Set.of("type", "description", "items");
  private static final Set<String> ENUM_KEYS = Set.of("type", "description", "enum");
  private static final Set<String> ANY_OF_KEYS = Set.of("anyOf", "description");
  private static final String DEFS_PREFIX = "#/$defs/";

  /**
   * Keywords of a root schema that a {@link JsonObjectSchema} has no place for and that say nothing about the
   * arguments a model must write: the dialect and annotations for humans.
   */
  public static final Set<String> DROPPED_ROOT_KEYWORDS = Set.of("$schema", "$id", "title", "$comment");

  private JsonSchemas() {}

  /**
   * The parameters of a tool: the root schema as a {@link JsonObjectSchema}.
   *
   * @throws IllegalArgumentException when the root is not an object schema that LangChain4j can hold
   */
  public static JsonObjectSchema parameters(Map<String, ?> schema) {
    Map<String, @Nullable Object> root = new LinkedHashMap<>(schema);
    DROPPED_ROOT_KEYWORDS.forEach(root::remove);
    root.putIfAbsent("type", "object");
    // an object schema writes no "properties" or "required" when they are empty: at the root they mean the same
    if (root.get("properties") instanceof Map<?, ?> p && p.isEmpty()) {
      root.remove("properties");
    }
    if (root.get("required") instanceof List<?> r && r.isEmpty()) {
      root.remove("required");
    }
    JsonSchemaElement element = element(root);
    if (element instanceof JsonObjectSchema object) {
      return object;
    }
    throw new IllegalArgumentException("a tool's parameters must be a JSON object schema with properties only");
  }

  /** The parameters of a tool from its JSON Schema text. */
  public static JsonObjectSchema parameters(String schemaJson) {
    Object parsed;
    try {
      parsed = JSON.readValue(schemaJson, Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("a tool's parameters schema is not JSON", e);
    }
    if (!(parsed instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("a tool's parameters schema is not a JSON object");
    }
    return parameters(stringKeys(map));
  }

  /** One schema node as the most specific element that holds all of it. */
  public static JsonSchemaElement element(Map<String, ?> node) {
    Object ref = node.get("$ref");
    if (ref != null) {
      if (ref instanceof String s && s.startsWith(DEFS_PREFIX) && node.size() == 1) {
        return JsonReferenceSchema.builder().reference(s.substring(DEFS_PREFIX.length())).build();
      }
      return raw(node);
    }
    Object anyOf = node.get("anyOf");
    if (anyOf != null) {
      if (!(anyOf instanceof List<?> list) || !only(node, ANY_OF_KEYS) || !descriptionOk(node)) {
        return raw(node);
      }
      List<JsonSchemaElement> alternatives = new ArrayList<>();
      for (Object a : list) {
        if (!(a instanceof Map<?, ?> m)) {
          return raw(node);
        }
        alternatives.add(element(stringKeys(m)));
      }
      return JsonAnyOfSchema.builder().description(description(node)).anyOf(alternatives).build();
    }
    Object enumValues = node.get("enum");
    if (enumValues != null) {
      if (enumValues instanceof List<?> list && !list.isEmpty() && only(node, ENUM_KEYS) && descriptionOk(node)
          && "string".equals(node.get("type")) && list.stream().allMatch(String.class::isInstance)) {
        List<String> values = new ArrayList<>();
        list.forEach(v -> values.add((String) v));
        return JsonEnumSchema.builder().description(description(node)).enumValues(values).build();
      }
      return raw(node);
    }
    if (!(node.get("type") instanceof String type) || !descriptionOk(node)) {
      return raw(node);
    }
    return switch (type) {
      case "string" -> only(node, SIMPLE_KEYS)
          ? JsonStringSchema.builder().description(description(node)).build() : raw(node);
      case "integer" -> only(node, SIMPLE_KEYS)
          ? JsonIntegerSchema.builder().description(description(node)).build() : raw(node);
      case "number" -> only(node, SIMPLE_KEYS)
          ? JsonNumberSchema.builder().description(description(node)).build() : raw(node);
      case "boolean" -> only(node, SIMPLE_KEYS)
          ? JsonBooleanSchema.builder().description(description(node)).build() : raw(node);
      case "null" -> node.size() == 1 ? new JsonNullSchema() : raw(node);
      case "array" -> array(node);
      case "object" -> object(node);
      default -> raw(node);
    };
  }

  private static JsonSchemaElement array(Map<String, ?> node) {
    if (!only(node, ARRAY_KEYS)) {
      return raw(node);
    }
    JsonArraySchema.Builder b = JsonArraySchema.builder().description(description(node));
    Object items = node.get("items");
    if (items != null) {
      if (!(items instanceof Map<?, ?> m)) {
        return raw(node);
      }
      b.items(element(stringKeys(m)));
    }
    return b.build();
  }

  private static JsonSchemaElement object(Map<String, ?> node) {
    Object additional = node.get("additionalProperties");
    Object properties = node.get("properties");
    Object required = node.get("required");
    Object defs = node.get("$defs");
    if (!only(node, OBJECT_KEYS)
        || (additional != null && !(additional instanceof Boolean))
        || (properties != null && !(properties instanceof Map<?, ?> pm && !pm.isEmpty()))
        || (required instanceof List<?> empty && empty.isEmpty())
        || (defs != null && !(defs instanceof Map<?, ?> dm && !dm.isEmpty()))
        || (required != null && !(required instanceof List<?> r && r.stream().allMatch(String.class::isInstance)))) {
      return raw(node);
    }
    JsonObjectSchema.Builder b = JsonObjectSchema.builder().description(description(node));
    if (properties instanceof Map<?, ?> props) {
      Map<String, JsonSchemaElement> converted = new LinkedHashMap<>();
      for (Map.Entry<?, ?> p : props.entrySet()) {
        if (!(p.getValue() instanceof Map<?, ?> m)) {
          return raw(node);
        }
        converted.put(String.valueOf(p.getKey()), element(stringKeys(m)));
      }
      b.addProperties(converted);
    }
    if (required instanceof List<?> r) {
      List<String> names = new ArrayList<>();
      r.forEach(n -> names.add((String) n));
      b.required(names);
    }
    if (additional instanceof Boolean a) {
      b.additionalProperties(a);
    }
    if (defs instanceof Map<?, ?> d) {
      Map<String, JsonSchemaElement> definitions = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : d.entrySet()) {
        if (!(e.getValue() instanceof Map<?, ?> m)) {
          return raw(node);
        }
        definitions.put(String.valueOf(e.getKey()), element(stringKeys(m)));
      }
      b.definitions(definitions);
    }
    return b.build();
  }

  private static boolean only(Map<String, ?> node, Set<String> allowed) {
    for (Map.Entry<String, ?> e : node.entrySet()) {
      if (!allowed.contains(e.getKey()) || e.getValue() == null) {
        return false;
      }
    }
    return true;
  }

  private static boolean descriptionOk(Map<String, ?> node) {
    Object d = node.get("description");
    return d == null || d instanceof String;
  }

  private static @Nullable String description(Map<String, ?> node) {
    return node.get("description") instanceof String s ? s : null;
  }

  private static JsonRawSchema raw(Map<String, ?> node) {
    try {
      return JsonRawSchema.from(JSON.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("a schema node cannot be written as JSON", e);
    }
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }
}
