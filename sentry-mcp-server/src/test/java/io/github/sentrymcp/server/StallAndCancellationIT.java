package io.github.sentrymcp.server;

import io.github.sentrymcp.modelcontextprotocol.SentryMcpToolSpecs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.Fault;
import io.github.sentrymcp.testkit.FaultRule;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stdio server (the shaded jar in a child process) against a Sentry that stalls: slow calls never hold up other
 * requests of the same connection, every call ends by its deadline (retries included), a cancelled call stops its
 * Sentry requests and gets no answer, and a client that stops reading ends the server with a non-zero exit.
 *
 * <p>Bounds stated here (each generous for a loaded 2-CPU CI machine): with any number of stalled calls, {@code
 * tools/list} and a call to a healthy endpoint are answered within {@value #HEALTHY_BOUND_MS} ms, and a call beyond
 * the concurrency limit is refused within the same bound; a stalled call ends within its call timeout plus
 * {@value #DEADLINE_SLACK_MS} ms.
 */
class StallAndCancellationIT {
  private static final String TOKEN = "sntrys_stall-secret-1234";
  static final long HEALTHY_BOUND_MS = 3_000;
  static final long DEADLINE_SLACK_MS = 2_000;
  private static final String ORG = "sentry-mcp-evals";

  private FakeSentry fake;
  private ServerProcess server;

  @BeforeEach
  void startFake() {
    fake = FakeSentry.builder().requiredToken(TOKEN).threads(400).build();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    fake.close();
  }

  private ServerProcess start(String... extra) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("--access-token=" + TOKEN,
        "--host=" + fake.hostAndPort(), "--insecure-http", "--no-warmup"));
    args.addAll(List.of(extra));
    server = ServerProcess.jar(args.toArray(String[]::new));
    server.initialize();
    return server;
  }

  private static String call(int id, String tool, String argsJson) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
        + "\",\"arguments\":" + argsJson + "}}";
  }

  private static String errorKind(JsonNode answer) {
    return answer.path("result").path("_meta").path(SentryMcpToolSpecs.ERROR_META_KEY).path("kind").asText();
  }

  /** Reads answers until the one with this id; the others are kept in {@code seen}. */
  private JsonNode awaitAnswer(int id, Map<Integer, JsonNode> seen, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!seen.containsKey(id)) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      JsonNode m = server.awaitMessage(Duration.ofMillis(left));
      if (m.has("id") && m.path("id").canConvertToInt()) {
        seen.put(m.path("id").asInt(), m);
      }
    }
    return seen.get(id);
  }

  /** Requests for GET /auth/ that reached the fake (counted on arrival, stalled or not). */
  private long authRequests() {
    return fake.arrivals().stream().filter(r -> r.endsWith("/auth/")).count();
  }

  @Test
  void stalledCallsNeitherDelayOtherRequestsNorOutliveTheirDeadline() throws Exception {
    // whoami (GET /auth/) stalls; find_organizations (GET /organizations/) stays healthy
    fake.stubFault(FaultRule.on("GET", "/api/0/auth/").respond(Fault.delay(Duration.ofSeconds(60))));
    start("--call-timeout-ms=6000", "--max-concurrent-calls=32");
    Map<Integer, JsonNode> seen = new HashMap<>();
    long start = System.nanoTime();
    // below the limit: 20 stalled calls, then tools/list and a healthy call, which are served at once
    server.sendBytes(burst(101, 20));
    server.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}", call(3, "find_organizations", "{}"));
    JsonNode list = awaitAnswer(2, seen, Duration.ofMillis(HEALTHY_BOUND_MS));
    assertTrue(list.path("result").path("tools").size() >= 5, list.toString());
    JsonNode orgs = awaitAnswer(3, seen, Duration.ofMillis(HEALTHY_BOUND_MS));
    assertFalse(orgs.path("result").path("isError").asBoolean(), orgs.toString());
    long healthyMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(healthyMs < HEALTHY_BOUND_MS, "healthy answers took " + healthyMs + " ms");
    // beyond the limit: 180 more stalled calls; the 12 that fit are admitted, the rest refused at once as busy,
    // and tools/list is still answered at once
    long overload = System.nanoTime();
    server.sendBytes(burst(121, 180));
    server.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/list\"}");
    assertTrue(awaitAnswer(4, seen, Duration.ofMillis(HEALTHY_BOUND_MS)).path("result").has("tools"));
    for (int id = 121 + 12; id < 121 + 180; id++) {
      JsonNode a = awaitAnswer(id, seen, Duration.ofMillis(HEALTHY_BOUND_MS));
      assertEquals("busy", errorKind(a), a.toString());
    }
    long busyMs = (System.nanoTime() - overload) / 1_000_000;
    assertTrue(busyMs < HEALTHY_BOUND_MS, "busy answers took " + busyMs + " ms");
    // every admitted stalled call ends by its deadline: 6 s, retries included
    for (int id = 101; id < 121 + 12; id++) {
      JsonNode a = awaitAnswer(id, seen, Duration.ofMillis(6_000 + DEADLINE_SLACK_MS + 2_000));
      assertEquals("timeout", errorKind(a), a.toString());
    }
    long allMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(allMs < 6_000 + DEADLINE_SLACK_MS + 1_000, "the stalled calls ended after " + allMs + " ms");
    // one request per admitted call reached Sentry: the 60 s stall outlives the whole call, so no retry fits
    assertEquals(32, authRequests(), "requests: " + fake.arrivals());
  }

  private static byte[] burst(int firstId, int count) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < count; i++) {
      sb.append(call(firstId + i, "whoami", "{}")).append('\n');
    }
    return sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void retriesNeverRunPastTheCallDeadline() throws Exception {
    fake.stubFault(FaultRule.on("GET", "/api/0/auth/").respond(Fault.delay(Duration.ofSeconds(60))));
    // 2 s per attempt and 2 retries: 6 s and more without a deadline; the call may take 2.5 s, so the retry gets
    // the time left and the call ends at its deadline
    start("--request-timeout-ms=2000", "--call-timeout-ms=2500");
    long start = System.nanoTime();
    server.send(call(7, "whoami", "{}"));
    JsonNode a = awaitAnswer(7, new HashMap<>(), Duration.ofSeconds(10));
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertEquals("timeout", errorKind(a), a.toString());
    assertTrue(ms < 2_500 + DEADLINE_SLACK_MS, "took " + ms + " ms");
    assertTrue(ms >= 2_400, "ended before its deadline: " + ms + " ms");
    String text = a.path("result").path("content").path(0).path("text").asText();
    assertTrue(text.contains("time limit of 2500 ms"), text);
    assertEquals(2, authRequests(), "attempts: " + fake.arrivals());

    // a shorter attempt timeout: retries run while they fit, and none is started that could not finish in time
    fake.clearJournal();
    server.close();
    start("--request-timeout-ms=1000", "--call-timeout-ms=2500");
    start = System.nanoTime();
    server.send(call(8, "whoami", "{}"));
    a = awaitAnswer(8, new HashMap<>(), Duration.ofSeconds(10));
    ms = (System.nanoTime() - start) / 1_000_000;
    assertTrue(errorKind(a).equals("timeout") || errorKind(a).equals("network"), a.toString());
    assertTrue(ms < 2_500 + DEADLINE_SLACK_MS, "took " + ms + " ms");
    assertTrue(authRequests() <= 3, "attempts: " + fake.arrivals());
  }

  @Test
  void aCancelledCallStopsItsSentryRequestsAndGetsNoAnswer() throws Exception {
    // get_issue_details: the issue request stalls; without cancellation, the event, tags and more would follow
    fake.stubFault(FaultRule.on("GET", "/api/0/organizations/*/issues/*/").respond(
        Fault.delay(Duration.ofSeconds(30))));
    start("--call-timeout-ms=20000");
    server.send(call(9, "get_issue_details",
        "{\"organizationSlug\":\"" + ORG + "\",\"issueId\":\"CLOUDFLARE-MCP-41\"}"));
    long waitUntil = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (fake.arrivals().stream().noneMatch(r -> r.contains("/issues/")) && System.nanoTime() < waitUntil) {
      Thread.sleep(20);
    }
    // the tool sends its independent requests together; wait until they all arrived
    List<String> before = fake.arrivals();
    for (List<String> now = before; ; before = now) {
      Thread.sleep(300);
      now = fake.arrivals();
      if (now.equals(before)) {
        break;
      }
    }
    assertTrue(before.stream().anyMatch(r -> r.contains("/issues/")), "the call never reached Sentry: " + before);
    server.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":9,"
        + "\"reason\":\"user pressed stop\"}}");
    // the connection still serves, at once
    server.send("{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"ping\"}");
    JsonNode pong = server.awaitMessage(Duration.ofSeconds(5));
    assertEquals(10, pong.path("id").asInt(), "an answer for the cancelled request was written: " + pong);
    // no answer for id 9, ever (well past the stall and the deadline), and no further Sentry request
    String late = server.pollLine(Duration.ofSeconds(3));
    assertNull(late, "unexpected output after the cancel: " + late);
    assertEquals(before, fake.arrivals(), "requests after the cancel");
    // the server keeps working normally
    server.send(call(11, "find_organizations", "{}"));
    JsonNode orgs = server.awaitMessage(Duration.ofSeconds(10));
    assertEquals(11, orgs.path("id").asInt());
    assertFalse(orgs.path("result").path("isError").asBoolean(), orgs.toString());
  }

  @Test
  void aClientThatStopsReadingEndsTheServerWithANonZeroExitAndNoMoreSentryRequests() throws Exception {
    fake.stubFault(FaultRule.on("GET", "/api/0/auth/").respond(Fault.delay(Duration.ofSeconds(60))));
    start("--call-timeout-ms=50000");
    server.send(call(5, "whoami", "{}"), call(6, "whoami", "{}"));
    long waitUntil = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (authRequests() < 2 && System.nanoTime() < waitUntil) {
      Thread.sleep(20);
    }
    assertEquals(2, authRequests());
    // the client closes its end of the server's stdout (and keeps stdin open)
    server.process.getInputStream().close();
    long closed = System.nanoTime();
    int code = server.exitWithin(Duration.ofSeconds(20));
    long ms = (System.nanoTime() - closed) / 1_000_000;
    assertNotEquals(0, code, "exit code after a broken pipe");
    assertEquals(74, code);
    assertTrue(ms < 15_000, "noticed only after " + ms + " ms");
    Thread.sleep(1_000);
    assertEquals(2, authRequests(), "Sentry was called after the client went away");
    assertFalse(server.stderr.get().contains(TOKEN));
  }
}
