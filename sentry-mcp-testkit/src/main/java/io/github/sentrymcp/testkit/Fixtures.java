package io.github.sentrymcp.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bundled Sentry API response samples (classpath {@code io/github/sentrymcp/testkit/fixtures/}),
 * loaded on first use and cached for the life of the class loader.
 */
final class Fixtures {
  private Fixtures() {}

  private static final String ROOT = "fixtures/";
  private static final ConcurrentHashMap<String, byte[]> BYTES = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<String, JsonNode> TREES = new ConcurrentHashMap<>();

  /** Raw bytes of a resource below the fixtures folder, e.g. {@code issue.json}. Do not modify. */
  static byte[] resource(String file) {
    return BYTES.computeIfAbsent(file, Fixtures::load);
  }

  /** Raw bytes of {@code name.json}. Do not modify. */
  static byte[] json(String name) {
    return resource(name + ".json");
  }

  /**
   * The parsed {@code name.json}, shared: callers must treat it as read-only ({@code deepCopy()}
   * before changing anything).
   */
  static JsonNode shared(String name) {
    return TREES.computeIfAbsent(name, n -> Json.parse(json(n)));
  }

  /** A private, modifiable copy of the parsed {@code name.json}. */
  static JsonNode copy(String name) {
    return shared(name).deepCopy();
  }

  private static byte[] load(String file) {
    if (file.contains("..") || file.startsWith("/")) {
      throw new IllegalArgumentException("bad fixture name: " + file);
    }
    try (InputStream in = Fixtures.class.getResourceAsStream(ROOT + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no such fixture: " + file);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
