package io.github.sentrymcp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.CancellationSignal;
import io.github.sentrymcp.api.ConfigurationException;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.testkit.Fault;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.FaultRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's limits and lifecycle against a stalling FakeSentry: one overall deadline per call, a bound on calls in
 * flight (beyond it: BUSY at once, nothing sent), cancellation that stops Sentry requests, and close().
 */
class EngineLifecycleTest {
  private static final Map<String, Object> NO_ARGS = Map.of();
  /** The user every call of these tests is made for. */
  private static final Session SESSION = Session.builder(AccessToken.of("t")).build();
  private FakeSentry fake;

  @BeforeEach
  void start() {
    fake = FakeSentry.builder().threads(64).build();
    fake.stubFault(FaultRule.on("GET", "/api/0/auth/").respond(Fault.delay(Duration.ofSeconds(30))));
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  /** A plain-Java call for {@link #SESSION}. */
  private static CallContext context() {
    return CallContext.of(SESSION);
  }

  private SentryMcp engine(UnaryOperator<SentryMcpConfig.Builder> customize) {
    return SentryMcp.create(customize.apply(SentryMcpConfig.builder()
        .host(fake.hostAndPort()).insecureHttp(true)).build());
  }

  private long authArrivals() {
    return fake.arrivals().stream().filter(a -> a.endsWith("/auth/")).count();
  }

  private static String kind(RenderedResult r) {
    return String.valueOf(((Map<?, ?>) r.meta().get("io.github.sentrymcp/error")).get("kind"));
  }

  @Test
  void aCallEndsByItsDeadlineRetriesIncluded() {
    try (SentryMcp mcp = engine(b -> b.requestTimeout(Duration.ofMillis(400)).callTimeout(Duration.ofMillis(1000)))) {
      long t0 = System.nanoTime();
      SentryMcpException e = assertThrows(SentryMcpException.class, () -> mcp.call("whoami", NO_ARGS, SESSION));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(e.kind() == ErrorKind.TIMEOUT || e.kind() == ErrorKind.NETWORK, e.kind().id());
      assertTrue(ms < 1_600, "took " + ms + " ms");
      assertTrue(authArrivals() >= 2 && authArrivals() <= 3, fake.arrivals().toString());
    }
  }

  @Test
  void callsBeyondTheLimitAreRefusedAtOnceWithoutARequest() throws Exception {
    try (SentryMcp mcp = engine(b -> b.maxConcurrentCalls(3).callTimeout(Duration.ofSeconds(5)))) {
      List<CompletableFuture<RenderedResult>> running = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        running.add(mcp.callAndRenderAsync("whoami", NO_ARGS, context()));
      }
      long waitUntil = System.nanoTime() + 5_000_000_000L;
      while (authArrivals() < 3 && System.nanoTime() < waitUntil) {
        Thread.sleep(10);
      }
      assertEquals(3, mcp.callsInFlight());
      long t0 = System.nanoTime();
      RenderedResult busy = mcp.callAndRenderAsync("whoami", NO_ARGS, context()).get(1, TimeUnit.SECONDS);
      assertTrue((System.nanoTime() - t0) / 1_000_000 < 500);
      assertTrue(busy.isError());
      assertEquals("busy", kind(busy));
      assertTrue(busy.text().contains("retry"), busy.text());
      SentryMcpException sync = assertThrows(SentryMcpException.class, () -> mcp.call("whoami", NO_ARGS, SESSION));
      assertEquals(ErrorKind.BUSY, sync.kind());
      assertEquals(3, authArrivals(), "a refused call reached Sentry");
      for (CompletableFuture<RenderedResult> f : running) {
        assertFalse(f.isDone());
      }
    }
  }

  @Test
  void cancellingStopsTheCallAndItsRequests() throws Exception {
    try (SentryMcp mcp = engine(b -> b.callTimeout(Duration.ofSeconds(20)))) {
      CancellationSignal signal = CancellationSignal.create();
      CallContext ctx = CallContext.of(SESSION, signal);
      CompletableFuture<RenderedResult> f = mcp.callAndRenderAsync("whoami", NO_ARGS, ctx);
      long waitUntil = System.nanoTime() + 5_000_000_000L;
      while (authArrivals() < 1 && System.nanoTime() < waitUntil) {
        Thread.sleep(10);
      }
      signal.cancel();
      RenderedResult r = f.get(2, TimeUnit.SECONDS);
      assertEquals("cancelled", kind(r));
      Thread.sleep(600); // no retry of the aborted request
      assertEquals(1, authArrivals(), fake.arrivals().toString());
      waitUntil = System.nanoTime() + 2_000_000_000L;
      while (mcp.callsInFlight() > 0 && System.nanoTime() < waitUntil) {
        Thread.sleep(10);
      }
      assertEquals(0, mcp.callsInFlight(), "the permit was not given back");
      // a signal cancelled before the call: nothing is sent
      SentryMcpException e = assertThrows(SentryMcpException.class, () -> mcp.call("whoami", NO_ARGS, ctx));
      assertEquals(ErrorKind.CANCELLED, e.kind());
      assertEquals(1, authArrivals());
    }
  }

