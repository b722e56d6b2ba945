package io.github.sentrymcp.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that only talks plain HTTP (a local self-hosted Sentry, the sandbox) never loads the JDK's trust store:
 * neither its own HTTP client nor the JIT warm-up's private one. Loading it parses ~150 certificates, a start-up cost
 * and hundreds of methods for the JIT that no call needs. The class-loading log of the child JVM tells.
 */
class TrustStoreIT {
  private static final String TRUST_STORE_LOADER = "sun.security.ssl.TrustStoreManager";

  @Test
  void aPlainHttpServerNeverLoadsTheTrustStoreEvenWithTheWarmUp(@TempDir Path dir) throws Exception {
    Path classLog = dir.resolve("classes.log");
    List<String> args = new ArrayList<>(List.of(
        "-Xlog:class+load=info:file=" + classLog,
        "-Dorg.slf4j.simpleLogger.log.io.github.sentrymcp.server.JitWarmup=debug"));
    args.addAll(StdioServerClients.serverArgs("--sandbox"));
    ServerParameters params = ServerParameters.builder(StdioServerClients.JAVA).args(args).build();
    StdioClientTransport transport = new StdioClientTransport(params, new JacksonMcpJsonMapper(new ObjectMapper()));
    CountDownLatch warmedUp = new CountDownLatch(1);
    transport.setStdErrorHandler(line -> {
      if (line.contains("JIT warm-up:")) {
        warmedUp.countDown();
      }
    });
    try (McpSyncClient client = McpClient.sync(transport)
        .requestTimeout(Duration.ofSeconds(30))
        .initializationTimeout(Duration.ofSeconds(60))
        .build()) {
      client.initialize();
      assertTrue(warmedUp.await(120, TimeUnit.SECONDS), "the JIT warm-up did not finish");
      McpSchema.CallToolResult r =
          StdioServerClients.call(client, "find_projects", Map.of("organizationSlug", "sentry-mcp-evals"));
      assertFalse(Boolean.TRUE.equals(r.isError()), StdioServerClients.text(r));
    }
    String loaded = Files.readString(classLog, StandardCharsets.UTF_8);
    // the log works and covers the warm-up and the HTTP client
    assertTrue(loaded.contains("io.github.sentrymcp.server.JitWarmup "), "class log incomplete");
    assertTrue(loaded.contains("jdk.internal.net.http.HttpClientImpl "), "class log incomplete");
    assertFalse(loaded.contains(TRUST_STORE_LOADER), "the trust store was loaded by a plain-HTTP server");
  }
}
