package io.github.sentrymcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class TelemetrySettingsTest {
  private static final String DSN = "https://pub:SECRETKEY123@o1.ingest.sentry.io/1";

  private final List<String> problems = new ArrayList<>();
  private final List<String> notices = new ArrayList<>();

  private @Nullable TelemetrySettings resolve(@Nullable String flag, Map<String, String> env) {
    return TelemetrySettings.resolve(flag, env, Map.of(), false, problems, notices);
  }

  @Test
  void offWithoutAnyTelemetrySetting() {
    assertNull(resolve(null, Map.of()));
    // variables that configure an SDK but name no exporter or endpoint do not turn it on
    assertNull(resolve(null, Map.of("OTEL_SERVICE_NAME", "x", "OTEL_RESOURCE_ATTRIBUTES", "a=b",
        "OTEL_EXPORTER_OTLP_HEADERS", "a=b", "OTEL_TRACES_EXPORTER", " ", "SENTRY_DSN", "")));
    // an empty flag means no DSN, even with SENTRY_DSN set
    assertNull(resolve("", Map.of("SENTRY_DSN", DSN)));
    assertTrue(problems.isEmpty(), problems.toString());
    assertTrue(notices.isEmpty(), notices.toString());
  }

  @Test
  void onForEachTrigger() {
    for (String name : TelemetrySettings.TRIGGERS) {
      TelemetrySettings s = resolve(null, Map.of(name, "otlp"));
      assertNotNull(s, name);
      assertFalse(s.agent());
      assertNull(s.sentry());
      assertEquals("otlp", s.properties().get(TelemetrySettings.propertyName(name)), name);
    }
    assertNotNull(resolve(null, Map.of("SENTRY_DSN", DSN)));
    assertNotNull(resolve(DSN, Map.of()));
    // the system property counts as the variable does
    assertNotNull(TelemetrySettings.resolve(null, Map.of(), Map.of("otel.traces.exporter", "otlp"), false, problems,
        notices));
    // so does the Java agent
    TelemetrySettings agent = TelemetrySettings.resolve(null, Map.of(), Map.of(), true, problems, notices);
    assertNotNull(agent);
    assertTrue(agent.agent());
    assertTrue(problems.isEmpty(), problems.toString());
  }

  @Test
  void otelSdkDisabledWinsOverEverything() {
    for (String value : List.of("true", "TRUE", " true ")) {
      assertNull(resolve(DSN, Map.of("OTEL_SDK_DISABLED", value, "OTEL_TRACES_EXPORTER", "otlp")));
      assertNull(TelemetrySettings.resolve(null, Map.of("OTEL_TRACES_EXPORTER", "otlp"),
          Map.of("otel.sdk.disabled", value), true, problems, notices));
    }
    // not validated when nothing is sent
    assertNull(resolve("not a dsn", Map.of("OTEL_SDK_DISABLED", "true")));
    assertTrue(problems.isEmpty(), problems.toString());
    assertNotNull(resolve(null, Map.of("OTEL_SDK_DISABLED", "false", "OTEL_TRACES_EXPORTER", "otlp")));
  }

  @Test
  void defaults() {
    TelemetrySettings s = resolve(null, Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318"));
    assertNotNull(s);
    assertEquals(Map.of("otel.logs.exporter", "none", "otel.exporter.otlp.protocol", "http/protobuf",
        "otel.exporter.otlp.endpoint", "http://127.0.0.1:4318"), s.properties());
  }

  @Test
  void theEnvironmentAndSystemPropertiesOverrideTheDefaults() {
    TelemetrySettings s = TelemetrySettings.resolve(DSN,
        Map.of("OTEL_LOGS_EXPORTER", "otlp", "OTEL_METRICS_EXPORTER", "otlp",
            "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "a=b",
            "OTEL_EXPORTER_OTLP_PROTOCOL", "http/json", "PATH", "/bin"),
        Map.of("otel.metrics.exporter", "console", "java.home", "/x"), false, problems, notices);
    assertNotNull(s);
    assertEquals("otlp", s.properties().get("otel.logs.exporter"));
    assertEquals("console", s.properties().get("otel.metrics.exporter"));
    assertEquals("a=b", s.properties().get("otel.exporter.otlp.traces.headers"));
    assertEquals("http/json", s.properties().get("otel.exporter.otlp.protocol"));
    assertFalse(s.properties().containsKey("path"));
    assertFalse(s.properties().containsKey("java.home"));
  }

  @Test
  void aDsnWithoutAnEndpointSendsTracesToSentry() {
    for (Map<String, String> env : List.of(Map.of("SENTRY_DSN", DSN), Map.<String, String>of())) {
      TelemetrySettings s = resolve(env.isEmpty() ? DSN : null, env);
      assertNotNull(s);
      assertNotNull(s.sentry());
      Map<String, String> p = s.properties();
      assertEquals("https://o1.ingest.sentry.io/api/1/integration/otlp/v1/traces",
          p.get("otel.exporter.otlp.traces.endpoint"));
      assertEquals("x-sentry-auth=sentry+sentry_key%3Dpub", p.get("otel.exporter.otlp.traces.headers"));
      assertEquals("sentry sentry_key=pub", java.net.URLDecoder.decode("sentry+sentry_key%3Dpub",
          StandardCharsets.UTF_8)); // what the exporter sends
      assertEquals("http/protobuf", p.get("otel.exporter.otlp.traces.protocol"));
      assertEquals("none", p.get("otel.metrics.exporter")); // Sentry takes no OTLP metrics
      assertEquals("none", p.get("otel.logs.exporter"));
      assertFalse(p.toString().contains("SECRETKEY123"), p.toString());
    }
    // the flag beats the variable
    TelemetrySettings both = resolve("https://flag@o2.ingest.sentry.io/2", Map.of("SENTRY_DSN", DSN));
    assertNotNull(both);
    assertEquals("https://o2.ingest.sentry.io/api/2/integration/otlp/v1/traces",
        both.properties().get("otel.exporter.otlp.traces.endpoint"));
    // metrics can still be asked for (they go to the OTLP default endpoint, not to Sentry)
    TelemetrySettings metrics = resolve(DSN, Map.of("OTEL_METRICS_EXPORTER", "otlp"));
    assertNotNull(metrics);
    assertEquals("otlp", metrics.properties().get("otel.metrics.exporter"));
    assertTrue(problems.isEmpty() && notices.isEmpty(), problems + " " + notices);
  }

  @Test
  void anOtlpEndpointBeatsTheDsn() {
    for (String name : List.of("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")) {
      notices.clear();
      TelemetrySettings s = resolve(DSN, Map.of(name, "http://collector:4318"));
      assertNotNull(s);
      assertNull(s.sentry());
      assertFalse(s.properties().containsKey("otel.exporter.otlp.traces.headers"));
      assertFalse(s.properties().containsKey("otel.metrics.exporter"));
      assertEquals(List.of("--sentry-dsn is not used: an OTLP endpoint is set (OTEL_EXPORTER_OTLP_ENDPOINT or"
          + " OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)"), notices);
    }
    // the metrics endpoint alone does not move the traces
    TelemetrySettings metricsOnly = resolve(DSN, Map.of("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "http://c:4318/m"));
    assertNotNull(metricsOnly);
    assertNotNull(metricsOnly.sentry());
  }

  @Test
  void withTheAgentTheDsnIsNotUsed() {
    TelemetrySettings s = TelemetrySettings.resolve(null, Map.of("SENTRY_DSN", DSN), Map.of(), true, problems,
        notices);
    assertNotNull(s);
    assertTrue(s.agent());
    assertNull(s.sentry());
    assertEquals(1, notices.size());
    assertTrue(notices.get(0).startsWith("SENTRY_DSN is not used: the OpenTelemetry Java agent is attached"),
        notices.get(0));
  }

  @Test
  void anInvalidDsnIsAProblemThatNeverShowsTheDsn() {
    assertNull(resolve("https://pub:SECRETKEY123@o1.ingest.sentry.io/project", Map.of()));
    assertNull(resolve(null, Map.of("SENTRY_DSN", "http://pub:SECRETKEY123@o1.ingest.sentry.io/1")));
    assertEquals(List.of("--sentry-dsn must end with the numeric project id (/<project id>)",
        "SENTRY_DSN must be an https URL (http only for a loopback host)"), problems);
  }

  @Test
  void grpcIsAProblem() {
    for (String name : TelemetrySettings.PROTOCOLS) {
      problems.clear();
      assertNull(resolve(null, Map.of("OTEL_TRACES_EXPORTER", "otlp", name, "grpc")));
      assertEquals(List.of(name + "=grpc is not supported: this server sends OTLP over HTTP (http/protobuf, the"
          + " default, or http/json)"), problems);
    }
    problems.clear();
    assertNotNull(resolve(null, Map.of("OTEL_TRACES_EXPORTER", "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL", "http/json")));
    // the agent brings its own exporters
    assertNotNull(TelemetrySettings.resolve(null, Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"), Map.of(), true,
        problems, notices));
    assertTrue(problems.isEmpty(), problems.toString());
  }

  @Test
  void noAgentInThisJvm() {
    assertFalse(TelemetrySettings.agentAttached());
  }
}
