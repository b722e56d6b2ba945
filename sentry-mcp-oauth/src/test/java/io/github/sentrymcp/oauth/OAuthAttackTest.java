package io.github.sentrymcp.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the authorization flow, each refused with nothing leaked: forged or reused state, code replay, PKCE
 * mismatch, redirect URIs that differ by one character, expired and revoked tokens, tokens for another resource,
 * consent CSRF and tampered cookies.
 */
class OAuthAttackTest {

  private static Map<String, String> codeExchange(String client, String code, String verifier) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("redirect_uri", OAuthHarness.REDIRECT);
    form.put("client_id", client);
    form.put("code_verifier", verifier);
    return form;
  }

  private static void assertGenericErrorPage(OAuthHarness.Reply r, int status) {
    assertEquals(status, r.status(), r.body());
    assertTrue(r.body().contains("<h1>Authorization failed</h1>"), r.body());
    assertEquals(null, r.header("Location"), "no redirect");
  }

  @Test
  void aForgedExpiredOrReusedStateFromSentryIsRefused() throws Exception {
    MutableClock clock = new MutableClock();
    try (OAuthHarness h = new OAuthHarness(f -> {}, b -> b.clock(clock), new InMemoryOAuthStore())) {
      String client = h.register();
      OAuthHarness.ConsentForm f = h.openConsent(
          h.authorizeUrl(client, OAuthHarness.REDIRECT, OAuthHarness.verifier(), "s", null), null);
      String callback = h.throughSentry(h.submitConsent(f, "approve", "read-only", List.of("inspect"), null, null)
          .location());
      Map<String, String> q = OAuthHarness.query(callback);
      String state = q.get("state");
      String[] parts = state.split("\\.");
      // forged: another nonce under the same signature, a changed expiry, no signature
      String otherNonce = (parts[0].charAt(0) == 'x' ? "y" : "x") + parts[0].substring(1);
      for (String forged : List.of(otherNonce + "." + parts[1] + "." + parts[2],
          parts[0] + "." + (Long.parseLong(parts[1]) + 1) + "." + parts[2], parts[0] + "." + parts[1] + ".",
          "garbage")) {
        assertGenericErrorPage(h.get("/oauth/callback?code=" + q.get("code") + "&state=" + OAuthHarness.enc(forged),
            f.cookie()), 400);
      }
      // another browser (no cookie, or another browser's cookie) cannot complete it, nor use it up
      assertGenericErrorPage(h.get(callback, null), 400);
      OAuthHarness.ConsentForm other = h.openConsent(
          h.authorizeUrl(client, OAuthHarness.REDIRECT, OAuthHarness.verifier(), "s", null), null);
      assertGenericErrorPage(h.get(callback, other.cookie()), 400);
      // the consenting browser completes it once; a second use is refused
      assertEquals(302, h.get(callback, f.cookie()).status());
      assertGenericErrorPage(h.get(callback, f.cookie()), 400);
      // expired: ten minutes is the limit
      OAuthHarness.ConsentForm f3 = h.openConsent(
          h.authorizeUrl(client, OAuthHarness.REDIRECT, OAuthHarness.verifier(), "s", null), null);
      String callback3 = h.throughSentry(h.submitConsent(f3, "approve", "read-only", List.of("inspect"), null, null)
          .location());
      clock.advance(Duration.ofMinutes(11));
      assertGenericErrorPage(h.get(callback3, f3.cookie()), 400);
      h.assertNoSentrySecretReceived();
    }
  }

  @Test
  void aReplayedCodeIsRefusedAndRevokesWhatItGave() throws Exception {
    try (OAuthHarness h = new OAuthHarness()) {
      String client = h.register();
      String v = OAuthHarness.verifier();
      Map<String, String> back = h.authorize(client, v, "s", null, "read-only");
      OAuthHarness.Reply first = h.token(codeExchange(client, back.get("code"), v));
      assertEquals(200, first.status());
      String access = first.json().path("access_token").asText();
      assertEquals(200, h.whoami("/mcp", access).status());
      OAuthHarness.Reply replay = h.token(codeExchange(client, back.get("code"), v));
      assertEquals(400, replay.status());
      assertEquals("invalid_grant", replay.json().path("error").asText());
      assertEquals(401, h.whoami("/mcp", access).status(), "the replay revoked the tokens of the first exchange");
      h.assertNoSentrySecretReceived();
    }
  }

  @Test
  void pkceMismatchAndMissingPkceAreRefused() throws Exception {
    try (OAuthHarness h = new OAuthHarness()) {
      String client = h.register();
      String v = OAuthHarness.verifier();
      Map<String, String> back = h.authorize(client, v, "s", null, "read-only");
      OAuthHarness.Reply wrong = h.token(codeExchange(client, back.get("code"), OAuthHarness.verifier()));
      assertEquals("invalid_grant", wrong.json().path("error").asText());
      // the code is used up by the failed attempt
      assertEquals("invalid_grant", h.token(codeExchange(client, back.get("code"), v)).json().path("error").asText());
      // no code_challenge, or plain: refused at the authorization endpoint, back to the client with iss
      OAuthHarness.Reply plain = h.get("/oauth/authorize?response_type=code&client_id=" + client + "&redirect_uri="
          + OAuthHarness.enc(OAuthHarness.REDIRECT) + "&code_challenge=" + OAuthHarness.challenge(v)
          + "&code_challenge_method=plain&state=z", null);
      Map<String, String> err = OAuthHarness.query(plain.location());
      assertEquals("invalid_request", err.get("error"));
      assertEquals("z", err.get("state"));
      assertEquals(h.issuer, err.get("iss"));
      OAuthHarness.Reply none = h.get("/oauth/authorize?response_type=code&client_id=" + client + "&redirect_uri="
          + OAuthHarness.enc(OAuthHarness.REDIRECT) + "&state=z", null);
      assertEquals("invalid_request", OAuthHarness.query(none.location()).get("error"));
    }
  }

  @Test
  void aRedirectUriThatDiffersByOneCharacterIsRefusedWithoutARedirect() throws Exception {
    try (OAuthHarness h = new OAuthHarness()) {
      String client = h.register();
      String v = OAuthHarness.verifier();
      for (String near : List.of("http://127.0.0.1:7777/callbacK", "http://127.0.0.1:7777/callback/",
          "http://127.0.0.1:7778/callback", "http://127.0.0.1:7777/callback?x=1", "https://127.0.0.1:7777/callback",
          "http://127.0.0.1:7777/callbac", "http://127.0.0.1:7777/%63allback")) {
        assertGenericErrorPage(h.get(h.authorizeUrl(client, near, v, "s", null), null), 400);
      }
      // at the token endpoint: the code was issued for the exact redirect URI only
      Map<String, String> back = h.authorize(client, v, "s", null, "read-only");
      Map<String, String> form = codeExchange(client, back.get("code"), v);
      form.put("redirect_uri", OAuthHarness.REDIRECT + "/");
      assertEquals("invalid_grant", h.token(form).json().path("error").asText());
      // registration refuses dangerous redirect URIs
      for (String bad : List.of("javascript:alert(1)", "http://evil.example/cb", "https://a.example/cb#frag",
          "https://user@a.example/cb", "relative/cb", "data:text/html,x")) {
        OAuthHarness.Reply r = h.postJson("/oauth/register",
            "{\"redirect_uris\":[" + OAuthHarness.JSON.writeValueAsString(bad) + "],"
                + "\"token_endpoint_auth_method\":\"none\"}");
        assertEquals(400, r.status(), bad);
        assertTrue(List.of("invalid_redirect_uri", "invalid_client_metadata")
            .contains(r.json().path("error").asText()), r.body());
      }
    }
  }

  @Test
  void expiredAndRevokedTokensAreRefused() throws Exception {
    MutableClock clock = new MutableClock();
    try (OAuthHarness h = new OAuthHarness(f -> f.oauthTokenLifetime(Duration.ofDays(1)), b -> b.clock(clock),
        new InMemoryOAuthStore())) {
      String client = h.register();
      JsonNode tokens = h.tokens(client, null, "read-only");
      String access = tokens.path("access_token").asText();
      assertEquals(200, h.whoami("/mcp", access).status());
      clock.advance(Duration.ofMinutes(61));
      OAuthHarness.Reply expired = h.whoami("/mcp", access);
      assertEquals(401, expired.status());
      assertTrue(expired.header("WWW-Authenticate").contains("error=\"invalid_token\""));
      // an expired code
      String v = OAuthHarness.verifier();
      Map<String, String> back = h.authorize(client, v, "s", null, "read-only");
      clock.advance(Duration.ofMinutes(3));
      assertEquals("invalid_grant", h.token(codeExchange(client, back.get("code"), v)).json().path("error").asText());
      // revoked by access token: the refresh token dies too
      JsonNode t2 = h.tokens(client, null, "read-only");
      Map<String, String> revoke = new LinkedHashMap<>();
      revoke.put("token", t2.path("access_token").asText());
      revoke.put("client_id", client);
      assertEquals(200, h.postForm("/oauth/revoke", revoke, null, null).status());
      assertEquals(401, h.whoami("/mcp", t2.path("access_token").asText()).status());
      Map<String, String> refresh = new LinkedHashMap<>();
      refresh.put("grant_type", "refresh_token");
      refresh.put("refresh_token", t2.path("refresh_token").asText());
      refresh.put("client_id", client);
      assertEquals("invalid_grant", h.token(refresh).json().path("error").asText());
      // another client cannot revoke or refresh a client's tokens
      String thief = h.register();
      JsonNode t3 = h.tokens(client, null, "read-only");
      revoke.put("token", t3.path("refresh_token").asText());
      revoke.put("client_id", thief);
      assertEquals(200, h.postForm("/oauth/revoke", revoke, null, null).status());
      assertEquals(200, h.whoami("/mcp", t3.path("access_token").asText()).status(), "not revoked by another");
      refresh.put("refresh_token", t3.path("refresh_token").asText());
      refresh.put("client_id", thief);
      assertEquals("invalid_grant", h.token(refresh).json().path("error").asText());
      h.assertNoSentrySecretReceived();
    }
  }

  @Test
  void aRotatedRefreshTokenThatComesBackRevokesTheGrant() throws Exception {
    try (OAuthHarness h = new OAuthHarness()) {
      String client = h.register();
      JsonNode tokens = h.tokens(client, null, "read-only");
      Map<String, String> refresh = new LinkedHashMap<>();
      refresh.put("grant_type", "refresh_token");
      refresh.put("refresh_token", tokens.path("refresh_token").asText());
      refresh.put("client_id", client);
      JsonNode next = h.token(refresh).json();
      assertEquals("invalid_grant", h.token(refresh).json().path("error").asText());
      assertEquals(401, h.whoami("/mcp", next.path("access_token").asText()).status());
    }
  }

  @Test
  void aTokenForAnotherResourceIsRefused() throws Exception {
    try (OAuthHarness h = new OAuthHarness()) {
      String client = h.register();
      JsonNode acme = h.tokens(client, h.issuer + "/mcp/sentry-mcp-evals", "read-only");
      String access = acme.path("access_token").asText();
      assertEquals(200, h.whoami("/mcp/sentry-mcp-evals", access).status());
      assertEquals(200, h.whoami("/mcp/sentry-mcp-evals/cloudflare-mcp", access).status());
      OAuthHarness.Reply other = h.whoami("/mcp/other-org", access);
      assertEquals(401, other.status());
      assertTrue(other.header("WWW-Authenticate").contains("/.well-known/oauth-protected-resource/mcp/other-org"));
      assertEquals(401, h.whoami("/mcp", access).status(), "an organization's token is not for the whole server");
      // at the authorization endpoint: a resource that is not this server's
      String v = OAuthHarness.verifier();
      for (String foreign : List.of("https://evil.example/mcp", h.issuer + "/other", h.issuer + "/mcp/a/b/c",
          "http://localhost:1/mcp")) {
        OAuthHarness.Reply r = h.get(h.authorizeUrl(client, OAuthHarness.REDIRECT, v, "s", foreign), null);
        assertEquals("invalid_target", OAuthHarness.query(r.location()).get("error"), foreign);
      }
      // at the token endpoint: another resource than the authorized one
      Map<String, String> back = h.authorize(client, v, "s", h.issuer + "/mcp/sentry-mcp-evals", "read-only");
      Map<String, String> form = codeExchange(client, back.get("code"), v);
      form.put("resource", h.issuer + "/mcp");
      assertEquals("invalid_target", h.token(form).json().path("error").asText());
    }
  }

  @Test
  void consentCsrfAndTamperedCookiesAreRefused() throws Exception {
    try (OAuthHarness h = new OAuthHarness()) {
      String client = h.register();
      String url = h.authorizeUrl(client, OAuthHarness.REDIRECT, OAuthHarness.verifier(), "s", null);
      OAuthHarness.ConsentForm victim = h.openConsent(url, null);
      OAuthHarness.ConsentForm attacker = h.openConsent(url, null);
      // the attacker's form (its request and csrf) posted with the victim's cookie, as a cross-site form would be
      OAuthHarness.ConsentForm forged = new OAuthHarness.ConsentForm(attacker.request(), attacker.csrf(),
          victim.cookie(), "");
      assertGenericErrorPage(h.submitConsent(forged, "approve", "read-only", List.of("inspect"), null, null), 403);
      // no cookie at all
      OAuthHarness.ConsentForm noCookie = new OAuthHarness.ConsentForm(victim.request(), victim.csrf(),
          "other=1", "");
      assertGenericErrorPage(h.submitConsent(noCookie, "approve", "read-only", List.of("inspect"), null, null), 403);
      // a tampered cookie (same id, any signature; or another id)
      String[] kv = victim.cookie().split("=", 2);
      String[] idSig = kv[1].split("\\.", 2);
      String otherId = (idSig[0].charAt(0) == 'x' ? "y" : "x") + idSig[0].substring(1);
      for (String tampered : List.of(idSig[0] + ".AAAA", otherId + "." + idSig[1], idSig[0])) {
        OAuthHarness.ConsentForm t = new OAuthHarness.ConsentForm(victim.request(), victim.csrf(),
            kv[0] + "=" + tampered, "");
        assertGenericErrorPage(h.submitConsent(t, "approve", "read-only", List.of("inspect"), null, null), 403);
      }
      // a cross-origin post
      assertGenericErrorPage(h.postForm("/oauth/authorize", "request=" + OAuthHarness.enc(victim.request())
          + "&csrf=" + OAuthHarness.enc(victim.csrf()) + "&action=approve&level=read-only&skill=inspect",
          victim.cookie(), "https://evil.example"), 403);
      // a tampered request blob
      String r = victim.request();
      String flipped = r.substring(0, 10) + (r.charAt(10) == 'A' ? 'B' : 'A') + r.substring(11);
      OAuthHarness.ConsentForm blob = new OAuthHarness.ConsentForm(flipped, victim.csrf(), victim.cookie(), "");
      assertGenericErrorPage(h.submitConsent(blob, "approve", "read-only", List.of("inspect"), null, null), 403);
      // the genuine form still works
      assertEquals(302, h.submitConsent(victim, "approve", "read-only", List.of("inspect"), null, null).status());
      // deny goes back to the client with access_denied
      OAuthHarness.ConsentForm again = h.openConsent(url, victim.cookie());
      Map<String, String> denied = OAuthHarness.query(
          h.submitConsent(again, "deny", "read-only", List.of("inspect"), null, null).location());
      assertEquals("access_denied", denied.get("error"));
      assertEquals(h.issuer, denied.get("iss"));
      assertFalse(h.received.toString().contains("upstream-secret"));
    }
  }

  @Test
  void unknownClientsAndBadRequestsGetErrorsNotRedirects() throws Exception {
    try (OAuthHarness h = new OAuthHarness()) {
      String v = OAuthHarness.verifier();
      assertGenericErrorPage(h.get(h.authorizeUrl("mcp-unknown", OAuthHarness.REDIRECT, v, "s", null), null), 400);
      String client = h.register();
      assertGenericErrorPage(h.get(h.authorizeUrl(client, OAuthHarness.REDIRECT, v, "s", null)
          + "&client_id=" + client, null), 400); // a repeated parameter
      // client authentication at the token endpoint
      Map<String, String> form = codeExchange("mcp-unknown", "x", v);
      OAuthHarness.Reply r = h.token(form);
      assertEquals(401, r.status());
      assertEquals("invalid_client", r.json().path("error").asText());
      form = codeExchange(client, "not-a-code", v);
      assertEquals("invalid_grant", h.token(form).json().path("error").asText());
      form.put("grant_type", "password");
      assertEquals(400, h.token(form).status());
      assertEquals(400, h.postJson("/oauth/register", "{not json").status());
      // malformed encodings and bodies: a clear 400, never a 500 or a container page
      assertGenericErrorPage(h.get("/oauth/callback?state=%00%ff&code=x", null), 400);
      assertGenericErrorPage(h.postForm("/oauth/authorize", "request=%ZZ&csrf=", null, h.issuer), 400);
      byte[] huge = ("{\"redirect_uris\":[\"http://127.0.0.1/cb\"],\"client_name\":\"" + "A".repeat(2_000_000)
          + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
      try {
        OAuthHarness.Reply chunked = h.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(h.issuer
                + "/oauth/register")).header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(huge))));
        assertEquals(400, chunked.status(), "a 2 MB chunked registration");
        assertEquals("invalid_client_metadata", chunked.json().path("error").asText());
        assertEquals("close", chunked.header("Connection"), "the unread rest of the body ends the connection");
      } catch (java.io.IOException closedEarly) {
        // the server answered its 400 and closed the connection before the client had sent the whole body (a race
        // of HTTP/1.1 itself): a refusal too; the registration below shows the server still serves
      }
      // a confidential client must authenticate with its secret
      OAuthHarness.Reply reg = h.postJson("/oauth/register", "{\"redirect_uris\":[\"https://app.example/cb\"],"
          + "\"token_endpoint_auth_method\":\"client_secret_post\"}");
      assertEquals(201, reg.status(), reg.body());
      String id = reg.json().path("client_id").asText();
      assertTrue(reg.json().path("client_secret").asText().length() >= 40);
      Map<String, String> noSecret = codeExchange(id, "x", v);
      assertEquals("invalid_client", h.token(noSecret).json().path("error").asText());
      noSecret.put("client_secret", "wrong");
      assertEquals("invalid_client", h.token(noSecret).json().path("error").asText());
    }
  }

  @Test
  void aSessionStartedUnderOneClientsConsentIsNotServedToAnotherClientOfTheSameUser() throws Exception {
    try (OAuthHarness h = new OAuthHarness(f -> {}, b -> {}, new InMemoryOAuthStore(), m -> m.stateful(true))) {
      String triage = h.tokens(h.register(), null, "issue-triage").path("access_token").asText();
      String readOnly = h.tokens(h.register(), null, "read-only").path("access_token").asText();
      OAuthHarness.Reply init = h.mcp("/mcp", triage, "initialize", "{\"protocolVersion\":\"2025-06-18\","
          + "\"capabilities\":{},\"clientInfo\":{\"name\":\"a\",\"version\":\"1\"}}");
      assertEquals(200, init.status(), init.body());
      String session = init.header("Mcp-Session-Id");
      assertTrue(session != null && !session.isEmpty());
      java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(h.issuer + "/mcp"))
          .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
          .header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-06-18")
          .header("Authorization", "Bearer " + readOnly)
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
              "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}"));
      assertEquals(404, h.send(b).status(), "the same user's other client does not get the session");
    }
  }
}
