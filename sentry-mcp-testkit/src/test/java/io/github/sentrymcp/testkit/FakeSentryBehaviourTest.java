package io.github.sentrymcp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class FakeSentryBehaviourTest {

  @Test
  void requiredToken() throws Exception {
    try (FakeSentry fake = FakeSentry.builder().requiredToken("sntrys_test").build()) {
      TestHttp http = new TestHttp(fake);
      HttpResponse<byte[]> none = http.get("/api/0/auth/");
      assertEquals(401, none.statusCode());
      assertEquals("Invalid token", TestHttp.parse(none).path("detail").asText());
      assertEquals(401, http.get("/api/0/auth/", "Authorization", "Bearer wrong").statusCode());
      assertEquals(401, http.get("/api/0/auth/", "Authorization", "sntrys_test").statusCode());
      assertEquals(200, http.get("/api/0/auth/", "Authorization", "Bearer sntrys_test").statusCode());
      assertEquals(200, http.get("/api/0/auth/", "Authorization", "bearer sntrys_test").statusCode());
      assertEquals(401, fake.journal().get(0).status());
      assertEquals("GET /api/0/auth/", fake.journal().get(0).route());
    }
  }

  @Test
  void latency() throws Exception {
    try (FakeSentry fake = FakeSentry.builder().latency(Duration.ofMillis(150)).build()) {
      TestHttp http = new TestHttp(fake);
      http.get("/api/0/auth/"); // warm up
      long t0 = System.nanoTime();
      assertEquals(200, http.get("/api/0/auth/").statusCode());
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(ms >= 150, "took " + ms);
    }
  }

  @Test
  void concurrentRequests() throws Exception {
    try (FakeSentry fake = FakeSentry.builder().latency(Duration.ofMillis(200)).threads(8).build()) {
      HttpClient client = HttpClient.newHttpClient();
      long t0 = System.nanoTime();
      List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        HttpRequest req =
            HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/api/0/organizations/o/issues/CLOUDFLARE-MCP-41/?i=" + i)).build();
        futures.add(client.sendAsync(req, HttpResponse.BodyHandlers.ofString()));
      }
      for (CompletableFuture<HttpResponse<String>> f : futures) {
        assertEquals(200, f.get().statusCode());
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(ms < 1200, "8 parallel requests with 200 ms latency took " + ms + " ms");
      assertEquals(8, fake.journal().size());
    }
  }

  @Test
  void overrides() throws Exception {
    try (FakeSentry fake = FakeSentry.start()) {
      TestHttp http = new TestHttp(fake);
      fake.override("GET", "/api/0/organizations/*/teams/", "[{\"slug\":\"only-team\"}]");
      JsonNode teams = http.json("/api/0/organizations/acme/teams/");
      assertEquals(1, teams.size());
      assertEquals("only-team", teams.get(0).path("slug").asText());
      assertEquals("GET /api/0/organizations/{org}/teams/", Objects.requireNonNull(fake.lastRequest()).route());

      fake.override("GET", "/api/0/organizations/*/teams/", 500, "{\"detail\":\"boom\"}");
      assertEquals(500, http.get("/api/0/organizations/acme/teams/").statusCode());

      fake.override("GET", "/api/0/brand/new/", "{\"ok\":true}");
      assertTrue(http.json("/api/0/brand/new/").path("ok").asBoolean());
      assertEquals("override GET /api/0/brand/new/", Objects.requireNonNull(fake.lastRequest()).route());

      assertThrows(IllegalArgumentException.class, () -> fake.override("GET", "/x", "{not json"));
      fake.clearOverrides();
      assertEquals("the-goats", http.json("/api/0/organizations/acme/teams/").get(0).path("slug").asText());
      assertEquals(404, http.get("/api/0/brand/new/").statusCode());
    }
  }

  @Test
  void regionUrlOption() throws Exception {
    try (FakeSentry fake = FakeSentry.builder().regionUrl("https://us.example.test").build()) {
      JsonNode org = new TestHttp(fake).json("/api/0/organizations/sentry-mcp-evals/");
      assertEquals("https://us.example.test", org.path("links").path("regionUrl").asText());
    }
  }

  @Test
  void startsAndStopsQuickly() throws Exception {
    FakeSentry.start().close(); // load classes
    long t0 = System.nanoTime();
    FakeSentry fake = FakeSentry.start();
    long startMs = (System.nanoTime() - t0) / 1_000_000;
    long t1 = System.nanoTime();
    fake.close();
    long stopMs = (System.nanoTime() - t1) / 1_000_000;
    fake.close(); // idempotent
    assertTrue(startMs < 100, "start took " + startMs + " ms");
    assertTrue(stopMs < 1000, "stop took " + stopMs + " ms");
  }

  @Test
  void fixedPort() throws Exception {
    int port;
    try (FakeSentry probe = FakeSentry.start()) {
      port = probe.port();
    }
    try (FakeSentry fake = FakeSentry.builder().port(port).build()) {
      assertEquals(port, fake.port());
      assertEquals(200, new TestHttp(fake).get("/api/0/auth/").statusCode());
    }
  }
}
