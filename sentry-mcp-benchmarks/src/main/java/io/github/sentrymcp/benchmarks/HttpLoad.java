package io.github.sentrymcp.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sentrymcp.testkit.FakeSentry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Load on the HTTP transport (issue 16), as a benchmark: the server jar in its own JVM with a bounded heap, stateful,
 * one API key (and one Sentry token) per principal; a {@link FakeSentry} with API latency in this process; N sessions
 * opened concurrently and kept, then M {@code whoami} calls spread over them with C in flight. Each answer must name
 * its own principal's Sentry user (no cross-session data). Reports p50/p99, calls/s, errors, the server's heap after a
 * full GC before and after the sessions opened (memory per idle session) and its peak RSS.
 *
 * <pre>
 * java -cp sentry-mcp-benchmarks/target/sentry-mcp-benchmarks.jar io.github.sentrymcp.benchmarks.HttpLoad \
 *   --jar sentry-mcp-server/target/sentry-mcp-server.jar --sessions 500 --calls 2000 --concurrency 64 \
 *   --latency-ms 20 --heap 256m
 * </pre>
 */
public final class HttpLoad {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("MCP Streamable HTTP at (http://\\S+)/mcp");

  private HttpLoad() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new TreeMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    Path jar = Path.of(o.getOrDefault("jar", "sentry-mcp-server/target/sentry-mcp-server.jar"));
    int sessions = Integer.parseInt(o.getOrDefault("sessions", "500"));
    int calls = Integer.parseInt(o.getOrDefault("calls", "2000"));
    int concurrency = Integer.parseInt(o.getOrDefault("concurrency", "64"));
    int latencyMs = Integer.parseInt(o.getOrDefault("latency-ms", "20"));
    String heap = o.getOrDefault("heap", "256m");

    FakeSentry.Builder fb = FakeSentry.builder().latency(Duration.ofMillis(latencyMs)).threads(128)
        .journalLimit(1000);
    List<String> keys = new ArrayList<>();
    StringBuilder keyFile = new StringBuilder();
    Map<String, String> env = new TreeMap<>();
    for (int i = 0; i < sessions; i++) {
      String token = String.format(Locale.ROOT, "sntrys_load_%04d", i);
      String key = String.format(Locale.ROOT, "load-key-%04d-0123456789abcdef", i);
      fb.user(token, String.valueOf(100_000 + i), String.format(Locale.ROOT, "Load User %04d", i),
          String.format(Locale.ROOT, "user%04d@example.com", i));
      keys.add(key);
      env.put("LOAD_TOKEN_" + i, token);
      keyFile.append("p").append(i).append(" sha256:").append(sha256(key)).append(" env:LOAD_TOKEN_").append(i)
          .append('\n');
    }
    Path keysPath = Files.createTempFile("load-keys", ".txt");
    Files.writeString(keysPath, keyFile);
    try (FakeSentry fake = fb.build()) {
      List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx" + heap, "-Xms64m", "-XX:+UseSerialGC", "-jar", jar.toString(), "--transport=http", "--port=0",
          "--api-keys-file=" + keysPath, "--host=" + fake.hostAndPort(), "--insecure-http", "--stateful",
          "--no-warmup");
      ProcessBuilder pb = new ProcessBuilder(cmd);
      pb.environment().putAll(env);
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
      Process server = pb.start();
      try {
        String base = awaitUrl(server);
        long pid = server.pid();
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(16))
            .connectTimeout(Duration.ofSeconds(10)).build();
        long heapBefore = heapAfterGc(pid);

