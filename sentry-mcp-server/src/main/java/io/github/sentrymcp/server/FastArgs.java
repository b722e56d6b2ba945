package io.github.sentrymcp.server;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Start-up fast path: parses the plain, valid forms of the flags ({@code --name=value}, {@code --name value}, a
 * boolean {@code --flag}) without loading picocli, which costs a cold JVM about as much as everything else before
 * the first answer. Anything else (help, version, an unknown or repeated option, a value that looks like an option,
 * {@code @file}, {@code --}) is declined, and picocli parses the arguments from scratch, producing its usual help and
 * error messages. For accepted input the result is exactly picocli's; a test checks both option tables agree.
 */
final class FastArgs {
  private static final Pattern DECIMAL = Pattern.compile("[1-9][0-9]{0,17}");

  static final Map<String, BiConsumer<ServerOptions, String>> VALUED =
      Map.ofEntries(
          Map.entry("--access-token", (o, v) -> o.accessToken = v),
          Map.entry("--access-token-file", (o, v) -> o.accessTokenFile = v),
          Map.entry("--host", (o, v) -> o.host = v),
          Map.entry("--url", (o, v) -> o.url = v),
          Map.entry("--mcp-url", (o, v) -> o.mcpUrl = v),
          Map.entry("--docs-url", (o, v) -> o.docsUrl = v),
          Map.entry("--sentry-dsn", (o, v) -> o.sentryDsn = v),
          Map.entry("--organization-slug", (o, v) -> o.organizationSlug = v),
          Map.entry("--project-slug", (o, v) -> o.projectSlug = v),
          Map.entry("--skills", (o, v) -> o.skills = v),
          Map.entry("--disable-skills", (o, v) -> o.disableSkills = v),
          Map.entry("--scopes", (o, v) -> o.scopes = v),
          Map.entry("--add-scopes", (o, v) -> o.addScopes = v),
          Map.entry("--agent-provider", (o, v) -> o.agentProvider = v),
          Map.entry("--openai-base-url", (o, v) -> o.openaiBaseUrl = v),
          Map.entry("--openai-model", (o, v) -> o.openaiModel = v),
          Map.entry("--anthropic-base-url", (o, v) -> o.anthropicBaseUrl = v),
          Map.entry("--anthropic-model", (o, v) -> o.anthropicModel = v),
          Map.entry("--region-style", (o, v) -> o.regionStyle = v),
          Map.entry("--surface", (o, v) -> o.surface = v),
          Map.entry("--transport", (o, v) -> o.transport = v),
          Map.entry("--port", (o, v) -> o.port = (int) Math.min(Long.parseLong(v), Integer.MAX_VALUE)),
          Map.entry("--bind", (o, v) -> o.bind = v),
          Map.entry("--api-keys-file", (o, v) -> o.apiKeysFile = v),
          Map.entry("--allowed-hosts", (o, v) -> o.allowedHosts = v),
          Map.entry("--allowed-origins", (o, v) -> o.allowedOrigins = v),
          Map.entry("--cors-origins", (o, v) -> o.corsOrigins = v),
          Map.entry("--public-url", (o, v) -> o.publicUrl = v),
          Map.entry("--sentry-client-id", (o, v) -> o.sentryClientId = v),
          Map.entry("--sentry-client-secret-file", (o, v) -> o.sentryClientSecretFile = v),
          Map.entry("--oauth-secret-file", (o, v) -> o.oauthSecretFile = v),
          Map.entry("--oauth-store", (o, v) -> o.oauthStore = v),
          Map.entry("--tools", (o, v) -> o.tools = v),
          Map.entry("--disable-tools", (o, v) -> o.disableTools = v),
          Map.entry("--request-timeout-ms", (o, v) -> o.requestTimeoutMs = Long.parseLong(v)),
          Map.entry("--call-timeout-ms", (o, v) -> o.callTimeoutMs = Long.parseLong(v)),
          Map.entry("--seer-max-wait", (o, v) -> o.seerMaxWait = v),
          Map.entry("--max-concurrent-calls", (o, v) -> o.maxConcurrentCalls = (int) Math.min(Long.parseLong(v), Integer.MAX_VALUE)),
          Map.entry("--max-result-chars", (o, v) -> o.maxResultChars = (int) Math.min(Long.parseLong(v), Integer.MAX_VALUE)));

  /** Options whose value must be a decimal number; anything else goes to picocli, which reports it. */
  private static final Set<String> NUMERIC =
      Set.of("--request-timeout-ms", "--call-timeout-ms", "--max-concurrent-calls", "--max-result-chars", "--port");

  static final Map<String, Consumer<ServerOptions>> FLAGS =
      Map.of(
          "--insecure-http", o -> o.insecureHttp = true,
          "--all-skills", o -> o.allSkills = true,
          "--experimental", o -> o.experimental = true,
          "--no-warmup", o -> o.noWarmup = true,
          "--structured-content", o -> o.structuredContent = true,
          "--sandbox", o -> o.sandbox = true,
          "--allow-sentry-bearer", o -> o.allowSentryBearer = true,
          "--stateful", o -> o.stateful = true,
          "--oauth", o -> o.oauth = true);

  private FastArgs() {}

  /** Parses {@code args} into a new {@link ServerOptions}, or returns null to let picocli handle them. */
  static @Nullable ServerOptions parse(String[] args) {
    ServerOptions o = new ServerOptions();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name;
      String value = null;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      } else {
        name = arg;
      }
      if (!seen.add(name)) {
        return null; // repeated: picocli reports it
      }
      Consumer<ServerOptions> flag = FLAGS.get(name);
      if (flag != null && value == null) {
        flag.accept(o);
        continue;
      }
      BiConsumer<ServerOptions, String> setter = VALUED.get(name);
      if (setter == null) {
        return null; // unknown, help/version, a flag with a value, ...
      }
      if (value == null) {
        if (i + 1 >= args.length || args[i + 1].startsWith("-") || args[i + 1].startsWith("@")) {
          return null;
        }
        value = args[++i];
      }
      if (value.startsWith("@") || (NUMERIC.contains(name) && !DECIMAL.matcher(value).matches())) {
        return null;
      }
      setter.accept(o, value);
    }
    return o;
  }
}
