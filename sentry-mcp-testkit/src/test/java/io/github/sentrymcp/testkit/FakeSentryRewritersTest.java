package io.github.sentrymcp.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The two rewriting hooks: {@link JsonRewriter} on responses, {@link RequestRewriter} on requests. */
class FakeSentryRewritersTest {

  /** What the JSON rewriter was called with. */
  record Seen(String method, String rawPath, int status, String body) {}

  /** Appends {@code "!"} to every string value and records each call. */
  static final class Exclaim implements JsonRewriter {
    final List<Seen> calls = new CopyOnWriteArrayList<>();

    @Override
    public JsonNode rewrite(String method, String rawPath, int status, JsonNode body) {
      calls.add(new Seen(method, rawPath, status, body.toString()));
      return exclaim(body);
    }

    static JsonNode exclaim(JsonNode n) {
      if (n.isTextual()) {
        return TextNode.valueOf(n.textValue() + "!");
      }
      if (n.isObject()) {
        ObjectNode o = (ObjectNode) n;
        List<String> names = List.copyOf(o.properties().stream().map(e -> e.getKey()).toList());
        for (String name : names) {
          o.set(name, exclaim(Objects.requireNonNull(o.get(name))));
        }
      } else if (n.isArray()) {
        for (int i = 0; i < n.size(); i++) {
          ((com.fasterxml.jackson.databind.node.ArrayNode) n).set(i, exclaim(n.get(i)));
        }
      }
      return n;
    }
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void jsonRewriterChangesRouteAnswersAndSeesAFreshCopyEachTime() throws IOException {
    Exclaim rewriter = new Exclaim();
    try (FakeSentry fake = FakeSentry.builder().jsonRewriter(rewriter).build()) {
      TestHttp http = new TestHttp(fake);
      JsonNode issue = http.json("/api/0/organizations/sentry-mcp-evals/issues/CLOUDFLARE-MCP-41/");
      assertEquals("CLOUDFLARE-MCP-41!", issue.path("shortId").asText());
      assertEquals("CLOUDFLARE-MCP!", issue.path("project").path("slug").asText());
      assertEquals("6507376925!", issue.path("id").asText());
      assertTrue(issue.path("numComments").isNumber(), "non-strings are left alone by this rewriter");
      Seen call = rewriter.calls.get(0);
      assertEquals("GET", call.method());
      assertEquals("/api/0/organizations/sentry-mcp-evals/issues/CLOUDFLARE-MCP-41/", call.rawPath());
      assertEquals(200, call.status());
      assertFalse(call.body().contains("!"), "the rewriter gets the unmodified body");

      // the shared fixture was not changed: a second answer is rewritten once, not twice
      JsonNode again = http.json("/api/0/organizations/sentry-mcp-evals/issues/CLOUDFLARE-MCP-41/");
      assertEquals("CLOUDFLARE-MCP-41!", again.path("shortId").asText());
    }
  }

  @Test
  void jsonRewriterRunsAfterPaginationAndLeavesTheLinkHeaderAlone() throws IOException {
    Exclaim rewriter = new Exclaim();
    try (FakeSentry fake = FakeSentry.builder().projects(30).jsonRewriter(rewriter).build()) {
      TestHttp http = new TestHttp(fake);
      HttpResponse<byte[]> r = http.get("/api/0/organizations/sentry-mcp-evals/projects/?per_page=10");
      assertEquals(200, r.statusCode());
      JsonNode page = TestHttp.parse(r);
      assertEquals(10, page.size());
      assertEquals("cloudflare-mcp!", page.get(0).path("slug").asText());
      assertEquals("project-09!", page.get(9).path("slug").asText());
      assertEquals(1, rewriter.calls.size());
      assertEquals(10, TestHttp.MAPPER.readTree(rewriter.calls.get(0).body()).size(),
          "the rewriter sees one page, not the whole list");
      String link = r.headers().firstValue("Link").orElseThrow();
      assertTrue(link.contains("cursor=\"0:10:0\""), link);
      assertFalse(link.contains("!"), link);
    }
  }