        // 1. open every session, C at a time
        @Nullable String[] sessionIds = new String[sessions];
        AtomicInteger initErrors = new AtomicInteger();
        long t0 = System.nanoTime();
        runAll(sessions, concurrency, i -> post(http, base, keys.get(i), null, init(i)).thenAccept(r -> {
          String sid = r.headers().firstValue("Mcp-Session-Id").orElse(null);
          if (r.statusCode() != 200 || sid == null) {
            initErrors.incrementAndGet();
          } else {
            sessionIds[i] = sid;
            post(http, base, keys.get(i), sid, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                .join();
          }
        }));
        double initSeconds = (System.nanoTime() - t0) / 1e9;
        long heapSessions = heapAfterGc(pid);

        // 2. the calls, spread round-robin over the sessions
        long[] latencies = new long[calls];
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger foreign = new AtomicInteger();
        long t1 = System.nanoTime();
        runAll(calls, concurrency, n -> {
          int i = n % sessions;
          long start = System.nanoTime();
          return post(http, base, keys.get(i), sessionIds[i], call(n)).thenAccept(r -> {
            latencies[n] = System.nanoTime() - start;
            String text = resultText(r.body());
            if (r.statusCode() != 200 || text == null || text.contains("\"isError\":true")) {
              errors.incrementAndGet();
              return;
            }
            String mine = String.format(Locale.ROOT, "Load User %04d", i);
            Matcher m = Pattern.compile("Load User [0-9]{4}").matcher(text);
            boolean own = false;
            while (m.find()) {
              if (m.group().equals(mine)) {
                own = true;
              } else {
                foreign.incrementAndGet();
              }
            }
            if (!own) {
              errors.incrementAndGet();
            }
          });
        });
        double callSeconds = (System.nanoTime() - t1) / 1e9;
        long heapAfter = heapAfterGc(pid);
        long[] sorted = Arrays.copyOf(latencies, latencies.length);
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "sessions %d opened in %.2f s (errors %d)%n", sessions, initSeconds,
            initErrors.get());
        System.out.printf(Locale.ROOT, "calls %d in %.2f s: %.1f calls/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms,"
                + " errors %d, answers naming another session's user %d%n", calls, callSeconds, calls / callSeconds,
            sorted[calls / 2] / 1e6, sorted[(int) (calls * 0.99)] / 1e6, sorted[calls - 1] / 1e6, errors.get(),
            foreign.get());
        System.out.printf(Locale.ROOT, "server heap after full GC: %.1f MB before sessions, %.1f MB with %d idle"
                + " sessions (%.1f KB each), %.1f MB after the calls; -Xmx%s; peak RSS %s%n",
            heapBefore / 1048576.0, heapSessions / 1048576.0, sessions,
            (heapSessions - heapBefore) / 1024.0 / sessions, heapAfter / 1048576.0, heap, peakRss(pid));
      } finally {
        server.destroy();
        server.waitFor(20, TimeUnit.SECONDS);
        server.destroyForcibly();
        Files.deleteIfExists(keysPath);
      }
    }
    System.exit(0);
  }

  @FunctionalInterface
  private interface Task {
    CompletableFuture<?> start(int i);
  }

  private static void runAll(int n, int concurrency, Task task) throws InterruptedException {
    Semaphore slots = new Semaphore(concurrency);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CompletableFuture<?>[] all = new CompletableFuture<?>[n];
    for (int i = 0; i < n; i++) {
      slots.acquire();
      int k = i;
      all[i] = CompletableFuture.supplyAsync(() -> task.start(k), pool).thenCompose(f -> f)
          .whenComplete((r, e) -> slots.release());
    }
    CompletableFuture.allOf(all).exceptionally(e -> null).join();
    pool.shutdown();
  }

  private static CompletableFuture<HttpResponse<String>> post(HttpClient http, String base, String key,
      @Nullable String sessionId, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/mcp"))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + key)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (sessionId != null) {
      b.header("Mcp-Session-Id", sessionId).header("MCP-Protocol-Version", "2025-11-25");
    }
    return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String init(int i) {
    return "{\"jsonrpc\":\"2.0\",\"id\":\"init-" + i + "\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
        + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"load\",\"version\":\"1\"}}}";
  }

  private static String call(int n) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + n + ",\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\","
        + "\"arguments\":{}}}";
  }

  /** The JSON-RPC result of a JSON or SSE body, as text; null when there is none. */
  private static @Nullable String resultText(String body) {
    String json = body;
    if (!body.startsWith("{")) {
      StringBuilder data = new StringBuilder();
      for (String line : body.split("\n")) {
        if (line.startsWith("data:")) {
          data.append(line.substring(5).strip());
        }
      }
      json = data.toString();
    }
    try {
      JsonNode n = JSON.readTree(json);
      return n.has("result") ? n.get("result").toString() : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String awaitUrl(Process p) throws Exception {
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
    for (String line = r.readLine(); line != null; line = r.readLine()) {
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        Thread drain = new Thread(() -> {
          try {
            while (r.readLine() != null) {
              // discard
            }
          } catch (IOException e) {
            // gone
          }
        });
        drain.setDaemon(true);
        drain.start();
        return m.group(1);
      }
      System.err.println(line);
    }
    throw new IllegalStateException("the server did not start");
  }

  /** Heap used after a full GC, from {@code jcmd <pid> GC.run} and {@code GC.heap_info}. */
  private static long heapAfterGc(long pid) throws Exception {
    jcmd(pid, "GC.run");
    String info = jcmd(pid, "GC.heap_info");
    long used = 0;
    Matcher m = Pattern.compile("used (\\d+)K").matcher(info);
    while (m.find()) {
      used += Long.parseLong(m.group(1)) * 1024;
    }
    return used;
  }

  private static String jcmd(long pid, String command) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  private static String peakRss(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          return line.substring(6).strip();
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return "n/a";
  }

  private static String sha256(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }
}
