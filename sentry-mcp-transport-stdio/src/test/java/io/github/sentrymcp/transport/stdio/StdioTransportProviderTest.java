package io.github.sentrymcp.transport.stdio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class StdioTransportProviderTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The lines read, with {@code TOO_LONG} where a line over the limit was skipped. */
  private static List<String> lines(String input, int max) throws IOException {
    StdioTransportProvider.LineReader r = new StdioTransportProvider.LineReader(
        new ByteArrayInputStream(bytes(input)), max);
    List<String> out = new ArrayList<>();
    while (true) {
      byte[] l;
      try {
        l = r.next();
      } catch (StdioTransportProvider.LineReader.LineTooLongException e) {
        out.add("TOO_LONG");
        continue;
      }
      if (l == null) {
        return out;
      }
      out.add(new String(l, StandardCharsets.UTF_8));
    }
  }

  private static StdioTransportProvider provider(InputStream in, ByteArrayOutputStream out, Duration drain) {
    return new StdioTransportProvider(new JacksonMcpJsonMapper(JSON), JSON, in, out, 1 << 20, drain,
        Duration.ZERO, ProtocolGuard.Methods.tools(false));
  }

  @Test
  void linesEndWithLfOrCrLfAndALastLineNeedsNoTerminator() throws IOException {
    assertEquals(List.of("a", "b", "", "c"), lines("a\nb\r\n\nc", 100));
    assertEquals(List.of("a"), lines("a\n", 100));
    assertEquals(List.of(), lines("", 100));
  }

  @Test
  void linesLongerThanTheLimitAreSkippedWholeEvenAcrossReadBuffers() throws IOException {
    String big = "x".repeat(40_000); // longer than the reader's 16 KiB buffer
    assertEquals(List.of("ok", "TOO_LONG", "end"), lines("ok\n" + big + "\nend\n", 30_000));
    assertEquals(List.of("ok", big, "end"), lines("ok\n" + big + "\nend\n", 40_000));
    assertEquals(List.of("ok", "TOO_LONG"), lines("ok\n" + big, 30_000)); // an over-long last line without newline
  }

  @Test
  void lineBreaksOutsideTheFramingAreEscaped() {
    byte[] clean = bytes("{\"a\":\"b\\nc\"}");
    assertTrue(clean == StdioTransportProvider.withoutLineBreaks(clean), "no copy when nothing to do");
    assertArrayEquals(bytes("{\"a\":\"b\\nc\\n\"}"), StdioTransportProvider.withoutLineBreaks(bytes("{\"a\":\"b\nc\r\"}")));
  }

  /** A provider on the given streams whose session records what it is handed; returns its transport. */
  private static McpServerTransport start(
      StdioTransportProvider provider, List<McpSchema.JSONRPCMessage> handled) {
    AtomicReference<McpServerTransport> transport = new AtomicReference<>();
    provider.setSessionFactory(t -> {
      transport.set(t);
      return new McpServerSession("s", Duration.ofSeconds(5), t, init -> Mono.empty(), Map.of(),
          Map.of()) {
        @Override
        public Mono<Void> handle(McpSchema.JSONRPCMessage message) {
          synchronized (handled) {
            handled.add(message);
          }
          if (message instanceof McpSchema.JSONRPCRequest r && r.method().equals("initialize")) {
            return t.sendMessage(new McpSchema.JSONRPCResponse("2.0", r.id(), Map.of(), null));
          }
          return Mono.empty();
        }
      };
    });
    return transport.get();
  }

  private static final String INIT =
      "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
          + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

  @Test
  void eachLineIsParsedOnceAndBadLinesAreAnsweredWithoutReachingTheSession() throws Exception {
    String input = String.join("\n",
        INIT,
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\",\"params\":{}}",
        "not json",
        "[1,2]",
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"tools/list\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":{\"x\":1},\"method\":\"tools/list\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}",
        "{\"jsonrpc\":\"2.0\"}",
        "   ",
        "");
    List<McpSchema.JSONRPCMessage> handled = new ArrayList<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StdioTransportProvider provider = provider(new ByteArrayInputStream(bytes(input)), out, Duration.ofMillis(10));
    start(provider, handled);
    assertTrue(provider.awaitEnd(Duration.ofSeconds(5)));
    synchronized (handled) {
      assertEquals(5, handled.size(), handled.toString());
      assertEquals("initialize", ((McpSchema.JSONRPCRequest) handled.get(0)).method());
      // tools/list before notifications/initialized implies it
      assertEquals("notifications/initialized", ((McpSchema.JSONRPCNotification) handled.get(1)).method());
      McpSchema.JSONRPCRequest list = (McpSchema.JSONRPCRequest) handled.get(2);
      assertEquals(7, list.id());
      assertEquals("tools/list", list.method());
      assertEquals(Map.of(), list.params());
      McpSchema.JSONRPCRequest call = (McpSchema.JSONRPCRequest) handled.get(3);
      assertEquals("abc", call.id());
      assertEquals(Map.of("name", "whoami"), call.params());
      assertEquals(3, ((McpSchema.JSONRPCResponse) handled.get(4)).id());
    }
    List<JsonNode> answers = new ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      answers.add(JSON.readTree(line));
    }
    // initialize result, then: not json, batch, null id, object id, no method/result
    assertEquals(6, answers.size(), answers.toString());
    assertEquals(0, answers.get(0).path("id").asInt());
    int[] codes = {-32700, -32600, -32600, -32600, -32600};
    for (int i = 0; i < codes.length; i++) {
      JsonNode a = answers.get(i + 1);
      assertEquals(codes[i], a.path("error").path("code").asInt(), a.toString());
      assertTrue(a.path("id").isNull(), a.toString());
    }
  }

  @Test
  void concurrentAnswersAreWrittenAsWholeLinesAndEndOfInputWaitsForThem() throws Exception {
    PipedOutputStream client = new PipedOutputStream();
    InputStream in = new PipedInputStream(client, 1 << 16);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<McpSchema.JSONRPCMessage> handled = new ArrayList<>();
    StdioTransportProvider provider = provider(in, out, Duration.ofSeconds(30));
    McpServerTransport transport = start(provider, handled);
    int threads = 8;
    int perThread = 50;
    StringBuilder requests = new StringBuilder(INIT.replace("\"id\":0", "\"id\":\"init\"") + "\n");
    requests.append("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n");
    for (int i = 0; i < threads * perThread; i++) {
      requests.append("{\"jsonrpc\":\"2.0\",\"id\":").append(i).append(",\"method\":\"tools/list\"}\n");
    }
    client.write(bytes(requests.toString()));
    client.close(); // input ends while every request is still unanswered
    String payload = "line\nbreaks, quotes \" and more ".repeat(200);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> sent = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t * perThread;
      sent.add(pool.submit(() -> {
        go.await();
        for (int i = first; i < first + perThread; i++) {
          transport.sendMessage(new McpSchema.JSONRPCResponse("2.0", i, Map.of("text", payload), null)).block();
        }
        return null;
      }));
    }
    Thread.sleep(200);
    assertFalse(provider.awaitEnd(Duration.ZERO), "input end must wait for the pending answers");
    assertEquals(Duration.ZERO, provider.idleTime(), "not idle while requests are in flight");
    go.countDown();
    for (Future<?> f : sent) {
      f.get();
    }
    pool.shutdown();
    assertTrue(provider.awaitEnd(Duration.ofSeconds(10)));
    Thread.sleep(30);
    assertTrue(provider.idleTime().toMillis() >= 20, "idle once every request is answered");
    String[] written = out.toString(StandardCharsets.UTF_8).split("\n", -1);
    assertEquals(threads * perThread + 2, written.length, "one line per answer, and the initialize result");
    assertEquals("", written[written.length - 1]);
    Set<Integer> ids = new HashSet<>();
    for (int i = 1; i < written.length - 1; i++) {
      JsonNode n = JSON.readTree(written[i]);
      assertEquals(payload, n.path("result").path("text").asText());
      ids.add(n.path("id").asInt());
    }
    assertEquals(threads * perThread, ids.size());
    // after the end nothing more is written
    transport.sendMessage(new McpSchema.JSONRPCResponse("2.0", 9999, Map.of(), null)).block();
    assertEquals(written.length - 1, out.toString(StandardCharsets.UTF_8).split("\n").length);
  }
}
