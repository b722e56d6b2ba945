package io.github.sentrymcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sentrymcp.testkit.FakeSentry;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every line the server writes to stderr is redacted, whoever writes it: the shaded jar with debug logging (the MCP
 * SDK then logs each JSON-RPC request with its arguments) gets a tool call whose arguments carry planted secrets.
 */
class LogRedactionIT {
  private static final String TOKEN = "sntrys_" + "LogRedactionItServerToken0123456789abcdefXYZ";
  private static final String SENTRY_TOKEN = "sntrys_" + "Pl4ntedSentryTokenAbcdefghij0123456789KLMNOP";
  private static final String BEARER_SECRET = "Pl4ntedBearerAbcdefghijklmnopqrstuvwxyz012345";
  private static final String OPENAI_KEY = "sk-proj-" + "Pl4ntedOpenAiKeyAbcdefghij0123456789KLMNOP";
  private static final String QUERY_SECRET = "SECRETVALUE123";
  private static final String DSN_SECRET = "SECRETKEY123";
  private static final List<String> SECRETS = List.of(TOKEN.substring(7), SENTRY_TOKEN.substring(7), BEARER_SECRET,
      OPENAI_KEY.substring(3), QUERY_SECRET, DSN_SECRET);

  @Test
  void plantedSecretsNeverReachStderr() throws Exception {
    assertTrue(Files.isRegularFile(StdioServerClients.JAR), "run `mvn package` first: " + StdioServerClients.JAR);
    String text = "see " + SENTRY_TOKEN + " with Bearer " + BEARER_SECRET + " and key " + OPENAI_KEY
        + " then https://x.example/cb?token=" + QUERY_SECRET + " for https://public@o1.ingest.sentry.io/1 and"
        + " https://pub:" + DSN_SECRET + "@o1.ingest.sentry.io/1\nAuthorization: Bearer " + BEARER_SECRET;
    try (FakeSentry fake = FakeSentry.builder().requiredToken(TOKEN).build()) {
      List<String> cmd = new ArrayList<>(List.of(StdioServerClients.JAVA,
          "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug",
          "-Dorg.slf4j.simpleLogger.log.io.modelcontextprotocol=debug"));
      cmd.addAll(StdioServerClients.serverArgs("--access-token=" + TOKEN, "--host=" + fake.hostAndPort(),
          "--insecure-http", "--no-warmup"));
      try (ServerProcess server = new ServerProcess(cmd)) {
        server.initialize();
        ObjectNode call = ServerProcess.JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 7)
            .put("method", "tools/call");
        ObjectNode params = call.putObject("params").put("name", "search_issues");
        params.putObject("arguments").put("organizationSlug", "sentry-mcp-evals").put("query", text);
        server.send(ServerProcess.JSON.writeValueAsString(call));
        JsonNode answer = server.awaitMessage();
        assertEquals(7, answer.path("id").asInt(), answer.toString());
        server.process.getOutputStream().close();
        assertEquals(0, server.exitWithin(Duration.ofSeconds(30)));
        String stderr = server.stderr.get(10, TimeUnit.SECONDS);
        // the SDK logged the request with its arguments: the check below means something
        assertTrue(stderr.contains("tools/call"), stderr);
        assertTrue(stderr.contains("[REDACTED]"), stderr);
        assertTrue(stderr.contains("https://x.example/cb?[REDACTED]"), stderr);
        assertTrue(stderr.contains("https://pub:[REDACTED]@o1.ingest.sentry.io/1"), stderr);
        for (String secret : SECRETS) {
          assertFalse(stderr.contains(secret), "stderr shows " + secret + ":\n" + stderr);
        }
        assertFalse(fake.arrivals().isEmpty(), "the call reached no Sentry: " + Map.of("stderr", stderr));
      }
    }
  }
}
