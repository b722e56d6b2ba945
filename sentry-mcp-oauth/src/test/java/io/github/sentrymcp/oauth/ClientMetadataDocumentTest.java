package io.github.sentrymcp.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clients whose id is the https URL of a client ID metadata document, through the real server: a local HTTPS document
 * server (self-signed certificate, trusted by the authorization server's HTTP client) and the fake Sentry upstream.
 * Loopback is allowed for documents here only through the package-private {@code documentAddresses}.
 */
class ClientMetadataDocumentTest {
  HttpsDocumentServer docs;
  HttpClient trusting;
  MutableClock clock;

  @BeforeEach
  void start() throws Exception {
    docs = new HttpsDocumentServer();
    trusting = HttpsDocumentServer.trustingClient();
    clock = new MutableClock();
  }

  @AfterEach
  void stop() throws Exception {
    docs.close();
  }

  OAuthHarness harness() throws Exception {
    return new OAuthHarness(f -> {}, b -> b.httpClient(trusting).documentAddresses(a -> a.isLoopbackAddress())
        .clock(clock), new InMemoryOAuthStore());
  }

  /** A valid document for {@code clientId}. */
  static ObjectNode document(String clientId, String... redirects) {
    ObjectNode d = OAuthHarness.JSON.createObjectNode();
    d.put("client_id", clientId);
    d.put("client_name", "Document <i>client</i>");
    d.put("client_uri", "https://app.example");
    var uris = d.putArray("redirect_uris");
    for (String r : redirects.length == 0 ? new String[] {OAuthHarness.REDIRECT} : redirects) {
      uris.add(r);
    }
    d.putArray("grant_types").add("authorization_code").add("refresh_token");
    d.putArray("response_types").add("code");
    d.put("token_endpoint_auth_method", "none");
    return d;
  }

  @Test
  void aDocumentClientAuthorizesGetsTokensAndCallsTools() throws Exception {
    String clientId = docs.url("/client.json");
    docs.json("/client.json", document(clientId).toString());
    try (OAuthHarness h = harness()) {
      JsonNode as = h.get("/.well-known/oauth-authorization-server", null).json();
      assertTrue(as.path("client_id_metadata_document_supported").asBoolean());

      String v = OAuthHarness.verifier();
      OAuthHarness.ConsentForm f = h.openConsent(
          h.authorizeUrl(clientId, OAuthHarness.REDIRECT, v, "doc-state", null), null);
      assertTrue(f.html().contains(clientId), "the consent page names the document's URL");
      assertTrue(f.html().contains("Document &lt;i&gt;client&lt;/i&gt;"), "the document's name, escaped");
      assertEquals(1, docs.requests("/client.json"));

      OAuthHarness.Reply consent = h.submitConsent(f, "approve", "read-only", List.of("inspect"), null, null);
      assertEquals(302, consent.status(), consent.body());
      OAuthHarness.Reply back = h.get(h.throughSentry(consent.location()), f.cookie());
      assertEquals(302, back.status(), back.body());
      Map<String, String> answer = OAuthHarness.query(back.location());
      assertTrue(back.location().startsWith(OAuthHarness.REDIRECT + "?"), back.location());
      assertEquals("doc-state", answer.get("state"));

      Map<String, String> exchange = new LinkedHashMap<>();
      exchange.put("grant_type", "authorization_code");
      exchange.put("code", answer.get("code"));
      exchange.put("redirect_uri", OAuthHarness.REDIRECT);
      exchange.put("client_id", clientId);
      exchange.put("code_verifier", v);
      OAuthHarness.Reply token = h.token(exchange);
      assertEquals(200, token.status(), token.body());
      String access = token.json().path("access_token").asText();
      assertFalse(access.isEmpty());

      OAuthHarness.Reply who = h.whoami("/mcp", access);
      assertEquals(200, who.status(), who.body());
      assertTrue(who.body().contains("\"isError\":false"), who.body());

      // the refresh token works for the same client, and only for it
      Map<String, String> refresh = new LinkedHashMap<>();
      refresh.put("grant_type", "refresh_token");
      refresh.put("refresh_token", token.json().path("refresh_token").asText());
      refresh.put("client_id", clientId);
      OAuthHarness.Reply refreshed = h.token(refresh);
      assertEquals(200, refreshed.status(), refreshed.body());
      // the whole flow fetched the document once (the cache served consent, token and refresh)
      assertEquals(1, docs.requests("/client.json"));
      h.assertNoSentrySecretReceived();
    }
  }

  @Test
  void theDocumentIsCachedForFiveMinutes() throws Exception {
    String clientId = docs.url("/cached.json");
    docs.json("/cached.json", document(clientId).toString());
    try (OAuthHarness h = harness()) {
      String url = h.authorizeUrl(clientId, OAuthHarness.REDIRECT, OAuthHarness.verifier(), "s", null);
      h.openConsent(url, null);
      assertEquals(1, docs.requests("/cached.json"));
      clock.advance(Duration.ofMinutes(4));
      h.openConsent(url, null);
      assertEquals(1, docs.requests("/cached.json"), "within five minutes the cached document is used");
      clock.advance(Duration.ofMinutes(2));
      h.openConsent(url, null);
      assertEquals(2, docs.requests("/cached.json"), "after five minutes the document is fetched again");
      // a changed document takes effect at the next fetch: its redirect URI is no longer allowed
      docs.json("/cached.json", document(clientId, "https://app.example/other").toString());
      clock.advance(Duration.ofMinutes(6));
      assertRefused(h, h.get(url, null), "The redirect URI is not one the client registered.");
      assertEquals(3, docs.requests("/cached.json"));
    }
  }

  @Test
  void aDocumentThatDoesNotNameItsOwnUrlIsRefused() throws Exception {
    String other = docs.url("/client.json");
    docs.json("/impostor.json", document(other).toString());
    ObjectNode noId = document(other);
    noId.remove("client_id");
    docs.json("/no-id.json", noId.toString());
    ObjectNode numeric = document(other);
    numeric.put("client_id", 42);
    docs.json("/numeric-id.json", numeric.toString());
    try (OAuthHarness h = harness()) {
      for (String path : List.of("/impostor.json", "/no-id.json", "/numeric-id.json")) {
        assertUnknownClient(h, docs.url(path), OAuthHarness.REDIRECT);
        assertEquals(2, docs.requests(path), "fetched at authorize and token, refused both times: " + path);
      }
      assertEquals(0, docs.requests("/client.json"));
    }
  }

  @Test
  void aDocumentWithASecretBasedAuthMethodIsRefused() throws Exception {
    try (OAuthHarness h = harness()) {
      for (String method : List.of("client_secret_basic", "client_secret_post", "private_key_jwt")) {
        String path = "/" + method + ".json";
        ObjectNode d = document(docs.url(path));
        d.put("token_endpoint_auth_method", method);
        docs.json(path, d.toString());
        assertUnknownClient(h, docs.url(path), OAuthHarness.REDIRECT);
        assertEquals(2, docs.requests(path), path);
      }
    }
  }

  @Test
  void aDocumentWithADangerousRedirectUriIsRefused() throws Exception {
    try (OAuthHarness h = harness()) {
      int i = 0;
      for (String redirect : List.of("javascript:alert(1)", "JavaScript://x/%0aalert(1)", "http://app.example/cb",
          "http://10.0.0.1/cb", "https://user@app.example/cb", "https://app.example/cb#f", "data:text/html,x",
          "/relative/cb")) {
        String path = "/bad-redirect-" + i++ + ".json";
        docs.json(path, document(docs.url(path), OAuthHarness.REDIRECT, redirect).toString());
        assertUnknownClient(h, docs.url(path), redirect);
        assertUnknownClient(h, docs.url(path), OAuthHarness.REDIRECT); // one bad URI spoils the document
        assertEquals(4, docs.requests(path), "refused documents are not cached: " + redirect);
      }
    }
  }

  @Test
  void invalidDocumentsAreRefused() throws Exception {
    try (OAuthHarness h = harness()) {
      Map<String, String> bodies = new LinkedHashMap<>();
      bodies.put("/not-json.json", "not json");
      bodies.put("/array.json", "[]");
      bodies.put("/no-redirects.json", document(docs.url("/no-redirects.json")).without("redirect_uris").toString());
      ObjectNode implicit = document(docs.url("/implicit.json"));
      implicit.putArray("response_types").add("token");
      bodies.put("/implicit.json", implicit.toString());
      ObjectNode cc = document(docs.url("/client-credentials.json"));
      cc.putArray("grant_types").add("client_credentials");
      bodies.put("/client-credentials.json", cc.toString());
      bodies.forEach(docs::json);
      for (String path : bodies.keySet()) {
        assertUnknownClient(h, docs.url(path), OAuthHarness.REDIRECT);
        assertEquals(2, docs.requests(path), path);
      }
    }
  }

  @Test
  void aDocumentOverSixteenKibibytesIsRefused() throws Exception {
    String path = "/big.json";
    ObjectNode d = document(docs.url(path));
    d.put("padding", "x".repeat(16 * 1024));
    docs.json(path, d.toString());
    String fits = "/fits.json";
    ObjectNode f = document(docs.url(fits));
    f.put("padding", "x".repeat(15 * 1024));
    docs.json(fits, f.toString());
    try (OAuthHarness h = harness()) {
      assertUnknownClient(h, docs.url(path), OAuthHarness.REDIRECT);
      assertEquals(2, docs.requests(path));
      h.openConsent(h.authorizeUrl(docs.url(fits), OAuthHarness.REDIRECT, OAuthHarness.verifier(), "s", null),
          null);
    }
  }

  @Test
  void urlsThatAreNotDocumentUrlsAreRefusedWithoutAFetch() throws Exception {
    docs.json("/client.json", document(docs.url("/client.json")).toString());
    docs.json("/", document(docs.url("/")).toString());
    try (OAuthHarness h = harness()) {
      for (String clientId : List.of(docs.url("/client.json?x=1"), docs.url("/client.json?"),
          "https://localhost:" + docs.port, docs.url("/"), docs.url("/a/../client.json"), docs.url("/./client.json"),
          docs.url("/a/%2E%2E/client.json"), docs.url("/client.json#f"), "https://u@localhost:" + docs.port
          + "/client.json", "http://localhost:" + docs.port + "/client.json",
          docs.url("/client.json").replace("https://", "HTTPS://"))) {
        assertUnknownClient(h, clientId, OAuthHarness.REDIRECT);
      }
      assertEquals(0, docs.totalRequests());
    }
  }

  @Test
  void aDocumentServedThroughARedirectIsRefused() throws Exception {
    String target = docs.url("/client.json");
    docs.json("/client.json", document(target).toString());
    String moved = docs.url("/moved.json");
    docs.on("/moved.json", (req, resp) -> {
      resp.setStatus(302);
      resp.setHeader("Location", target);
    });
    // the moved document would even name the moved URL: still refused
    docs.on("/moved-self.json", (req, resp) -> {
      resp.setStatus(307);
      resp.setHeader("Location", docs.url("/self.json"));
    });
    docs.json("/self.json", document(docs.url("/moved-self.json")).toString());
    try (OAuthHarness h = harness()) {
      assertUnknownClient(h, moved, OAuthHarness.REDIRECT);
      assertUnknownClient(h, docs.url("/moved-self.json"), OAuthHarness.REDIRECT);
      assertEquals(2, docs.requests("/moved.json"));
      assertEquals(0, docs.requests("/client.json"));
      assertEquals(0, docs.requests("/self.json"));
    }
  }

  @Test
  void anUnreachableOrSlowDocumentServerIsRefused() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    docs.on("/wrong-type.json", (req, resp) -> {
      resp.setContentType("text/html");
      resp.getWriter().write(document(docs.url("/wrong-type.json")).toString());
    });
    docs.on("/missing.json", (req, resp) -> resp.sendError(404));
    try (OAuthHarness h = harness()) {
      assertUnknownClient(h, "https://localhost:" + closed + "/client.json", OAuthHarness.REDIRECT);
      assertUnknownClient(h, "https://no-such-host.invalid/client.json", OAuthHarness.REDIRECT);
      assertUnknownClient(h, docs.url("/wrong-type.json"), OAuthHarness.REDIRECT);
      assertUnknownClient(h, docs.url("/missing.json"), OAuthHarness.REDIRECT);
    }
  }

  @Test
  void theDefaultPolicyRefusesADocumentOnLoopback() throws Exception {
    String clientId = docs.url("/client.json");
    docs.json("/client.json", document(clientId).toString());
    try (OAuthHarness h = new OAuthHarness(f -> {}, b -> b.httpClient(trusting), new InMemoryOAuthStore())) {
      assertUnknownClient(h, clientId, OAuthHarness.REDIRECT);
      assertUnknownClient(h, "https://127.0.0.1:" + docs.port + "/client.json", OAuthHarness.REDIRECT);
      assertEquals(0, docs.totalRequests());
    }
  }

  @Test
  void withDocumentsDisabledAUrlClientIdIsUnknown() throws Exception {
    String clientId = docs.url("/client.json");
    docs.json("/client.json", document(clientId).toString());
    try (OAuthHarness h = new OAuthHarness(f -> {}, b -> b.httpClient(trusting)
        .documentAddresses(a -> a.isLoopbackAddress()).clientMetadataDocuments(false), new InMemoryOAuthStore())) {
      JsonNode as = h.get("/.well-known/oauth-authorization-server", null).json();
      assertTrue(as.has("client_id_metadata_document_supported"));
      assertFalse(as.path("client_id_metadata_document_supported").asBoolean(true));
      assertUnknownClient(h, clientId, OAuthHarness.REDIRECT);
      assertEquals(0, docs.totalRequests());
      // registered clients still work
      JsonNode tokens = h.tokens(h.register(), null, "read-only");
      assertEquals(200, h.whoami("/mcp", tokens.path("access_token").asText()).status());
    }
  }

  /** Authorize answers with an error page (no redirect) and the token endpoint refuses the client. */
  static void assertUnknownClient(OAuthHarness h, String clientId, String redirect) throws Exception {
    OAuthHarness.Reply r = h.get(h.authorizeUrl(clientId, redirect, OAuthHarness.verifier(), "s", null), null);
    assertRefused(h, r, "The client is unknown.");
    Map<String, String> exchange = new LinkedHashMap<>();
    exchange.put("grant_type", "authorization_code");
    exchange.put("code", "not-a-code");
    exchange.put("redirect_uri", redirect);
    exchange.put("client_id", clientId);
    exchange.put("code_verifier", OAuthHarness.verifier());
    OAuthHarness.Reply token = h.token(exchange);
    assertEquals(401, token.status(), token.body());
    assertEquals("invalid_client", token.json().path("error").asText());
    assertFalse(token.body().contains("access_token"));
  }

  static void assertRefused(OAuthHarness h, OAuthHarness.Reply r, String sentence) {
    assertEquals(400, r.status(), r.body());
    assertNull(r.header("Location"), "no redirect");
    assertTrue(r.body().contains("<h1>Authorization failed</h1><p>" + sentence + "</p>"), r.body());
    assertFalse(r.body().contains("name=\"csrf\""), "no consent form");
  }
}
