package io.github.sentrymcp.transport.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sentrymcp.modelcontextprotocol.contract.McpConnection;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Raw JSON-RPC over Streamable HTTP for the transport contract: each message is one POST (with the client's bearer
 * key, the session id once the server gave one, and the protocol version after initialize); JSON and SSE answers are
 * both read, and every JSON-RPC response lands in one queue.
 */
final class HttpConnection implements McpConnection {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String url;
  private final String key;
  private final LinkedBlockingQueue<JsonNode> responses = new LinkedBlockingQueue<>();
  private final List<JsonNode> skipped = new ArrayList<>();
  private final List<CompletableFuture<?>> pending = new ArrayList<>();
  private volatile @Nullable String sessionId;
  private volatile @Nullable String protocolVersion;

  HttpConnection(String url, String key) {
    this.url = url;
    this.key = key;
  }

  @Override
  public void send(String message) throws Exception {
    JsonNode parsed = null;
    try {
      parsed = JSON.readTree(message);
    } catch (IOException e) {
      // sent as is
    }
    boolean initialize = parsed != null && "initialize".equals(parsed.path("method").asText());
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + key)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(message));
    String sid = sessionId;
    if (sid != null) {
      b.header("Mcp-Session-Id", sid);
    }
    String version = protocolVersion;
    if (version != null) {
      b.header("MCP-Protocol-Version", version);
    }
    CompletableFuture<Void> f = client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofInputStream())
        .thenAccept(r -> {
          r.headers().firstValue("Mcp-Session-Id").ifPresent(s -> sessionId = s);
          read(r);
        });
    synchronized (pending) {
      pending.add(f);
    }
    if (initialize) {
      f.get(30, TimeUnit.SECONDS);
    }
  }

  private void read(HttpResponse<InputStream> r) {
    String type = r.headers().firstValue("Content-Type").orElse("");
    try (InputStream in = r.body()) {
      if (type.startsWith("text/event-stream")) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        StringBuilder data = new StringBuilder();
        String line;
        while ((line = reader.readLine()) != null) {
          if (line.startsWith("data:")) {
            data.append(line.substring(5).strip());
          } else if (line.isEmpty() && data.length() > 0) {
            offer(JSON.readTree(data.toString()));
            data.setLength(0);
          }
        }
        if (data.length() > 0) {
          offer(JSON.readTree(data.toString()));
        }
      } else {
        byte[] body = in.readAllBytes();
        if (body.length > 0 && type.startsWith("application/json")) {
          offer(JSON.readTree(body));
        }
      }
    } catch (IOException e) {
      // the stream ended
    }
  }

  private void offer(JsonNode n) {
    if (n.isArray()) {
      n.forEach(this::offer);
      return;
    }
    if (n.has("id") && (n.has("result") || n.has("error"))) {
      if (n.path("result").has("protocolVersion")) {
        protocolVersion = n.path("result").path("protocolVersion").asText();
      }
      responses.add(n);
    }
  }

  @Override
  public @Nullable JsonNode pollResponse(Object id, Duration timeout) throws Exception {
    String want = String.valueOf(id);
    synchronized (skipped) {
      for (JsonNode n : skipped) {
        if (n.path("id").asText().equals(want)) {
          skipped.remove(n);
          return n;
        }
      }
    }
    long until = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = until - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      JsonNode n = responses.poll(left, TimeUnit.NANOSECONDS);
      if (n == null) {
        return null;
      }
      if (n.path("id").asText().equals(want)) {
        return n;
      }
      synchronized (skipped) {
        skipped.add(n);
      }
    }
  }

  @Nullable String sessionId() {
    return sessionId;
  }

  @Override
  public void close() {
    synchronized (pending) {
      pending.forEach(f -> f.cancel(true));
    }

  }
}
