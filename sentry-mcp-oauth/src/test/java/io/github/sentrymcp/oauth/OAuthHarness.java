package io.github.sentrymcp.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.transport.http.SentryMcpHttpServlet;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;

/**
 * A real deployment for tests: FakeSentry with an OAuth app, an engine, and one Jetty serving the MCP servlet and the
 * authorization server at {@code http://localhost:<port>}; plus a scripted browser and MCP client that record every
 * response they receive (to prove no Sentry secret ever reaches the client side).
 */
final class OAuthHarness implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String REDIRECT = "http://127.0.0.1:7777/callback";

  final FakeSentry fake;
  final SentryMcp engine;
  final SentryOAuthServer oauth;
  final OAuthStore store;
  final OAuthKeys keys = OAuthKeys.generate();
  final Server jetty;
  final int port;
  final String issuer;
  final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(5)).build();
  /**
   * Every status line, header and body this server sent (to the MCP client and to the browser). The fake Sentry's
   * own answers are not in it: Sentry's authorization code passes through the user's browser by design.
   */
  final StringBuilder received = new StringBuilder();

  OAuthHarness() throws Exception {
    this(b -> {}, b -> {}, new InMemoryOAuthStore());
  }

  OAuthHarness(Consumer<FakeSentry.Builder> fakeOptions, Consumer<SentryOAuthServer.Builder> options,
      OAuthStore store) throws Exception {
    this(fakeOptions, options, store, b -> {});
  }

  OAuthHarness(Consumer<FakeSentry.Builder> fakeOptions, Consumer<SentryOAuthServer.Builder> options,
      OAuthStore store, Consumer<SentryMcpHttpServlet.Builder> mcpOptions) throws Exception {
    FakeSentry.Builder fb = FakeSentry.builder().requiredToken("server-token")
        .oauthClient("upstream-app", "upstream-secret").oauthAutoApprove(true);
    fakeOptions.accept(fb);
    fake = fb.build();
    engine = SentryMcp.builder(SentryMcpConfig.builder().host(fake.hostAndPort()).insecureHttp(true).build())
        .build();
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    issuer = "http://localhost:" + port;
    this.store = store;
    URI base = URI.create(fake.baseUrl());
    SentryOAuthServer.Builder ob = SentryOAuthServer.builder(URI.create(issuer),
            new UpstreamSentry(base, "upstream-app", "upstream-secret", base.resolve("/oauth/revoke/")),
            keys)
        .store(store);
    options.accept(ob);
    oauth = ob.build();
    SentryMcpHttpServlet.Builder mb = SentryMcpHttpServlet.builder(engine, oauth.authenticator());
    mcpOptions.accept(mb);
    SentryMcpHttpServlet mcp = mb.build();
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder holder = new ServletHolder("mcp", mcp);
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/mcp");
    context.addServlet(holder, "/mcp/*");
    ServletHolder o = new ServletHolder("oauth", oauth.servlet());
    context.addServlet(o, "/.well-known/*");
    context.addServlet(o, "/oauth/*");
    jetty.setHandler(context);
    jetty.start();
  }

  @Override
  public void close() throws Exception {
    jetty.stop();
    engine.close();
    fake.close();
  }

  // ---- HTTP with a recorded view

  record Reply(int status, Map<String, List<String>> headers, String body) {
    @Nullable String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return e.getValue().get(0);
        }
      }
      return null;
    }

    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }

    String location() {
      String l = header("Location");
      assertNotNull(l, "a redirect: " + status + " " + body);
      return l;
    }
  }

  Reply send(HttpRequest.Builder b) throws IOException, InterruptedException {
    HttpRequest request = b.timeout(Duration.ofSeconds(20)).build();
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (request.uri().toString().startsWith(issuer)) {
      received.append(r.statusCode()).append('\n').append(r.headers().map()).append('\n').append(r.body())
        .append('\n');
    }
    return new Reply(r.statusCode(), r.headers().map(), r.body());
  }

  Reply get(String url, @Nullable String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(abs(url))).GET();
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return send(b);
  }

  Reply postForm(String url, Map<String, String> form, @Nullable String cookie, @Nullable String origin)
      throws Exception {
    return postForm(url, form(form), cookie, origin);
  }

  Reply postForm(String url, String body, @Nullable String cookie, @Nullable String origin) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(abs(url)))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    if (origin != null) {
      b.header("Origin", origin);
    }
    return send(b);
  }

  Reply postJson(String url, String json) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(abs(url))).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** One stateless MCP request ({@code tools/call}) with a bearer token; the parsed JSON-RPC answer or the reply. */
  Reply mcp(String path, @Nullable String bearer, String method, String paramsJson) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(abs(path)))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + paramsJson + "}"));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return send(b);
  }

  Reply whoami(String path, String bearer) throws Exception {
    return mcp(path, bearer, "tools/call", "{\"name\":\"whoami\",\"arguments\":{}}");
  }

  String abs(String url) {
    return url.startsWith("http") ? url : issuer + url;
  }

  // ---- the OAuth client's side

  /** A registered public client. */
  String register(String... redirectUris) throws Exception {
    StringBuilder uris = new StringBuilder();
    for (String u : redirectUris.length == 0 ? new String[] {REDIRECT} : redirectUris) {
      uris.append(uris.length() == 0 ? "" : ",").append(JSON.writeValueAsString(u));
    }
    Reply r = postJson("/oauth/register", "{\"redirect_uris\":[" + uris + "],\"token_endpoint_auth_method\":"
        + "\"none\",\"client_name\":\"Test <b>client</b>\",\"grant_types\":[\"authorization_code\","
        + "\"refresh_token\"]}");
    assertEquals(201, r.status(), r.body());
    return r.json().path("client_id").asText();
  }

  static String verifier() {
    byte[] b = new byte[32];
    new java.security.SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static String challenge(String verifier) throws Exception {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
  }

  /** The authorization URL a client opens. */
  String authorizeUrl(String clientId, String redirect, String verifier, String state, @Nullable String resource)
      throws Exception {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("response_type", "code");
    q.put("client_id", clientId);
    q.put("redirect_uri", redirect);
    q.put("code_challenge", challenge(verifier));
    q.put("code_challenge_method", "S256");
    q.put("state", state);
    if (resource != null) {
      q.put("resource", resource);
    }
    return "/oauth/authorize?" + form(q);
  }

  /** The consent page's form: hidden fields and the browser cookie it set. */
  record ConsentForm(String request, String csrf, String cookie, String html) {}

  ConsentForm openConsent(String authorizeUrl, @Nullable String cookie) throws Exception {
    Reply page = get(authorizeUrl, cookie);
    assertEquals(200, page.status(), page.body());
    String setCookie = page.header("Set-Cookie");
    String c = cookie;
    if (setCookie != null) {
      c = setCookie.split(";", 2)[0];
      assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("Secure")
          && setCookie.toLowerCase(java.util.Locale.ROOT).contains("samesite=lax"), setCookie);
    }
    assertNotNull(c, "a browser cookie");
    return new ConsentForm(hidden(page.body(), "request"), hidden(page.body(), "csrf"), c, page.body());
  }

  static String hidden(String html, String name) {
    Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
    assertTrue(m.find(), "hidden field " + name);
    return m.group(1).replace("&amp;", "&");
  }

  /** Submits the consent form; returns the answer (a redirect to Sentry when approved). */
  Reply submitConsent(ConsentForm f, String action, String level, List<String> skills, @Nullable String org,
      @Nullable String project) throws Exception {
    StringBuilder body = new StringBuilder();
    body.append("request=").append(enc(f.request())).append("&csrf=").append(enc(f.csrf()))
        .append("&action=").append(action).append("&level=").append(level);
    for (String s : skills) {
      body.append("&skill=").append(enc(s));
    }
    if (org != null) {
      body.append("&organization=").append(enc(org));
    }
    if (project != null) {
      body.append("&project=").append(enc(project));
    }
    return postForm("/oauth/authorize", body.toString(), f.cookie(), issuer);
  }

  /** Follows Sentry's (auto-approving) authorize redirect; returns our callback URL. */
  String throughSentry(String sentryAuthorizeUrl) throws Exception {
    Reply r = get(sentryAuthorizeUrl, null);
    assertEquals(302, r.status(), r.body());
    String loc = r.location();
    assertTrue(loc.startsWith(issuer + "/oauth/callback"), loc);
    return loc;
  }

  /** The whole browser part: consent approved with defaults; returns the client's redirect with code/state/iss. */
  Map<String, String> authorize(String clientId, String verifier, String state, @Nullable String resource,
      String level) throws Exception {
    ConsentForm f = openConsent(authorizeUrl(clientId, REDIRECT, verifier, state, resource), null);
    Reply consent = submitConsent(f, "approve", level, List.of("inspect", "triage"), null, null);
    assertEquals(302, consent.status(), consent.body());
    String callback = throughSentry(consent.location());
    Reply back = get(callback, f.cookie());
    assertEquals(302, back.status(), back.body());
    String loc = back.location();
    assertTrue(loc.startsWith(REDIRECT + "?"), loc);
    return query(loc);
  }

  Reply token(Map<String, String> form) throws Exception {
    return postForm("/oauth/token", form, null, null);
  }

  /** Tokens for a new client through the whole flow. */
  JsonNode tokens(String clientId, @Nullable String resource, String level) throws Exception {
    String v = verifier();
    Map<String, String> back = authorize(clientId, v, "st-1", resource, level);
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", back.get("code"));
    form.put("redirect_uri", REDIRECT);
    form.put("client_id", clientId);
    form.put("code_verifier", v);
    if (resource != null) {
      form.put("resource", resource);
    }
    Reply r = token(form);
    assertEquals(200, r.status(), r.body());
    return r.json();
  }

  static Map<String, String> query(String url) {
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

  static String form(Map<String, String> m) {
    List<String> parts = new ArrayList<>();
    m.forEach((k, v) -> parts.add(enc(k) + "=" + enc(v)));
    return String.join("&", parts);
  }

  static String enc(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8);
  }

  /** Asserts that nothing the client side received contains a Sentry secret (token, refresh token or code). */
  void assertNoSentrySecretReceived() {
    String all = received.toString();
    List<String> secrets = fake.issuedOAuthSecrets();
    assertTrue(!secrets.isEmpty(), "the fake issued Sentry secrets");
    for (String secret : secrets) {
      assertTrue(!all.contains(secret), "a Sentry secret reached the client");
    }
    assertTrue(!all.contains("upstream-secret"), "the Sentry app's client secret reached the client");
  }
}