  @Test
  void closeCancelsRunningCallsRefusesNewOnesAndStopsItsThreads() throws Exception {
    SentryMcp mcp = engine(b -> b.callTimeout(Duration.ofSeconds(20)));
    CompletableFuture<RenderedResult> f = mcp.callAndRenderAsync("whoami", NO_ARGS, context());
    long waitUntil = System.nanoTime() + 5_000_000_000L;
    while (authArrivals() < 1 && System.nanoTime() < waitUntil) {
      Thread.sleep(10);
    }
    assertTrue(callThreads() > 0);
    mcp.close();
    mcp.close(); // idempotent
    assertTrue(mcp.isClosed());
    RenderedResult r = f.get(2, TimeUnit.SECONDS);
    assertEquals("cancelled", kind(r));
    assertThrows(SentryMcpException.class, () -> mcp.call("whoami", NO_ARGS, SESSION));
    assertTrue(mcp.callAndRenderAsync("whoami", NO_ARGS, context()).get(1, TimeUnit.SECONDS).isError());
    waitUntil = System.nanoTime() + 5_000_000_000L;
    while (callThreads() > 0 && System.nanoTime() < waitUntil) {
      Thread.sleep(20);
    }
    assertEquals(0, callThreads(), "engine threads still alive after close()");
    assertEquals(1, authArrivals());
  }

  /**
   * Like {@code mvn exec:java}: the host runs in its own thread group, and when its main method returns, every thread
   * left in that group is interrupted and must end at once. Before, the JDK-wide thread behind {@code
   * CompletableFuture.orTimeout} lingered there for good (exec:java then waited 15 s).
   */
  @Test
  void nothingOfTheEngineLingersInTheHostsThreadGroupAfterClose() throws Exception {
    ThreadGroup group = new ThreadGroup("host-application");
    java.util.concurrent.atomic.AtomicReference<String> text = new java.util.concurrent.atomic.AtomicReference<>();
    Thread main = new Thread(group, () -> {
      try (SentryMcp mcp = engine(b -> b)) {
        text.set(mcp.callAndRender("find_projects", Map.of("organizationSlug", "sentry-mcp-evals"), SESSION).text());
        text.set(text.get() + mcp.callAndRenderAsync("find_teams", Map.of("organizationSlug", "sentry-mcp-evals"),
            context()).join().text());
      }
    }, "host-main");
    main.start();
    main.join(20_000);
    assertTrue(text.get() != null && text.get().contains("cloudflare-mcp"), String.valueOf(text.get()));
    Thread[] left = new Thread[group.activeCount() + 16];
    int n = group.enumerate(left);
    for (int i = 0; i < n; i++) {
      left[i].interrupt();
    }
    List<String> lingering = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      left[i].join(3_000);
      if (left[i].isAlive()) {
        lingering.add(left[i].getName());
      }
    }
    assertEquals(List.of(), lingering, "threads that did not end after close() and an interrupt");
  }

  private static long callThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("sentry-mcp-call-") && t.isAlive())
        .count();
  }

  @Test
  void sandboxModeRefusesAHostThatIsNotALoopbackFake() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> SentryMcpConfig.builder().sandbox(true).build());
    assertTrue(String.join(" ", e.problems()).contains("loopback"), e.problems().toString());
    assertThrows(ConfigurationException.class,
        () -> SentryMcpConfig.builder().host("sentry.example.com").insecureHttp(true)
            .sandbox(true).build());
    assertThrows(ConfigurationException.class,
        () -> SentryMcpConfig.builder().host("127.0.0.1:9000").sandbox(true).build());
    assertTrue(SentryMcpConfig.builder().host(fake.hostAndPort()).insecureHttp(true)
        .sandbox(true).build().sandbox());
    assertTrue(SentryMcpConfig.builder().host("localhost:1").insecureHttp(true)
        .sandbox(true).build().sandbox());
  }

  @Test
  void limitsAreValidated() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> SentryMcpConfig.builder().callTimeout(Duration.ZERO).maxConcurrentCalls(0).build());
    assertEquals(2, e.problems().size(), e.problems().toString());
  }
}
