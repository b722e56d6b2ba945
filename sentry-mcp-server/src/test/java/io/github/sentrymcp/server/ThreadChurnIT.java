package io.github.sentrymcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server must not start a thread per Sentry request. On machines with fewer than 3 CPUs the JDK's {@code
 * CompletableFuture} falls back to "a new thread per task" for its default executor, and the JDK HTTP client completes
 * every asynchronous request there; the CLI gives that executor a pool. The child JVM is told it has 2 CPUs, and a
 * flight recording of it counts the threads started while tool calls run.
 */
class ThreadChurnIT {
  private static final int CALLS = 60;

  private static void jcmd(long pid, String... command) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "jcmd did not finish");
    assertEquals(0, p.exitValue(), out);
  }

  @Test
  void toolCallsStartNoThreadPerRequestOnASmallMachine(@TempDir Path dir) throws Exception {
    Path recording = dir.resolve("server.jfr");
    List<String> args = new ArrayList<>(List.of("-XX:ActiveProcessorCount=2"));
    args.addAll(StdioServerClients.serverArgs("--sandbox", "--no-warmup"));
    ServerParameters params = ServerParameters.builder(StdioServerClients.JAVA).args(args).build();
    StdioClientTransport transport = new StdioClientTransport(params, new JacksonMcpJsonMapper(new ObjectMapper()));
    transport.setStdErrorHandler(line -> { });
    Instant first;
    Instant last;
    try (McpSyncClient client = McpClient.sync(transport)
        .requestTimeout(Duration.ofSeconds(30))
        .initializationTimeout(Duration.ofSeconds(60))
        .build()) {
      client.initialize();
      // started with jcmd: a recording started on the command line announces itself on the server's stdout
      long pid = ProcessHandle.current().children()
          .filter(p -> p.info().commandLine().orElse("").contains(StdioServerClients.JAR.toString()))
          .findFirst().orElseThrow().pid();
      jcmd(pid, "JFR.start", "name=churn", "settings=profile");
      // the first calls create the pools (HTTP client, Reactor, fork-join); count from the third call on
      StdioServerClients.call(client, "find_projects", Map.of("organizationSlug", "sentry-mcp-evals"));
      StdioServerClients.call(client, "find_projects", Map.of("organizationSlug", "sentry-mcp-evals"));
      first = Instant.now();
      for (int i = 0; i < CALLS; i++) {
        McpSchema.CallToolResult r =
            StdioServerClients.call(client, "find_projects", Map.of("organizationSlug", "sentry-mcp-evals"));
        assertFalse(Boolean.TRUE.equals(r.isError()), StdioServerClients.text(r));
      }
      last = Instant.now();
      jcmd(pid, "JFR.dump", "name=churn", "filename=" + recording);
    }
    assertTrue(Files.size(recording) > 0, "no recording");
    int startedDuringCalls = 0;
    int perTaskThreads = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
      if (!e.getEventType().getName().equals("jdk.ThreadStart")) {
        continue;
      }
      if (!e.getStartTime().isBefore(first) && !e.getStartTime().isAfter(last)) {
        startedDuringCalls++;
      }
      if (e.getStackTrace() != null) {
        for (RecordedFrame f : e.getStackTrace().getFrames()) {
          if (f.getMethod().getType().getName().contains("ThreadPerTaskExecutor")) {
            perTaskThreads++;
            break;
          }
        }
      }
    }
    assertEquals(0, perTaskThreads, "threads started by CompletableFuture's thread-per-task executor");
    assertTrue(startedDuringCalls < CALLS / 6,
        startedDuringCalls + " threads started during " + CALLS + " tool calls");
  }
}
