package io.github.sentrymcp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeSentryJournalTest {
  static FakeSentry fake;
  static TestHttp http;

  @BeforeAll
  static void start() {
    fake = FakeSentry.builder().journalLimit(50).build();
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
  void recordsRawEncodedPathExactly() throws Exception {
    http.get("/api/0/organizations/a%2F..%2Fb/issues/");
    RecordedRequest r = fake.lastRequest();
    assertNotNull(r);
    assertEquals("/api/0/organizations/a%2F..%2Fb/issues/", r.rawPath());
    assertEquals("/api/0/organizations/a/../b/issues/", r.path());
    assertNull(r.rawQuery());
    assertEquals("GET /api/0/organizations/{org}/issues/", r.route());
    assertEquals(200, r.status());
    assertEquals(1, fake.requests("GET", "/api/0/organizations/*/issues/").size());
  }

  @Test
  void recordsQueryHeadersBodyAndStatus() throws Exception {
    http.send(
        "PUT",
        "/api/0/organizations/sentry-mcp-evals/issues/CLOUDFLARE-MCP-41/?x=1&query=is%3Aunresolved+level%3Aerror&field=a&field=b",
        "{\"status\":\"resolved\"}",
        "Authorization",
        "Bearer abc",
        "X-Custom",
        "v");
    RecordedRequest r = fake.journal().get(0);
    assertEquals("PUT", r.method());
    assertEquals("x=1&query=is%3Aunresolved+level%3Aerror&field=a&field=b", r.rawQuery());
    assertEquals("is:unresolved level:error", r.queryParam("query"));
    assertEquals(List.of("a", "b"), r.queryParams("field"));
    assertEquals(List.of(), r.queryParams("nope"));
    assertNull(r.queryParam("nope"));
    assertEquals("Bearer abc", r.header("authorization"));
    assertEquals("Bearer abc", r.header("AUTHORIZATION"));
    assertEquals("v", r.header("x-custom"));
    assertEquals("{\"status\":\"resolved\"}", r.body());
    assertEquals(200, r.status());
    assertTrue(r.matched());
    assertNull(r.fault());
    assertTrue(r.toString().startsWith("PUT /api/0/organizations/sentry-mcp-evals/issues/CLOUDFLARE-MCP-41/?x=1"));
    assertThrows(UnsupportedOperationException.class, () -> r.headers().put("a", List.of()));
  }

  @Test
  void unmatchedRequestsAreJournaledWith404() throws Exception {
    assertEquals(404, http.get("/api/0/this/does/not/exist/").statusCode());
    assertEquals(404, http.send("DELETE", "/api/0/organizations/x/", null).statusCode());
    List<RecordedRequest> unmatched = fake.unmatched();
    assertEquals(2, unmatched.size());
    assertFalse(unmatched.get(0).matched());
    assertNull(unmatched.get(0).route());
    assertEquals(404, unmatched.get(1).status());
  }

  @Test
  void clearAndLimit() throws Exception {
    for (int i = 0; i < 60; i++) {
      http.get("/api/0/auth/?i=" + i);
    }
    List<RecordedRequest> j = fake.journal();
    assertEquals(50, j.size());
    assertEquals("i=59", j.get(49).rawQuery());
    assertEquals("i=10", j.get(0).rawQuery());
    fake.clearJournal();
    assertEquals(List.of(), fake.journal());
    assertNull(fake.lastRequest());
  }

  @Test
  void statsCountRequestsByRouteAndListUnmatchedOnesUntilReset() throws Exception {
    http.get("/api/0/auth/");
    http.get("/api/0/auth/");
    http.get("/api/0/no/such/route/?x=1");
    JsonNode stats = TestHttp.parse(http.get("/__fake/stats"));
    assertEquals(3, stats.path("total").asInt());
    assertEquals(2, stats.path("byRoute").path("GET /api/0/auth/").asInt());
    assertEquals(1, stats.path("byRoute").path("UNMATCHED").asInt());
    assertEquals("GET /api/0/no/such/route/", stats.path("unmatched").path(0).asText());
    assertEquals(1, stats.path("unmatched").size());

    fake.override("GET", "/api/0/auth/", "{\"id\":\"x\"}");
    assertEquals(200, http.send("POST", "/__fake/reset", null).statusCode());
    assertEquals(List.of(), fake.journal());
    assertNotEquals("x", TestHttp.parse(http.get("/api/0/auth/")).path("id").asText(), "overrides cleared");
    stats = TestHttp.parse(http.get("/__fake/stats"));
    assertEquals(1, stats.path("total").asInt());
    assertEquals(0, stats.path("unmatched").size());
    assertEquals(404, http.send("POST", "/__fake/stats", null).statusCode(), "stats only answers GET");
  }

  @Test
  void controlEndpointsAreNotJournaled() throws Exception {
    assertEquals(200, http.get("/__fake/health").statusCode());
    assertEquals(List.of(), fake.journal());
  }
}
