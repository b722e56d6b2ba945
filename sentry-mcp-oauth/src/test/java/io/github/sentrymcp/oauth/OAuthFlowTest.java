package io.github.sentrymcp.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.sentrymcp.oauth.internal.Crypto;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole authorization flow against a real Jetty and the fake Sentry's OAuth provider. */
class OAuthFlowTest {

  @Test
  void discoveryNamesEveryEndpointAndTheUnauthorizedChallengePointsAtIt() throws Exception {
    try (OAuthHarness h = new OAuthHarness()) {
      OAuthHarness.Reply unauthorized = h.whoami("/mcp/acme", "not-a-token");
      assertEquals(401, unauthorized.status());
      assertEquals("Bearer resource_metadata=\"" + h.issuer
          + "/.well-known/oauth-protected-resource/mcp/acme\", error=\"invalid_token\"",
          unauthorized.header("WWW-Authenticate"));
      OAuthHarness.Reply none = h.mcp("/mcp", null, "tools/list", "{}");
      assertEquals("Bearer resource_metadata=\"" + h.issuer + "/.well-known/oauth-protected-resource/mcp\"",
          none.header("WWW-Authenticate"));

      JsonNode prm = h.get("/.well-known/oauth-protected-resource/mcp/acme", null).json();
      assertEquals(h.issuer + "/mcp/acme", prm.path("resource").asText());
      assertEquals(h.issuer, prm.path("authorization_servers").path(0).asText());
      assertEquals(404, h.get("/.well-known/oauth-protected-resource/other", null).status());
      assertEquals(404, h.get("/.well-known/oauth-protected-resource/mcp/a/b/c", null).status());

      JsonNode as = h.get("/.well-known/oauth-authorization-server", null).json();
      assertEquals(h.issuer, as.path("issuer").asText());
      assertEquals(h.issuer + "/oauth/authorize", as.path("authorization_endpoint").asText());
      assertEquals(h.issuer + "/oauth/token", as.path("token_endpoint").asText());
      assertEquals(h.issuer + "/oauth/register", as.path("registration_endpoint").asText());
      assertEquals(h.issuer + "/oauth/revoke", as.path("revocation_endpoint").asText());
      assertEquals("[\"S256\"]", as.path("code_challenge_methods_supported").toString());
      assertEquals("[\"code\"]", as.path("response_types_supported").toString());
      assertTrue(as.path("authorization_response_iss_parameter_supported").asBoolean());
      assertTrue(as.path("client_id_metadata_document_supported").asBoolean());
    }
  }

  @Test
  void aClientGetsItsOwnTokensCallsToolsRefreshesAndRevokesWithoutEverSeeingTheSentryToken() throws Exception {
    try (OAuthHarness h = new OAuthHarness()) {
      String client = h.register();
      String v = OAuthHarness.verifier();
      OAuthHarness.ConsentForm form = h.openConsent(
          h.authorizeUrl(client, OAuthHarness.REDIRECT, v, "client-state", h.issuer + "/mcp"), null);
      assertTrue(form.html().contains("Test &lt;b&gt;client&lt;/b&gt;"), "the client's name is escaped text");
      assertFalse(form.html().contains("<script"), "no script");
      OAuthHarness.Reply page = h.get(h.authorizeUrl(client, OAuthHarness.REDIRECT, v, "s", null), form.cookie());
      String csp = page.header("Content-Security-Policy");
      assertTrue(csp.startsWith("default-src 'none'; style-src 'nonce-") && csp.contains("frame-ancestors 'none'")
          && csp.contains("form-action 'self' " + h.fake.baseUrl()), csp);
      assertEquals("DENY", page.header("X-Frame-Options"));
      assertEquals("no-store", page.header("Cache-Control"));

      OAuthHarness.Reply consent = h.submitConsent(form, "approve", "issue-triage", List.of("inspect", "triage"),
          "sentry-mcp-evals", null);
      assertEquals(302, consent.status(), consent.body());
      Map<String, String> upstream = OAuthHarness.query(consent.location());
      assertTrue(consent.location().startsWith(h.fake.baseUrl() + "/oauth/authorize/?"), consent.location());
      assertEquals("upstream-app", upstream.get("client_id"));
      assertEquals(h.issuer + "/oauth/callback", upstream.get("redirect_uri"));
      assertEquals("org:read project:read team:read event:write", upstream.get("scope"));
      String callback = h.throughSentry(consent.location());
      OAuthHarness.Reply back = h.get(callback, form.cookie());
      Map<String, String> answer = OAuthHarness.query(back.location());
      assertEquals("client-state", answer.get("state"));
      assertEquals(h.issuer, answer.get("iss"), "RFC 9207");

      Map<String, String> exchange = new LinkedHashMap<>();
      exchange.put("grant_type", "authorization_code");
      exchange.put("code", answer.get("code"));
      exchange.put("redirect_uri", OAuthHarness.REDIRECT);
      exchange.put("client_id", client);
      exchange.put("code_verifier", v);
      exchange.put("resource", h.issuer + "/mcp");
      OAuthHarness.Reply tokenReply = h.token(exchange);
      assertEquals(200, tokenReply.status(), tokenReply.body());
      assertEquals("no-store", tokenReply.header("Cache-Control"));
      JsonNode tokens = tokenReply.json();
      String access = tokens.path("access_token").asText();
      assertEquals("Bearer", tokens.path("token_type").asText());
      assertEquals(3600, tokens.path("expires_in").asInt());
      assertTrue(tokens.path("scope").asText().contains("event:write"));
      assertFalse(tokens.path("scope").asText().contains("project:write"));

      OAuthHarness.Reply who = h.whoami("/mcp", access);
      assertEquals(200, who.status(), who.body());
      assertTrue(who.body().contains("\"isError\":false"), who.body());
      // the consent confined the grant to organization "sentry-mcp-evals": another organization's path is refused
      assertEquals(403, h.whoami("/mcp/other-org", access).status());
      // read-only plus triage: no project-management tool is listed
      String tools = h.mcp("/mcp", access, "tools/list", "{}").body();
      assertTrue(tools.contains("update_issue"), "triage tools are listed");
      assertFalse(tools.contains("create_project"), "project management is not granted");

      // stored: the token by hash only, the Sentry token sealed
      assertTrue(h.store.findToken(Crypto.sha256Hex(access)).isPresent());
      assertTrue(h.store.findToken(access).isEmpty());
      OAuthGrant grant = h.store.findGrant(h.store.findToken(Crypto.sha256Hex(access)).get().grantId()).get();
      String sealed = new String(grant.sealedUpstream(), StandardCharsets.ISO_8859_1);
      for (String secret : h.fake.issuedOAuthSecrets()) {
        assertFalse(sealed.contains(secret), "the Sentry token is not stored in clear");
      }

      // refresh rotates: the old refresh token stops working
      Map<String, String> refresh = new LinkedHashMap<>();
      refresh.put("grant_type", "refresh_token");
      refresh.put("refresh_token", tokens.path("refresh_token").asText());
      refresh.put("client_id", client);
      JsonNode refreshed = h.token(refresh).json();
      String access2 = refreshed.path("access_token").asText();
      assertNotEquals(access, access2);
      assertEquals(200, h.whoami("/mcp", access2).status());

      // revocation ends the whole grant, and the Sentry token with it
      Map<String, String> revoke = new LinkedHashMap<>();
      revoke.put("token", refreshed.path("refresh_token").asText());
      revoke.put("client_id", client);
      assertEquals(200, h.postForm("/oauth/revoke", revoke, null, null).status());
      assertEquals(401, h.whoami("/mcp", access2).status());
      assertEquals(401, h.whoami("/mcp", access).status());
      refresh.put("refresh_token", refreshed.path("refresh_token").asText());
      assertEquals("invalid_grant", h.token(refresh).json().path("error").asText());

      h.assertNoSentrySecretReceived();
    }
  }

