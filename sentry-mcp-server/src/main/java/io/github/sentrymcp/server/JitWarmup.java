package io.github.sentrymcp.server;

import io.github.sentrymcp.core.internal.Failures;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.modelcontextprotocol.SentryMcpToolSpecs;
import io.github.sentrymcp.modelcontextprotocol.SessionResolver;
import io.github.sentrymcp.api.Session;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles the hot paths before the first real calls need them. A JVM runs new code interpreted at first, so without
 * this the first few dozen tool calls of a session are several times slower than later ones. A daemon thread runs the
 * real call path (JSON-RPC decoding, the tool binding, the engine, the sanitizer, JSON-RPC encoding) a few hundred
 * times against a private in-process FakeSentry with sample data. It never talks to the configured Sentry, never
 * writes to the protocol streams, and stops early when the server shuts down. It never competes with real requests:
 * before setting up and before each call it waits until the server has been idle for {@link #IDLE_BEFORE_CALL}
 * (measured on 2 CPUs: a warm-up running beside the first real calls made them up to 2.5 times slower than without
 * one, since the real calls warm the same code anyway; setting up beside {@code initialize} delayed its answer by
 * about 17 ms). A client that sends requests back to back never leaves such a gap, and then the warm-up does nothing.
 * Disable it with {@code --no-warmup}.
 */
final class JitWarmup {
  private static final Logger LOG = LoggerFactory.getLogger(JitWarmup.class);

  /** Rounds over the training calls: enough for C1 to compile the call path (measured: ~1 s of one core). */
  static final int ROUNDS = 25;

  /** How long the server must have had no request in flight before the next warm-up call. */
  static final Duration IDLE_BEFORE_CALL = Duration.ofMillis(20);

  private static final AtomicBoolean STOPPED = new AtomicBoolean();

  private JitWarmup() {}

  /** Starts the warm-up on a daemon thread. */
  static void start(ObjectMapper objectMapper, Supplier<Duration> serverIdleTime) {
    Thread t = new Thread(() -> run(objectMapper, serverIdleTime), "sentry-mcp-warmup");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  /** Makes a running warm-up stop at its next call. */
  static void stop() {
    STOPPED.set(true);
  }

  /** Waits until the server has been idle long enough; false if the warm-up was stopped meanwhile. */
  static boolean awaitIdle(Supplier<Duration> serverIdleTime) {
    while (!STOPPED.get()) {
      Duration idle = serverIdleTime.get();
      if (idle.compareTo(IDLE_BEFORE_CALL) >= 0) {
        return true;
      }
      LockSupport.parkNanos(IDLE_BEFORE_CALL.minus(idle).toNanos());
    }
    return false;
  }

  private static void run(ObjectMapper objectMapper, Supplier<Duration> serverIdleTime) {
    // even setting up (a fake Sentry, an engine) waits for the first quiet moment: not beside initialize
    if (!awaitIdle(serverIdleTime)) {
      return;
    }
    long t0 = System.nanoTime();
    int calls = 0;
    try (FakeSentry fake = FakeSentry.builder().build()) {
      SentryMcpConfig config = SentryMcpConfig.builder()
          .host(fake.hostAndPort())
          .insecureHttp(true)
          .build();
      Session session = Session.builder(AccessToken.of("warmup")).id("jit-warmup").allSkills(true).build();
      try (SentryMcp engine = SentryMcp.builder(config)
          // plain HTTP to the private fake: the trust store (parsing ~150 certificates, which also fed the JIT
          // hundreds of methods no call needs) stays unloaded
          .httpClient(DeferredHttpClient.newJdkClient(config))
          .build()) {
        McpJsonMapper mapper = new JacksonMcpJsonMapper(objectMapper);
        // the server's own call path: the binding's async handlers, the engine's threads, the sanitizer
        Map<String, McpStatelessServerFeatures.AsyncToolSpecification> handlers = new java.util.HashMap<>();
        for (McpStatelessServerFeatures.AsyncToolSpecification spec
            : SentryMcpToolSpecs.builder(engine, SessionResolver.fixed(session)).build().statelessAsync()) {
          handlers.put(spec.tool().name(), spec);
        }
        List<String> lines = CdsTraining.callLines();
        for (int round = 0; round < ROUNDS && !STOPPED.get(); round++) {
          int id = 0;
          for (String line : lines) {
            if (!awaitIdle(serverIdleTime)) {
              break;
            }
            McpSchema.JSONRPCMessage message = McpSchema.deserializeJsonRpcMessage(mapper, line);
            if (!(message instanceof McpSchema.JSONRPCRequest request)) {
              continue;
            }
            McpSchema.CallToolRequest call =
                mapper.convertValue(request.params(), McpSchema.CallToolRequest.class);
            McpStatelessServerFeatures.AsyncToolSpecification spec = handlers.get(call.name());
            if (spec == null) {
              continue;
            }
            McpSchema.CallToolResult result = spec.callHandler().apply(McpTransportContext.EMPTY, call).block();
            mapper.writeValueAsString(new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, id++, result, null));
            calls++;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("JIT warm-up stopped early: {}", Failures.describe(e));
    }
    LOG.debug("JIT warm-up: {} calls in {} ms", calls, (System.nanoTime() - t0) / 1_000_000);
  }
}
