package io.github.sentrymcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.sentrymcp.testkit.FakeSentry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Telemetry of the shaded server jar over stdio: off by default (no OpenTelemetry class is loaded), on with an OTLP
 * endpoint or a Sentry DSN, exporting to an {@link OtlpReceiver} in this JVM; the process exits 0 after stdin closes.
 */
class TelemetryIT {
  private static final String TOKEN = "sntrys_" + "TelemetryItServerToken0123456789abcdefXYZ";
  private static final String DSN_SECRET = "DsnSecretKey4711";

  private static FakeSentry fake;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    assertTrue(Files.isRegularFile(StdioServerClients.JAR), "run `mvn package` first: " + StdioServerClients.JAR);
    fake = FakeSentry.builder().requiredToken(TOKEN).build();
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  /** The server with these JVM options, variables (no OTEL_* or SENTRY_DSN inherited) and arguments. */
  private ServerProcess server(List<String> jvm, Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(StdioServerClients.JAVA));
    cmd.addAll(jvm);
    List<String> all = new ArrayList<>(List.of("--access-token=" + TOKEN, "--host=" + fake.hostAndPort(),
        "--insecure-http", "--no-warmup"));
    all.addAll(List.of(args));
    cmd.addAll(StdioServerClients.serverArgs(all.toArray(String[]::new)));
    Map<String, String> environment = new HashMap<>();
    System.getenv().keySet().stream().filter(k -> k.startsWith("OTEL_") || k.equals("SENTRY_DSN"))
        .forEach(k -> environment.put(k, "")); // blank counts as unset
    environment.putAll(env);
    return new ServerProcess(cmd, environment);
  }

  /** initialize, tools/list, a tools/call; then stdin closes and the server must exit 0. Returns its stderr. */
  private static String session(ServerProcess server) throws Exception {
    server.initialize();
    server.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
    JsonNode list = server.awaitMessage();
    assertTrue(list.path("result").path("tools").size() > 0, list.toString());
    server.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"find_organizations\","
        + "\"arguments\":{}}}");
    JsonNode call = server.awaitMessage();
    assertFalse(call.path("result").path("isError").asBoolean(), call.toString());
    server.process.getOutputStream().close();
    int exit = server.exitWithin(Duration.ofSeconds(30));
    String stderr = server.stderr.get(10, TimeUnit.SECONDS);
    assertEquals(0, exit, stderr);
    return stderr;
  }

  private List<String> classLog(Path log) {
    return List.of("-Xlog:class+load=info:file=" + log);
  }

  @Test
  void offByDefaultLoadsNoOpenTelemetryClass() throws Exception {
    Path log = dir.resolve("classes.log");
    try (ServerProcess server = server(classLog(log), Map.of())) {
      session(server);
    }
    String loaded = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(loaded.contains("io.github.sentrymcp.server.StdioLauncher "), "class log incomplete");
    assertTrue(loaded.contains("io.github.sentrymcp.server.TelemetrySettings "), "class log incomplete");
    assertFalse(loaded.contains("io.opentelemetry."), "a start without telemetry loaded OpenTelemetry");
    assertFalse(loaded.contains("io.github.sentrymcp.server.ServerTelemetry "), "loaded ServerTelemetry");
  }

  @Test
  void anOtlpEndpointStartsTheSdkWhichExportsOverTheJdkClient() throws Exception {
    Path log = dir.resolve("classes.log");
    List<String> jvm = new ArrayList<>(classLog(log));
    jvm.add("-Dorg.slf4j.simpleLogger.log.io.github.sentrymcp.server.ServerTelemetry=debug");
    try (OtlpReceiver receiver = OtlpReceiver.start();
        ServerProcess server = server(jvm, Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
            "OTEL_BSP_SCHEDULE_DELAY", "100", "OTEL_METRIC_EXPORT_INTERVAL", "500"))) {
      String stderr = session(server);
      assertTrue(stderr.contains("telemetry: OpenTelemetry SDK started"), stderr);
      assertFalse(stderr.contains("telemetry: not everything was exported"), stderr);
      assertFalse(stderr.contains("SEVERE") || stderr.contains("WARNING:"), stderr);
      // the OTLP exporters and the JDK sender were found in the shaded jar (ServiceLoader) and built
      String loaded = Files.readString(log, StandardCharsets.UTF_8);
      for (String cls : List.of("io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter ",
          "io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter ",
          "io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSender ")) {
        assertTrue(loaded.contains(cls), "not loaded: " + cls);
      }
      assertFalse(loaded.contains("okhttp3."), "OkHttp loaded");
      // what arrived is OTLP of this service: the tool call's span (exported by close() at the latest) and its
      // metric, and nothing secret
      OtlpReceiver.Request traces = receiver.await(x -> x.path().equals("/v1/traces")
          && x.bodyContains("tools/call find_organizations"), Duration.ofSeconds(10));
      assertTrue(traces != null, "no span of the call: " + receiver.requests());
      assertTrue(receiver.requests().stream().anyMatch(x -> x.path().equals("/v1/traces")
          && x.bodyContains("GET /api/0/organizations/")), "no CLIENT span of the Sentry request");
      assertTrue(traces.bodyContains("mcp.method.name") && traces.bodyContains("network.transport"),
          "no MCP attributes");
      OtlpReceiver.Request metrics = receiver.await(x -> x.path().equals("/v1/metrics")
          && x.bodyContains("mcp.server.operation.duration"), Duration.ofSeconds(10));
      assertTrue(metrics != null, "no operation metric: " + receiver.requests());
      assertFalse(receiver.requests().isEmpty());
      for (OtlpReceiver.Request r : receiver.requests()) {
        assertFalse(r.bodyContains(TOKEN.substring(7)), "the token was exported");
        assertTrue(List.of("/v1/traces", "/v1/metrics").contains(r.path()), r.toString());
        assertEquals("POST", r.method());
        assertEquals("application/x-protobuf", r.header("content-type"));
        assertTrue(r.bodyContains(TelemetrySettings.SERVICE_NAME), r.toString());
      }
    }
  }

  @Test
  void aSentryDsnSendsTracesToSentrysOtlpIngestion() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        ServerProcess server = server(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=debug"),
            Map.of("OTEL_BSP_SCHEDULE_DELAY", "100"),
            "--sentry-dsn=http://publickey:" + DSN_SECRET + "@127.0.0.1:" + receiver.port() + "/42")) {
      String stderr = session(server);
      assertTrue(stderr.contains("telemetry: OpenTelemetry SDK started; traces go to Sentry's OTLP ingestion"),
          stderr);
      assertFalse(stderr.contains(DSN_SECRET), stderr);
      assertFalse(stderr.contains(TOKEN.substring(7)), stderr);
      // the call's span went to the project's OTLP traces endpoint with the public key (and never metrics:
      // Sentry takes none over OTLP)
      assertTrue(receiver.await(x -> x.bodyContains("tools/call find_organizations"), Duration.ofSeconds(10)) != null,
          "no span of the call: " + receiver.requests());
      for (OtlpReceiver.Request r : receiver.requests()) {
        assertEquals("/api/42/integration/otlp/v1/traces", r.path(), r.toString());
        assertEquals("sentry sentry_key=publickey", r.header("x-sentry-auth"));
        assertFalse(r.bodyContains(DSN_SECRET));
      }
    }
  }

  @Test
  void sigtermOverStdioClosesTheSdk() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        ServerProcess server = server(List.of("-Dorg.slf4j.simpleLogger.log.io.github.sentrymcp.server=debug"),
            Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint()))) {
      server.initialize();
      server.process.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of stderr)
      assertEquals(0, server.exitWithin(Duration.ofSeconds(30)));
      String stderr = server.stderr.get(10, TimeUnit.SECONDS);
      assertTrue(stderr.contains("telemetry: OpenTelemetry SDK started"), stderr);
      assertTrue(stderr.contains("telemetry: shut down; everything recorded was exported"), stderr);
    }
  }

  @Test
  void sigtermOverHttpClosesTheSdk() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        HttpServerProcess server = HttpServerProcess.start(
            Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(), "OTEL_TRACES_EXPORTER", "otlp",
                "JAVA_TOOL_OPTIONS", "-Dorg.slf4j.simpleLogger.log.io.github.sentrymcp.server=debug"),
            java.util.regex.Pattern.compile("MCP Streamable HTTP at (http://\\S+)"),
            "--transport=http", "--port=0", "--access-token=" + TOKEN, "--host=" + fake.hostAndPort(),
            "--insecure-http", "--no-warmup")) {
      server.process().toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of stderr)
      assertTrue(server.process().waitFor(30, TimeUnit.SECONDS));
      assertEquals(0, server.process().exitValue(), server.stderr().toString());
      // the reader thread may still be reading the last lines
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (System.nanoTime() < end && server.stderr().stream().noneMatch(l -> l.contains("telemetry: shut down"))) {
        Thread.sleep(20);
      }
      String stderr = String.join("\n", server.stderr());
      assertTrue(stderr.contains("telemetry: OpenTelemetry SDK started"), stderr);
      assertTrue(stderr.contains("telemetry: shut down; everything recorded was exported"), stderr);
    }
  }

  /** {@link TelemetryProbe} on the shaded jar's classes: returns its exit code and stderr. */
  private static String probe(Map<String, String> env, String dsn, String spanName) throws Exception {
    Path testClasses = Path.of(TelemetryProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> cmd = List.of(StdioServerClients.JAVA, "-cp",
        StdioServerClients.JAR + java.io.File.pathSeparator + testClasses, TelemetryProbe.class.getName(), dsn,
        spanName);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("OTEL_") || k.equals("SENTRY_DSN"));
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), output);
    assertEquals(0, p.exitValue(), output);
    return output;
  }

  @Test
  void theShadedJarExportsOtlpOverTheJdkClient() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      probe(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(), "OTEL_METRICS_EXPORTER", "none"), "",
          "probe span 4711");
      OtlpReceiver.Request r = receiver.await(x -> x.path().equals("/v1/traces"), Duration.ofSeconds(5));
      assertTrue(r != null, "nothing exported: " + receiver.requests());
      assertEquals("POST", r.method());
      assertEquals("application/x-protobuf", r.header("content-type"));
      assertTrue(r.header("user-agent").startsWith("OTel-OTLP-Exporter-Java/"), r.header("user-agent"));
      assertTrue(r.bodyContains(TelemetrySettings.SERVICE_NAME), r.toString());
      assertTrue(r.bodyContains("probe span 4711"), r.toString());
    }
  }

  @Test
  void theShadedJarExportsToSentrysOtlpIngestionForADsn() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      String output = probe(Map.of(), "http://publickey:" + DSN_SECRET + "@127.0.0.1:" + receiver.port() + "/42",
          "probe span 42");
      assertFalse(output.contains(DSN_SECRET), output);
      OtlpReceiver.Request r = receiver.await(x -> true, Duration.ofSeconds(5));
      assertTrue(r != null, "nothing exported");
      assertEquals(1, receiver.requests().size(), receiver.requests().toString()); // no metrics to Sentry
      assertEquals("/api/42/integration/otlp/v1/traces", r.path());
      assertEquals("sentry sentry_key=publickey", r.header("x-sentry-auth"));
      assertEquals("application/x-protobuf", r.header("content-type"));
      assertTrue(r.bodyContains("probe span 42"), r.toString());
      assertTrue(r.bodyContains(TelemetrySettings.SERVICE_NAME), r.toString());
      assertFalse(r.bodyContains(DSN_SECRET));
    }
  }

  @Test
  void anInvalidDsnStopsTheStartInOneLineWithoutShowingIt() throws Exception {
    try (ServerProcess server = server(List.of(), Map.of("SENTRY_DSN",
        "https://publickey:" + DSN_SECRET + "@o1.ingest.sentry.io/not-a-project"))) {
      assertEquals(1, server.exitWithin(Duration.ofSeconds(30)));
      String stderr = server.stderr.get(10, TimeUnit.SECONDS);
      assertEquals("Error: SENTRY_DSN must end with the numeric project id (/<project id>)\n"
          + Main.HELP_HINT + "\n", stderr);
    }
  }

  @Test
  void anInvalidOtelConfigurationStopsTheStart() throws Exception {
    try (ServerProcess server = server(List.of(), Map.of("OTEL_TRACES_EXPORTER", "zipkin"))) {
      assertEquals(1, server.exitWithin(Duration.ofSeconds(30)));
      String stderr = server.stderr.get(10, TimeUnit.SECONDS);
      assertTrue(stderr.contains("Error: invalid OpenTelemetry configuration: Unrecognized value for"
          + " otel.traces.exporter: zipkin\n"), stderr);
    }
  }

  @Test
  void theShadedJarHasTheOtlpProvidersAndNoOkHttp() throws Exception {
    try (JarFile jar = new JarFile(StdioServerClients.JAR.toFile())) {
      assertEquals("io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider",
          services(jar, "io.opentelemetry.sdk.common.export.HttpSenderProvider"));
      assertTrue(services(jar, "io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider")
          .contains("io.opentelemetry.exporter.otlp.internal.OtlpSpanExporterProvider"));
      assertTrue(services(jar, "io.opentelemetry.sdk.autoconfigure.spi.metrics.ConfigurableMetricExporterProvider")
          .contains("io.opentelemetry.exporter.otlp.internal.OtlpMetricExporterProvider"));
      assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("okhttp3/") || e.getName().startsWith("kotlin/")
          || e.getName().startsWith("okio/")));
    }
  }

  private static String services(JarFile jar, String service) throws IOException {
    var entry = jar.getEntry("META-INF/services/" + service);
    assertTrue(entry != null, "no services file for " + service);
    try (var in = jar.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
  }
}
