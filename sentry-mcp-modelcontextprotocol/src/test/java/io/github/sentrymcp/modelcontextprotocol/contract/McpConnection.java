package io.github.sentrymcp.modelcontextprotocol.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A raw JSON-RPC connection to one MCP server, as {@link McpTransportContract} needs it: send a message exactly as
 * written, and wait for the response to an id. Each transport implements it over its own wire (stdio pipes, HTTP
 * POSTs, ...).
 */
public interface McpConnection extends AutoCloseable {
  ObjectMapper JSON = new ObjectMapper();

  /** Sends one JSON-RPC message (a request, a notification, or anything else). */
  void send(String message) throws Exception;

  /** The response to {@code id}, or null if none arrives within the timeout. Other messages are skipped. */
  @Nullable JsonNode pollResponse(Object id, Duration timeout) throws Exception;

  /** Sends a request and waits for its response. */
  default JsonNode request(Object id, String method, @Nullable String paramsJson) throws Exception {
    String idJson = id instanceof String s ? JSON.writeValueAsString(s) : String.valueOf(id);
    send("{\"jsonrpc\":\"2.0\",\"id\":" + idJson + ",\"method\":\"" + method + "\""
        + (paramsJson == null ? "" : ",\"params\":" + paramsJson) + "}");
    JsonNode response = pollResponse(id, Duration.ofSeconds(30));
    if (response == null) {
      throw new AssertionError("no response to " + method + " (id " + id + ")");
    }
    return response;
  }

  /** initialize, then notifications/initialized; returns the initialize response. */
  default JsonNode initialize() throws Exception {
    JsonNode init = request("init", "initialize", "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
        + "\"clientInfo\":{\"name\":\"contract\",\"version\":\"1\"}}");
    send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    return init;
  }

  default JsonNode callTool(Object id, String tool, String argumentsJson) throws Exception {
    return request(id, "tools/call", "{\"name\":\"" + tool + "\",\"arguments\":" + argumentsJson + "}");
  }

  @Override
  void close();
}