  @Test
  void jsonRewriterAlsoRewritesErrorOverrideAndFaultBodies() throws IOException {
    Exclaim rewriter = new Exclaim();
    try (FakeSentry fake = FakeSentry.builder().jsonRewriter(rewriter).build()) {
      TestHttp http = new TestHttp(fake);
      HttpResponse<byte[]> notFound = http.get("/api/0/organizations/sentry-mcp-evals/issues/NOPE-1/");
      assertEquals(404, notFound.statusCode());
      assertEquals("The requested resource does not exist!", TestHttp.parse(notFound).path("detail").asText());
      assertEquals(404, rewriter.calls.get(0).status());

      HttpResponse<byte[]> unknownRoute = http.get("/api/0/no/such/route/");
      assertEquals(404, unknownRoute.statusCode());
      assertTrue(TestHttp.parse(unknownRoute).path("detail").asText().endsWith("!"));

      fake.override("GET", "/api/0/organizations/*/teams/", 400, "{\"detail\":\"bad query\"}");
      HttpResponse<byte[]> overridden = http.get("/api/0/organizations/acme/teams/");
      assertEquals(400, overridden.statusCode());
      assertEquals("bad query!", TestHttp.parse(overridden).path("detail").asText());

      fake.stubFault(FaultRule.on("GET", "/api/0/auth/").times(1)
          .respond(Fault.status(503, "{\"detail\":\"down\"}")));
      HttpResponse<byte[]> fault = http.get("/api/0/auth/");
      assertEquals(503, fault.statusCode());
      assertEquals("down!", TestHttp.parse(fault).path("detail").asText());
    }
  }

  @Test
  void nonJsonAndMalformedBodiesAreSentUnchanged() throws IOException {
    Exclaim rewriter = new Exclaim();
    byte[] png;
    try (FakeSentry plain = FakeSentry.start()) {
      png = new TestHttp(plain).get("/api/0/projects/sentry-mcp-evals/cloudflare-mcp/events/"
          + "7ca573c0f4814912aaa9bdc77d1a7d51/attachments/123/?download=1").body();
    }
    try (FakeSentry fake = FakeSentry.builder().jsonRewriter(rewriter).build()) {
      TestHttp http = new TestHttp(fake);
      HttpResponse<byte[]> image = http.get("/api/0/projects/sentry-mcp-evals/cloudflare-mcp/events/"
          + "7ca573c0f4814912aaa9bdc77d1a7d51/attachments/123/?download=1");
      assertEquals(200, image.statusCode());
      assertEquals("image/png", image.headers().firstValue("Content-Type").orElse(""));
      assertArrayEquals(png, image.body());
      assertTrue(rewriter.calls.isEmpty(), "an attachment is not JSON");

      fake.stubFault(FaultRule.on("GET", "/api/0/auth/").times(1).respond(Fault.malformedBody()));
      HttpResponse<byte[]> malformed = http.get("/api/0/auth/");
      assertEquals(200, malformed.statusCode());
      assertThrows(IOException.class, () -> TestHttp.MAPPER.readTree(malformed.body()));

      fake.stubFault(FaultRule.on("GET", "/api/0/auth/").times(1)
          .respond(Fault.body(200, "text/plain", "{\"detail\":\"not json by type\"}")));
      assertEquals("{\"detail\":\"not json by type\"}", text(http.get("/api/0/auth/")));
    }
  }

  @Test
  void jsonRewriterMayReturnAnotherNodeAndItsFailuresBecome500() throws IOException {
    JsonRewriter replace = (method, rawPath, status, body) ->
        rawPath.contains("/auth/") ? TextNode.valueOf("replaced") : body;
    try (FakeSentry fake = FakeSentry.builder().jsonRewriter(replace).build()) {
      assertEquals("\"replaced\"", text(new TestHttp(fake).get("/api/0/auth/")));
    }
    JsonRewriter failing = (method, rawPath, status, body) -> {
      throw new IllegalStateException("boom");
    };
    try (FakeSentry fake = FakeSentry.builder().jsonRewriter(failing).build()) {
      HttpResponse<byte[]> r = new TestHttp(fake).get("/api/0/auth/");
      assertEquals(500, r.statusCode());
      assertTrue(TestHttp.parse(r).path("detail").asText().startsWith("fake-sentry jsonRewriter error"),
          text(r));
      // control endpoints are never rewritten
      assertEquals(200, new TestHttp(fake).get("/__fake/health").statusCode());
    }
  }

