package io.github.sentrymcp.core.internal.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.sentrymcp.api.model.LanguageModel;
import io.github.sentrymcp.api.model.ModelException;
import io.github.sentrymcp.api.model.ModelMessage;
import io.github.sentrymcp.api.model.ModelRequest;
import io.github.sentrymcp.api.model.ModelTool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** Shared parts of the model adapter tests: the recorded exchanges, the requests, log capture and leak checks. */
final class ModelTestSupport {
  private ModelTestSupport() {}

  static final ObjectMapper JSON = new ObjectMapper();
  /** The API key every test uses; it must never appear in a message or a log line. */
  static final String KEY = "sk-test-4f9c2a7e1b8d3c6a5e0fQz";
  /** The sentence every stubbed error body carries; the provider's text must never be shown or logged. */
  static final String PROVIDER_TEXT = "Purple elephants dance at midnight";
  static final String SYSTEM = "Translate the request into a Sentry search query.";
  static final String QUESTION = "errors in checkout from the last day";
  static final ModelTool LIST_FIELDS = new ModelTool("list_fields", "Lists the searchable fields of a dataset.",
      "{\"type\":\"object\",\"properties\":{\"dataset\":{\"type\":\"string\",\"enum\":[\"errors\",\"spans\",\"logs\"]}},"
          + "\"required\":[\"dataset\"],\"additionalProperties\":false}");
  private static final Pattern CLASS_NAME = Pattern.compile("\\b[a-z]+(\\.[a-z0-9]+)+\\.[A-Z]\\w*|\\w+(Exception|Error)\\b");

  /** A recorded exchange's body from {@code src/test/resources/models/}. */
  static String resource(String name) {
    try (InputStream in = ModelTestSupport.class.getResourceAsStream("/models/" + name)) {
      Objects.requireNonNull(in, name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ModelRequest question(List<ModelTool> tools) {
    return new ModelRequest(SYSTEM, List.of(new ModelMessage.User(QUESTION)), tools, 2048, Duration.ofSeconds(10));
  }

  static ModelRequest question() {
    return question(List.of(LIST_FIELDS));
  }

  static List<String> keys(JsonNode body) {
    List<String> keys = new ArrayList<>();
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      keys.add(it.next());
    }
    return keys;
  }

  /** What the code under test wrote to System.err (slf4j-simple's target) while a block ran. */
  static String capturingStderr(Runnable block) {
    PrintStream original = System.err;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      block.run();
    } finally {
      System.setErr(original);
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }

  /**
   * Calls the model expecting a failure, and checks that neither the message nor the log shows the key, the
   * provider's text, the server's address or an exception class name; that a WARN line was logged for it.
   */
  static ModelException failure(LanguageModel model, ModelRequest request, WireMockServer wm) {
    ModelException[] thrown = new ModelException[1];
    String log = capturingStderr(() -> thrown[0] = assertThrows(ModelException.class, () -> model.generate(request)));
    ModelException e = thrown[0];
    assertClean(e.getMessage(), wm);
    StringBuilder messages = new StringBuilder();
    for (String line : log.split("\\R")) {
      // slf4j-simple's prefix names the logger class; what is checked is the line's message
      messages.append(line.contains(" - ") ? line.substring(line.indexOf(" - ") + 3) : line).append('\n');
    }
    assertClean(messages.toString(), wm);
    if (e.failure() != ModelException.Failure.CANCELLED) {
      assertTrue(log.contains("WARN") && log.contains(model.name()) && log.contains(e.failure().name()), log);
    }
    assertTrue(e.getMessage().contains(model.name()), e.getMessage());
    return e;
  }

  static void assertClean(String text, WireMockServer wm) {
    assertFalse(text.contains(KEY), text);
    assertFalse(text.contains(KEY.substring(KEY.length() - 8)), text);
    assertFalse(text.contains(PROVIDER_TEXT), text);
    assertFalse(text.contains(String.valueOf(wm.port())), text);
    assertFalse(text.contains("127.0.0.1"), text);
    assertFalse(text.contains("localhost"), text);
    assertFalse(text.contains("api-version"), text);
    assertFalse(CLASS_NAME.matcher(text).find(), text);
    assertFalse(text.contains("\tat "), text);
  }
}
