package io.github.sentrymcp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class FakeSentryOAuthTest {

  private static final String REDIRECT = "http://localhost:7777/callback?keep=1";

  private final HttpClient client =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

  private FakeSentry fake(FakeSentry.Builder b) {
    return b.oauthClient("web-app", "s3cret").oauthClient("cli", null).build();
  }

  private HttpResponse<String> get(FakeSentry fake, String pathAndQuery, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fake.baseUrl() + pathAndQuery)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(FakeSentry fake, String path, Map<String, String> form, String... headers)
      throws Exception {
    StringBuilder body = new StringBuilder();
    form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fake.baseUrl() + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    return TestHttp.MAPPER.readTree(r.body());
  }

  private static String basic(String id, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, String> query(String location) {
    return Map.copyOf(Http.parseQuery(URI.create(location).getRawQuery()).entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(0))));
  }

  private static void assertOAuthError(HttpResponse<String> r, int status, String error) throws IOException {
    assertEquals(status, r.statusCode(), r.body());
    assertEquals(error, json(r).path("error").asText(), r.body());
    assertFalse(json(r).path("error_description").asText().isEmpty());
    assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
  }

  private int apiStatus(FakeSentry fake, String token) throws Exception {
    return get(fake, "/api/0/auth/", "Authorization", "Bearer " + token).statusCode();
  }

  /** Walks the consent page: GET, then POST the page's form with the chosen button. */
  private String authorizeCode(FakeSentry fake, String clientId, String state, @Nullable String challenge)
      throws Exception {
    String q = "/oauth/authorize/?client_id=" + enc(clientId) + "&redirect_uri=" + enc(REDIRECT)
        + "&response_type=code&scope=" + enc("org:read project:read") + "&state=" + enc(state)
        + (challenge == null ? "" : "&code_challenge=" + challenge + "&code_challenge_method=S256");
    HttpResponse<String> page = get(fake, q);
    assertEquals(200, page.statusCode());
    Map<String, String> form = new java.util.LinkedHashMap<>(hiddenFields(page.body()));
    form.put("action", "approve");
    HttpResponse<String> r = post(fake, "/oauth/authorize/", form);
    assertEquals(302, r.statusCode());
    String location = r.headers().firstValue("Location").orElseThrow();
    assertTrue(location.startsWith("http://localhost:7777/callback?keep=1&code="), location);
    Map<String, String> params = query(location);
    assertEquals(state, params.get("state"));
    assertEquals("1", params.get("keep"));
    return params.get("code");
  }

  private static Map<String, String> hiddenFields(String html) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    Matcher m = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">").matcher(html);
    while (m.find()) {
      out.put(m.group(1), m.group(2).replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">")
          .replace("&#39;", "'").replace("&amp;", "&"));
    }
    return out;
  }

  @Test
  void authorizationCodeFlowWithSecretPostAndBasic() throws Exception {
    try (FakeSentry fake = fake(FakeSentry.builder().requiredToken("sntrys_other")
        .oauthUser("42", "Ada Lovelace", "ada@example.com").oauthTokenLifetime(Duration.ofHours(1)))) {
      String code = authorizeCode(fake, "web-app", "st&ate=1", null);
      HttpResponse<String> r = post(fake, "/oauth/token/", Map.of("grant_type", "authorization_code", "code", code,
          "redirect_uri", REDIRECT, "client_id", "web-app", "client_secret", "s3cret"));
      assertEquals(200, r.statusCode(), r.body());
      JsonNode t = json(r);
      assertEquals("bearer", t.path("token_type").asText());
      assertEquals(3600, t.path("expires_in").asLong());
      Instant expiresAt = Instant.parse(t.path("expires_at").asText());
      assertTrue(Duration.between(Instant.now(), expiresAt).toMinutes() >= 59);
      assertEquals("org:read project:read", t.path("scope").asText());
      assertEquals("42", t.path("user").path("id").asText());
      assertEquals("Ada Lovelace", t.path("user").path("name").asText());
      assertEquals("ada@example.com", t.path("user").path("email").asText());
      String access = t.path("access_token").asText();
      assertEquals(64, access.length());
      assertNotEquals(access, t.path("refresh_token").asText());
      // the access token is an API token for the OAuth user; other tokens keep working
      HttpResponse<String> me = get(fake, "/api/0/auth/", "Authorization", "Bearer " + access);
      assertEquals(200, me.statusCode());
      assertEquals("ada@example.com", json(me).path("email").asText());
      assertEquals("42", json(me).path("id").asText());
      assertEquals(200, get(fake, "/api/0/organizations/", "Authorization", "Bearer " + access).statusCode());
      assertEquals(200, apiStatus(fake, "sntrys_other"));
      assertEquals(401, apiStatus(fake, "nope"));
      // the code is single use
      assertOAuthError(post(fake, "/oauth/token/", Map.of("grant_type", "authorization_code", "code", code,
          "redirect_uri", REDIRECT, "client_id", "web-app", "client_secret", "s3cret")), 400, "invalid_grant");
      // HTTP Basic client authentication
      String code2 = authorizeCode(fake, "web-app", "s2", null);
      HttpResponse<String> r2 = post(fake, "/oauth/token/", Map.of("grant_type", "authorization_code", "code", code2,
          "redirect_uri", REDIRECT), "Authorization", basic("web-app", "s3cret"));
      assertEquals(200, r2.statusCode(), r2.body());
      // journal and oauthRequests never carry secrets
      for (RecordedRequest rec : fake.requests("POST", "/oauth/token/")) {
        assertNull(rec.header("Authorization"));
        for (String secret : fake.issuedOAuthSecrets()) {
          assertFalse(rec.body().contains(secret), rec.body());
        }
        assertFalse(rec.body().contains("s3cret"));
        assertTrue(rec.body().contains("grant_type=authorization_code"), rec.body());
      }
      List<OAuthRequest> calls = fake.oauthRequests();
      assertEquals(List.of("GET /oauth/authorize/", "POST /oauth/authorize/", "POST /oauth/token/",
              "POST /oauth/token/", "GET /oauth/authorize/", "POST /oauth/authorize/", "POST /oauth/token/"),
          calls.stream().map(OAuthRequest::endpoint).toList());
      assertEquals("authorization_code", calls.get(2).grantType());
      assertEquals("web-app", calls.get(2).clientId());
      assertEquals("invalid_grant", calls.get(3).error());
      assertEquals(400, calls.get(3).status());
      assertTrue(calls.toString().indexOf(access) < 0);
      assertTrue(fake.issuedOAuthSecrets().containsAll(List.of(code, code2, access,
          t.path("refresh_token").asText())));
    }
  }

  @Test
  void consentPageEscapesAndDenies() throws Exception {
    try (FakeSentry fake = fake(FakeSentry.builder())) {
      String state = "\"><script>alert(1)</script>";
      HttpResponse<String> page = get(fake, "/oauth/authorize/?client_id=web-app&redirect_uri=" + enc(REDIRECT)
          + "&response_type=code&scope=" + enc("<b>x</b>") + "&state=" + enc(state));
      assertEquals(200, page.statusCode());
      assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
      assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
      String html = page.body();
      assertTrue(html.contains("Authorize web-app"), html);
      assertTrue(html.contains("id=\"approve\"") && html.contains("id=\"deny\""), html);
      assertTrue(html.contains("<form method=\"post\" action=\"/oauth/authorize/\">"), html);
      assertFalse(html.contains("<script>"), html);
      assertFalse(html.contains("<b>x</b>"), html);
      assertTrue(html.contains("&quot;&gt;&lt;script&gt;"), html);
      Map<String, String> form = new java.util.LinkedHashMap<>(hiddenFields(html));
      assertEquals(state, form.get("state"));
      form.put("action", "deny");
      HttpResponse<String> r = post(fake, "/oauth/authorize/", form);
      assertEquals(302, r.statusCode());
      Map<String, String> q = query(r.headers().firstValue("Location").orElseThrow());
      assertEquals("access_denied", q.get("error"));
      assertEquals(state, q.get("state"));
      assertNull(q.get("code"));
      assertEquals(List.of(), fake.issuedOAuthSecrets());
    }
  }

  @Test
  void authorizeRejectsBadClientsAndRedirectsWithoutRedirecting() throws Exception {
    try (FakeSentry fake = fake(FakeSentry.builder())) {
      for (String q : List.of(
          "client_id=unknown&redirect_uri=" + enc(REDIRECT),
          "redirect_uri=" + enc(REDIRECT),
          "client_id=web-app",
          "client_id=web-app&redirect_uri=" + enc("/relative"),
          "client_id=web-app&redirect_uri=" + enc("ftp://example.com/cb"),
          "client_id=web-app&redirect_uri=" + enc("javascript:alert(1)"),
          "client_id=web-app&redirect_uri=" + enc("http://example.com/cb#frag"),
          "client_id=web-app&redirect_uri=" + enc("http://exa mple.com/"))) {
        HttpResponse<String> r = get(fake, "/oauth/authorize/?response_type=code&state=x&" + q);
        assertEquals(400, r.statusCode(), q);
        assertTrue(r.headers().firstValue("Location").isEmpty(), q);
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), q);
        HttpResponse<String> p = post(fake, "/oauth/authorize/",
            Map.of("action", "approve", "response_type", "code", "state", "x", "client_id",
                Http.parseQuery(q).getOrDefault("client_id", List.of("")).get(0), "redirect_uri",
                Http.parseQuery(q).getOrDefault("redirect_uri", List.of("")).get(0)));
        assertEquals(400, p.statusCode(), q);
      }
      HttpResponse<String> r = get(fake, "/oauth/authorize/?client_id=web-app&response_type=token&state=s&redirect_uri="
          + enc("https://example.com/cb"));
      assertEquals(302, r.statusCode());
      assertEquals("https://example.com/cb?error=unsupported_response_type&state=s",
          r.headers().firstValue("Location").orElseThrow());
      assertEquals(List.of(), fake.issuedOAuthSecrets());
    }
  }

  @Test
  void autoApproveAndPkce() throws Exception {
    try (FakeSentry fake = fake(FakeSentry.builder().oauthAutoApprove(true))) {
      String verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
      String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
      HttpResponse<String> r = get(fake, "/oauth/authorize/?client_id=cli&response_type=code&state=s&redirect_uri="
          + enc("http://127.0.0.1:9/cb") + "&code_challenge=" + challenge + "&code_challenge_method=S256");
      assertEquals(302, r.statusCode());
      String code = query(r.headers().firstValue("Location").orElseThrow()).get("code");
      assertOAuthError(post(fake, "/oauth/token/", Map.of("grant_type", "authorization_code", "code", code,
          "redirect_uri", "http://127.0.0.1:9/cb", "client_id", "cli", "code_verifier", "wrong")), 400,
          "invalid_grant");
      r = get(fake, "/oauth/authorize/?client_id=cli&response_type=code&state=s&redirect_uri="
          + enc("http://127.0.0.1:9/cb") + "&code_challenge=" + challenge + "&code_challenge_method=S256");
      code = query(r.headers().firstValue("Location").orElseThrow()).get("code");
      HttpResponse<String> ok = post(fake, "/oauth/token/", Map.of("grant_type", "authorization_code", "code", code,
          "redirect_uri", "http://127.0.0.1:9/cb", "client_id", "cli", "code_verifier", verifier));
      assertEquals(200, ok.statusCode(), ok.body());
    }
  }

  @Test
  void tokenEndpointErrors() throws Exception {
    try (FakeSentry fake = fake(FakeSentry.builder().oauthAutoApprove(true))) {
      String code = query(get(fake, "/oauth/authorize/?client_id=web-app&response_type=code&redirect_uri="
          + enc(REDIRECT)).headers().firstValue("Location").orElseThrow()).get("code");
      Map<String, String> good = Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT);
      // client authentication
      assertOAuthError(post(fake, "/oauth/token/", good), 401, "invalid_client");
      assertOAuthError(post(fake, "/oauth/token/", with(good, "client_id", "web-app")), 401, "invalid_client");
      assertOAuthError(post(fake, "/oauth/token/", with(with(good, "client_id", "web-app"), "client_secret", "bad")),
          401, "invalid_client");
      HttpResponse<String> basicBad = post(fake, "/oauth/token/", good, "Authorization", basic("web-app", "bad"));
      assertOAuthError(basicBad, 401, "invalid_client");
      assertTrue(basicBad.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
      assertOAuthError(post(fake, "/oauth/token/", with(good, "client_id", "nobody")), 401, "invalid_client");
      // grant errors (the code was not consumed by failed client authentication)
      Map<String, String> authed = with(with(good, "client_id", "web-app"), "client_secret", "s3cret");
      assertOAuthError(post(fake, "/oauth/token/", with(authed, "grant_type", "password")), 400,
          "unsupported_grant_type");
      Map<String, String> noGrant = new java.util.HashMap<>(authed);
      noGrant.remove("grant_type");
      assertOAuthError(post(fake, "/oauth/token/", noGrant), 400, "invalid_request");
      HttpResponse<String> json = client.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/oauth/token/"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertOAuthError(json, 400, "invalid_request");
      // a wrong redirect_uri burns the code (single use)
      assertOAuthError(post(fake, "/oauth/token/", with(authed, "redirect_uri", "http://localhost:7777/other")), 400,
          "invalid_grant");
      assertOAuthError(post(fake, "/oauth/token/", authed), 400, "invalid_grant");
      // a code is bound to its client
      String code2 = query(get(fake, "/oauth/authorize/?client_id=web-app&response_type=code&redirect_uri="
          + enc(REDIRECT)).headers().firstValue("Location").orElseThrow()).get("code");
      assertOAuthError(post(fake, "/oauth/token/", Map.of("grant_type", "authorization_code", "code", code2,
          "redirect_uri", REDIRECT, "client_id", "cli")), 400, "invalid_grant");
      assertOAuthError(post(fake, "/oauth/token/", with(with(authed, "grant_type", "refresh_token"), "refresh_token",
          "nope")), 400, "invalid_grant");
    }
  }

  private static Map<String, String> with(Map<String, String> m, String k, String v) {
    Map<String, String> out = new java.util.LinkedHashMap<>(m);
    out.put(k, v);
    return out;
  }

  private JsonNode deviceLoginTokens(FakeSentry fake) throws Exception {
    JsonNode dc = json(post(fake, "/oauth/device/code/", Map.of("client_id", "cli", "scope", "org:read")));
    fake.approveDevice(dc.path("user_code").asText());
    HttpResponse<String> r = post(fake, "/oauth/token/", Map.of("grant_type",
        "urn:ietf:params:oauth:grant-type:device_code", "device_code", dc.path("device_code").asText(), "client_id",
        "cli"));
    assertEquals(200, r.statusCode(), r.body());
    return json(r);
  }

  @Test
  void refreshRotatesAndExpiryHook() throws Exception {
    try (FakeSentry fake = fake(FakeSentry.builder().oauthDeviceInterval(Duration.ZERO))) {
      JsonNode first = deviceLoginTokens(fake);
      String access1 = first.path("access_token").asText();
      String refresh1 = first.path("refresh_token").asText();
      assertEquals(200, apiStatus(fake, access1));
      HttpResponse<String> r = post(fake, "/oauth/token/", Map.of("grant_type", "refresh_token", "refresh_token",
          refresh1, "client_id", "cli"));
      assertEquals(200, r.statusCode(), r.body());
      JsonNode second = json(r);
      String access2 = second.path("access_token").asText();
      String refresh2 = second.path("refresh_token").asText();
      assertNotEquals(access1, access2);
      assertNotEquals(refresh1, refresh2);
      assertEquals("org:read", second.path("scope").asText());
      // the old refresh token stops working; the old access token keeps working
      assertOAuthError(post(fake, "/oauth/token/", Map.of("grant_type", "refresh_token", "refresh_token", refresh1,
          "client_id", "cli")), 400, "invalid_grant");
      assertEquals(200, apiStatus(fake, access1));
      assertEquals(200, apiStatus(fake, access2));
      // a refresh token is bound to its client
      assertOAuthError(post(fake, "/oauth/token/", Map.of("grant_type", "refresh_token", "refresh_token", refresh2,
          "client_id", "web-app", "client_secret", "s3cret")), 400, "invalid_grant");
      // the expiry hook, over HTTP: access tokens stop working, refresh tokens do not
      HttpResponse<String> hook = post(fake, "/__fake/oauth/expire", Map.of());
      assertEquals(200, hook.statusCode());
      for (String t : List.of(access1, access2)) {
        HttpResponse<String> api = get(fake, "/api/0/auth/", "Authorization", "Bearer " + t);
        assertEquals(401, api.statusCode());
        assertEquals("Invalid token", json(api).path("detail").asText());
      }
      HttpResponse<String> r3 = post(fake, "/oauth/token/", Map.of("grant_type", "refresh_token", "refresh_token",
          refresh2, "client_id", "cli"));
      assertEquals(200, r3.statusCode(), r3.body());
      assertEquals(200, apiStatus(fake, json(r3).path("access_token").asText()));
      fake.expireOAuthAccessTokens();
      assertEquals(401, apiStatus(fake, json(r3).path("access_token").asText()));
    }
  }

  @Test
  void shortTokenLifetimeExpires() throws Exception {
    try (FakeSentry fake = fake(FakeSentry.builder().oauthDeviceInterval(Duration.ZERO)
        .oauthTokenLifetime(Duration.ofMillis(300)))) {
      String access = deviceLoginTokens(fake).path("access_token").asText();
      assertEquals(200, apiStatus(fake, access));
      Thread.sleep(400);
      assertEquals(401, apiStatus(fake, access));
    }
  }

  @Test
  void revocation() throws Exception {
    try (FakeSentry fake = fake(FakeSentry.builder().oauthDeviceInterval(Duration.ZERO))) {
      JsonNode a = deviceLoginTokens(fake);
      // revoking an access token: that token stops working, the refresh token keeps working
      HttpResponse<String> r = post(fake, "/oauth/revoke/", Map.of("token", a.path("access_token").asText(),
          "token_type_hint", "access_token", "client_id", "cli"));
      assertEquals(200, r.statusCode());
      assertEquals(401, apiStatus(fake, a.path("access_token").asText()));
      HttpResponse<String> refreshed = post(fake, "/oauth/token/", Map.of("grant_type", "refresh_token",
          "refresh_token", a.path("refresh_token").asText(), "client_id", "cli"));
      assertEquals(200, refreshed.statusCode());
      JsonNode b = json(refreshed);
      // revoking a refresh token: it stops working, and so do the access tokens of its grant
      assertEquals(200, post(fake, "/oauth/revoke/", Map.of("token", b.path("refresh_token").asText(),
          "client_id", "cli")).statusCode());
      assertOAuthError(post(fake, "/oauth/token/", Map.of("grant_type", "refresh_token", "refresh_token",
          b.path("refresh_token").asText(), "client_id", "cli")), 400, "invalid_grant");
      assertEquals(401, apiStatus(fake, b.path("access_token").asText()));
      // unknown tokens: still 200; unknown clients: invalid_client
      assertEquals(200, post(fake, "/oauth/revoke/", Map.of("token", "whatever", "client_id", "cli")).statusCode());
      assertOAuthError(post(fake, "/oauth/revoke/", Map.of("token", "whatever", "client_id", "nobody")), 401,
          "invalid_client");
      // another client cannot revoke cli's token
      JsonNode c = deviceLoginTokens(fake);
      assertEquals(200, post(fake, "/oauth/revoke/", Map.of("token", c.path("access_token").asText()), "Authorization",
          basic("web-app", "s3cret")).statusCode());
      assertEquals(200, apiStatus(fake, c.path("access_token").asText()));
    }
  }

  @Test
  void deviceFlowPendingSlowDownApproveDenyExpire() throws Exception {
    try (FakeSentry fake = fake(FakeSentry.builder().oauthDeviceInterval(Duration.ofMillis(400)))) {
      HttpResponse<String> dcr = post(fake, "/oauth/device/code/", Map.of("client_id", "cli", "scope", "org:read"));
      assertEquals(200, dcr.statusCode(), dcr.body());
      JsonNode dc = json(dcr);
      String userCode = dc.path("user_code").asText();
      assertTrue(userCode.matches("[A-Z]{4}-[A-Z]{4}"), userCode);
      assertEquals(fake.baseUrl() + "/oauth/device/", dc.path("verification_uri").asText());
      assertEquals(fake.baseUrl() + "/oauth/device/?user_code=" + userCode,
          dc.path("verification_uri_complete").asText());
      assertEquals(0, dc.path("interval").asInt(-1));
      assertTrue(dc.path("expires_in").asInt() > 0);
      Map<String, String> poll = Map.of("grant_type", "urn:ietf:params:oauth:grant-type:device_code", "device_code",
          dc.path("device_code").asText(), "client_id", "cli");
      assertOAuthError(post(fake, "/oauth/token/", poll), 400, "authorization_pending");
      assertOAuthError(post(fake, "/oauth/token/", poll), 400, "slow_down");
      Thread.sleep(450);
      assertOAuthError(post(fake, "/oauth/token/", poll), 400, "authorization_pending");
      // the approval page, then approving through it
      HttpResponse<String> page = get(fake, "/oauth/device/?user_code=" + enc(userCode));
      assertEquals(200, page.statusCode());
      assertTrue(page.body().contains(userCode) && page.body().contains("id=\"approve\""), page.body());
      assertTrue(page.headers().firstValue("Content-Security-Policy").isPresent());
      HttpResponse<String> approved = post(fake, "/oauth/device/", Map.of("user_code", userCode.toLowerCase(),
          "action", "approve"));
      assertEquals(200, approved.statusCode(), approved.body());
      Thread.sleep(450);
      HttpResponse<String> tok = post(fake, "/oauth/token/", poll);
      assertEquals(200, tok.statusCode(), tok.body());
      assertEquals(200, apiStatus(fake, json(tok).path("access_token").asText()));
      Thread.sleep(450);
      assertOAuthError(post(fake, "/oauth/token/", poll), 400, "invalid_grant"); // used
      assertEquals(400, post(fake, "/oauth/device/", Map.of("user_code", userCode, "action", "approve")).statusCode());

      // denied, through the HTTP hook
      JsonNode dc2 = json(post(fake, "/oauth/device/code/", Map.of("client_id", "cli")));
      assertEquals(200, post(fake, "/__fake/oauth/device/deny?user_code=" + dc2.path("user_code").asText(), Map.of())
          .statusCode());
      assertOAuthError(post(fake, "/oauth/token/", with(poll, "device_code", dc2.path("device_code").asText())), 400,
          "access_denied");
      // approved through the HTTP hook
      JsonNode dc3 = json(post(fake, "/oauth/device/code/", Map.of("client_id", "cli")));
      assertEquals(404, post(fake, "/__fake/oauth/device/approve?user_code=NOPE-NOPE", Map.of()).statusCode());
      assertEquals(200, post(fake, "/__fake/oauth/device/approve?user_code=" + dc3.path("user_code").asText(),
          Map.of()).statusCode());
      assertEquals(200, post(fake, "/oauth/token/", with(poll, "device_code", dc3.path("device_code").asText()))
          .statusCode());
      // expired
      JsonNode dc4 = json(post(fake, "/oauth/device/code/", Map.of("client_id", "cli")));
      fake.expireOAuthDeviceCodes();
      assertOAuthError(post(fake, "/oauth/token/", with(poll, "device_code", dc4.path("device_code").asText())), 400,
          "expired_token");
      assertThrows(IllegalArgumentException.class, () -> fake.approveDevice(dc4.path("user_code").asText()));
      // a device code is bound to its client; unknown clients get no device code
      JsonNode dc5 = json(post(fake, "/oauth/device/code/", Map.of("client_id", "cli")));
      assertOAuthError(post(fake, "/oauth/token/", Map.of("grant_type",
          "urn:ietf:params:oauth:grant-type:device_code", "device_code", dc5.path("device_code").asText(),
          "client_id", "web-app", "client_secret", "s3cret")), 400, "invalid_grant");
      assertOAuthError(post(fake, "/oauth/device/code/", Map.of("client_id", "nobody")), 401, "invalid_client");

      // the device code and user code never show up in the journal's bodies, the secrets list has device codes
      for (RecordedRequest rec : fake.requests("POST", "/oauth/**")) {
        assertFalse(rec.body().contains(dc.path("device_code").asText()), rec.body());
      }
      assertTrue(fake.issuedOAuthSecrets().contains(dc.path("device_code").asText()));
      assertFalse(fake.issuedOAuthSecrets().contains(userCode));
      List<String> grants = fake.oauthRequests().stream().map(OAuthRequest::grantType)
          .filter(java.util.Objects::nonNull).distinct().toList();
      assertEquals(List.of("urn:ietf:params:oauth:grant-type:device_code"), grants);
    }
  }

  @Test
  void secretsOverHttpAndWholeSecondInterval() throws Exception {
    try (FakeSentry fake = fake(FakeSentry.builder().oauthDeviceInterval(Duration.ofSeconds(2)))) {
      JsonNode dc = json(post(fake, "/oauth/device/code/", Map.of("client_id", "cli")));
      assertEquals(2, dc.path("interval").asInt());
      HttpResponse<String> s = get(fake, "/__fake/oauth/secrets");
      assertEquals(200, s.statusCode());
      JsonNode arr = json(s);
      assertTrue(arr.isArray());
      assertEquals(dc.path("device_code").asText(), arr.get(0).asText());
      assertEquals(404, get(fake, "/oauth/unknown/").statusCode());
    }
  }

  @Test
  void mainRegistersOAuthClients() throws Exception {
    assertNull(FakeSentry.options(new String[] {"--help"}));
    FakeSentry.Builder b = FakeSentry.options(new String[] {"--quiet", "--oauth-client=web:sec", "--oauth-client",
        "cli", "--oauth-user=7:Grace:grace@example.com", "--oauth-device-interval-ms", "0", "--oauth-auto-approve"});
    try (FakeSentry fake = java.util.Objects.requireNonNull(b).build()) {
      assertOAuthError(post(fake, "/oauth/device/code/", Map.of("client_id", "web")), 401, "invalid_client");
      assertEquals(200, post(fake, "/oauth/device/code/", Map.of("client_id", "web", "client_secret", "sec"))
          .statusCode());
      JsonNode t = deviceLoginTokens(fake);
      assertEquals("grace@example.com", t.path("user").path("email").asText());
      assertEquals(302, get(fake, "/oauth/authorize/?client_id=cli&response_type=code&redirect_uri="
          + enc(REDIRECT)).statusCode());
    }
    assertThrows(IllegalArgumentException.class, () -> FakeSentry.options(new String[] {"--oauth-user=x"}));
  }
}
