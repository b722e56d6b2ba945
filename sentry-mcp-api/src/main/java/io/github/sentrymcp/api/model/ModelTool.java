package io.github.sentrymcp.api.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A tool the model may call: its name, what it does and its parameters as a JSON Schema object (JSON text, so that
 * this module needs no JSON library).
 *
 * @param name a function name every provider accepts: 1 to 64 of {@code [A-Za-z0-9_-]}
 * @param description what the tool does (server text)
 * @param parametersSchema a JSON Schema of type {@code object}, as JSON text
 */
public record ModelTool(String name, String description, String parametersSchema) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /**
   * Checks the name.
   *
   * @param name a function name every provider accepts: 1 to 64 of {@code [A-Za-z0-9_-]}
   * @param description what the tool does (server text)
   * @param parametersSchema a JSON Schema of type {@code object}, as JSON text
   * @throws NullPointerException when a component is null
   * @throws IllegalArgumentException when the name is not 1 to 64 of {@code [A-Za-z0-9_-]}
   */
  public ModelTool {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(parametersSchema, "parametersSchema");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a model tool name is 1 to 64 letters, digits, '_' or '-'");
    }
  }
}