  @Test
  void requestRewriterRunsBeforeRoutingOverridesAndTheJournal() throws IOException {
    Pattern marker = Pattern.compile("ZQ[0-9]+QZ");
    try (FakeSentry fake = FakeSentry.builder().projects(30)
        .requestRewriter(RequestRewriter.removing(marker)).build()) {
      TestHttp http = new TestHttp(fake);
      JsonNode issue = http.json("/api/0/organizations/sentry-mcp-evals/issues/ZQ17QZCLOUDFLARE-MCP-41ZQ18QZ/");
      assertEquals("CLOUDFLARE-MCP-41", issue.path("shortId").asText());
      RecordedRequest recorded = Objects.requireNonNull(fake.lastRequest());
      assertEquals("/api/0/organizations/sentry-mcp-evals/issues/CLOUDFLARE-MCP-41/", recorded.rawPath());
      assertEquals("GET /api/0/organizations/{org}/issues/{issue}/", recorded.route());

      HttpResponse<byte[]> page =
          http.get("/api/0/organizations/sentry-mcp-evals/projects/?per_page=10ZQ3QZ&query=ZQ4QZproject-2");
      assertEquals(200, page.statusCode());
      JsonNode projects = TestHttp.parse(page);
      assertEquals(10, projects.size());
      assertEquals("project-20", projects.get(0).path("slug").asText());
      RecordedRequest listed = Objects.requireNonNull(fake.lastRequest());
      assertEquals("per_page=10&query=project-2", listed.rawQuery());
      assertEquals("project-2", listed.queryParam("query"));
      assertFalse(page.headers().firstValue("Link").orElseThrow().contains("ZQ"));

      fake.override("GET", "/api/0/organizations/*/teams/", "[{\"slug\":\"only-team\"}]");
      JsonNode teams = http.json("/api/0/organizations/ZQ5QZsentry-mcp-evals/teams/ZQ6QZ");
      assertEquals("only-team", teams.get(0).path("slug").asText());
      assertEquals(1, fake.requests("GET", "/api/0/organizations/sentry-mcp-evals/teams/").size());
      assertTrue(fake.journal().stream().noneMatch(r -> r.rawPath().contains("ZQ")
          || (r.rawQuery() != null && r.rawQuery().contains("ZQ"))));
    }
  }

  @Test
  void requestRewriterMayDropTheQueryAndItsFailuresBecome500() throws IOException {
    RequestRewriter dropQuery = (method, rawPath, rawQuery) -> new RequestRewriter.Target(rawPath, null);
    try (FakeSentry fake = FakeSentry.builder().projects(30).requestRewriter(dropQuery).build()) {
      JsonNode all = new TestHttp(fake).json("/api/0/organizations/sentry-mcp-evals/projects/?per_page=5");
      assertEquals(31, all.size(), "per_page was dropped, so the default page size applied");
      assertNull(Objects.requireNonNull(fake.lastRequest()).rawQuery());
    }
    RequestRewriter relative = (method, rawPath, rawQuery) -> new RequestRewriter.Target("no-slash", rawQuery);
    try (FakeSentry fake = FakeSentry.builder().requestRewriter(relative).build()) {
      HttpResponse<byte[]> r = new TestHttp(fake).get("/api/0/auth/");
      assertEquals(500, r.statusCode());
      assertTrue(TestHttp.parse(r).path("detail").asText().startsWith("fake-sentry requestRewriter error"),
          text(r));
      assertEquals(500, Objects.requireNonNull(fake.lastRequest()).status());
    }
    assertThrows(IllegalArgumentException.class, () -> new RequestRewriter.Target("x", null));
  }

  @Test
  void bothHooksTogetherLetMarkedIdsReachTheirFixtures() throws IOException {
    Pattern marker = Pattern.compile("ZQ[0-9]+QZ");
    JsonRewriter markShortIds = (method, rawPath, status, body) -> {
      if (body.isObject() && body.path("shortId").isTextual()) {
        ((ObjectNode) body).put("shortId", "ZQ1QZ" + body.path("shortId").asText());
      }
      return body;
    };
    try (FakeSentry fake = FakeSentry.builder().jsonRewriter(markShortIds)
        .requestRewriter(RequestRewriter.removing(marker)).build()) {
      TestHttp http = new TestHttp(fake);
      String shortId = http.json("/api/0/organizations/sentry-mcp-evals/issues/PERF-N1-001/")
          .path("shortId").asText();
      assertEquals("ZQ1QZPERF-N1-001", shortId);
      HttpResponse<byte[]> event =
          http.get("/api/0/organizations/sentry-mcp-evals/issues/" + shortId + "/events/latest/");
      assertEquals(200, event.statusCode(), text(event));
      assertEquals("transaction", TestHttp.parse(event).path("type").asText());
    }
  }
}
