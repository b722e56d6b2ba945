package io.github.sentrymcp.transport.stdio;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A {@link SentryMcpStdioServer} on in-memory pipes with a raw line-level JSON-RPC client: sends exact lines
 * (including malformed ones) and reads every line the server writes.
 */
final class PipedStdio implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  final SentryMcpStdioServer server;
  private final OutputStream toServer;
  private final LinkedBlockingQueue<String> fromServer = new LinkedBlockingQueue<>();
  /** Every line the server wrote, in order. */
  final List<String> allLines = new CopyOnWriteArrayList<>();

  PipedStdio(SentryMcpStdioServer.Builder builder, Consumer<SentryMcpStdioServer.Builder> customize)
      throws IOException {
    PipedInputStream serverIn = new PipedInputStream(1 << 20);
    this.toServer = new PipedOutputStream(serverIn);
    PipedInputStream clientIn = new PipedInputStream(1 << 22);
    PipedOutputStream serverOut = new PipedOutputStream(clientIn);
    customize.accept(builder.streams(serverIn, serverOut));
    this.server = builder.start();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(clientIn, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  allLines.add(line);
                  fromServer.add(line);
                }
              } catch (IOException e) {
                // pipe closed
              }
            },
            "piped-stdio-reader");
    reader.setDaemon(true);
    reader.start();
  }

  void sendLine(String line) throws IOException {
    toServer.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    toServer.flush();
  }

  void closeInput() throws IOException {
    toServer.close();
  }

  /** Sends a request and returns its response (other lines are skipped). */
  JsonNode request(Object id, String method, String paramsJson) throws Exception {
    String idJson = id instanceof String s ? JSON.writeValueAsString(s) : String.valueOf(id);
    sendLine("{\"jsonrpc\":\"2.0\",\"id\":" + idJson + ",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}");
    return awaitResponse(id, Duration.ofSeconds(20));
  }

  JsonNode awaitResponse(Object id, Duration timeout) throws Exception {
    JsonNode response = pollResponse(id, timeout);
    return response != null ? response : fail("no response to request " + id + " within " + timeout);
  }

  /** The response to {@code id}, or null if none arrives within the timeout; other lines are skipped. */
  @org.jspecify.annotations.Nullable JsonNode pollResponse(Object id, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String line = fromServer.poll(100, TimeUnit.MILLISECONDS);
      if (line == null) {
        continue;
      }
      JsonNode msg = JSON.readTree(line);
      JsonNode got = msg.get("id");
      if (got != null && !msg.has("method") && got.asText().equals(String.valueOf(id))) {
        return msg;
      }
    }
    return null;
  }

  JsonNode initialize() throws Exception {
    JsonNode init =
        request(
            0,
            "initialize",
            "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"piped-test\",\"version\":\"1\"}}");
    sendLine("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    return init;
  }

  JsonNode callTool(Object id, String name, String argumentsJson) throws Exception {
    return request(id, "tools/call", "{\"name\":\"" + name + "\",\"arguments\":" + argumentsJson + "}");
  }

  @Override
  public void close() {
    server.close();
  }
}
