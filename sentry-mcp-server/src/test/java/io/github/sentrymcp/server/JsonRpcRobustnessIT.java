package io.github.sentrymcp.server;

import static io.github.sentrymcp.server.ServerProcess.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.sentrymcp.testkit.FakeSentry;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The stdio server (the shaded jar in a child process) against malformed and out-of-order JSON-RPC: every bad line
 * gets the answer the JSON-RPC and MCP specifications ask for (or none, where they say so), the answer comes at once,
 * no answer carries Java exception text, and the server answers the next valid request and keeps running. One
 * server serves all cases of a test, so a case that killed it would fail every later one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsonRpcRobustnessIT {
  private static final String TOKEN = "sntrys_robustness-secret-0815";
  private static final Duration PROMPTLY = Duration.ofSeconds(5);

  private FakeSentry fake;
  private ServerProcess server;
  private final AtomicInteger nextId = new AtomicInteger(1000);

  @BeforeAll
  void startFake() {
    fake = FakeSentry.builder().requiredToken(TOKEN).build();
  }

  @AfterAll
  void stopFake() {
    fake.close();
  }

  @BeforeEach
  void startServer() throws IOException {
    server = ServerProcess.jar("--access-token=" + TOKEN, "--host=" + fake.hostAndPort(), "--insecure-http",
        "--no-warmup");
  }

  @AfterEach
  void stopServer() throws Exception {
    try {
      // the server is still up and ends cleanly when the client closes stdin
      assertTrue(server.process.isAlive(), "the server exited: " + server.stderr.getNow(""));
      server.process.getOutputStream().close();
      assertEquals(0, server.exitWithin(Duration.ofSeconds(15)), server.stderr.getNow(""));
      String err = server.stderr.get();
      assertFalse(err.contains(TOKEN), err);
      assertFalse(err.contains("Exception"), "stderr names an exception: " + err);
      for (String line : server.stdout().split("\n")) {
        if (!line.isEmpty()) {
          JsonNode msg = JSON.readTree(line);
          assertEquals("2.0", msg.path("jsonrpc").asText(), "not JSON-RPC on stdout: " + line);
        }
      }
    } finally {
      server.close();
    }
  }

  // ------------------------------------------------------------------------------------------------ helpers

  private static String request(String id, String method, String paramsJson) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\""
        + (paramsJson == null ? "" : ",\"params\":" + paramsJson) + "}";
  }

  /** Sends a line and returns the answer, which must come promptly. */
  private JsonNode answerTo(String line) throws Exception {
    server.send(line);
    return server.awaitMessage(PROMPTLY);
  }

  /** Asserts a JSON-RPC error with that code and a fixed message (no Java text), and returns it. */
  private static JsonNode assertError(JsonNode answer, int code) {
    assertEquals(code, answer.path("error").path("code").asInt(), answer.toString());
    assertFalse(answer.has("result"), answer.toString());
    String message = answer.path("error").path("message").asText();
    assertFalse(message.isBlank(), answer.toString());
    for (String javaText : List.of("Exception", "java.", "null", "at io.", "Cannot ", "because ")) {
      assertFalse(message.contains(javaText), "Java text in the message: " + answer);
    }
    assertFalse(answer.path("error").has("data"), "error data: " + answer);
    return answer;
  }

  /** The server still answers a valid request (a ping with a fresh id) right after. */
  private void assertStillServing() throws Exception {
    int id = nextId.incrementAndGet();
    JsonNode pong = answerTo(request(String.valueOf(id), "ping", null));
    assertEquals(id, pong.path("id").asInt(), pong.toString());
    assertTrue(pong.path("result").isObject(), pong.toString());
  }

  /** Sends a line that must get no answer (a notification, a stray response): the next answer is the ping's. */
  private void assertNoAnswer(String line) throws Exception {
    server.send(line);
    assertStillServing();
  }

  // -------------------------------------------------------------------------------------------------- cases

  @Test
  void requestsBeforeInitializeAreAnsweredAtOnce() throws Exception {
    JsonNode pong = answerTo(request("\"p\"", "ping", null));
    assertEquals("p", pong.path("id").asText());
    assertEquals("{}", pong.path("result").toString());
    // a 2026-07-28 client starts with server/discover: an unknown method, answered at once
    JsonNode discover = assertError(answerTo(request("2", "server/discover", "{}")), -32601);
    assertEquals(2, discover.path("id").asInt());
    JsonNode list = assertError(answerTo(request("3", "tools/list", null)), -32600);
    assertTrue(list.path("error").path("message").asText().contains("initialize"), list.toString());
    assertError(answerTo(request("4", "tools/call", "{\"name\":\"whoami\",\"arguments\":{}}")), -32600);
    assertNoAnswer(ServerProcess.INITIALIZED); // before initialize: ignored
    assertEquals(0, fake.journal().size(), "nothing reached Sentry");
    // the session still starts normally
    server.initialize();
    JsonNode tools = answerTo(request("5", "tools/list", null));
    assertTrue(tools.path("result").path("tools").size() >= 5, tools.toString());
    assertError(answerTo(ServerProcess.INIT.replace("\"id\":1", "\"id\":6")), -32600); // initialized twice
    assertStillServing();
  }

  @Test
  void aRequestRightAfterTheInitializeAnswerDoesNotWaitForTheInitializedNotification() throws Exception {
    server.send(ServerProcess.INIT);
    assertTrue(server.awaitMessage(PROMPTLY).has("result"));
    JsonNode tools = answerTo(request("2", "tools/list", null));
    assertTrue(tools.path("result").path("tools").isArray(), tools.toString());
    assertNoAnswer(ServerProcess.INITIALIZED); // late, harmless
  }

  @Test
  void oddIdsAreRefusedAndTheServerStaysUp() throws Exception {
    server.initialize();
    // fractions, exponents, integers beyond 2^63: not MCP ids; the number is echoed so the client can match it
    for (String id : List.of("1.5", "1e3", "2.0", "-0.5", "9223372036854775808", "123456789012345678901234567890")) {
      JsonNode a = assertError(answerTo(request(id, "tools/list", null)), -32600);
      assertTrue(a.path("id").isNumber(), "id not echoed for " + id + ": " + a);
      assertEquals(new java.math.BigDecimal(id).compareTo(a.path("id").decimalValue()), 0, a.toString());
      assertStillServing();
    }
    // null, objects, arrays, booleans: no usable id, so the answer has id null
    for (String id : List.of("null", "{\"a\":1}", "[1]", "true", "false")) {
      JsonNode a = assertError(answerTo(request(id, "tools/list", null)), -32600);
      assertTrue(a.path("id").isNull(), a.toString());
      assertStillServing();
    }
    // valid edge ids are answered normally and echoed exactly
    for (String id : List.of("0", "-7", "9223372036854775807", "-9223372036854775808", "\"\"", "\"é-😀\"",
        "\"" + "x".repeat(2000) + "\"")) {
      JsonNode a = answerTo(request(id, "ping", null));
      assertEquals(JSON.readTree(id), a.path("id"), a.toString());
      assertTrue(a.has("result"), a.toString());
    }
  }

  @Test
  void invalidJsonGetsAParseErrorWithIdNull() throws Exception {
    server.initialize();
    for (String line : List.of("{", "}{", "not json", "{\"jsonrpc\":\"2.0\",", "{\"a\":1}}", "\"unterminated",
        "{'single':'quotes'}", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"} trailing")) {
      JsonNode a = assertError(answerTo(line), -32700);
      assertTrue(a.path("id").isNull(), a.toString());
      assertStillServing();
    }
    // bytes that are not UTF-8, and a NUL
    server.sendBytes(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}', '\n'});
    assertError(server.awaitMessage(PROMPTLY), -32700);
    server.sendBytes(new byte[] {0, '\n'});
    assertError(server.awaitMessage(PROMPTLY), -32700);
    assertStillServing();
    // deeply nested JSON
    assertTrue(answerTo("[".repeat(100_000) + "]".repeat(100_000)).has("error"));
    assertStillServing();
  }

  @Test
  void structurallyInvalidMessagesGetInvalidRequest() throws Exception {
    server.initialize();
    for (String line : List.of(
        "[]",
        "[" + request("1", "ping", null) + "]",
        "42",
        "\"a string\"",
        "null",
        "{}",
        "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}",
        "{\"id\":1,\"method\":\"ping\"}",
        "{\"jsonrpc\":2.0,\"id\":1,\"method\":\"ping\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":null}",
        "{\"jsonrpc\":\"2.0\",\"id\":1}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":\"x\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":7}")) {
      assertError(answerTo(line), -32600);
      assertStillServing();
    }
    // positional params: the request is valid JSON-RPC, but MCP methods take an object
    assertError(answerTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":[1]}"), -32602);
    assertStillServing();
  }

  @Test
  void aLineOverTheSizeLimitIsAnsweredAndTheNextOneServed() throws Exception {
    server.initialize();
    byte[] big = new byte[16 * 1024 * 1024 + 100];
    Arrays.fill(big, (byte) 'x');
    big[0] = '"';
    big[big.length - 2] = '"';
    big[big.length - 1] = '\n';
    server.sendBytes(big);
    JsonNode a = assertError(server.awaitMessage(Duration.ofSeconds(20)), -32600);
    assertTrue(a.path("id").isNull(), a.toString());
    assertTrue(a.path("error").path("message").asText().toLowerCase(Locale.ROOT).contains("limit"), a.toString());
    assertStillServing();
  }

  @Test
  void badParametersGetInvalidParamsWithAFixedMessage() throws Exception {
    server.initialize();
    // tools/call
    assertError(answerTo(request("1", "tools/call", null)), -32602);
    assertError(answerTo(request("2", "tools/call", "{}")), -32602);
    assertError(answerTo(request("3", "tools/call", "{\"name\":5}")), -32602);
    assertError(answerTo(request("4", "tools/call", "{\"name\":\"\"}")), -32602);
    assertError(answerTo(request("5", "tools/call", "{\"name\":\"whoami\",\"arguments\":\"{}\"}")), -32602);
    assertError(answerTo(request("6", "tools/call", "{\"name\":\"whoami\",\"arguments\":[1]}")), -32602);
    assertError(answerTo(request("7", "tools/call", "{\"name\":\"whoami\",\"_meta\":\"x\"}")), -32602);
    assertError(answerTo(request("8", "tools/call", "{\"name\":\"whoami\",\"_meta\":{\"progressToken\":1.5}}")),
        -32602);
    // unknown tool: the SDK's fixed text, without the name
    JsonNode unknown = assertError(answerTo(request("9", "tools/call", "{\"name\":\"nope\",\"arguments\":{}}")),
        -32602);
    assertFalse(unknown.path("error").path("message").asText().contains("nope"), unknown.toString());
    // tools/list: one page, so every cursor is unknown
    assertError(answerTo(request("10", "tools/list", "{\"cursor\":\"abc\"}")), -32602);
    assertError(answerTo(request("11", "tools/list", "{\"cursor\":5}")), -32602);
    assertTrue(answerTo(request("12", "tools/list", "{\"cursor\":null}")).path("result").has("tools"));
    // logging/setLevel: only the levels of the specification
    for (String params : List.of("{\"level\":\"verbose\"}", "{\"level\":\"INFO\"}", "{\"level\":5}", "{}")) {
      assertError(answerTo(request("13", "logging/setLevel", params)), -32602);
    }
    assertError(answerTo(request("14", "logging/setLevel", null)), -32602);
    assertTrue(answerTo(request("15", "logging/setLevel", "{\"level\":\"debug\"}")).has("result"));
    // unknown methods
    assertError(answerTo(request("16", "resources/list", "{}")), -32601);
    JsonNode weird = assertError(answerTo(request("17", "x\\u0000\\u202e" + "y".repeat(100), "{}")), -32601);
    assertFalse(weird.path("error").path("message").asText().contains("yyyy"), weird.toString());
    // a well-formed call still works, and nothing above reached Sentry
    assertEquals(0, fake.journal().size(), "a refused request reached Sentry");
    JsonNode whoami = answerTo(request("18", "tools/call", "{\"name\":\"whoami\",\"arguments\":null}"));
    assertFalse(whoami.path("result").path("isError").asBoolean(), whoami.toString());
  }

  @Test
  void notificationsAndStrayResponsesGetNoAnswer() throws Exception {
    server.initialize();
    assertNoAnswer("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/whatever\",\"params\":{\"a\":1}}");
    assertNoAnswer("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":424242}}");
    assertNoAnswer("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\"}");
    assertNoAnswer("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":\"x\"}");
    assertNoAnswer("{\"jsonrpc\":\"2.0\",\"id\":77,\"result\":{}}");
    assertNoAnswer("{\"jsonrpc\":\"2.0\",\"id\":78,\"error\":{\"code\":-1,\"message\":\"m\"}}");
    assertNoAnswer("{\"jsonrpc\":\"2.0\",\"id\":79,\"error\":\"not an object\"}");
    assertNoAnswer("   ");
  }

  @Test
  void aDuplicateIdInFlightIsRefused() throws Exception {
    fake.stubFault(io.github.sentrymcp.testkit.FaultRule.on("GET", "/api/0/auth/").times(1)
        .respond(io.github.sentrymcp.testkit.Fault.delay(Duration.ofSeconds(2))));
    server.initialize();
    server.send(request("5", "tools/call", "{\"name\":\"whoami\",\"arguments\":{}}"));
    JsonNode dup = assertError(answerTo(request("5", "tools/call", "{\"name\":\"whoami\",\"arguments\":{}}")),
        -32600);
    assertEquals(5, dup.path("id").asInt());
    JsonNode first = server.awaitMessage(Duration.ofSeconds(20));
    assertEquals(5, first.path("id").asInt());
    assertTrue(first.has("result"), first.toString());
    fake.clearFaults();
  }

  @Test
  void theAnswerToAnUnexpectedInternalFailureCarriesNoExceptionText() throws Exception {
    server.initialize();
    // _meta with extra members passes through to the SDK untouched
    JsonNode a = answerTo(request("40", "tools/call",
        "{\"name\":\"whoami\",\"arguments\":{},\"_meta\":{\"progressToken\":\"t\",\"x\":{\"deep\":[1,2,{}]}}}"));
    assertTrue(a.has("result") || a.has("error"), a.toString());
    if (a.has("error")) {
      assertError(a, a.path("error").path("code").asInt());
    }
    assertNull(a.path("error").get("data"));
    assertStillServing();
  }
}
