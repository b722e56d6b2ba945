package io.github.sentrymcp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FakeSentryPagingTest {
  static final Pattern LINK =
      Pattern.compile("<([^>]*)>; rel=\"(\\w+)\"; results=\"(true|false)\"; cursor=\"([^\"]*)\"");

  static FakeSentry fake;
  static TestHttp http;

  @BeforeAll
  static void start() {
    fake = FakeSentry.builder().projects(60).teams(60).releases(130).build();
    http = new TestHttp(fake);
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  /** Follows rel="next" links while results="true"; returns all slugs/versions in order. */
  static List<String> walk(String firstPathAndQuery, String field, int[] pages) throws Exception {
    List<String> out = new ArrayList<>();
    String next = fake.baseUrl() + firstPathAndQuery;
    while (next != null) {
      URI uri = URI.create(next);
      HttpResponse<byte[]> r = http.get(uri.getRawPath() + "?" + uri.getRawQuery());
      assertEquals(200, r.statusCode());
      pages[0]++;
      for (JsonNode n : TestHttp.parse(r)) {
        out.add(n.path(field).asText());
      }
      next = null;
      Matcher m = LINK.matcher(r.headers().firstValue("Link").orElseThrow());
      while (m.find()) {
        if (m.group(2).equals("next") && m.group(3).equals("true")) {
          next = m.group(1);
        }
      }
    }
    return out;
  }

  @Test
  void walksAllProjectPages() throws Exception {
    int[] pages = {0};
    List<String> slugs = walk("/api/0/organizations/sentry-mcp-evals/projects/?per_page=25", "slug", pages);
    assertEquals(61, slugs.size());
    assertEquals(3, pages[0]);
    assertEquals("cloudflare-mcp", slugs.get(0));
    assertEquals("project-01", slugs.get(1));
    assertEquals("project-60", slugs.get(60));
    assertEquals(61, new HashSet<>(slugs).size());
  }

  @Test
  void walksTeamsAndReleasesWithDefaultPageSize() throws Exception {
    int[] pages = {0};
    List<String> teams = walk("/api/0/organizations/sentry-mcp-evals/teams/", "slug", pages);
    assertEquals(61, teams.size());
    assertEquals(1, pages[0]);
    assertEquals("team-60", teams.get(60));

    pages[0] = 0;
    List<String> releases = walk("/api/0/organizations/sentry-mcp-evals/releases/", "version", pages);
    assertEquals(131, releases.size());
    assertEquals(2, pages[0]);
    assertEquals("8ce89484-0fec-4913-a2cd-e8e2d41dee36", releases.get(0));
    assertEquals("release-001", releases.get(1));

    pages[0] = 0;
    assertEquals(131, walk("/api/0/projects/sentry-mcp-evals/cloudflare-mcp/releases/?per_page=50", "version", pages).size());
    assertEquals(3, pages[0]);
  }

  @Test
  void linkHeaderFormat() throws Exception {
    String path = "/api/0/organizations/sentry-mcp-evals/projects/";
    HttpResponse<byte[]> first = http.get(path);
    assertEquals(61, TestHttp.parse(first).size());
    String url = fake.baseUrl() + path;
    assertEquals(
        "<" + url + "?cursor=0:0:1>; rel=\"previous\"; results=\"false\"; cursor=\"0:0:1\", "
            + "<" + url + "?cursor=0:100:0>; rel=\"next\"; results=\"false\"; cursor=\"0:100:0\"",
        first.headers().firstValue("Link").orElseThrow());

    HttpResponse<byte[]> second = http.get(path + "?per_page=20&query=project&cursor=0:20:0");
    JsonNode page = TestHttp.parse(second);
    assertEquals(20, page.size());
    assertEquals("project-21", page.get(0).path("slug").asText()); // the filter drops cloudflare-mcp
    String link = second.headers().firstValue("Link").orElseThrow();
    assertEquals(
        "<" + url + "?per_page=20&query=project&cursor=0:0:1>; rel=\"previous\"; results=\"true\"; cursor=\"0:0:1\", "
            + "<" + url + "?per_page=20&query=project&cursor=0:40:0>; rel=\"next\"; results=\"true\"; cursor=\"0:40:0\"",
        link);
  }

  @Test
  void queryFiltersGeneratedData() throws Exception {
    JsonNode r = http.json("/api/0/organizations/sentry-mcp-evals/projects/?query=project-0");
    assertEquals(9, r.size());
    assertEquals(1, http.json("/api/0/organizations/sentry-mcp-evals/teams/?query=goats").size());
    assertEquals("release-042", http.json("/api/0/organizations/sentry-mcp-evals/releases/release-042/").path("version").asText());
    assertEquals("project-42", http.json("/api/0/projects/sentry-mcp-evals/project-42/").path("slug").asText());
  }

  @Test
  void pastTheEndIsEmpty() throws Exception {
    HttpResponse<byte[]> r = http.get("/api/0/organizations/sentry-mcp-evals/projects/?cursor=0:500:0");
    assertEquals(0, TestHttp.parse(r).size());
    assertTrue(r.headers().firstValue("Link").orElseThrow().contains("rel=\"next\"; results=\"false\""));
  }

  @Test
  void badPagingParameters() throws Exception {
    String path = "/api/0/organizations/sentry-mcp-evals/projects/";
    for (String q : List.of("?per_page=0", "?per_page=abc", "?per_page=101", "?cursor=x", "?cursor=0:-5:0")) {
      HttpResponse<byte[]> r = http.get(path + q);
      assertEquals(400, r.statusCode(), q);
      assertTrue(TestHttp.parse(r).path("detail").asText().startsWith("Invalid"), q);
    }
  }

  @Test
  void issuesHonourLimit() throws Exception {
    JsonNode one = http.json("/api/0/organizations/sentry-mcp-evals/issues/?query=is:unresolved&limit=1");
    assertEquals(1, one.size());
  }

  @Test
  void singleObjectsHaveNoLink() throws Exception {
    HttpResponse<byte[]> r = http.get("/api/0/organizations/sentry-mcp-evals/");
    assertNull(r.headers().firstValue("Link").orElse(null));
  }
}
