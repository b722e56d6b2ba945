package io.github.sentrymcp.api;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Static description of a tool. Everything here is written by the server and never contains Sentry data, so hosts
 * can pin tool definitions. Schemas are JSON Schema 2020-12 documents as plain maps.
 *
 * @param name the tool's name: a lower-case letter, then up to 63 lower-case letters, digits or {@code _}
 * @param title a short human-readable title
 * @param description what the tool does and when to use it, for a model
 * @param inputSchema the JSON Schema of the arguments; copied
 * @param outputSchema the JSON Schema of the structured content, or null when the tool declares none; copied
 * @param annotations hints for hosts
 * @param requiredScopes the scopes a session needs to call the tool; copied
 * @param skills the skills the tool belongs to; at least one; copied
 */
public record ToolDescriptor(
    String name,
    String title,
    String description,
    Map<String, Object> inputSchema,
    @Nullable Map<String, Object> outputSchema,
    ToolAnnotations annotations,
    Set<Scope> requiredScopes,
    Set<Skill> skills) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  /**
   * Checks the name and copies the schemas, scopes and skills.
   *
   * @param name the tool's name: a lower-case letter, then up to 63 lower-case letters, digits or {@code _}
   * @param title a short human-readable title
   * @param description what the tool does and when to use it, for a model
   * @param inputSchema the JSON Schema of the arguments; copied
   * @param outputSchema the JSON Schema of the structured content, or null when the tool declares none; copied
   * @param annotations hints for hosts
   * @param requiredScopes the scopes a session needs to call the tool; copied
   * @param skills the skills the tool belongs to; at least one; copied
   * @throws NullPointerException when {@code name}, {@code title}, {@code description}, {@code annotations}, {@code
   *     inputSchema}, {@code requiredScopes} or {@code skills} is null
   * @throws IllegalArgumentException when the name is not a valid tool name or the tool has no skill
   */
  public ToolDescriptor {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("tool name must match " + NAME.pattern());
    }
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(annotations, "annotations");
    inputSchema = Collections.unmodifiableMap(new LinkedHashMap<>(inputSchema));
    outputSchema =
        outputSchema == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(outputSchema));
    requiredScopes =
        Collections.unmodifiableSet(
            requiredScopes.isEmpty() ? EnumSet.noneOf(Scope.class) : EnumSet.copyOf(requiredScopes));
    if (skills.isEmpty()) {
      throw new IllegalArgumentException("a tool belongs to at least one skill");
    }
    skills = Collections.unmodifiableSet(EnumSet.copyOf(skills));
  }
}
