package io.github.sentrymcp.transport.stdio;

import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Creates the real validator on first use, so start-up does not pay for loading a JSON Schema implementation and its
 * meta-schemas. {@link #assertConforms} (the SDK's start-up check of every tool schema) is skipped unless enabled:
 * the tool schemas are fixed by the library and checked by its tests.
 */
final class LazyJsonSchemaValidator implements JsonSchemaValidator {
  private final Supplier<JsonSchemaValidator> factory;
  private final boolean checkSchemasAtStartup;
  private volatile @Nullable JsonSchemaValidator delegate;

  LazyJsonSchemaValidator(Supplier<JsonSchemaValidator> factory, boolean checkSchemasAtStartup) {
    this.factory = factory;
    this.checkSchemasAtStartup = checkSchemasAtStartup;
  }

  JsonSchemaValidator delegate() {
    JsonSchemaValidator d = delegate;
    if (d == null) {
      synchronized (this) {
        d = delegate;
        if (d == null) {
          d = factory.get();
          delegate = d;
        }
      }
    }
    return d;
  }

  @Override
  public ValidationResponse validate(Map<String, Object> schema, Object structuredContent) {
    return delegate().validate(schema, structuredContent);
  }

  @Override
  public ValidationResponse validateSchema(Map<String, Object> schema) {
    return delegate().validateSchema(schema);
  }

  @Override
  public void assertConforms(String toolName, Map<String, Object> schema) {
    if (checkSchemasAtStartup) {
      delegate().assertConforms(toolName, schema);
    }
  }
}
