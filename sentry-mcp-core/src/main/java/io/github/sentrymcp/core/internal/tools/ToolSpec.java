package io.github.sentrymcp.core.internal.tools;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolAnnotations;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Static definition of a built-in tool: everything but its behaviour. */
public record ToolSpec(
    String name,
    String title,
    String description,
    InputSchema input,
    @Nullable Map<String, Object> outputSchema,
    ToolAnnotations annotations,
    Set<Scope> requiredScopes,
    Set<Skill> skills) {

  public ToolSpec {
    Objects.requireNonNull(input, "input");
  }

  public ToolDescriptor descriptor() {
    return new ToolDescriptor(name, title, description, input.jsonSchema(), outputSchema, annotations,
        requiredScopes, skills);
  }
}
