package io.github.sentrymcp.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FakeSentryRoutesTest {
  static final String ORG = "/api/0/organizations/sentry-mcp-evals";
  static final String PROJ = "/api/0/projects/sentry-mcp-evals/cloudflare-mcp";
  static final String EVENT = "7ca573c0f4814912aaa9bdc77d1a7d51";
  static final String TRACE = "a4d1aae7216b47ff8117cf4e09ce9d0a";
  static final String RELEASE = "8ce89484-0fec-4913-a2cd-e8e2d41dee36";

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

  @Test
  void baseUrlAndHostAndPort() {
    assertEquals("127.0.0.1:" + fake.port(), fake.hostAndPort());
    assertEquals("http://127.0.0.1:" + fake.port(), fake.baseUrl());
  }

  @Test
  void whoami() throws Exception {
    assertEquals("test@example.com", http.json("/api/0/auth/").path("email").asText());
    assertEquals("Test User", http.json("/api/0/users/me/").path("name").asText());
  }

  @Test
  void organizationsStayOnTheFake() throws Exception {
    JsonNode regions = http.json("/api/0/users/me/regions/").path("regions");
    assertEquals(1, regions.size());
    assertEquals(fake.baseUrl(), regions.get(0).path("url").asText());

    JsonNode orgs = http.json("/api/0/organizations/");
    assertEquals(1, orgs.size());
    assertEquals("sentry-mcp-evals", orgs.get(0).path("slug").asText());
    assertEquals("", orgs.get(0).path("links").path("regionUrl").asText("missing"));

    JsonNode org = http.json(ORG + "/");
    assertEquals("sentry-mcp-evals", org.path("slug").asText());
    assertEquals("4509106740723712", org.path("id").asText());
    assertEquals("", org.path("links").path("regionUrl").asText("missing"));

    assertEquals("any-org", http.json("/api/0/organizations/any-org/").path("slug").asText());
  }

  @Test
  void nonexistentThingsAre404() throws Exception {
    for (String path :
        List.of(
            "/api/0/organizations/nonexistent-org/",
            "/api/0/organizations/nonexistent-org/projects/",
            "/api/0/organizations/nonexistent-org/issues/CLOUDFLARE-MCP-41/",
            "/api/0/projects/sentry-mcp-evals/nonexistent-project/",
            ORG + "/issues/NOPE-1/",
            ORG + "/issues/123/events/latest/",
            ORG + "/releases/0.0.0-unknown/",
            "/api/0/no/such/route/")) {
      HttpResponse<byte[]> r = http.get(path);
      assertEquals(404, r.statusCode(), path);
      assertEquals(
          "The requested resource does not exist", TestHttp.parse(r).path("detail").asText(), path);
      assertTrue(
          r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), path);
    }
  }

  @Test
  void teamsProjectsReleasesAndKeys() throws Exception {
    JsonNode teams = http.json(ORG + "/teams/");
    assertEquals(1, teams.size());
    assertEquals("the-goats", teams.get(0).path("slug").asText());

    JsonNode projects = http.json(ORG + "/projects/");
    assertEquals(1, projects.size());
    assertEquals("cloudflare-mcp", projects.get(0).path("slug").asText());
    assertEquals("4509109104082945", projects.get(0).path("id").asText());

    JsonNode project = http.json(PROJ + "/");
    assertEquals("cloudflare-mcp", project.path("slug").asText());

    for (String path : List.of(ORG + "/releases/", PROJ + "/releases/")) {
      JsonNode releases = http.json(path);
      assertEquals(1, releases.size(), path);
      assertEquals(RELEASE, releases.get(0).path("version").asText());
    }
    assertEquals(RELEASE, http.json(ORG + "/releases/" + RELEASE + "/").path("version").asText());
    assertEquals(1, http.json(ORG + "/releases/" + RELEASE + "/deploys/").size());

    JsonNode keys = http.json(PROJ + "/keys/");
    assertEquals(1, keys.size());
    assertEquals("d20df0a1ab5031c7f3c7edca9c02814d", keys.get(0).path("public").asText());
    assertTrue(keys.get(0).path("dsn").path("public").asText().contains("4509109104082945"));
  }

  @Test
  void issueDetailsByShortIdAndNumericId() throws Exception {
    JsonNode byShort = http.json(ORG + "/issues/CLOUDFLARE-MCP-41/");
    JsonNode byId = http.json(ORG + "/issues/6507376925/");
    assertEquals("CLOUDFLARE-MCP-41", byShort.path("shortId").asText());
    assertEquals(byShort, byId);
    assertEquals("6507376925", http.json(ORG + "/issues/cloudflare-mcp-41/").path("id").asText());

    JsonNode i42 = http.json(ORG + "/issues/CLOUDFLARE-MCP-42/");
    assertEquals("6507376926", i42.path("id").asText());
    assertEquals("Error: Tool list_issues is already registered", i42.path("title").asText());

    for (String shortId :
        List.of(
            "PERF-N1-001",
            "MCP-SERVER-EQE",
            "FUTURE-TYPE-001",
            "BLOG-CSP-4XC",
            "CLOUDFLARE-MCP-99",
            "PEATED-A8",
            "CLOUDFLARE-MCP-45")) {
      assertEquals(shortId, http.json(ORG + "/issues/" + shortId + "/").path("shortId").asText());
    }
  }

  @Test
  void issueEvents() throws Exception {
    assertEquals(EVENT, http.json(ORG + "/issues/CLOUDFLARE-MCP-41/events/latest/").path("id").asText());
    assertEquals(EVENT, http.json(ORG + "/issues/CLOUDFLARE-MCP-41/events/" + EVENT + "/").path("id").asText());
    assertEquals("transaction", http.json(ORG + "/issues/PERF-N1-001/events/latest/").path("type").asText());
    assertEquals("csp", http.json(ORG + "/issues/BLOG-CSP-4XC/events/recommended/").path("type").asText());
    assertEquals(404, http.get(ORG + "/issues/CLOUDFLARE-MCP-41/events/0000/").statusCode());

    JsonNode list = http.json(ORG + "/issues/CLOUDFLARE-MCP-41/events/?query=foo&per_page=10");
    assertEquals(1, list.size());
    assertEquals(EVENT, list.get(0).path("eventID").asText());
    assertEquals("error", list.get(0).path("event.type").asText());
  }

  @Test
  void issueDetailsSideCalls() throws Exception {
    assertEquals(0, http.json(ORG + "/issues/CLOUDFLARE-MCP-41/external-issues/").size());
    assertTrue(http.json(ORG + "/issues/CLOUDFLARE-MCP-41/autofix/").path("autofix").isNull());
    assertTrue(http.json(ORG + "/issues/PEATED-A8/autofix/").path("autofix").isObject());
    assertTrue(http.json(ORG + "/replay-count/?query=issue.id:6507376925").isObject());
    assertEquals(
        "no_code_mappings_for_project",
        http.json(PROJ + "/stacktrace-link/?file=index.js").path("error").asText());

    JsonNode byEvent = http.json(ORG + "/issues/?query=" + EVENT + "&limit=1");
    assertEquals(1, byEvent.size());
    assertEquals("CLOUDFLARE-MCP-41", byEvent.get(0).path("shortId").asText());
  }

  @Test
  void issueSearchIsQueryDependent() throws Exception {
    JsonNode unresolved = http.json(ORG + "/issues/?query=is%3Aunresolved");
    assertEquals(2, unresolved.size());
    assertEquals("CLOUDFLARE-MCP-42", unresolved.get(0).path("shortId").asText());
    JsonNode byDate = http.json(ORG + "/issues/?query=is:unresolved&sort=date");
    assertEquals("CLOUDFLARE-MCP-41", byDate.get(0).path("shortId").asText());
    assertEquals(2, http.json(ORG + "/issues/").size());
    assertEquals(2, http.json(ORG + "/issues/?query=project%3Acloudflare-mcp+is%3Aunresolved").size());
    assertEquals(0, http.json(ORG + "/issues/?query=is:resolved").size());
    assertEquals(400, http.get(ORG + "/issues/?sort=bogus").statusCode());
    assertEquals(400, http.get(ORG + "/issues/?query=project:remote-mcp").statusCode());
    assertEquals(0, http.json(PROJ.replace("cloudflare-mcp", "foobar") + "/issues/").size());
    assertEquals(2, http.json(PROJ + "/issues/?query=is:unresolved").size());
  }

  @Test
  void traces() throws Exception {
    JsonNode meta = http.json(ORG + "/trace-meta/" + TRACE + "/?statsPeriod=14d");
    assertTrue(meta.path("span_count").asInt() > 0);
    JsonNode trace = http.json(ORG + "/trace/" + TRACE + "/?limit=10");
    assertTrue(trace.isArray() && trace.size() > 0);
    assertEquals(trace, http.json(ORG + "/trace/ffffffffffffffffffffffffffffffff/"));
  }

  @Test
  void eventsEndpoint() throws Exception {
    assertTrue(http.json(ORG + "/events/?dataset=errors&query=").path("data").size() > 0);
    assertEquals(0, http.json(ORG + "/events/?dataset=errors&query=level:fatal").path("data").size());
    assertTrue(http.json(ORG + "/events/?dataset=spans&query=is_transaction:true").path("data").size() > 0);
    assertEquals(0, http.json(ORG + "/events/?dataset=logs").path("data").size());
    assertEquals(2, http.json(ORG + "/events/?dataset=logs&query=severity:error").path("data").size());
    assertEquals(1, http.json(ORG + "/events/?dataset=profiles&query=").path("data").size());
    assertEquals(0, http.json(ORG + "/events/?dataset=profiles&query=x").path("data").size());
    assertEquals(400, http.get(ORG + "/events/?dataset=tracemetrics").statusCode());
    assertEquals(400, http.get(ORG + "/events/?dataset=nope").statusCode());
    HttpResponse<byte[]> r = http.get(ORG + "/events/?dataset=errors&per_page=1");
    assertEquals(1, TestHttp.parse(r).path("data").size());
    assertTrue(r.headers().firstValue("Link").isPresent());
  }

  @Test
  void attachments() throws Exception {
    String base = PROJ + "/events/" + EVENT + "/attachments/";
    JsonNode list = http.json(base);
    assertEquals(2, list.size());
    assertEquals("123", list.get(0).path("id").asText());
    assertEquals("456", list.get(1).path("id").asText());
    assertEquals(0, http.json(PROJ + "/events/deadbeef/attachments/").size());
    assertEquals("screenshot.png", http.json(base + "123/").path("name").asText());

    HttpResponse<byte[]> png = http.get(base + "123/?download=1");
    assertEquals(200, png.statusCode());
    assertEquals("image/png", png.headers().firstValue("Content-Type").orElseThrow());
    assertArrayEquals("fake image data".getBytes(StandardCharsets.US_ASCII), png.body());

    HttpResponse<byte[]> log = http.get(base + "456/?download=1");
    assertEquals(200, log.statusCode());
    assertTrue(log.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
    assertEquals(list.get(1).path("size").asInt(), log.body().length);
    assertTrue(new String(log.body(), StandardCharsets.UTF_8).contains("already registered"));
    assertEquals(404, http.get(base + "999/?download=1").statusCode());
  }

  @Test
  void everythingElseTheBenchFakeServes() throws Exception {
    fake.clearJournal();
    List<String> ok =
        List.of(
            ORG + "/dashboards/",
            ORG + "/dashboards/101/",
            ORG + "/dashboards/102/",
            ORG + "/events/validate/?field=count()",
            ORG + "/issues/CLOUDFLARE-MCP-41/tags/url/",
            ORG + "/issues/CLOUDFLARE-MCP-41/tags/",
            ORG + "/issues/CLOUDFLARE-MCP-41/user-reports/",
            ORG + "/issues/CLOUDFLARE-MCP-41/activities/",
            ORG + "/issues/CLOUDFLARE-MCP-41/notes/",
            ORG + "/issues/CLOUDFLARE-MCP-41/events/oldest/",
            ORG + "/replays/",
            ORG + "/replays/7e07485f-12f9-416b-8b14-26260799b51f/",
            ORG + "/releases/" + RELEASE + "/commits/",
            ORG + "/uptime/",
            ORG + "/monitors/",
            ORG + "/monitors/nightly-import/",
            ORG + "/monitors/nightly-import/checkins/",
            ORG + "/monitors/nightly-import/stats/",
            ORG + "/tags/",
            ORG + "/trace-items/attributes/?itemType=spans&attributeType=string",
            ORG + "/profiling/flamegraph/?query=transaction:/api/users",
            ORG + "/profiling/chunks/",
            ORG + "/repos/",
            ORG + "/alert-rules/",
            ORG + "/combined-rules/",
            ORG + "/workflows/",
            ORG + "/workflows/101/",
            ORG + "/workflows/103/project-scope/",
            ORG + "/alert-rule-detector/?alert_rule_id=4509100000009001",
            ORG + "/ai-conversations/",
            PROJ + "/teams/",
            PROJ + "/releases/" + RELEASE + "/",
            PROJ + "/releases/" + RELEASE + "/commits/",
            PROJ + "/uptime/4509100000001001/",
            PROJ + "/uptime/4509100000001001/checks/",
            PROJ + "/monitors/nightly-import/",
            PROJ + "/monitors/nightly-import/checkins/",
            PROJ + "/monitors/nightly-import/stats/",
            PROJ + "/replays/7e07485f-12f9-416b-8b14-26260799b51f/recording-segments/",
            PROJ + "/profiling/profiles/abc/");
    List<String> failures = new ArrayList<>();
    for (String path : ok) {
      HttpResponse<byte[]> r = http.get(path);
      if (r.statusCode() != 200) {
        failures.add(path + " -> " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
      } else {
        TestHttp.parse(r); // valid JSON
      }
    }
    assertEquals(List.of(), failures);
    assertFalse(fake.journal().stream().anyMatch(r -> !r.matched()), "all matched");
    assertEquals(404, http.get(ORG + "/dashboards/999/").statusCode());
    assertEquals(400, http.get(ORG + "/trace-items/attributes/").statusCode());
  }

  @Test
  void writes() throws Exception {
    HttpResponse<byte[]> put =
        http.send("PUT", ORG + "/issues/CLOUDFLARE-MCP-41/", "{\"status\":\"resolved\"}");
    assertEquals(200, put.statusCode());
    assertEquals("resolved", TestHttp.parse(put).path("status").asText());
    // the stored issue is unchanged
    assertEquals("unresolved", http.json(ORG + "/issues/CLOUDFLARE-MCP-41/").path("status").asText());
    HttpResponse<byte[]> ignored =
        http.send("PUT", ORG + "/issues/CLOUDFLARE-MCP-41/", "{\"status\":\"ignored\"}");
    assertEquals("archived_until_escalating", TestHttp.parse(ignored).path("substatus").asText());

    HttpResponse<byte[]> note =
        http.send("POST", ORG + "/issues/CLOUDFLARE-MCP-41/notes/", "{\"text\":\"hi\"}");
    assertEquals(201, note.statusCode());
    assertEquals("hi", TestHttp.parse(note).path("data").path("text").asText());

    HttpResponse<byte[]> team = http.send("POST", ORG + "/teams/", "{\"name\":\"new-team\"}");
    assertEquals(201, team.statusCode());
    assertEquals("new-team", TestHttp.parse(team).path("slug").asText());

    HttpResponse<byte[]> project =
        http.send("POST", "/api/0/teams/sentry-mcp-evals/the-goats/projects/", "{\"name\":\"p1\"}");
    assertEquals(201, project.statusCode());
    assertEquals("p1", TestHttp.parse(project).path("slug").asText());

    HttpResponse<byte[]> key = http.send("POST", PROJ + "/keys/", "{\"name\":\"k\"}");
    assertEquals(201, key.statusCode());
    assertEquals("k", TestHttp.parse(key).path("name").asText());

    JsonNode projectTeams = http.json(PROJ + "/teams/");
    assertEquals(2, projectTeams.size());
    assertEquals("the-goats", projectTeams.get(0).path("slug").asText());
    assertEquals(204, http.send("DELETE", PROJ + "/teams/the-goats/", null).statusCode());
    assertEquals(202, http.send("POST", ORG + "/issues/PEATED-A8/autofix/", "{}").statusCode());
    HttpResponse<byte[]> docs = http.send("POST", "/api/search", "{\"query\":\"rate limits\"}");
    assertEquals("rate limits", TestHttp.parse(docs).path("query").asText());
  }

  @Test
  void fixtureText() {
    assertTrue(FakeSentry.fixture("issue").contains("CLOUDFLARE-MCP-41"));
    assertNotNull(FakeSentry.fixture("trace-meta-with-nulls"));
  }
}
