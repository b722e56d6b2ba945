package io.github.sentrymcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sentrymcp.testkit.FakeSentry;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * {@code sentry-mcp-server --transport=http --oauth} as a process, driven over plain HTTP the way an MCP client and
 * a browser would: the 401 challenge, discovery, registration, consent, Sentry's (fake, auto-approving) login, the
 * callback, tokens, a tool call, refresh and revocation. Then two processes sharing a PostgreSQL store behind one
 * public URL, with every step of the flow sent to either replica.
 */
class OAuthServerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ISSUER =
      Pattern.compile("OAuth authorization server: issuer (https?://\\S+); clients connect to (https?://\\S+)/mcp ");
  private static final Pattern LISTENING = Pattern.compile("MCP Streamable HTTP at (http://\\S+)/mcp");
  private static final Pattern FAKE = Pattern.compile("fake Sentry at (http://\\S+) ");
  private static final String REDIRECT = "http://127.0.0.1:7777/callback";

  /** A server process: where it listens, its issuer, the sandbox's fake Sentry (or null), and its stderr. */
  private record Running(Process process, String listening, String issuer, @Nullable String fake,
      List<String> stderr) implements AutoCloseable {
    String log() {
      return String.join("\n", stderr);
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  private static Running start(Map<String, String> env, String... args) throws Exception {
    HttpServerProcess p = HttpServerProcess.start(env, ISSUER, args);
    Process process = p.process();
    List<String> stderr = p.stderr();
    Matcher m = p.ready();
    assertEquals(m.group(1), m.group(2), "clients connect to the issuer's /mcp");
    String listening = null;
    String fake = null;
    for (String line : stderr) {
      Matcher l = LISTENING.matcher(line);
      if (l.find()) {
        listening = l.group(1);
      }
      Matcher f = FAKE.matcher(line);
      if (f.find()) {
        fake = f.group(1);
      }
    }
    assertNotNull(listening, stderr.toString());
    return new Running(process, listening, m.group(1), fake, stderr);
  }

  // ---- a scripted client and browser over java.net.http

  private record Reply(int status, HttpResponse<String> response) {
    String body() {
      return response.body();
    }

    @Nullable String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    String location() {
      String l = header("Location");
      assertNotNull(l, "a redirect: " + status + " " + body());
      return l;
    }

    JsonNode json() throws Exception {
      return JSON.readTree(body());
    }
  }

  /** Everything the client side received from the MCP server (to prove no Sentry secret reached it). */
  private final StringBuilder received = new StringBuilder();
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private Reply send(HttpRequest.Builder b, boolean record) throws Exception {
    HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (record) {
      received.append(r.statusCode()).append('\n').append(r.headers().map()).append('\n').append(r.body())
          .append('\n');
    }
    return new Reply(r.statusCode(), r);
  }

  private Reply get(String url, @Nullable String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return send(b, true);
  }

  private Reply postForm(String url, String body, @Nullable String cookie, @Nullable String origin)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    if (origin != null) {
      b.header("Origin", origin);
    }
    return send(b, true);
  }

  private Reply mcp(String url, @Nullable String bearer, String method, String params) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}"));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return send(b, true);
  }

  private Reply whoami(String mcpUrl, String bearer) throws Exception {
    return mcp(mcpUrl, bearer, "tools/call", "{\"name\":\"whoami\",\"arguments\":{}}");
  }

  private static String form(Map<String, String> m) {
    List<String> parts = new ArrayList<>();
    m.forEach((k, v) -> parts.add(enc(k) + "=" + enc(v)));
    return String.join("&", parts);
  }

  private static String enc(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8);
  }

  private static Map<String, String> query(String url) {
    Map<String, String> out = new LinkedHashMap<>();
    String q = URI.create(url).getRawQuery();
    if (q != null) {
      for (String p : q.split("&")) {
        int eq = p.indexOf('=');
        out.put(URLDecoder.decode(eq < 0 ? p : p.substring(0, eq), StandardCharsets.UTF_8),
            eq < 0 ? "" : URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static String hidden(String html, String name) {
    Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
    assertTrue(m.find(), "hidden field " + name + " in " + html);
    return m.group(1).replace("&amp;", "&");
  }

  private static String verifier() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String challenge(String verifier) throws Exception {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
  }

  private String register(String registrationEndpoint) throws Exception {
    Reply r = send(HttpRequest.newBuilder(URI.create(registrationEndpoint))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"redirect_uris\":[\"" + REDIRECT + "\"],"
            + "\"token_endpoint_auth_method\":\"none\",\"client_name\":\"OAuthServerIT\","
            + "\"grant_types\":[\"authorization_code\",\"refresh_token\"]}")), true);
    assertEquals(201, r.status(), r.body());
    String id = r.json().path("client_id").asText();
    assertFalse(id.isEmpty(), r.body());
    return id;
  }

  private static String authorizeQuery(String clientId, String verifier, String state, String resource)
      throws Exception {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("response_type", "code");
    q.put("client_id", clientId);
    q.put("redirect_uri", REDIRECT);
    q.put("code_challenge", challenge(verifier));
    q.put("code_challenge_method", "S256");
    q.put("state", state);
    q.put("resource", resource);
    return form(q);
  }

  /** The consent page's form: hidden fields and the browser cookie it set. */
  private record Consent(String request, String csrf, String cookie) {
    String approve(String level, String skill) {
      return "request=" + enc(request) + "&csrf=" + enc(csrf) + "&action=approve&level=" + level + "&skill="
          + skill;
    }
  }

  private Consent openConsent(String url) throws Exception {
    Reply page = get(url, null);
    assertEquals(200, page.status(), page.body());
    String setCookie = page.header("Set-Cookie");
    assertNotNull(setCookie, "the consent page binds the browser");
    return new Consent(hidden(page.body(), "request"), hidden(page.body(), "csrf"), setCookie.split(";", 2)[0]);
  }

  private Reply token(String tokenEndpoint, Map<String, String> form) throws Exception {
    return postForm(tokenEndpoint, form(form), null, null);
  }

  private static Map<String, String> codeExchange(String code, String clientId, String verifier, String resource) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("grant_type", "authorization_code");
    f.put("code", code);
    f.put("redirect_uri", REDIRECT);
    f.put("client_id", clientId);
    f.put("code_verifier", verifier);
    f.put("resource", resource);
    return f;
  }

  private static Map<String, String> refreshForm(String refreshToken, String clientId) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("grant_type", "refresh_token");
    f.put("refresh_token", refreshToken);
    f.put("client_id", clientId);
    return f;
  }

  private static Map<String, String> revokeForm(String token, String clientId) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("token", token);
    f.put("client_id", clientId);
    return f;
  }

  private static void assertToolCallSucceeded(Reply r) {
    assertEquals(200, r.status(), r.body());
    assertTrue(r.body().contains("\"isError\":false"), r.body());
    assertTrue(r.body().contains("\"result\""), r.body());
  }

  private static List<String> fakeSecrets(String fakeBaseUrl) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(fakeBaseUrl + "/__fake/oauth/secrets")).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    List<String> out = new ArrayList<>();
    JSON.readTree(r.body()).forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void theSandboxIsAnOAuthAuthorizationServerForAPlainHttpClient() throws Exception {
    try (Running s = start(Map.of(), "--sandbox", "--transport=http", "--oauth", "--port=0", "--no-warmup")) {
      String issuer = s.issuer();
      assertTrue(issuer.matches("http://localhost:[0-9]+"), issuer);
      assertEquals(issuer.substring(issuer.lastIndexOf(':')), s.listening().substring(s.listening().lastIndexOf(':')),
          "the issuer names the port the server listens on");
      assertNotNull(s.fake(), "the sandbox prints its fake Sentry's URL: " + s.log());
      assertTrue(s.log().contains("--oauth without MCP_OAUTH_SECRET: using a random secret"), s.log());
      String mcpUrl = issuer + "/mcp";

      // 1. no token: 401 naming the protected resource metadata
      Reply challenge = mcp(mcpUrl, null, "tools/list", "{}");
      assertEquals(401, challenge.status(), challenge.body());
      assertEquals("Bearer resource_metadata=\"" + issuer + "/.well-known/oauth-protected-resource/mcp\"",
          challenge.header("WWW-Authenticate"));
      Reply wrong = whoami(mcpUrl, "not-a-token");
      assertEquals(401, wrong.status());
      assertTrue(String.valueOf(wrong.header("WWW-Authenticate")).contains("error=\"invalid_token\""),
          String.valueOf(wrong.header("WWW-Authenticate")));

      // 2. discovery
      JsonNode prm = get(issuer + "/.well-known/oauth-protected-resource/mcp", null).json();
      assertEquals(mcpUrl, prm.path("resource").asText());
      assertEquals(issuer, prm.path("authorization_servers").path(0).asText());
      JsonNode as = get(issuer + "/.well-known/oauth-authorization-server", null).json();
      assertEquals(issuer, as.path("issuer").asText());
      assertEquals(issuer + "/oauth/authorize", as.path("authorization_endpoint").asText());
      assertEquals(issuer + "/oauth/token", as.path("token_endpoint").asText());
      assertEquals(issuer + "/oauth/register", as.path("registration_endpoint").asText());
      assertEquals(issuer + "/oauth/revoke", as.path("revocation_endpoint").asText());
      assertEquals("[\"S256\"]", as.path("code_challenge_methods_supported").toString());

      // 3. dynamic client registration
      String client = register(as.path("registration_endpoint").asText());

      // 4. the consent page, 5. consent approved (the browser's Origin is the issuer)
      String v = verifier();
      Consent consent = openConsent(as.path("authorization_endpoint").asText() + "?"
          + authorizeQuery(client, v, "it-state", mcpUrl));
      Reply noOrigin = postForm(issuer + "/oauth/authorize", consent.approve("read-only", "inspect"),
          consent.cookie(), "http://evil.example.com");
      assertNotEquals(302, noOrigin.status(), "a cross-site consent POST is refused");
      Reply approved = postForm(issuer + "/oauth/authorize", consent.approve("read-only", "inspect"),
          consent.cookie(), issuer);
      assertEquals(302, approved.status(), approved.body());
      String toSentry = approved.location();
      assertTrue(toSentry.startsWith(s.fake() + "/oauth/authorize/?"), toSentry);
      assertEquals(OAuthPlan.SANDBOX_CLIENT_ID, query(toSentry).get("client_id"));
      assertEquals(issuer + "/oauth/callback", query(toSentry).get("redirect_uri"));

      // 6. the fake Sentry approves at once and sends the browser back to the callback
      Reply sentry = send(HttpRequest.newBuilder(URI.create(toSentry)).GET(), false);
      assertEquals(302, sentry.status(), sentry.body());
      String callback = sentry.location();
      assertTrue(callback.startsWith(issuer + "/oauth/callback?"), callback);

      // 7. the callback sends the browser to the client with our own code
      Reply back = get(callback, consent.cookie());
      assertEquals(302, back.status(), back.body());
      assertTrue(back.location().startsWith(REDIRECT + "?"), back.location());
      Map<String, String> answer = query(back.location());
      assertEquals("it-state", answer.get("state"));
      assertEquals(issuer, answer.get("iss"));

      // 8. the token
      Reply tokenReply = token(as.path("token_endpoint").asText(),
          codeExchange(answer.get("code"), client, v, mcpUrl));
      assertEquals(200, tokenReply.status(), tokenReply.body());
      JsonNode tokens = tokenReply.json();
      String access = tokens.path("access_token").asText();
      String refresh = tokens.path("refresh_token").asText();
      assertFalse(access.isEmpty() || refresh.isEmpty(), tokenReply.body());
      assertEquals("Bearer", tokens.path("token_type").asText());

      // 9. a tool call over the MCP endpoint with our token (the server holds the Sentry token)
      assertToolCallSucceeded(whoami(mcpUrl, access));
      // the consent was read-only: a triage tool is not listed
      String tools = mcp(mcpUrl, access, "tools/list", "{}").body();
      assertTrue(tools.contains("find_organizations"), tools);
      assertFalse(tools.contains("update_issue"), tools);

      // 10. refresh rotates
      Reply refreshed = token(as.path("token_endpoint").asText(), refreshForm(refresh, client));
      assertEquals(200, refreshed.status(), refreshed.body());
      String access2 = refreshed.json().path("access_token").asText();
      String refresh2 = refreshed.json().path("refresh_token").asText();
      assertNotEquals(access, access2);
      assertToolCallSucceeded(whoami(mcpUrl, access2));
      assertEquals("invalid_grant", token(as.path("token_endpoint").asText(), refreshForm(refresh, client))
          .json().path("error").asText(), "the old refresh token is spent");

      // 11. revocation ends the grant: 401 again
      Reply revoked = postForm(as.path("revocation_endpoint").asText(), form(revokeForm(refresh2, client)), null,
          null);
      assertEquals(200, revoked.status(), revoked.body());
      Reply after = whoami(mcpUrl, access2);
      assertEquals(401, after.status(), after.body());
      assertTrue(String.valueOf(after.header("WWW-Authenticate")).startsWith("Bearer resource_metadata="),
          String.valueOf(after.header("WWW-Authenticate")));
      assertEquals(401, whoami(mcpUrl, access).status());
      assertEquals("invalid_grant", token(as.path("token_endpoint").asText(), refreshForm(refresh2, client))
          .json().path("error").asText());

      // no token of ours, nor Sentry's, in the log; no Sentry secret reached the client
      List<String> sentrySecrets = fakeSecrets(s.fake());
      assertTrue(sentrySecrets.size() >= 2, "the fake issued Sentry tokens: " + sentrySecrets);
      String log = s.log();
      for (String secret : sentrySecrets) {
        assertFalse(log.contains(secret), "a Sentry secret in stderr");
        assertFalse(received.toString().contains(secret), "a Sentry secret reached the client");
      }
      for (String ours : List.of(access, refresh, access2, refresh2, answer.get("code"))) {
        assertFalse(log.contains(ours), "a token in stderr");
      }
      assertFalse(log.contains(OAuthPlan.SANDBOX_CLIENT_SECRET), log);
      assertFalse(log.contains("Exception"), log);
    }
  }

  /** A raw HTTP/1.1 POST to {@code /mcp} with the given Host header (java.net.http cannot set Host). */
  private static String rawPost(String listening, String host) throws Exception {
    URI u = URI.create(listening);
    try (java.net.Socket socket = new java.net.Socket(u.getHost(), u.getPort())) {
      socket.setSoTimeout(20_000);
      byte[] body = ServerProcess.INIT.getBytes(StandardCharsets.UTF_8);
      String head = "POST /mcp HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
          + "Accept: application/json, text/event-stream\r\nContent-Length: " + body.length
          + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().write(body);
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Behind a proxy that keeps the public Host: the MCP endpoint accepts it (and still refuses other hosts). */
  @Test
  void thePublicUrlsHostReachesTheMcpEndpoint() throws Exception {
    try (Running s = start(Map.of(), "--sandbox", "--transport=http", "--oauth", "--port=0", "--no-warmup",
        "--public-url=https://mcp.example.com")) {
      assertEquals("https://mcp.example.com", s.issuer());
      String viaProxy = rawPost(s.listening(), "mcp.example.com");
      assertTrue(viaProxy.startsWith("HTTP/1.1 401"), viaProxy);
      assertTrue(viaProxy.contains("resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource"
          + "/mcp\""), viaProxy);
      assertTrue(rawPost(s.listening(), "mcp.example.com:443").startsWith("HTTP/1.1 401"));
      String other = rawPost(s.listening(), "evil.example.com");
      assertTrue(other.startsWith("HTTP/1.1 403"), other);
      assertTrue(rawPost(s.listening(), "mcp.example.com:8443").startsWith("HTTP/1.1 403"));
    }
  }

  /** Starts the jar with this store, expecting it to stop at once; its output, checked for secrets. */
  private static String failedStart(String storeUrl, String user) throws Exception {
    String master = io.github.sentrymcp.oauth.OAuthKeys.newMasterSecret();
    List<String> cmd = new ArrayList<>(List.of(StdioServerClients.JAVA));
    cmd.addAll(StdioServerClients.serverArgs("--transport=http", "--oauth", "--port=0", "--sentry-client-id=app",
        "--oauth-store=" + storeUrl, "--no-warmup"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove("SENTRY_ACCESS_TOKEN");
    pb.environment().keySet().removeIf(k -> k.startsWith("MCP_") || k.startsWith("SENTRY_CLIENT"));
    pb.environment().putAll(Map.of("SENTRY_CLIENT_SECRET", "it-client-secret-value", "MCP_OAUTH_SECRET", master,
        "MCP_OAUTH_DB_USER", user, "MCP_OAUTH_DB_PASSWORD", "it-db-password-value"));
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
    assertEquals(1, p.exitValue(), out);
    assertFalse(out.contains("Exception") || out.contains("\tat "), out);
    for (String secret : List.of(master, "it-client-secret-value", "it-db-password-value")) {
      assertFalse(out.contains(secret), out);
    }
    return out;
  }

  /** A database that cannot be used stops the start with a plain message: no stack trace, no secret. */
  @Test
  void anUnusableDatabaseStopsTheStart() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    String unreachable = failedStart("jdbc:postgresql://127.0.0.1:" + closed + "/mcp?connectTimeout=5", "mcp");
    assertTrue(unreachable.contains("Error: --oauth-store: the database cannot be used (the connection failed,"
        + " SQLState 08"), unreachable);
    PostgresCluster pg = PostgresCluster.get();
    String missing = failedStart(pg.url.replaceFirst("/[^/?]+(\\?.*)?$", "/no_such_database"), pg.user);
    assertTrue(missing.contains("Error: --oauth-store: the database cannot be used (the database does not exist,"
        + " SQLState 3D"), missing);
  }

  private static long count(PostgresCluster pg, String sql, String param) throws Exception {
    try (Connection c = pg.connect(); PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, param);
      try (ResultSet rs = st.executeQuery()) {
        assertTrue(rs.next());
        return rs.getLong(1);
      }
    }
  }

  /**
   * Two replicas behind one public URL (a load balancer's, in production) sharing a PostgreSQL store and the master
   * secret: every step of a client's flow may reach either one. Here the public URL is replica A's own address, and
   * the test sends some steps to replica B's address directly (B's issuer, resource and the Origin it checks are the
   * public URL, not the Host header), as a load balancer would.
   */
  @Test
  void twoReplicasShareTheJdbcStore() throws Exception {
    PostgresCluster pg = PostgresCluster.get();
    String clientSecret = "it-sentry-app-client-secret";
    String master = io.github.sentrymcp.oauth.OAuthKeys.newMasterSecret();
    int portA;
    try (ServerSocket socket = new ServerSocket(0)) {
      portA = socket.getLocalPort();
    }
    String publicUrl = "http://localhost:" + portA;
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SENTRY_CLIENT_SECRET", clientSecret);
    env.put("MCP_OAUTH_SECRET", master);
    env.put("MCP_OAUTH_DB_USER", pg.user);
    if (!pg.password.isEmpty()) {
      env.put("MCP_OAUTH_DB_PASSWORD", pg.password);
    }
    try (FakeSentry fake = FakeSentry.builder().requiredToken("sntrys_it_unused_server_token")
        .oauthClient("app", clientSecret).oauthAutoApprove(true).build()) {
      List<String> common = List.of("--transport=http", "--oauth", "--public-url=" + publicUrl,
          "--oauth-store=" + pg.url, "--host=" + fake.hostAndPort(), "--insecure-http", "--sentry-client-id=app",
          "--no-warmup");
      List<String> argsA = new ArrayList<>(common);
      argsA.add("--port=" + portA);
      List<String> argsB = new ArrayList<>(common);
      argsB.add("--port=0");
      try (Running a = start(env, argsA.toArray(String[]::new));
          Running b = start(env, argsB.toArray(String[]::new))) {
        for (Running r : List.of(a, b)) {
          assertEquals(publicUrl, r.issuer());
          assertTrue(r.log().contains("OAuth store: PostgreSQL (schema migrated)"), r.log());
          assertFalse(r.log().contains("random secret"), r.log());
        }
        String replicaB = b.listening();
        assertNotEquals(a.listening(), replicaB);
        String resource = publicUrl + "/mcp";

        // registered on A; B knows the client (its consent page opens) and B's cookie and consent form work on A
        String client = register(publicUrl + "/oauth/register");
        assertEquals(1, count(pg, "SELECT count(*) FROM sentry_mcp_oauth_clients WHERE client_id = ?", client));
        String v = verifier();
        Consent consent = openConsent(replicaB + "/oauth/authorize?" + authorizeQuery(client, v, "st-b", resource));
        Reply approved = postForm(publicUrl + "/oauth/authorize", consent.approve("issue-triage", "triage"),
            consent.cookie(), publicUrl);
        assertEquals(302, approved.status(), approved.body());
        assertTrue(approved.location().startsWith(fake.baseUrl() + "/oauth/authorize/?"), approved.location());
        assertEquals("app", query(approved.location()).get("client_id"));
        Reply sentry = send(HttpRequest.newBuilder(URI.create(approved.location())).GET(), false);
        assertEquals(302, sentry.status(), sentry.body());
        assertTrue(sentry.location().startsWith(publicUrl + "/oauth/callback?"), sentry.location());
        // Sentry's callback lands on B: the pending authorization is in the shared store
        Reply back = get(replicaB + "/oauth/callback?" + URI.create(sentry.location()).getRawQuery(),
            consent.cookie());
        assertEquals(302, back.status(), back.body());
        Map<String, String> answer = query(back.location());
        assertEquals("st-b", answer.get("state"));
        assertEquals(publicUrl, answer.get("iss"));

        // the code (issued by B) is redeemed on A; the tokens work on both
        Reply tokenReply = token(publicUrl + "/oauth/token", codeExchange(answer.get("code"), client, v, resource));
        assertEquals(200, tokenReply.status(), tokenReply.body());
        String access = tokenReply.json().path("access_token").asText();
        String refresh = tokenReply.json().path("refresh_token").asText();
        assertToolCallSucceeded(whoami(replicaB + "/mcp", access));
        assertToolCallSucceeded(whoami(resource, access));
        assertEquals(1, count(pg, "SELECT count(*) FROM sentry_mcp_oauth_grants WHERE client_id = ?", client));
        assertTrue(count(pg, "SELECT count(*) FROM sentry_mcp_oauth_tokens WHERE client_id = ?", client) >= 2);
        assertEquals(0, count(pg, "SELECT count(*) FROM sentry_mcp_oauth_tokens WHERE hash = ?", access),
            "tokens are stored by hash only");
        String sha = java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
            .digest(access.getBytes(StandardCharsets.UTF_8)));
        assertEquals(1, count(pg, "SELECT count(*) FROM sentry_mcp_oauth_tokens WHERE hash = ?", sha));
        // the Sentry token is sealed in the grant row, never in clear
        List<String> sentrySecrets = fake.issuedOAuthSecrets();
        assertFalse(sentrySecrets.isEmpty());
        for (String secret : sentrySecrets) {
          assertEquals(0, count(pg, "SELECT count(*) FROM sentry_mcp_oauth_grants WHERE position(convert_to(?,"
              + " 'UTF8') in sealed_upstream) > 0", secret), "a Sentry token in clear in the database");
        }

        // refreshed on B, used on A; revoked on A, refused by B
        Reply refreshed = token(replicaB + "/oauth/token", refreshForm(refresh, client));
        assertEquals(200, refreshed.status(), refreshed.body());
        String access2 = refreshed.json().path("access_token").asText();
        String refresh2 = refreshed.json().path("refresh_token").asText();
        assertToolCallSucceeded(whoami(resource, access2));
        assertEquals(200, postForm(publicUrl + "/oauth/revoke", form(revokeForm(refresh2, client)), null, null)
            .status());
        assertEquals(401, whoami(replicaB + "/mcp", access2).status());
        assertEquals(401, whoami(replicaB + "/mcp", access).status());
        assertEquals("invalid_grant", token(replicaB + "/oauth/token", refreshForm(refresh2, client)).json()
            .path("error").asText());
        assertEquals(0, count(pg, "SELECT count(*) FROM sentry_mcp_oauth_grants WHERE client_id = ?", client));
        assertEquals(0, count(pg, "SELECT count(*) FROM sentry_mcp_oauth_tokens WHERE client_id = ?", client));

        for (Running r : List.of(a, b)) {
          String log = r.log();
          for (String secret : fake.issuedOAuthSecrets()) {
            assertFalse(log.contains(secret), "a Sentry secret in stderr");
          }
          for (String secret : List.of(access, refresh, access2, refresh2, answer.get("code"), master,
              clientSecret)) {
            assertFalse(log.contains(secret), "a secret in stderr");
          }
        }
        for (String secret : fake.issuedOAuthSecrets()) {
          assertFalse(received.toString().contains(secret), "a Sentry secret reached the client");
        }
      }
    }
  }
}
