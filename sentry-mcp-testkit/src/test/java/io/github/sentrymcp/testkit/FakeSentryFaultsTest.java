package io.github.sentrymcp.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeSentryFaultsTest {
  static final String ISSUE = "/api/0/organizations/sentry-mcp-evals/issues/CLOUDFLARE-MCP-41/";
  static final String ISSUE_PATTERN = "/api/0/organizations/*/issues/*/";

  static FakeSentry fake;
  static TestHttp http;

  @BeforeAll
  static void start() {
    fake = FakeSentry.start();
    http = new TestHttp(fake);
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  @BeforeEach
  void reset() {
    fake.reset();
  }

  @Test
  void statusWithRetryAfterFiresLimitedTimes() throws Exception {
    fake.stubFault(
        FaultRule.on("GET", ISSUE_PATTERN).times(2).respond(Fault.status(503).retryAfterSeconds(1)));
    for (int i = 0; i < 2; i++) {
      HttpResponse<byte[]> r = http.get(ISSUE);
      assertEquals(503, r.statusCode());
      assertEquals("1", r.headers().firstValue("Retry-After").orElseThrow());
      assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
      TestHttp.parse(r).path("detail").asText();
    }
    assertEquals(200, http.get(ISSUE).statusCode());
    List<RecordedRequest> j = fake.journal();
    assertEquals(List.of(503, 503, 200), j.stream().map(RecordedRequest::status).toList());
    assertTrue(String.valueOf(j.get(0).fault()).startsWith("status(503)"));
    assertEquals("GET /api/0/organizations/{org}/issues/{issue}/", j.get(0).route());
  }

  @Test
  void statusWithJsonBodyAndOtherPathsUnaffected() throws Exception {
    fake.stubFault(FaultRule.on("GET", ISSUE_PATTERN).respond(Fault.status(429, "{\"detail\":\"slow down\"}")));
    HttpResponse<byte[]> r = http.get(ISSUE);
    assertEquals(429, r.statusCode());
    assertEquals("{\"detail\":\"slow down\"}", new String(r.body(), StandardCharsets.UTF_8));
    assertEquals(429, http.get(ISSUE).statusCode()); // default: always
    assertEquals(200, http.get("/api/0/organizations/sentry-mcp-evals/issues/").statusCode());
    assertEquals(200, http.get(ISSUE + "events/latest/").statusCode());
    fake.clearFaults();
    assertEquals(200, http.get(ISSUE).statusCode());
  }

  @Test
  void defaultRateLimitBody() throws Exception {
    fake.stubFault(FaultRule.on("*", "/**").times(1).respond(Fault.status(429)));
    HttpResponse<byte[]> r = http.get("/api/0/auth/");
    assertEquals(429, r.statusCode());
    assertTrue(TestHttp.parse(r).path("detail").asText().contains("too frequently"));
  }

  @Test
  void connectionResetGivesClientAnIOException() throws Exception {
    // java.net.http retries a GET once when the connection closes before any response byte
    fake.stubFault(FaultRule.on("GET", ISSUE_PATTERN).times(2).respond(Fault.connectionReset()));
    TestHttp fresh = new TestHttp(fake, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
    IOException e = assertThrows(IOException.class, () -> fresh.get(ISSUE));
    assertTrue(String.valueOf(e.getMessage()).contains("no bytes"), e.toString());
    assertEquals(200, fresh.get(ISSUE).statusCode());
    List<RecordedRequest> j = fake.journal();
    assertEquals(3, j.size());
    assertEquals(RecordedRequest.NO_RESPONSE, j.get(0).status());
    assertEquals(RecordedRequest.NO_RESPONSE, j.get(1).status());
    assertEquals("connection_reset", j.get(0).fault());
    assertEquals(200, j.get(2).status());
  }

  @Test
  void connectionResetOnceSurfacesForNonIdempotentMethods() throws Exception {
    fake.stubFault(FaultRule.on("PUT", ISSUE_PATTERN).times(1).respond(Fault.connectionReset()));
    assertThrows(IOException.class, () -> http.send("PUT", ISSUE, "{\"status\":\"resolved\"}"));
    assertEquals(200, http.send("PUT", ISSUE, "{\"status\":\"resolved\"}").statusCode());
    assertEquals(2, fake.journal().size());
  }

  @Test
  void disconnectMidBodyIsNotRetried() throws Exception {
    fake.stubFault(FaultRule.on("GET", ISSUE_PATTERN).times(1).respond(Fault.disconnectMidBody()));
    assertThrows(IOException.class, () -> http.get(ISSUE));
    assertEquals(200, http.get(ISSUE).statusCode());
    List<RecordedRequest> j = fake.journal();
    assertEquals(2, j.size());
    assertEquals("disconnect_mid_body", j.get(0).fault());
  }

  @Test
  void connectionResetOnPooledConnection() throws Exception {
    TestHttp client = new TestHttp(fake, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
    assertEquals(200, client.get("/api/0/auth/").statusCode()); // warm the pool
    fake.stubFault(FaultRule.on("GET", ISSUE_PATTERN).respond(Fault.connectionReset()));
    assertThrows(IOException.class, () -> client.get(ISSUE));
    // with the default (HTTP/2 upgrade attempt) client as well
    TestHttp h2 = new TestHttp(fake, HttpClient.newHttpClient());
    assertThrows(IOException.class, () -> h2.get(ISSUE));
    fake.clearFaults();
    assertEquals(200, client.get(ISSUE).statusCode());
  }

  @Test
  void delayThenNormalAnswer() throws Exception {
    fake.stubFault(FaultRule.on("GET", ISSUE_PATTERN).times(1).respond(Fault.delay(Duration.ofMillis(300))));
    long t0 = System.nanoTime();
    HttpResponse<byte[]> r = http.get(ISSUE);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(200, r.statusCode());
    assertEquals("CLOUDFLARE-MCP-41", TestHttp.parse(r).path("shortId").asText());
    assertTrue(ms >= 300, "took " + ms + " ms");
    long t1 = System.nanoTime();
    http.get(ISSUE);
    assertTrue((System.nanoTime() - t1) / 1_000_000 < 300);
  }

  @Test
  void delayedStatus() throws Exception {
    fake.stubFault(FaultRule.on("GET", ISSUE_PATTERN).respond(Fault.status(504).delayed(Duration.ofMillis(200))));
    long t0 = System.nanoTime();
    assertEquals(504, http.get(ISSUE).statusCode());
    assertTrue((System.nanoTime() - t0) / 1_000_000 >= 200);
  }

  @Test
  void malformedBody() throws Exception {
    fake.stubFault(FaultRule.on("GET", ISSUE_PATTERN).respond(Fault.malformedBody()));
    HttpResponse<byte[]> r = http.get(ISSUE);
    assertEquals(200, r.statusCode());
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
    assertTrue(r.body().length > 10);
    assertThrows(JsonProcessingException.class, () -> TestHttp.MAPPER.readTree(r.body()));
    // also for lists
    fake.stubFault(FaultRule.on("GET", "/api/0/organizations/*/projects/").respond(Fault.malformedBody()));
    HttpResponse<byte[]> list = http.get("/api/0/organizations/sentry-mcp-evals/projects/");
    assertThrows(JsonProcessingException.class, () -> TestHttp.MAPPER.readTree(list.body()));
  }

  @Test
  void htmlBody() throws Exception {
    fake.stubFault(FaultRule.on("GET", "/api/0/**").respond(Fault.htmlBody(502)));
    HttpResponse<byte[]> r = http.get(ISSUE);
    assertEquals(502, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
    assertTrue(new String(r.body(), StandardCharsets.UTF_8).contains("502 Bad Gateway"));
  }

  @Test
  void redirect() throws Exception {
    fake.stubFault(FaultRule.on("GET", ISSUE_PATTERN).respond(Fault.redirect(302, "https://sentry.example.com/auth/login/")));
    HttpResponse<byte[]> r = http.get(ISSUE);
    assertEquals(302, r.statusCode());
    assertEquals("https://sentry.example.com/auth/login/", r.headers().firstValue("Location").orElseThrow());
  }

  @Test
  void arbitraryBody() throws Exception {
    byte[] bytes = {1, 2, 3, 4};
    fake.stubFault(FaultRule.on("GET", ISSUE_PATTERN).respond(Fault.body(200, "application/octet-stream", bytes).header("X-Extra", "yes")));
    HttpResponse<byte[]> r = http.get(ISSUE);
    assertEquals(200, r.statusCode());
    assertEquals("application/octet-stream", r.headers().firstValue("Content-Type").orElseThrow());
    assertEquals("yes", r.headers().firstValue("X-Extra").orElseThrow());
    assertArrayEquals(bytes, r.body());
  }

  @Test
  void rulesAreCheckedInOrder() throws Exception {
    fake.stubFault(FaultRule.on("GET", ISSUE_PATTERN).times(1).respond(Fault.status(500)));
    fake.stubFault(FaultRule.on("*", "/api/0/organizations/**").times(2).respond(Fault.status(502)));
    assertEquals(500, http.get(ISSUE).statusCode());
    assertEquals(502, http.get(ISSUE).statusCode());
    assertEquals(502, http.get("/api/0/organizations/").statusCode()); // ** matches nothing too
    assertEquals(200, http.get(ISSUE).statusCode());
    assertEquals(200, http.get("/api/0/auth/").statusCode());
  }

  @Test
  void methodAndQueryConditions() throws Exception {
    fake.stubFault(FaultRule.on("PUT", ISSUE_PATTERN).respond(Fault.status(403)));
    fake.stubFault(
        FaultRule.on("get", "/api/0/organizations/*/projects/")
            .queryParam("cursor", "0:1:0")
            .respond(Fault.status(500)));
    assertEquals(200, http.get(ISSUE).statusCode());
    assertEquals(403, http.send("PUT", ISSUE, "{}").statusCode());
    assertEquals(200, http.get("/api/0/organizations/o/projects/?per_page=1").statusCode());
    assertEquals(500, http.get("/api/0/organizations/o/projects/?per_page=1&cursor=0:1:0").statusCode());
  }

  @Test
  void faultRuleValidation() {
    assertThrows(IllegalArgumentException.class, () -> FaultRule.on("GET", "no-slash"));
    assertThrows(IllegalArgumentException.class, () -> FaultRule.on("GET", "/a/**/b"));
    assertThrows(IllegalArgumentException.class, () -> FaultRule.on("GET", "/a").times(0));
    assertThrows(IllegalArgumentException.class, () -> Fault.status(42));
    FaultRule rule = FaultRule.on("get", "/x").respond(Fault.connectionReset());
    assertEquals("GET", rule.method());
    assertEquals(FaultRule.ALWAYS, rule.times());
  }
}