  @Test
  void theSentryTokenIsRefreshedBeforeItExpires() throws Exception {
    try (OAuthHarness h = new OAuthHarness(f -> f.oauthTokenLifetime(Duration.ofSeconds(60)), b -> {},
        new InMemoryOAuthStore())) {
      String client = h.register();
      JsonNode tokens = h.tokens(client, null, "read-only");
      int before = h.fake.issuedOAuthSecrets().size();
      OAuthHarness.Reply who = h.whoami("/mcp", tokens.path("access_token").asText());
      assertEquals(200, who.status(), who.body());
      assertTrue(who.body().contains("\"isError\":false"), who.body());
      assertTrue(h.fake.issuedOAuthSecrets().size() > before, "a 60 s Sentry token is refreshed (2 min margin)");
      h.assertNoSentrySecretReceived();
    }
  }

  @Test
  void aGrantWhoseSentryRefreshIsRefusedIsRevoked() throws Exception {
    MutableClock clock = new MutableClock();
    try (OAuthHarness h = new OAuthHarness(f -> f.oauthTokenLifetime(Duration.ofHours(1)), b -> b.clock(clock),
        new InMemoryOAuthStore())) {
      String client = h.register();
      JsonNode tokens = h.tokens(client, null, "read-only");
      String access = tokens.path("access_token").asText();
      OAuthGrant grant = h.store.findGrant(h.store.findToken(Crypto.sha256Hex(access)).get().grantId()).get();
      Upstream u = Upstream.open(h.keys.crypto(), grant).orElseThrow();
      // Sentry revokes the refresh token (as when the user removes the app in Sentry)
      Map<String, String> revoke = new LinkedHashMap<>();
      revoke.put("token", String.valueOf(u.refreshToken()));
      revoke.put("client_id", "upstream-app");
      revoke.put("client_secret", "upstream-secret");
      h.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(h.fake.baseUrl() + "/oauth/revoke/"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString(OAuthHarness.form(revoke))).build(),
          java.net.http.HttpResponse.BodyHandlers.discarding());
      clock.advance(Duration.ofMinutes(59)); // within the refresh margin; our access token (1 h) is still valid
      assertEquals(401, h.whoami("/mcp", access).status());
      assertTrue(h.store.findGrant(grant.id()).isEmpty(), "the grant is gone");
    }
  }

  @Test
  void expiredStateIsPurgedByTheEndpointsThemselves() throws Exception {
    MutableClock clock = new MutableClock();
    try (OAuthHarness h = new OAuthHarness(f -> {}, b -> b.clock(clock), new InMemoryOAuthStore())) {
      String client = h.register();
      JsonNode tokens = h.tokens(client, null, "read-only");
      String hash = Crypto.sha256Hex(tokens.path("access_token").asText());
      String grantId = h.store.findToken(hash).orElseThrow().grantId();
      clock.advance(Duration.ofDays(32)); // past the refresh token's 30 days and the day replays are remembered
      h.postForm("/oauth/token", Map.of("grant_type", "refresh_token", "refresh_token", "x", "client_id", client),
          null, null);
      assertTrue(h.store.findToken(hash).isEmpty(), "expired tokens are deleted");
      assertTrue(h.store.findGrant(grantId).isEmpty(), "a grant without live tokens is deleted");
      assertTrue(h.store.findClient(client).isPresent(), "clients stay registered");
    }
  }
}
