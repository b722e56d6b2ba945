package io.github.sentrymcp.server;

import io.github.sentrymcp.core.internal.Failures;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sentrymcp.modelcontextprotocol.McpObjectMappers;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;

/**
 * Start-up work done on a background thread while the main thread parses arguments and builds the engine: creates
 * the protocol's {@link ObjectMapper} and runs it once over the JSON-RPC messages of a session's first exchanges
 * (initialize, tools/list, tools/call), so the classes and Jackson's (de)serializers are ready when the client's
 * first messages arrive. Purely an optimization: the server works the same without it.
 */
final class Startup {
  private final CompletableFuture<ObjectMapper> mapper;

  private Startup(CompletableFuture<ObjectMapper> mapper) {
    this.mapper = mapper;
  }

  /** Starts the background work. */
  static Startup begin() {
    CompletableFuture<ObjectMapper> future = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              initLogging();
              ObjectMapper om = McpObjectMappers.create();
              future.complete(om);
              warm(om);
            },
            "sentry-mcp-startup");
    t.setDaemon(true);
    t.start();
    return new Startup(future);
  }

  /** No background work: everything is done now, in the calling thread. */
  static Startup none() {
    initLogging();
    return new Startup(CompletableFuture.completedFuture(McpObjectMappers.create()));
  }

  ObjectMapper objectMapper() {
    return mapper.join();
  }

  /** Initializes SLF4J (the backend looks up its configuration) and routes Reactor's dropped errors to it. */
  static void initLogging() {
    Logger log = LoggerFactory.getLogger(Startup.class);
    // errors Reactor drops after a stream ended: the class only, never a message or stack trace
    Hooks.onErrorDropped(e -> log.debug("dropped error after completion: {}", Failures.describe(e)));
  }

  private static void warm(ObjectMapper om) {
    try {
      McpJsonMapper json = new JacksonMcpJsonMapper(om);
      McpSchema.JSONRPCMessage init =
          McpSchema.deserializeJsonRpcMessage(
              json,
              "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                  + "\"capabilities\":{\"roots\":{\"listChanged\":true}},"
                  + "\"clientInfo\":{\"name\":\"warm-up\",\"version\":\"0\"}}}");
      if (init instanceof McpSchema.JSONRPCRequest r) {
        json.convertValue(r.params(), new TypeRef<McpSchema.InitializeRequest>() {});
      }
      McpSchema.InitializeResult result =
          McpSchema.InitializeResult.builder(
                  "2025-06-18",
                  McpSchema.ServerCapabilities.builder().tools(false).build(),
                  McpSchema.Implementation.builder("warm-up", "0").build())
              .build();
      json.writeValueAsString(new McpSchema.JSONRPCResponse("2.0", 0, result, null));
      McpSchema.deserializeJsonRpcMessage(json, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      McpSchema.Tool tool =
          McpSchema.Tool.builder("warm_up", Map.of("type", "object", "properties", Map.of()))
              .annotations(McpSchema.ToolAnnotations.builder().readOnlyHint(true).build())
              .build();
      json.writeValueAsString(
          new McpSchema.JSONRPCResponse("2.0", 1, McpSchema.ListToolsResult.builder(List.of(tool)).build(), null));
      McpSchema.JSONRPCMessage call =
          McpSchema.deserializeJsonRpcMessage(
              json,
              "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"warm_up\","
                  + "\"arguments\":{\"a\":\"b\",\"n\":1}}}");
      if (call instanceof McpSchema.JSONRPCRequest r) {
        json.convertValue(r.params(), new TypeRef<McpSchema.CallToolRequest>() {});
      }
      McpSchema.CallToolResult callResult =
          McpSchema.CallToolResult.builder()
              .addTextContent("x")
              .structuredContent(Map.of("a", List.of(1)))
              .meta(Map.of("k", Map.of("v", 1)))
              .isError(false)
              .build();
      json.writeValueAsString(new McpSchema.JSONRPCResponse("2.0", 2, callResult, null));
      Mono.just(1).map(i -> i + 1).flatMap(Mono::just).block();
    } catch (java.io.IOException | RuntimeException e) {
      // only an optimization
    }
  }
}
