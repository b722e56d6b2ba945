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
