package io.github.sentrymcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.sentrymcp.api.ConfigurationException;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.opentelemetry.sdk.resources.Resource;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenTelemetry SDK the server builds, in this JVM, exporting over the JDK's HTTP client to an {@link
 * OtlpReceiver}. (The settings come from the maps given; autoconfigure also reads the real environment, so the tests
 * run only where no OTEL_* variable is set.)
 */
class ServerTelemetryTest {
  private OtlpReceiver receiver;
  private final List<ServerTelemetry> started = new ArrayList<>();

  @BeforeAll
  static void noOtelEnvironment() {
    assumeTrue(System.getenv().keySet().stream().noneMatch(k -> k.startsWith("OTEL_")),
        "OTEL_* variables are set in this environment");
  }

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = OtlpReceiver.start();
  }

  @AfterEach
  void stop() {
    started.forEach(ServerTelemetry::close);
    receiver.close();
  }

  private ServerTelemetry start(String dsn, Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    TelemetrySettings settings = TelemetrySettings.resolve(dsn, env, Map.of(), false, problems, new ArrayList<>());
    assertTrue(problems.isEmpty(), problems.toString());
    assertNotNull(settings);
    ServerTelemetry t = ServerTelemetry.start(settings);
    started.add(t);
    return t;
  }

  @Test
  void exportsTracesAndMetricsOverOtlpHttpWithTheJdkClient() throws Exception {
    ServerTelemetry t = start(null, Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
        "OTEL_BSP_SCHEDULE_DELAY", "50", "OTEL_METRIC_EXPORT_INTERVAL", "200"));
    assertFalse(t.agentPresent());
    Span span = t.openTelemetry().getTracer("test").spanBuilder("tools/call whoami").startSpan();
    span.end();
    t.openTelemetry().getMeter("test").counterBuilder("test.calls").build().add(3);

    OtlpReceiver.Request traces = receiver.await(r -> r.path().equals("/v1/traces"), Duration.ofSeconds(10));
    assertNotNull(traces, "no traces: " + receiver.requests());
    assertEquals("POST", traces.method());
    assertEquals("application/x-protobuf", traces.header("content-type"));
    assertTrue(traces.bodyContains("tools/call whoami"));
    assertTrue(traces.bodyContains(TelemetrySettings.SERVICE_NAME));
    assertTrue(traces.bodyContains(Version.get()));
    OtlpReceiver.Request metrics = receiver.await(r -> r.path().equals("/v1/metrics") && r.bodyContains("test.calls"),
        Duration.ofSeconds(10));
    assertNotNull(metrics, "no metrics: " + receiver.requests());
    assertTrue(metrics.bodyContains(TelemetrySettings.SERVICE_NAME));
    // no log export by default
    assertTrue(receiver.requests("/v1/logs").isEmpty(), receiver.requests().toString());
  }

  @Test
  void theOnlyHttpSenderIsTheJdkClient() throws Exception {
    Class<?> spi = Class.forName("io.opentelemetry.sdk.common.export.HttpSenderProvider");
    List<String> providers = new ArrayList<>();
    ServiceLoader.load(spi).stream().forEach(p -> providers.add(p.type().getName()));
    assertEquals(List.of("io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider"), providers);
    assertThrows(ClassNotFoundException.class, () -> Class.forName("okhttp3.OkHttpClient"));
  }

  @Test
  void closeExportsTheLastSpans() throws Exception {
    // a schedule delay far beyond the test: only the shutdown exports the span
    ServerTelemetry t = start(null, Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
        "OTEL_BSP_SCHEDULE_DELAY", "600000", "OTEL_METRICS_EXPORTER", "none"));
    t.openTelemetry().getTracer("test").spanBuilder("the last call").startSpan().end();
    Thread.sleep(300);
    assertTrue(receiver.requests().isEmpty(), receiver.requests().toString());
    t.close();
    assertTrue(receiver.requests("/v1/traces").stream().anyMatch(r -> r.bodyContains("the last call")),
        receiver.requests().toString());
    t.close(); // again: nothing happens
  }

  @Test
  void aDsnSendsTracesToSentrysOtlpIngestionWithThePublicKey() throws Exception {
    ServerTelemetry t = start("http://publickey:SECRETKEY123@127.0.0.1:" + receiver.port() + "/42",
        Map.of("OTEL_BSP_SCHEDULE_DELAY", "50", "OTEL_METRIC_EXPORT_INTERVAL", "100"));
    t.openTelemetry().getTracer("test").spanBuilder("tools/call find_projects").startSpan().end();
    t.openTelemetry().getMeter("test").counterBuilder("test.calls").build().add(1);
    OtlpReceiver.Request r = receiver.await(x -> true, Duration.ofSeconds(10));
    assertNotNull(r, "nothing exported");
    Thread.sleep(400); // a metrics export would have happened by now
    t.close();
    for (OtlpReceiver.Request request : receiver.requests()) {
      assertEquals("/api/42/integration/otlp/v1/traces", request.path(), receiver.requests().toString());
      assertEquals("sentry sentry_key=publickey", request.header("x-sentry-auth"));
      assertEquals("application/x-protobuf", request.header("content-type"));
      assertFalse(request.bodyContains("SECRETKEY123"));
      assertFalse(request.headers().toString().contains("SECRETKEY123"), request.headers().toString());
    }
    assertTrue(receiver.requests().stream().anyMatch(x -> x.bodyContains("tools/call find_projects")));
  }

  @Test
  void serviceNameAndVersionAreDefaultsTheConfigurationOverrides() {
    Resource empty = Resource.empty();
    Resource defaults = ServerTelemetry.withServiceDefaults(empty, DefaultConfigProperties.createFromMap(Map.of()));
    assertEquals("sentry-mcp-server", defaults.getAttribute(ServerTelemetry.SERVICE_NAME));
    assertEquals(Version.get(), defaults.getAttribute(ServerTelemetry.SERVICE_VERSION));

    // what autoconfigure made of OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES stays
    Resource configured = Resource.builder().put(ServerTelemetry.SERVICE_NAME, "mine")
        .put(ServerTelemetry.SERVICE_VERSION, "9").build();
    for (Map<String, String> config : List.of(Map.of("otel.service.name", "mine"),
        Map.of("otel.resource.attributes", "service.name=mine,service.version=9"))) {
      Resource r = ServerTelemetry.withServiceDefaults(configured, DefaultConfigProperties.createFromMap(config));
      assertEquals("mine", r.getAttribute(ServerTelemetry.SERVICE_NAME));
      assertEquals("9", r.getAttribute(ServerTelemetry.SERVICE_VERSION));
    }
  }

  @Test
  void theServiceNameCanBeSetThroughTheEnvironment() throws Exception {
    ServerTelemetry t = start(null, Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
        "OTEL_METRICS_EXPORTER", "none",
        "OTEL_RESOURCE_ATTRIBUTES", "service.name=my-mcp,deployment.environment=prod"));
    t.openTelemetry().getTracer("test").spanBuilder("x").startSpan().end();
    t.close();
    OtlpReceiver.Request r = receiver.await(x -> x.path().equals("/v1/traces"), Duration.ofSeconds(5));
    assertNotNull(r);
    assertTrue(r.bodyContains("my-mcp"));
    assertTrue(r.bodyContains("prod"));
    assertFalse(r.bodyContains(TelemetrySettings.SERVICE_NAME));
  }

  @Test
  void anInvalidConfigurationIsAStartProblemInRedactedWords() {
    Map<String, String> env = new HashMap<>();
    env.put("OTEL_TRACES_EXPORTER", "zipkin-of-doom");
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> start(null, env));
    assertEquals(1, e.problems().size());
    assertTrue(e.problems().get(0).startsWith("invalid OpenTelemetry configuration: "), e.problems().toString());
    assertTrue(e.problems().get(0).contains("zipkin-of-doom"), e.problems().toString());

    env.put("OTEL_TRACES_EXPORTER", "otlp");
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "ftp://collector.example/?token=SECRETVALUE123");
    ConfigurationException url = assertThrows(ConfigurationException.class, () -> start(null, env));
    assertFalse(url.getMessage().contains("SECRETVALUE123"), url.getMessage());
  }

  @Test
  void withTheAgentItsGlobalInstanceIsUsedAndNothingIsBuilt() {
    List<String> problems = new ArrayList<>();
    TelemetrySettings settings =
        TelemetrySettings.resolve(null, Map.of(), Map.of(), true, problems, new ArrayList<>());
    assertNotNull(settings);
    ServerTelemetry t = ServerTelemetry.start(settings);
    assertTrue(t.agentPresent());
    assertSame(GlobalOpenTelemetry.get(), t.openTelemetry());
    t.close();
  }

  @Test
  void closeIsBoundedWhenTheEndpointNeverAnswers() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> accepted = new ArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            accepted.add(silent.accept()); // and never answer
          }
        } catch (Exception e) {
          // closed
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      ServerTelemetry t = start(null, Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + silent.getLocalPort(),
          "OTEL_EXPORTER_OTLP_TIMEOUT", "60000", "OTEL_BSP_SCHEDULE_DELAY", "600000"));
      for (int i = 0; i < 10; i++) {
        t.openTelemetry().getTracer("test").spanBuilder("stuck " + i).startSpan().end();
      }
      long begin = System.nanoTime();
      t.close();
      long ms = (System.nanoTime() - begin) / 1_000_000;
      assertTrue(ms >= ServerTelemetry.CLOSE_TIMEOUT_MS - 500 && ms < ServerTelemetry.CLOSE_TIMEOUT_MS + 3000,
          "close took " + ms + " ms");
      for (Socket s : accepted) {
        s.close();
      }
    }
  }
}
