package io.github.sentrymcp.server;

import static io.github.sentrymcp.server.StdioServerClients.call;
import static io.github.sentrymcp.server.StdioServerClients.client;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.RecordedRequest;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The project's benchmark workload {@code bench/workloads/all-tools.json} (one item or more per tool of the catalog)
 * end to end: the server jar over stdio, driven by the MCP Java SDK client (which validates structured content
 * against each tool's output schema), against the testkit's fake Sentry. Every item must answer without an error,
 * contain the facts the workload expects, and reach only routes the fake knows, exactly what {@code bench/validate.sh}
 * checks with the shared benchmark harness.
 */
class AllToolsWorkloadIT {
  private static final String TOKEN = "sntrys_all-tools-it";
  private static final Path WORKLOAD =
      Path.of(System.getProperty("sentry.workloads", "../bench/workloads"), "all-tools.json");

  @Test
  void everyItemOfTheWorkloadAnswersWithItsFactsAndOnlyKnownRoutes() throws IOException {
    JsonNode workload = new ObjectMapper().readTree(Files.readAllBytes(WORKLOAD));
    List<String> stderr = new CopyOnWriteArrayList<>();
    List<String> failures = new ArrayList<>();
    Set<String> called = new LinkedHashSet<>();
    int items = 0;
    try (FakeSentry fake = FakeSentry.builder().requiredToken(TOKEN).build();
        McpSyncClient c = client(stderr::add, "--access-token=" + TOKEN, "--host=" + fake.hostAndPort(),
            "--insecure-http", "--mcp-url=" + fake.baseUrl(), "--docs-url=" + fake.baseUrl(), "--no-warmup",
            "--add-scopes=event:write,project:write,team:write,alerts:write", "--surface=direct")) {
      c.initialize();
      c.listTools(); // caches the output schemas the client validates structured content against
      for (JsonNode item : workload.path("items")) {
        items++;
        String label = item.path("label").asText();
        String tool = item.path("tool").asText();
        called.add(tool);
        if (tool.startsWith("execute_sentry_") && item.path("arguments").has("name")) {
          called.add(item.path("arguments").path("name").asText());
        }
        fake.reset();
        @SuppressWarnings("unchecked")
        Map<String, Object> args = new ObjectMapper().convertValue(item.path("arguments"), Map.class);
        McpSchema.CallToolResult r;
        try {
          r = call(c, tool, args);
        } catch (RuntimeException e) {
          failures.add(label + ": " + e.getMessage());
          continue;
        }
        String text = allText(r);
        String structured = String.valueOf(r.structuredContent());
        if (Boolean.TRUE.equals(r.isError()) || text.isEmpty()) {
          failures.add(label + ": error result: " + text);
        }
        for (JsonNode e : item.path("expect")) {
          if (!text.contains(e.asText()) && !structured.contains(e.asText())) {
            failures.add(label + ": missing " + e.asText());
          }
        }
        for (RecordedRequest u : fake.unmatched()) {
          failures.add(label + ": unmatched route " + u.method() + " " + u.rawPath());
        }
      }
    }
    assertTrue(items >= 90, "workload items: " + items);
    assertEquals(List.of(), failures, "stderr: " + String.join("\n", stderr));
    // every tool of the catalog is called, directly or through a gate
    List<String> reference = Files.readAllLines(
        Path.of("../sentry-mcp-core/src/test/resources/io/github/sentrymcp/core/reference-tools.txt"));
    for (String name : reference) {
      if (!name.isBlank() && !name.startsWith("#")) {
        assertTrue(called.contains(name.strip()), "the workload does not call " + name);
      }
    }
    assertTrue(called.contains("execute_sentry_write_tool"));
  }

  private static String allText(McpSchema.CallToolResult r) {
    StringBuilder b = new StringBuilder();
    for (McpSchema.Content content : r.content()) {
      if (content instanceof McpSchema.TextContent t) {
        b.append(t.text()).append('\n');
      }
    }
    return b.toString().strip();
  }
}
