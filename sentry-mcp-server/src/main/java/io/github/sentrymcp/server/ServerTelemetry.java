package io.github.sentrymcp.server;

import io.github.sentrymcp.api.ConfigurationException;
import io.github.sentrymcp.api.ToolCallListener;
import io.github.sentrymcp.core.Redactor;
import io.github.sentrymcp.core.internal.Failures;
import io.github.sentrymcp.opentelemetry.SentryMcpTelemetry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.resources.Resource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's OpenTelemetry: the SDK configured from the standard {@code OTEL_*} variables and this server's
 * defaults ({@link TelemetrySettings}), exporting OTLP over HTTP with the JDK's client; or, when the OpenTelemetry Java
 * agent is attached, the agent's instance. The only class of the server that uses OpenTelemetry types, loaded only
 * when telemetry is on: a start without it loads none.
 *
 * <p>Defaults, each overridable by the standard variables: {@code service.name} {@value
 * TelemetrySettings#SERVICE_NAME}, {@code service.version} the server's version, no log export, OTLP over
 * {@code http/protobuf}, and with a Sentry DSN (and no OTLP endpoint set) traces to Sentry's OTLP ingestion.
 */
final class ServerTelemetry implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServerTelemetry.class);

  /** How long {@link #close()} waits for the last spans and metrics to be exported. */
  static final long CLOSE_TIMEOUT_MS = 5_000;

  static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  static final AttributeKey<String> SERVICE_VERSION = AttributeKey.stringKey("service.version");

  /**
   * OpenTelemetry's own logger (java.util.logging, to stderr): warnings and errors only, unless a JUL configuration
   * was given. Held here: JUL keeps its loggers weakly, and a collected one forgets its level.
   */
  private static final java.util.logging.Logger OTEL_LOG = java.util.logging.Logger.getLogger("io.opentelemetry");

  private final OpenTelemetry openTelemetry;
  private final @Nullable OpenTelemetrySdk sdk;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ServerTelemetry(OpenTelemetry openTelemetry, @Nullable OpenTelemetrySdk sdk) {
    this.openTelemetry = openTelemetry;
    this.sdk = sdk;
  }

  /**
   * Starts telemetry for the settings: with the Java agent, its global instance; otherwise a new SDK.
   *
   * @throws ConfigurationException when the {@code OTEL_*} configuration is invalid (the problem in OpenTelemetry's
   *     words, redacted)
   */
  static ServerTelemetry start(TelemetrySettings settings) {
    if (System.getProperty("java.util.logging.config.file") == null
        && System.getProperty("java.util.logging.config.class") == null) {
      OTEL_LOG.setLevel(java.util.logging.Level.WARNING); // no INFO chatter on the stderr an MCP client shows
    }
    if (settings.agent()) {
      log.debug("telemetry: the OpenTelemetry Java agent is attached; using its instance");
      return new ServerTelemetry(GlobalOpenTelemetry.get(), null);
    }
    OpenTelemetrySdk sdk;
    try {
      sdk = AutoConfiguredOpenTelemetrySdk.builder()
          // below the process's own otel.* system properties and OTEL_* variables, which win
          .addPropertiesSupplier(settings::properties)
          .addResourceCustomizer(ServerTelemetry::withServiceDefaults)
          .setServiceClassLoader(ServerTelemetry.class.getClassLoader())
          // closed by the launchers' shutdown paths (close()), bounded; not a second time by a JVM hook
          .disableShutdownHook()
          .build()
          .getOpenTelemetrySdk();
    } catch (io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException e) {
      String why = e.getMessage() == null ? "" : ": " + Redactor.redactForTelemetry(e.getMessage());
      throw new ConfigurationException(List.of("invalid OpenTelemetry configuration" + why));
    } catch (RuntimeException | LinkageError e) {
      throw new ConfigurationException(
          List.of("OpenTelemetry failed to start (" + Failures.describe(e) + ")"));
    }
    log.debug("telemetry: OpenTelemetry SDK started{}",
        settings.sentry() != null ? "; traces go to Sentry's OTLP ingestion for the DSN's project" : "");
    return new ServerTelemetry(sdk, sdk);
  }

  /** {@code service.name} and {@code service.version} unless the configuration sets them. */
  static Resource withServiceDefaults(Resource resource, ConfigProperties config) {
    var b = resource.toBuilder();
    if (config.getString("otel.service.name") == null
        && !config.getMap("otel.resource.attributes").containsKey(SERVICE_NAME.getKey())) {
      b.put(SERVICE_NAME, TelemetrySettings.SERVICE_NAME);
    }
    if (resource.getAttribute(SERVICE_VERSION) == null) {
      b.put(SERVICE_VERSION, Version.get());
    }
    return b.build();
  }

  /** The instance to record with: the SDK's, or the agent's. */
  OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  /**
   * Whether the OpenTelemetry Java agent is attached: its instrumentation of the JDK's HTTP client already makes a
   * CLIENT span of every Sentry API request, so the listener should not make its own.
   */
  boolean agentPresent() {
    return sdk == null;
  }

  /**
   * The engine's listener: traces and metrics of the tool calls on this SDK (or the agent's); under the agent, whose
   * HTTP-client instrumentation already traces the Sentry requests, without the module's own CLIENT spans for them.
   */
  ToolCallListener listener() {
    return SentryMcpTelemetry.builder(openTelemetry()).sentryApiSpans(!agentPresent()).build();
  }


  /**
   * Exports what is pending and shuts the SDK down, waiting at most {@link #CLOSE_TIMEOUT_MS}; idempotent, never
   * throws. With the agent: nothing (the agent ends its own at exit).
   */
  @Override
  public void close() {
    OpenTelemetrySdk toClose = sdk;
    if (toClose == null || !closed.compareAndSet(false, true)) {
      return;
    }
    // on a thread of its own: the SDK's shutdown itself blocks (the metric reader waits up to 5 s, three times, for
    // an export in flight), and the wait here must be bounded
    AtomicBoolean exported = new AtomicBoolean();
    Thread shutdown = new Thread(() -> {
      try {
        exported.set(toClose.shutdown().join(CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS).isSuccess());
      } catch (RuntimeException e) {
        log.debug("telemetry: shutting down failed ({})", Failures.describe(e));
      }
    }, "sentry-mcp-telemetry-shutdown");
    shutdown.setDaemon(true);
    shutdown.start();
    try {
      shutdown.join(CLOSE_TIMEOUT_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (exported.get()) {
      log.debug("telemetry: shut down; everything recorded was exported");
    } else {
      log.warn("telemetry: not everything was exported at shutdown (timed out, or the endpoint refused it)");
    }
  }
}
