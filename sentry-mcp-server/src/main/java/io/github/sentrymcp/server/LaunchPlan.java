package io.github.sentrymcp.server;

import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.core.model.LanguageModels;
import io.github.sentrymcp.core.model.ModelSettings;
import io.github.sentrymcp.core.model.QueryTranslation;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What the command line resolved to, already validated.
 *
 * @param config the engine settings to serve with (in sandbox mode: validated with a placeholder host)
 * @param session the one session of the stdio server: credential and grant
 * @param sandbox whether to serve from an in-process fake Sentry
 * @param sandboxConfig builds the sandbox configuration for the fake's {@code host:port} (same options otherwise)
 * @param notices one-line notes for stderr (ignored options and the like)
 * @param warmup whether to run the JIT warm-up after start-up
 * @param structuredContent whether tools advertise output schemas and results carry structured content
 * @param http the HTTP transport's settings, or null for stdio
 * @param model the model that translates natural-language searches, or null when translation is off
 * @param telemetry the telemetry settings, or null when telemetry is off (then no OpenTelemetry class is loaded)
 */
public record LaunchPlan(
    SentryMcpConfig config,
    Session session,
    boolean sandbox,
    Function<String, SentryMcpConfig> sandboxConfig,
    List<String> notices,
    boolean warmup,
    boolean structuredContent,
    @Nullable HttpPlan http,
    @Nullable ModelSettings model,
    @Nullable TelemetrySettings telemetry) {

  public LaunchPlan {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(sandboxConfig, "sandboxConfig");
    notices = List.copyOf(notices);
  }

  /**
   * The engine builder for a configuration, with this plan's natural-language search when a model was chosen: the
   * same for every engine the server builds (stdio, HTTP, sandbox).
   */
  SentryMcp.Builder engine(SentryMcpConfig config) {
    SentryMcp.Builder b = SentryMcp.builder(config);
    if (model != null) {
      b.queryTranslation(QueryTranslation.builder(LanguageModels.create(model)).build());
    }
    return b;
  }
}
