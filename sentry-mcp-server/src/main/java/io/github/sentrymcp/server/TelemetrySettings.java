package io.github.sentrymcp.server;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Whether the server sends telemetry, and the OpenTelemetry properties it starts the SDK with. Decided from the
 * standard {@code OTEL_*} variables (and their {@code otel.*} system properties), the Sentry DSN and the Java agent;
 * this class uses no OpenTelemetry type, so a server without telemetry never loads one ({@link ServerTelemetry} does,
 * only when this says on).
 *
 * <p>On when {@code OTEL_SDK_DISABLED} is not {@code true} and any of {@link #TRIGGERS}, a Sentry DSN ({@code
 * --sentry-dsn}, {@code SENTRY_DSN}) or the OpenTelemetry Java agent is there.
 *
 * @param agent whether the OpenTelemetry Java agent is attached: its instance is used and no SDK is built
 * @param properties the SDK's configuration below the process's own {@code otel.*} system properties and {@code
 *     OTEL_*} variables, which autoconfigure reads and which win: this server's defaults, then the {@code OTEL_*}
 *     entries of the environment given and the {@code otel.*} system properties given (the same values in a real
 *     start; a test gives its own)
 * @param sentry the DSN whose project receives the traces (Sentry's OTLP ingestion), or null when they go elsewhere
 */
record TelemetrySettings(boolean agent, Map<String, String> properties, @Nullable SentryDsn sentry) {

  /** Any of these, set and not blank, turns telemetry on. */
  static final List<String> TRIGGERS = List.of("OTEL_TRACES_EXPORTER", "OTEL_METRICS_EXPORTER", "OTEL_LOGS_EXPORTER",
      "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT");

  /** The OTLP protocol settings: the server sends OTLP over HTTP only (the JDK's client has no gRPC). */
  static final List<String> PROTOCOLS = List.of("OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
      "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL", "OTEL_EXPORTER_OTLP_LOGS_PROTOCOL");

  /** The Java agent's bootstrap class: on the bootstrap class path exactly when the agent is attached. */
  static final String AGENT_CLASS = "io.opentelemetry.javaagent.bootstrap.AgentInitializer";

  static final String SERVICE_NAME = "sentry-mcp-server";

  TelemetrySettings {
    properties = Map.copyOf(properties);
  }

  /** Names only: values can hold credentials (OTEL_EXPORTER_OTLP_HEADERS). */
  @Override
  public String toString() {
    return "TelemetrySettings[agent=" + agent + ", properties=" + new TreeMap<>(properties).keySet() + ", sentry="
        + sentry + "]";
  }

  /**
   * The settings for this process, or null when telemetry is off; a problem (an invalid DSN, an unsupported protocol)
   * is added to {@code problems} and null returned, a note for stderr to {@code notices}.
   *
   * @param dsnFlag the {@code --sentry-dsn} value, or null
   * @param env the environment
   * @param systemProperties the {@code otel.*} system properties
   * @param agent whether the OpenTelemetry Java agent is attached ({@link #agentAttached()})
   */
  static @Nullable TelemetrySettings resolve(@Nullable String dsnFlag, Map<String, String> env,
      Map<String, String> systemProperties, boolean agent, List<String> problems, List<String> notices) {
    if ("true".equalsIgnoreCase(setting("OTEL_SDK_DISABLED", env, systemProperties))) {
      return null; // nothing is sent, so a DSN given is not even read
    }
    String dsnName = dsnFlag != null ? "--sentry-dsn" : "SENTRY_DSN";
    String dsnText; // an empty --sentry-dsn= means none, as for Sentry's SDKs, even with SENTRY_DSN set
    if (dsnFlag != null) {
      dsnText = dsnFlag.isBlank() ? null : dsnFlag;
    } else {
      dsnText = Main.envValue(env, "SENTRY_DSN");
    }
    boolean triggered = agent || dsnText != null;
    for (String name : TRIGGERS) {
      triggered |= setting(name, env, systemProperties) != null;
    }
    if (!triggered) {
      return null;
    }
    int problemsBefore = problems.size();
    SentryDsn dsn = null;
    if (dsnText != null) {
      try {
        dsn = SentryDsn.parse(dsnText);
      } catch (IllegalArgumentException e) {
        problems.add(dsnName + " " + e.getMessage());
      }
    }
    if (!agent) {
      for (String name : PROTOCOLS) {
        String protocol = setting(name, env, systemProperties);
        if (protocol != null && protocol.strip().equalsIgnoreCase("grpc")) {
          problems.add(name + "=grpc is not supported: this server sends OTLP over HTTP (http/protobuf, the default,"
              + " or http/json)");
        }
      }
    }
    if (problems.size() > problemsBefore) {
      return null;
    }

    Map<String, String> props = new LinkedHashMap<>();
    props.put("otel.logs.exporter", "none"); // traces and metrics; the log lines stay on stderr
    props.put("otel.exporter.otlp.protocol", "http/protobuf");
    SentryDsn sentry = null;
    if (dsn != null) {
      if (agent) {
        notices.add(dsnName + " is not used: the OpenTelemetry Java agent is attached, and its configuration says"
            + " where telemetry goes");
      } else if (setting("OTEL_EXPORTER_OTLP_ENDPOINT", env, systemProperties) != null
          || setting("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", env, systemProperties) != null) {
        notices.add(dsnName + " is not used: an OTLP endpoint is set (OTEL_EXPORTER_OTLP_ENDPOINT or"
            + " OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)");
      } else {
        // Sentry's OTLP ingestion takes traces (not metrics), authenticated by the project's public key
        sentry = dsn;
        props.put("otel.exporter.otlp.traces.endpoint", dsn.otlpTracesEndpoint());
        // the exporter URL-decodes header values
        props.put("otel.exporter.otlp.traces.headers",
            "x-sentry-auth=" + URLEncoder.encode(dsn.authHeader(), StandardCharsets.UTF_8));
        props.put("otel.exporter.otlp.traces.protocol", "http/protobuf");
        props.put("otel.metrics.exporter", "none");
      }
    }
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      if (e.getKey().startsWith("OTEL_") && !e.getValue().isBlank()) {
        props.put(propertyName(e.getKey()), e.getValue());
      }
    }
    for (Map.Entry<String, String> e : new TreeMap<>(systemProperties).entrySet()) {
      if (e.getKey().startsWith("otel.") && !e.getValue().isBlank()) {
        props.put(e.getKey(), e.getValue());
      }
    }
    return new TelemetrySettings(agent, props, sentry);
  }

  /** A setting by its variable name: the system property ({@code otel.x.y}) beats the variable ({@code OTEL_X_Y}). */
  static @Nullable String setting(String envName, Map<String, String> env, Map<String, String> systemProperties) {
    String p = systemProperties.get(propertyName(envName));
    if (p != null && !p.isBlank()) {
      return p.strip();
    }
    String v = Main.envValue(env, envName);
    return v == null ? null : v.strip();
  }

  /** {@code OTEL_EXPORTER_OTLP_ENDPOINT} to {@code otel.exporter.otlp.endpoint}, as autoconfigure reads them. */
  static String propertyName(String envName) {
    return envName.toLowerCase(Locale.ROOT).replace('_', '.');
  }

  /** This process's {@code otel.*} system properties. */
  static Map<String, String> systemProperties() {
    Map<String, String> out = new TreeMap<>();
    Properties props = System.getProperties();
    for (String name : props.stringPropertyNames()) {
      if (name.startsWith("otel.")) {
        out.put(name, props.getProperty(name, ""));
      }
    }
    return out;
  }

  /** Whether the OpenTelemetry Java agent is attached: its bootstrap class is there (looked up, not initialized). */
  static boolean agentAttached() {
    try {
      Class.forName(AGENT_CLASS, false, null);
      return true;
    } catch (ClassNotFoundException | LinkageError | SecurityException e) {
      return false;
    }
  }
}
