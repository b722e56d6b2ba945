package io.github.sentrymcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.OAuthRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Device login in process: {@code auth login|status|logout} and the token-less stdio start, against the test kit's
 * fake Sentry OAuth provider (public client {@code test-client}, zero polling interval).
 */
class DeviceLoginTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern USER_CODE = Pattern.compile("code: ([A-Z]{4}-[A-Z]{4})");

  @TempDir Path dir;
  private FakeSentry fake;
  private Path cacheFile;
  private final List<Run> runs = new ArrayList<>();

  private record Run(int exit, String out, String err, @Nullable LaunchPlan plan) {}

  @BeforeEach
  void start() {
    fake = FakeSentry.builder().oauthClient("test-client", null).oauthDeviceInterval(Duration.ZERO)
        .oauthUser("42", "Ada Lovelace", "ada@example.com").requiredToken("sntrys_unrelated").build();
    cacheFile = dir.resolve("home").resolve(".sentry").resolve("mcp.json");
  }

  /** No run ever printed a code or token the fake issued. */
  @AfterEach
  void noSecretInAnyOutput() {
    try {
      List<String> secrets = fake.issuedOAuthSecrets();
      for (Run r : runs) {
        for (String s : secrets) {
          assertFalse(r.out.contains(s), "stdout shows a secret: " + r.out);
          assertFalse(r.err.contains(s), "stderr shows a secret: " + r.err);
        }
      }
    } finally {
      fake.close();
    }
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("SENTRY_CLIENT_ID", "test-client");
    env.put("SENTRY_MCP_AUTH_CACHE", cacheFile.toString());
    env.put("SENTRY_MCP_NO_BROWSER", "1");
    return env;
  }

  private String[] hostArgs(String... first) {
    List<String> a = new ArrayList<>(List.of(first));
    a.addAll(List.of("--host", fake.hostAndPort(), "--insecure-http"));
    return a.toArray(new String[0]);
  }

  private String key() {
    return fake.hostAndPort() + ":test-client";
  }

  /** Main.run with a launcher that records the plan; {@code whileRunning} sees stderr as it is written. */
  private Run run(Map<String, String> env, @Nullable Consumer<ByteArrayOutputStream> whileRunning, String... args)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    LaunchPlan[] plan = new LaunchPlan[1];
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
      try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
          PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
        return Main.run(args, env, o, e, (p, stderr) -> {
          plan[0] = p;
          return 0;
        });
      }
    });
    if (whileRunning != null) {
      whileRunning.accept(err);
    }
    Run r = new Run(exit.get(30, TimeUnit.SECONDS), out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8), plan[0]);
    runs.add(r);
    return r;
  }

  /** Waits for the user code on stderr, then hands it to the action (approve, deny, expire...). */
  private static Consumer<ByteArrayOutputStream> onUserCode(Consumer<String> action) {
    return err -> {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < deadline) {
        Matcher m = USER_CODE.matcher(err.toString(StandardCharsets.UTF_8));
        if (m.find()) {
          action.accept(m.group(1));
          return;
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      throw new AssertionError("no user code on stderr: " + err.toString(StandardCharsets.UTF_8));
    };
  }

  private Run login() throws Exception {
    Run r = run(env(), onUserCode(fake::approveDevice), hostArgs("auth", "login"));
    assertEquals(0, r.exit, r.err);
    return r;
  }

  private JsonNode cacheEntry() throws Exception {
    return JSON.readTree(Files.readString(cacheFile)).path(key());
  }

  private int apiStatus(String token) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/api/0/auth/")).header("Authorization", "Bearer " + token)
            .build(), HttpResponse.BodyHandlers.ofString());
    return r.statusCode();
  }

  @Test
  void loginCachesTheTokenOwnerOnlyAndTheServerStartsFromTheCache() throws Exception {
    Run login = login();
    assertTrue(login.err.contains("open this page in a browser:"), login.err);
    assertTrue(login.err.contains(fake.baseUrl() + "/oauth/device/?user_code="), login.err);
    assertTrue(login.err.contains("Logged in to " + fake.hostAndPort() + " as ada@example.com"), login.err);
    assertEquals("", login.out);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cacheFile)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cacheFile.getParent())));
    JsonNode e = cacheEntry();
    String access = e.path("access_token").asText();
    assertTrue(fake.issuedOAuthSecrets().contains(access));
    assertTrue(fake.issuedOAuthSecrets().contains(e.path("refresh_token").asText()));
    assertEquals("42", e.path("user").path("id").asText());
    assertEquals("ada@example.com", e.path("user").path("email").asText());
    assertEquals(fake.hostAndPort(), e.path("sentry_host").asText());
    assertEquals("test-client", e.path("client_id").asText());
    assertEquals("org:read project:write team:write event:write", e.path("scope").asText());
    Instant expiresAt = Instant.parse(e.path("expires_at").asText());
    assertTrue(expiresAt.isAfter(Instant.now().plus(Duration.ofHours(7))), expiresAt.toString());
    // only the temp-file-and-rename write left the cache: no stray temporary file
    try (var files = Files.list(cacheFile.getParent())) {
      assertEquals(List.of(cacheFile), files.toList());
    }
    // the token-endpoint traffic: one device authorization and device-code polls, nothing else
    List<String> grants = fake.oauthRequests().stream().map(OAuthRequest::endpoint).distinct().toList();
    assertEquals(List.of("POST /oauth/device/code/", "POST /oauth/token/"), grants);

    // the stdio server starts from the cache, no flow, no request to the OAuth server
    int oauthCalls = fake.oauthRequests().size();
    Run server = run(env(), null, hostArgs());
    assertEquals(0, server.exit, server.err);
    assertNotNull(server.plan);
    assertEquals(access, server.plan.session().credential().token());
    assertTrue(server.err.contains("Using the cached login of ada@example.com for " + fake.hostAndPort()),
        server.err);
    assertEquals(oauthCalls, fake.oauthRequests().size());
    assertEquals(200, apiStatus(access));

    // a second login always runs a new flow and replaces the entry, keeping other entries
    ObjectNode root = (ObjectNode) JSON.readTree(Files.readString(cacheFile));
    root.putObject("other.example.com:other").put("access_token", "x").put("expires_at", "2099-01-01T00:00:00Z");
    Files.writeString(cacheFile, root.toString());
    login();
    assertNotEquals(access, cacheEntry().path("access_token").asText());
    assertEquals("x", JSON.readTree(Files.readString(cacheFile)).path("other.example.com:other")
        .path("access_token").asText());
  }

  @Test
  void statusAndLogout() throws Exception {
    Run none = run(env(), null, hostArgs("auth", "status"));
    assertEquals(0, none.exit, none.err);
    assertTrue(none.out.contains("Not logged in to " + fake.hostAndPort()), none.out);
    login();
    Run status = run(env(), null, hostArgs("auth", "status"));
    assertEquals(0, status.exit, status.err);
    assertTrue(status.out.contains("Logged in to " + fake.hostAndPort() + " as ada@example.com (user id 42)"),
        status.out);
    assertTrue(status.out.contains("Client id: test-client"), status.out);
    assertTrue(status.out.contains("Expires:   " + cacheEntry().path("expires_at").asText()), status.out);
    assertTrue(status.out.contains("Cache:     " + cacheFile), status.out);
    assertFalse(status.out.contains("expired"), status.out);

    Run logout = run(env(), null, hostArgs("auth", "logout"));
    assertEquals(0, logout.exit, logout.err);
    assertTrue(logout.out.contains("Logged out of " + fake.hostAndPort()), logout.out);
    assertTrue(cacheEntry().isMissingNode());
    Run again = run(env(), null, hostArgs("auth", "logout"));
    assertTrue(again.out.contains("No cached login for " + fake.hostAndPort()), again.out);
    assertTrue(run(env(), null, hostArgs("auth", "status")).out.contains("Not logged in"));
  }

  private void setExpiry(Instant expiresAt) throws Exception {
    ObjectNode root = (ObjectNode) JSON.readTree(Files.readString(cacheFile));
    ((ObjectNode) root.get(key())).put("expires_at", expiresAt.toString());
    Files.writeString(cacheFile, root.toString()); // in place: the mode stays 0600
  }

  @Test
  void anExpiredCachedTokenIsRefreshedAtStart() throws Exception {
    login();
    JsonNode before = cacheEntry();
    setExpiry(Instant.now().minusSeconds(60));
    fake.expireOAuthAccessTokens();
    assertEquals(401, apiStatus(before.path("access_token").asText()));
    Run server = run(env(), null, hostArgs());
    assertEquals(0, server.exit, server.err);
    assertTrue(server.err.contains("Refreshed the cached login of ada@example.com"), server.err);
    JsonNode after = cacheEntry();
    String fresh = after.path("access_token").asText();
    assertNotEquals(before.path("access_token").asText(), fresh);
    assertNotEquals(before.path("refresh_token").asText(), after.path("refresh_token").asText());
    assertTrue(Instant.parse(after.path("expires_at").asText()).isAfter(Instant.now().plus(Duration.ofHours(7))));
    assertEquals(fresh, java.util.Objects.requireNonNull(server.plan).session().credential().token());
    assertEquals(200, apiStatus(fresh));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cacheFile)));
    OAuthRequest last = fake.oauthRequests().get(fake.oauthRequests().size() - 1);
    assertEquals("refresh_token", last.grantType());
    assertEquals("test-client", last.clientId());
    assertEquals(200, last.status());

    // within the 5-minute margin counts as expired too
    setExpiry(Instant.now().plus(Duration.ofMinutes(4)));
    Run margin = run(env(), null, hostArgs());
    assertTrue(margin.err.contains("Refreshed the cached login"), margin.err);
    assertNotEquals(fresh, cacheEntry().path("access_token").asText());
    // six minutes ahead is still good
    setExpiry(Instant.now().plus(Duration.ofMinutes(6)));
    Run cached = run(env(), null, hostArgs());
    assertTrue(cached.err.contains("Using the cached login"), cached.err);
  }

  @Test
  void aRejectedRefreshWithoutATerminalAsksForALogin() throws Exception {
    assumeFalse(StoredLogin.stderrIsTerminal(), "the test JVM's stderr is a terminal");
    login();
    JsonNode before = cacheEntry();
    // the refresh token is used up elsewhere (rotation), then the access token expires
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(fake.baseUrl() + "/oauth/revoke/")).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("client_id=test-client&token="
            + before.path("refresh_token").asText())).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    setExpiry(Instant.now().minusSeconds(1));
    Run server = run(env(), null, hostArgs());
    assertEquals(1, server.exit);
    assertNull(server.plan);
    assertTrue(server.err.contains("can no longer be refreshed"), server.err);
    assertTrue(server.err.contains("sentry-mcp-server auth login"), server.err);
    assertTrue(cacheEntry().isMissingNode(), "the dead entry is removed");
  }

  @Test
  void aStartWithoutTokenCacheOrTerminalExitsWithAHint() throws Exception {
    assumeFalse(StoredLogin.stderrIsTerminal(), "the test JVM's stderr is a terminal");
    Run r = run(env(), null, hostArgs());
    assertEquals(1, r.exit);
    assertNull(r.plan);
    assertTrue(r.err.contains("Error: no Sentry access token, and no usable cached login for " + fake.hostAndPort()),
        r.err);
    assertTrue(r.err.contains("'sentry-mcp-server auth login'"), r.err);
    assertEquals(List.of(), fake.oauthRequests(), "no device flow without a terminal");
    assertFalse(Files.exists(cacheFile));
  }

  @Test
  void deniedInTheBrowser() throws Exception {
    Run r = run(env(), onUserCode(fake::denyDevice), hostArgs("auth", "login"));
    assertEquals(1, r.exit);
    assertTrue(r.err.contains("Error: the login was denied in the browser"), r.err);
    assertFalse(Files.exists(cacheFile));
    assertEquals("access_denied", fake.oauthRequests().get(fake.oauthRequests().size() - 1).error());
  }

  @Test
  void theDeviceCodeExpires() throws Exception {
    Run r = run(env(), onUserCode(code -> fake.expireOAuthDeviceCodes()), hostArgs("auth"));
    assertEquals(1, r.exit);
    assertTrue(r.err.contains("Error: the login code expired before it was approved"), r.err);
    assertFalse(Files.exists(cacheFile));
    assertEquals("expired_token", fake.oauthRequests().get(fake.oauthRequests().size() - 1).error());
  }

  @Test
  void slowDownLengthensTheInterval() throws Exception {
    // a fake whose interval the client's 200 ms floor undercuts: one slow_down, then 5 s more between polls
    try (FakeSentry slow = FakeSentry.builder().oauthClient("test-client", null)
        .oauthDeviceInterval(Duration.ofMillis(300)).build()) {
      Map<String, String> env = env();
      long[] approvedAt = new long[1];
      Run r = run(env, onUserCode(code -> {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && slow.oauthRequests().stream()
            .noneMatch(q -> "slow_down".equals(q.error()))) {
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        approvedAt[0] = System.nanoTime();
        slow.approveDevice(code);
      }), "auth", "login", "--host", slow.hostAndPort(), "--insecure-http");
      assertEquals(0, r.exit, r.err);
      List<OAuthRequest> polls = slow.oauthRequests().stream()
          .filter(q -> "POST /oauth/token/".equals(q.endpoint())).toList();
      int slowDown = -1;
      for (int i = 0; i < polls.size(); i++) {
        if ("slow_down".equals(polls.get(i).error())) {
          slowDown = i;
          break;
        }
      }
      assertTrue(slowDown >= 0, polls.toString());
      OAuthRequest next = polls.get(slowDown + 1);
      long gapMs = Duration.between(polls.get(slowDown).receivedAt(), next.receivedAt()).toMillis();
      assertTrue(gapMs >= 5_000, "polled again after " + gapMs + " ms");
      assertEquals(200, polls.get(polls.size() - 1).status());
      for (String s : slow.issuedOAuthSecrets()) {
        assertFalse(r.err.contains(s));
      }
    }
  }

  @Test
  void deviceLoginIsForSentryIoUnlessAClientIdIsGiven() throws Exception {
    Map<String, String> env = env();
    env.remove("SENTRY_CLIENT_ID");
    Run login = run(env, null, hostArgs("auth", "login"));
    assertEquals(1, login.exit);
    assertTrue(login.err.contains("device login works for sentry.io; for " + fake.hostAndPort()
        + " set SENTRY_CLIENT_ID"), login.err);
    Run server = run(env, null, hostArgs());
    assertEquals(1, server.exit);
    assertTrue(server.err.contains("Error: no Sentry access token"), server.err);
    assertTrue(server.err.contains("set SENTRY_CLIENT_ID"), server.err);
    assertEquals(List.of(), fake.oauthRequests());
    // an unknown client id: the OAuth server's invalid_client, in words
    env.put("SENTRY_CLIENT_ID", "nobody");
    Run unknown = run(env, null, hostArgs("auth", "login"));
    assertEquals(1, unknown.exit);
    assertTrue(unknown.err.contains("does not know the client id nobody (check SENTRY_CLIENT_ID)"), unknown.err);
  }

  @Test
  void aCacheOthersCanReadIsRefused() throws Exception {
    login();
    Files.setPosixFilePermissions(cacheFile, PosixFilePermissions.fromString("rw-r--r--"));
    Run status = run(env(), null, hostArgs("auth", "status"));
    assertEquals(1, status.exit);
    assertTrue(status.err.contains("is accessible by other users (mode rw-r--r--); refusing to use it. Fix it with"
        + " 'chmod 600 " + cacheFile + "'"), status.err);
    Run server = run(env(), null, hostArgs());
    assertEquals(1, server.exit);
    assertTrue(server.err.contains("refusing to use it"), server.err);
    Files.setPosixFilePermissions(cacheFile, PosixFilePermissions.fromString("rw-------"));
    Files.setPosixFilePermissions(cacheFile.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
    Run dirOpen = run(env(), null, hostArgs("auth", "status"));
    assertEquals(1, dirOpen.exit);
    assertTrue(dirOpen.err.contains("the token cache directory " + cacheFile.getParent()
        + " is accessible by other users"), dirOpen.err);
    assertTrue(dirOpen.err.contains("'chmod 700 " + cacheFile.getParent() + "'"), dirOpen.err);
    Files.setPosixFilePermissions(cacheFile.getParent(), PosixFilePermissions.fromString("rwx------"));
    Files.writeString(cacheFile, "{not json");
    Run broken = run(env(), null, hostArgs("auth", "status"));
    assertEquals(1, broken.exit);
    assertTrue(broken.err.contains("is not valid JSON"), broken.err);
  }

  @Test
  void aLongSessionRefreshesItsTokenNearExpiry() throws Exception {
    // tokens that live 4 minutes are always within the 5-minute margin: every use refreshes
    try (FakeSentry shortLived = FakeSentry.builder().oauthClient("test-client", null)
        .oauthDeviceInterval(Duration.ZERO).oauthTokenLifetime(Duration.ofMinutes(4)).build()) {
      String[] args = {"--host", shortLived.hostAndPort(), "--insecure-http"};
      Run login = run(env(), onUserCode(shortLived::approveDevice), "auth", "login", args[0], args[1], args[2]);
      assertEquals(0, login.exit, login.err);
      Run server = run(env(), null, args);
      assertEquals(0, server.exit, server.err);
      io.github.sentrymcp.api.Credential credential =
          java.util.Objects.requireNonNull(server.plan).session().credential();
      assertFalse(credential.toString().contains(credential.token()), credential.toString());
      String first = credential.token();
      shortLived.expireOAuthAccessTokens();
      String second = credential.token();
      assertNotEquals(first, second);
      String key = shortLived.hostAndPort() + ":test-client";
      assertEquals(second, JSON.readTree(Files.readString(cacheFile)).path(key).path("access_token").asText());
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(shortLived.baseUrl() + "/api/0/auth/")).header("Authorization", "Bearer " + second).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode());
      for (String secret : shortLived.issuedOAuthSecrets()) {
        assertFalse(login.err.contains(secret) || server.err.contains(secret));
      }
    }
  }

  @Test
  void usageErrors() throws Exception {
    Run unknown = run(env(), null, "auth", "signin");
    assertEquals(1, unknown.exit);
    assertTrue(unknown.err.contains("Error: unknown auth command 'signin'; use login, status or logout."),
        unknown.err);
    assertTrue(unknown.err.contains(AuthCommand.USAGE), unknown.err);
    Run option = run(env(), null, "auth", "login", "--access-token=sntrys_secret");
    assertEquals(1, option.exit);
    assertTrue(option.err.contains("unknown option '--access-token' for 'auth'"), option.err);
    assertFalse(option.err.contains("sntrys_secret"), option.err);
    Run noValue = run(env(), null, "auth", "status", "--host");
    assertEquals(1, noValue.exit);
    assertTrue(noValue.err.contains("--host needs a value"), noValue.err);
    Run twice = run(env(), null, "auth", "login", "status");
    assertEquals(1, twice.exit);
    Run scheme = run(env(), null, "auth", "status", "--host=https://sentry.example.com");
    assertEquals(1, scheme.exit);
    assertTrue(scheme.err.contains("Error: "), scheme.err);
    Run help = run(env(), null, "auth", "--help");
    assertEquals(0, help.exit);
    assertTrue(help.out.contains(AuthCommand.USAGE), help.out);
    assertTrue(help.out.contains("SENTRY_CLIENT_ID") && help.out.contains("SENTRY_MCP_AUTH_CACHE"), help.out);
    assertEquals(List.of(), fake.oauthRequests());
  }
}
