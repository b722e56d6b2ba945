package io.github.sentrymcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sentrymcp.testkit.FakeSentry;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: {@code auth login} in a child process against the test kit's fake OAuth provider, approved through its
 * hook, then a token-less stdio server that starts from the cache and answers {@code whoami}; and a token-less start
 * without a cache. No issued secret reaches stdout, stderr or the MCP client.
 */
class DeviceLoginIT {
  private static final Pattern USER_CODE = Pattern.compile("code: ([A-Z]{4}-[A-Z]{4})");

  @TempDir Path dir;
  private FakeSentry fake;
  private Path cache;
  private final List<String> output = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    assertTrue(Files.isRegularFile(StdioServerClients.JAR), "run `mvn package` first: " + StdioServerClients.JAR);
    fake = FakeSentry.builder().oauthClient("test-client", null).oauthDeviceInterval(Duration.ZERO)
        .oauthUser("42", "Ada Lovelace", "ada@example.com").build();
    cache = dir.resolve("sentry").resolve("mcp.json");
  }

  @AfterEach
  void noSecretAnywhere() {
    try {
      List<String> secrets = fake.issuedOAuthSecrets();
      for (String line : output) {
        for (String s : secrets) {
          assertFalse(line.contains(s), "an issued secret was shown: " + line);
        }
      }
    } finally {
      fake.close();
    }
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("SENTRY_CLIENT_ID", "test-client");
    env.put("SENTRY_MCP_AUTH_CACHE", cache.toString());
    env.put("SENTRY_MCP_NO_BROWSER", "1");
    env.put("SENTRY_ACCESS_TOKEN", ""); // blank counts as unset, whatever the test JVM's environment holds
    return env;
  }

  private List<String> cmd(List<String> jvm, String... args) {
    List<String> c = new ArrayList<>(List.of(StdioServerClients.JAVA));
    c.addAll(jvm);
    c.addAll(StdioServerClients.serverArgs(args));
    return c;
  }

  /** Runs the jar to completion; stderr lines are seen as they come. Returns the exit code. */
  private int runJar(List<String> command, java.util.function.Consumer<String> onStderrLine) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env());
    Process p = pb.start();
    CompletableFuture<String> stdout = ServerProcess.readAll(p.getInputStream());
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        output.add(line);
        onStderrLine.accept(line);
      }
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running");
    output.add(stdout.get(10, TimeUnit.SECONDS));
    return p.exitValue();
  }

  private McpSyncClient client(List<String> args) {
    List<String> a = new ArrayList<>(args.subList(1, args.size()));
    ServerParameters params = ServerParameters.builder(args.get(0)).args(a).env(env()).build();
    StdioClientTransport transport = new StdioClientTransport(params, new JacksonMcpJsonMapper(new ObjectMapper()));
    transport.setStdErrorHandler(output::add);
    return McpClient.sync(transport)
        .clientInfo(McpSchema.Implementation.builder("device-login-it", "1").build())
        .requestTimeout(Duration.ofSeconds(30))
        .initializationTimeout(Duration.ofSeconds(30))
        .build();
  }

  @Test
  void loginThenTheServerStartsFromTheCacheAndAnswersWhoami() throws Exception {
    int exit = runJar(cmd(List.of(), "auth", "login", "--host=" + fake.hostAndPort(), "--insecure-http"), line -> {
      Matcher m = USER_CODE.matcher(line);
      if (m.find()) {
        fake.approveDevice(m.group(1));
      }
    });
    assertEquals(0, exit, String.join("\n", output));
    assertTrue(output.stream().anyMatch(l -> l.contains("Logged in to " + fake.hostAndPort() + " as ada@example.com")),
        String.join("\n", output));
    // the page to open is shown whole, though stderr's redaction cuts every other URL's query
    assertTrue(output.stream().anyMatch(l -> l.contains(fake.baseUrl() + "/oauth/device/?user_code=")),
        String.join("\n", output));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.getParent())));

    // a token-less server starts from the cache; a valid cached token needs neither the OAuth library nor a request
    Path classLog = dir.resolve("classes.log");
    int oauthCalls = fake.oauthRequests().size();
    try (McpSyncClient c = client(cmd(List.of("-Xlog:class+load=info:file=" + classLog), "--host="
        + fake.hostAndPort(), "--insecure-http", "--no-warmup"))) {
      c.initialize();
      McpSchema.CallToolResult whoami = StdioServerClients.call(c, "whoami", Map.of());
      String text = StdioServerClients.text(whoami);
      output.add(text);
      assertFalse(Boolean.TRUE.equals(whoami.isError()), text);
      assertTrue(text.contains("ada@example.com"), text);
      assertTrue(text.contains("Ada Lovelace"), text);
    }
    assertEquals(oauthCalls, fake.oauthRequests().size());
    assertTrue(output.stream().anyMatch(l -> l.contains("Using the cached login of ada@example.com")),
        String.join("\n", output));
    String loaded = Files.readString(classLog, StandardCharsets.UTF_8);
    assertTrue(loaded.contains("io.github.sentrymcp.server.TokenCache "), "class log incomplete");
    assertFalse(loaded.contains("com.nimbusds."), "a start from a valid cached token loaded the OAuth library");
  }

  @Test
  void aStartWithATokenLoadsNoLoginCode() throws Exception {
    Path classLog = dir.resolve("classes.log");
    try (McpSyncClient c = client(cmd(List.of("-Xlog:class+load=info:file=" + classLog), "--access-token=t",
        "--host=" + fake.hostAndPort(), "--insecure-http", "--no-warmup"))) {
      c.initialize();
      assertNotNull(StdioServerClients.call(c, "whoami", Map.of()));
    }
    String loaded = Files.readString(classLog, StandardCharsets.UTF_8);
    assertTrue(loaded.contains("io.github.sentrymcp.server.StdioLauncher "), "class log incomplete");
    for (String cls : List.of("com.nimbusds.", "io.github.sentrymcp.server.StoredLogin ",
        "io.github.sentrymcp.server.TokenCache ", "io.github.sentrymcp.server.DeviceLogin ",
        "io.github.sentrymcp.server.AuthTarget ")) {
      assertFalse(loaded.contains(cls), "loaded " + cls);
    }
  }

  @Test
  void aTokenlessStartWithoutCacheOrTerminalExitsOne() throws Exception {
    int exit = runJar(cmd(List.of(), "--host=" + fake.hostAndPort(), "--insecure-http"), line -> { });
    assertEquals(1, exit);
    String all = String.join("\n", output);
    assertTrue(all.contains("Error: no Sentry access token, and no usable cached login for " + fake.hostAndPort()),
        all);
    assertTrue(all.contains("'sentry-mcp-server auth login'"), all);
    assertEquals(List.of(), fake.oauthRequests());
    assertFalse(Files.exists(cache));
  }
}
