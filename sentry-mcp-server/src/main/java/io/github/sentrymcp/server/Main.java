package io.github.sentrymcp.server;

import io.github.sentrymcp.core.internal.Failures;
import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.Credential;
import io.github.sentrymcp.api.GrantHints;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.Skill;
import java.util.stream.Collectors;
import io.github.sentrymcp.api.ConfigurationException;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.api.Surface;
import io.github.sentrymcp.api.result.RegionStyle;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.core.model.ModelSelection;
import io.github.sentrymcp.core.model.ModelSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code sentry-mcp-server}: parses flags and environment, validates everything at once, then serves MCP over
 * stdio until stdin closes or the process is terminated.
 */
public final class Main {

  /** The token the sandbox's fake Sentry requires (not a secret). */
  static final String SANDBOX_TOKEN = "sandbox-token";

  static final String HELP_HINT = "Run 'sentry-mcp-server --help' for usage.";

  /** Exit code for invalid flags or a failed start-up. */
  static final int EXIT_USAGE = 1;

  /** Exit code for an unexpected internal failure (BSD {@code EX_SOFTWARE}). */
  static final int EXIT_SOFTWARE = 70;

  /** Exit code when the protocol streams failed, e.g. the client stopped reading (BSD {@code EX_IOERR}). */
  static final int EXIT_IO_ERROR = 74;

  /** Starts a validated plan; returns the process exit code. */
  @FunctionalInterface
  interface Launcher {
    int launch(LaunchPlan plan, PrintStream err);
  }

  private Main() {}

  public static void main(String[] args) {
    // first: every line on stderr from now on is redacted, whoever writes it (SLF4J, JUL, Jetty, the MCP SDK)
    RedactingOutputStream.install();
    RedactingOutputStream.prepareInBackground();
    int code;
    try {
      configureAsyncPool();
      configureLogging();
      Startup startup = Startup.begin();
      StdioLauncher stdio = new StdioLauncher(startup);
      code = run(args, System.getenv(), System.out, System.err,
          (plan, err) -> plan.http() != null ? new HttpLauncher().launch(plan, err) : stdio.launch(plan, err));
    } catch (Throwable t) { // last resort: the SDK's non-daemon threads would otherwise keep the JVM alive
      System.err.println("Error: the server stopped after " + Failures.describe(t) + ".");
      code = EXIT_SOFTWARE;
    }
    System.out.flush();
    System.err.flush();
    System.exit(code);
  }

  /** The JDK property that sets the common fork-join pool's parallelism. */
  static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  /**
   * Gives {@link java.util.concurrent.CompletableFuture}'s default executor a pool on small machines. The JDK's HTTP
   * client completes every {@code sendAsync} on that executor, and when the common pool's parallelism is below 2 (any
   * machine with fewer than 3 CPUs, unless configured) it is "a new thread per task": one thread started and ended
   * per Sentry request (measured on 2 CPUs: a third of the server's CPU per call). Must run before anything uses
   * {@code CompletableFuture}; an explicit setting is kept.
   */
  static void configureAsyncPool() {
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null
        && Runtime.getRuntime().availableProcessors() < 3) {
      System.setProperty(COMMON_POOL_PARALLELISM, "2");
    }
  }

  /** Routes slf4j-simple to stderr (stdout is the protocol), default level warn, unless configured otherwise. */
  static void configureLogging() {
    String logFile = System.getProperty("org.slf4j.simpleLogger.logFile");
    if (logFile == null || logFile.equalsIgnoreCase("System.out")) {
      System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    }
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
  }

  /**
   * Parses and validates, then hands the plan to the launcher. {@code --help} and {@code --version} print to {@code
   * out}; every error goes to {@code err}.
   */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, Launcher launcher) {
    if (args.length > 0 && args[0].equals("auth")) {
      return AuthCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), env, out, err);
    }
    ServerOptions opts = FastArgs.parse(args);
    if (opts == null) {
      opts = new ServerOptions();
      Integer exit = PicocliArgs.parse(opts, args, out, err);
      if (exit != null) {
        return exit;
      }
    }
    List<String> problems = new ArrayList<>();
    LaunchPlan plan = resolve(opts, env, problems);
    if (plan == null || !problems.isEmpty()) {
      for (String p : problems) {
        err.println("Error: " + p);
      }
      err.println(HELP_HINT);
      return 1;
    }
    if (needsStoredLogin(opts, env, plan)) {
      // only here: the token cache, and for a refresh or a new login the OAuth library, are loaded
      io.github.sentrymcp.api.Credential login = StoredLogin.obtain(AuthTarget.of(plan.config(), env), env, err);
      if (login == null) {
        return EXIT_USAGE;
      }
      plan = resolve(opts, env, problems, login);
      if (plan == null || !problems.isEmpty()) {
        for (String p : problems) {
          err.println("Error: " + p);
        }
        return 1;
      }
    }
    return launcher.launch(plan, err);
  }

  /** A stdio server (not the sandbox) started without any token: it serves with a device login's token. */
  private static boolean needsStoredLogin(ServerOptions o, Map<String, String> env, LaunchPlan plan) {
    return plan.http() == null && !o.sandbox && o.accessToken == null && o.accessTokenFile == null
        && envValue(env, "SENTRY_ACCESS_TOKEN") == null;
  }

  /** Resolves flags and environment into a plan; adds every problem found to {@code problems}. */
  static @Nullable LaunchPlan resolve(ServerOptions o, Map<String, String> env, List<String> problems) {
    return resolve(o, env, problems, null);
  }

  /**
   * Like {@link #resolve(ServerOptions, Map, List)}; {@code login} is the credential of a device login, used when no
   * token was given. Without it, a token-less stdio start resolves with a placeholder (when device login is possible
   * for the host) and {@link #run} then obtains the login.
   */
  static @Nullable LaunchPlan resolve(ServerOptions o, Map<String, String> env, List<String> problems,
      @Nullable Credential login) {
    List<String> notices = new ArrayList<>();
    boolean deviceLogin = false;

    HttpPlan http = resolveHttp(o, env, problems, notices);
    // token: --access-token, then --access-token-file, then SENTRY_ACCESS_TOKEN; over HTTP with authentication the
    // clients bring their credentials, and a server token is optional
    // (--oauth counts even when its settings were refused: that problem is reported, a missing token is not one)
    boolean tokenOptional = http != null && (http.authenticated() || o.oauth) && o.accessToken == null
        && o.accessTokenFile == null && envValue(env, "SENTRY_ACCESS_TOKEN") == null;
    Credential token = null;
    if (!o.sandbox && !tokenOptional) {
      String raw = null;
      if (o.accessToken != null && o.accessTokenFile != null) {
        problems.add("--access-token and --access-token-file cannot be combined");
      } else if (o.accessToken != null) {
        raw = o.accessToken;
      } else if (o.accessTokenFile != null) {
        raw = readTokenFile(o.accessTokenFile, problems);
      } else {
        raw = envValue(env, "SENTRY_ACCESS_TOKEN");
        if (raw == null && login != null) {
          token = login;
        } else if (raw == null && http != null) {
          problems.add("no Sentry access token: pass --access-token, --access-token-file or set"
              + " SENTRY_ACCESS_TOKEN (or try --sandbox for fake data)");
        } else if (raw == null) {
          deviceLogin = true; // possible for this host? checked once the host is resolved
        }
      }
      if (raw != null) {
        try {
          token = AccessToken.of(raw);
          if (o.accessTokenFile != null) {
            // read at start to report problems now, then at use: a rotated token is picked up without a restart
            token = Credential.fromFile(Path.of(o.accessTokenFile));
          }
        } catch (IllegalArgumentException e) {
          problems.add("invalid access token: " + e.getMessage());
        }
      }
    } else if (o.sandbox) {
      if (o.accessToken != null || o.accessTokenFile != null || o.host != null || o.url != null || o.insecureHttp) {
        notices.add("--sandbox ignores --access-token, --access-token-file, --host, --url and --insecure-http");
      }
      if (o.mcpUrl != null || o.docsUrl != null) {
        notices.add("--sandbox ignores --mcp-url and --docs-url: the docs tools use the sandbox's fake");
      }
    }

    // natural-language search: only an explicitly chosen provider, never one guessed from the API keys set
    ModelSettings model = null;
    try {
      ModelSelection selection = ModelSelection.resolve(env, new ModelSelection.Options(o.agentProvider,
          o.openaiBaseUrl, o.openaiModel, o.anthropicBaseUrl, o.anthropicModel));
      model = selection.settings().orElse(null);
      // printed by the launcher before anything else starts (the adapter included)
      notices.add(selection.warning() ? "WARNING: " + selection.message() : selection.message());
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }

    Duration requestTimeout = null;
    if (o.requestTimeoutMs != null) {
      if (o.requestTimeoutMs <= 0) {
        problems.add("--request-timeout-ms must be positive");
      } else {
        requestTimeout = Duration.ofMillis(o.requestTimeoutMs);
      }
    }

    if (o.callTimeoutMs != null && o.callTimeoutMs <= 0) {
      problems.add("--call-timeout-ms must be positive");
    }
    if (o.maxResultChars != null && o.maxResultChars < 1024) {
      problems.add("--max-result-chars must be at least 1024");
    }
    if (o.seerMaxWait != null && parseWait(o.seerMaxWait) == null) {
      problems.add("--seer-max-wait must be a positive duration: seconds, or a number with ms, s or m (e.g. 90s,"
          + " 5m)");
    }
    if (o.maxConcurrentCalls != null && (o.maxConcurrentCalls < 1 || o.maxConcurrentCalls > 10_000)) {
      problems.add("--max-concurrent-calls must be between 1 and 10000");
    }

    if (o.regionStyle != null && parseRegionStyle(o.regionStyle) == null) {
      problems.add("--region-style must be compact, tags or datamarking");
    }
    String surface = o.surface != null ? o.surface : envValue(env, "MCP_SURFACE");
    if (surface != null && Surface.fromId(surface) == null) {
      problems.add((o.surface != null ? "--surface" : "MCP_SURFACE") + " must be gateway or direct");
    }

    SentryMcpConfig config = null;
    try {
      config = buildConfig(o, env, o.sandbox ? "127.0.0.1:1" : null, requestTimeout);
    } catch (ConfigurationException e) {
      for (String p : e.problems()) {
        problems.add(inFlagWords(p));
      }
    }
    if (deviceLogin && config != null) {
      String why = AuthTarget.problem(config, env);
      if (why != null) {
        problems.add(AuthTarget.NO_TOKEN + "; " + why);
      }
    }
    Session session = null;
    try {
      // without a token (only while collecting problems) a placeholder stands in, so every other problem is reported
      session = buildSession(o, env,
          o.sandbox ? AccessToken.of(SANDBOX_TOKEN) : token != null ? token : AccessToken.of("placeholder"));
    } catch (ConfigurationException e) {
      for (String p : e.problems()) {
        problems.add(inFlagWords(p));
      }
    }
    // only when tool lists were given: the catalog's classes need not load for every start-up
    String unknownTools = session == null || session.toolFilter().mentioned().isEmpty()
        ? null
        : SentryMcp.unknownToolNames(session.toolFilter(), SentryMcp.builtinToolNames());
    if (unknownTools != null) {
      problems.add(inFlagWords(unknownTools));
    }
    // telemetry: off unless OTEL_* or a Sentry DSN asks for it (or the OpenTelemetry agent is attached)
    TelemetrySettings telemetry = TelemetrySettings.resolve(o.sentryDsn, env, TelemetrySettings.systemProperties(),
        TelemetrySettings.agentAttached(), problems, notices);
    if (config == null || session == null || !problems.isEmpty()) {
      return null;
    }
    Duration timeout = requestTimeout;
    return new LaunchPlan(config, session, o.sandbox, target -> buildConfig(o, env, target, timeout), notices,
        !o.noWarmup, o.structuredContent, http, model, telemetry);
  }

  /** The HTTP settings for {@code --transport=http}, or null for stdio (HTTP options are then refused). */
  private static @Nullable HttpPlan resolveHttp(ServerOptions o, Map<String, String> env, List<String> problems,
      List<String> notices) {
    String transport = o.transport != null ? o.transport : envValue(env, "MCP_TRANSPORT");
    boolean httpOptions = o.port != null || o.bind != null || o.apiKeysFile != null || o.allowSentryBearer
        || o.allowedHosts != null || o.allowedOrigins != null || o.corsOrigins != null || o.stateful || o.oauth
        || o.publicUrl != null || o.sentryClientId != null || o.sentryClientSecretFile != null
        || o.oauthSecretFile != null || o.oauthStore != null;
    if (transport == null || transport.strip().equalsIgnoreCase("stdio")) {
      if (httpOptions) {
        problems.add("--port, --bind, --api-keys-file, --allow-sentry-bearer, --allowed-hosts, --allowed-origins,"
            + " --cors-origins, --stateful and the OAuth options need --transport=http");
      }
      return null;
    }
    if (!transport.strip().equalsIgnoreCase("http")) {
      problems.add((o.transport != null ? "--transport" : "MCP_TRANSPORT") + " must be stdio or http");
      return null;
    }
    int port = o.port == null ? 8765 : o.port;
    if (port < 0 || port > 65535) {
      problems.add("--port must be between 0 and 65535");
    }
    String bind = o.bind == null ? "127.0.0.1" : o.bind.strip();
    io.github.sentrymcp.transport.http.ApiKeyAuthenticator keys = null;
    String keysFile = o.apiKeysFile != null ? o.apiKeysFile : envValue(env, "MCP_API_KEYS_FILE");
    if (keysFile != null) {
      try {
        keys = io.github.sentrymcp.transport.http.ApiKeyAuthenticator.fromFile(Path.of(keysFile), env);
        if (keys.size() == 0) {
          problems.add("--api-keys-file has no keys");
        }
      } catch (ConfigurationException e) {
        e.problems().forEach(p -> problems.add("--api-keys-file: " + p));
      } catch (RuntimeException e) {
        problems.add("--api-keys-file cannot be read");
      }
    }
    String keysText = keysFile == null ? envValue(env, "MCP_API_KEYS") : null;
    if (keysText != null) {
      try {
        keys = io.github.sentrymcp.transport.http.ApiKeyAuthenticator.parse(keysText, env, "MCP_API_KEYS");
        if (keys.size() == 0) {
          problems.add("MCP_API_KEYS has no keys");
        }
      } catch (ConfigurationException e) {
        e.problems().forEach(problems::add);
      }
    }
    if (o.sandbox && (keys != null || o.allowSentryBearer)) {
      problems.add("--sandbox serves HTTP without authentication (or with --oauth against the fake Sentry), on"
          + " loopback only: drop --api-keys-file and --allow-sentry-bearer");
    }
    if (o.sandbox && !HttpPlan.isLoopback(bind)) {
      problems.add("--sandbox listens on loopback only");
    }
    OAuthPlan oauth = resolveOAuth(o, env, bind, problems, notices);
    // --oauth with refused settings (already reported) still counts, so no misleading "needs authentication"
    boolean authenticated = keysFile != null || keysText != null || o.allowSentryBearer || o.oauth;
    if (!authenticated && !HttpPlan.isLoopback(bind)) {
      problems.add("--bind " + printable(bind) + " needs authentication (--api-keys-file, --oauth or"
          + " --allow-sentry-bearer): without it the server only listens on loopback");
    }
    if (o.allowSentryBearer) {
      notices.add("WARNING: --allow-sentry-bearer passes clients' own Sentry tokens through to Sentry"
          + " (the MCP specification forbids token pass-through by default); use it only where clients are trusted.");
    }
    if (!authenticated) {
      notices.add("HTTP without authentication: listening on loopback only; every request runs with this server's"
          + " Sentry token and grant.");
    }
    List<String> allowedHosts = csv(o.allowedHosts);
    if (o.allowedHosts == null && oauth != null && oauth.publicUrl() != null) {
      // the public URL is the resource clients' tokens are for: its Host is allowed next to the loopback names
      URI pub = oauth.publicUrl();
      allowedHosts = new ArrayList<>(List.of("localhost:*", "127.0.0.1:*", "[::1]:*"));
      String host = Objects.requireNonNull(pub.getHost(), "host");
      if (pub.getPort() < 0) {
        allowedHosts.add(host);
        allowedHosts.add(host + ":" + (pub.getScheme().equalsIgnoreCase("https") ? 443 : 80));
      } else {
        allowedHosts.add(host + ":" + pub.getPort());
      }
    }
    return new HttpPlan(bind, port, keys, o.allowSentryBearer, allowedHosts, csv(o.allowedOrigins),
        csv(o.corsOrigins), o.stateful, credential -> buildSession(o, env, credential), oauth);
  }

  /** The OAuth authorization server's settings ({@code --oauth}), or null without it. */
  private static @Nullable OAuthPlan resolveOAuth(ServerOptions o, Map<String, String> env, String bind,
      List<String> problems, List<String> notices) {
    boolean options = o.publicUrl != null || o.sentryClientId != null || o.sentryClientSecretFile != null
        || o.oauthSecretFile != null || o.oauthStore != null;
    if (!o.oauth) {
      if (options) {
        problems.add("--public-url, --sentry-client-id, --sentry-client-secret-file, --oauth-secret-file and"
            + " --oauth-store need --oauth");
      }
      return null;
    }
    String publicText = o.publicUrl != null ? o.publicUrl : envValue(env, "MCP_PUBLIC_URL");
    URI publicUrl = null;
    if (publicText != null) {
      try {
        publicUrl = URI.create(publicText.strip().replaceAll("/+$", ""));
        String scheme = publicUrl.getScheme() == null ? "" : publicUrl.getScheme().toLowerCase(Locale.ROOT);
        String host = publicUrl.getHost();
        boolean loopback = host != null && HttpPlan.isLoopback(host);
        if (host == null || !(scheme.equals("https") || scheme.equals("http") && loopback)
            || publicUrl.getRawUserInfo() != null || publicUrl.getRawQuery() != null
            || publicUrl.getRawFragment() != null || publicUrl.getRawPath() != null && !publicUrl.getRawPath().isEmpty()) {
          problems.add("--public-url must be an https origin such as https://mcp.example.com (http only on"
              + " localhost), without a path");
          publicUrl = null;
        }
      } catch (IllegalArgumentException e) {
        problems.add("--public-url must be an https origin such as https://mcp.example.com");
      }
    } else if (!HttpPlan.isLoopback(bind)) {
      problems.add("--oauth on a non-loopback --bind needs --public-url (the https origin clients reach)");
    }
    String clientId = null;
    String clientSecret = null;
    if (!o.sandbox) {
      clientId = o.sentryClientId != null ? o.sentryClientId : envValue(env, "SENTRY_CLIENT_ID");
      if (o.sentryClientSecretFile != null) {
        clientSecret = readSecretFile(o.sentryClientSecretFile, "--sentry-client-secret-file", problems);
      } else {
        clientSecret = envValue(env, "SENTRY_CLIENT_SECRET");
      }
      if (clientId == null || clientSecret == null) {
        problems.add("--oauth needs the Sentry OAuth app's client id (--sentry-client-id or SENTRY_CLIENT_ID) and"
            + " secret (SENTRY_CLIENT_SECRET or --sentry-client-secret-file)");
      }
    } else if (o.sentryClientId != null || o.sentryClientSecretFile != null) {
      notices.add("--sandbox ignores --sentry-client-id and --sentry-client-secret-file (the fake Sentry has its"
          + " own OAuth app)");
    }
    String store = o.oauthStore != null ? o.oauthStore : envValue(env, "MCP_OAUTH_STORE");
    String storeUrl = null;
    if (store != null && !store.strip().equalsIgnoreCase("memory")) {
      if (!store.strip().startsWith("jdbc:postgresql:")) {
        problems.add("--oauth-store must be memory or a PostgreSQL JDBC URL (jdbc:postgresql://host/db)");
      } else {
        storeUrl = store.strip();
      }
    }
    String secret = o.oauthSecretFile != null
        ? readSecretFile(o.oauthSecretFile, "--oauth-secret-file", problems) : envValue(env, "MCP_OAUTH_SECRET");
    io.github.sentrymcp.oauth.OAuthKeys keys = null;
    if (secret != null) {
      try {
        keys = io.github.sentrymcp.oauth.OAuthKeys.fromBase64(secret);
      } catch (IllegalArgumentException e) {
        problems.add((o.oauthSecretFile != null ? "--oauth-secret-file: " : "MCP_OAUTH_SECRET: ") + e.getMessage());
      }
    } else if (storeUrl != null) {
      problems.add("--oauth-store with a database needs the master secret (MCP_OAUTH_SECRET or"
          + " --oauth-secret-file), the same on every replica");
    } else {
      keys = io.github.sentrymcp.oauth.OAuthKeys.generate();
      notices.add("--oauth without MCP_OAUTH_SECRET: using a random secret for this run (grants end with it)");
    }
    if (keys == null) {
      return null;
    }
    return new OAuthPlan(publicUrl, clientId, clientSecret, keys, storeUrl, envValue(env, "MCP_OAUTH_DB_USER"),
        envValue(env, "MCP_OAUTH_DB_PASSWORD"));
  }

  private static @Nullable String readSecretFile(String file, String flag, List<String> problems) {
    try {
      String v = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
      if (v.isEmpty()) {
        problems.add(flag + " is empty");
        return null;
      }
      return v;
    } catch (IOException | InvalidPathException | java.io.UncheckedIOException e) {
      problems.add(flag + " cannot be read");
      return null;
    }
  }

  private static List<String> csv(@Nullable String value) {
    List<String> out = new ArrayList<>();
    if (value != null) {
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          out.add(part.strip());
        }
      }
    }
    return out;
  }

  /** The library's problems in the words of the flags that set them. */
  static String inFlagWords(String problem) {
    return problem
        .replace("plain http (insecureHttp)", "--insecure-http")
        .replace("give the host instead", "use --host instead")
        .replace("give an https URL as the Sentry URL instead", "use --url for an https URL")
        .replace("skills and all skills cannot both be given", "--skills and --all-skills cannot be combined")
        .replace("a project constraint needs an organization constraint", "--project-slug needs --organization-slug")
        .replace("the tool allow list names no tool", "--tools names no tool")
        .replace("tool allow list: ", "--tools: ")
        .replace("MCP URL", "--mcp-url")
        .replace("docs URL", "--docs-url")
        .replace("(http only with insecure http)", "(http only with --insecure-http)")
        .replace("tool deny list: ", "--disable-tools: ")
        .replace(" in the tool lists;", " in --tools/--disable-tools;");
  }

  /** How a permission error tells a user of this command line to get what is missing. */
  static final GrantHints GRANT_HINTS = new GrantHints() {
    @Override
    public String forScopes(Set<Scope> missing) {
      return "Grant with --add-scopes=" + missing.stream().map(Scope::id).collect(Collectors.joining(","))
          + " (or MCP_ADD_SCOPES).";
    }

    @Override
    public String forSkills(Set<Skill> anyOf) {
      return "Enable one with --skills (or MCP_SKILLS), or use --all-skills.";
    }

    @Override
    public String forToolFilter(String tool) {
      return "The server's --tools and --disable-tools (MCP_TOOLS, MCP_DISABLE_TOOLS) decide this.";
    }
  };

  private static final java.util.regex.Pattern WAIT =
      java.util.regex.Pattern.compile("([0-9]{1,9})(ms|s|m)?");

  /** {@code 300}, {@code 90s}, {@code 5m}, {@code 500ms}: a positive duration, or null when not one. */
  static @Nullable Duration parseWait(String value) {
    java.util.regex.Matcher m = WAIT.matcher(value.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    Duration d = switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofSeconds(n);
    };
    return d.isZero() ? null : d;
  }

  /**
   * The engine settings for the options. With {@code sandboxHost}, the Sentry host is that fake ({@code http}) and
   * host and URL options are ignored.
   */
  private static SentryMcpConfig buildConfig(
      ServerOptions o,
      Map<String, String> env,
      @Nullable String sandboxHost,
      @Nullable Duration requestTimeout) {
    SentryMcpConfig.Builder b = SentryMcpConfig.builder();
    if (sandboxHost != null) {
      // the fake also serves the docs search and the documentation pages: a sandbox never leaves the machine
      b.host(sandboxHost).insecureHttp(true).sandbox(true).docsUrl("http://" + sandboxHost);
    } else {
      // a URL (flag or env) beats a host (flag or env); the builder applies that rule
      b.host(o.host != null ? o.host : envValue(env, "SENTRY_HOST"))
          .url(o.url != null ? o.url : envValue(env, "SENTRY_URL"))
          .insecureHttp(o.insecureHttp);
    }
    String mcpUrl = o.mcpUrl != null ? o.mcpUrl : envValue(env, "MCP_URL");
    b.mcpUrl(sandboxHost != null ? "http://" + sandboxHost : mcpUrl)
        .docsUrl(sandboxHost != null ? "http://" + sandboxHost
            : o.docsUrl != null ? o.docsUrl : envValue(env, "MCP_DOCS_URL"))
        .allowedRegionDomains(envValue(env, "SENTRY_ALLOWED_REGION_DOMAINS"))
        .experimental(o.experimental)
        .regionStyle(o.regionStyle == null
            ? RegionStyle.COMPACT
            : Objects.requireNonNullElse(parseRegionStyle(o.regionStyle), RegionStyle.COMPACT))
        .surface(Objects.requireNonNullElse(
            Surface.fromId(Objects.requireNonNullElse(o.surface != null ? o.surface : envValue(env, "MCP_SURFACE"),
                "gateway")), Surface.GATEWAY))
        .userAgent("sentry-mcp-java/" + Version.get());
    if (requestTimeout != null) {
      b.requestTimeout(requestTimeout);
    }
    if (o.callTimeoutMs != null && o.callTimeoutMs > 0) {
      b.callTimeout(Duration.ofMillis(o.callTimeoutMs));
    }
    if (o.maxResultChars != null && o.maxResultChars >= 1024) {
      b.maxResultChars(o.maxResultChars);
    }
    Duration seerMaxWait = o.seerMaxWait == null ? null : parseWait(o.seerMaxWait);
    if (seerMaxWait != null) {
      b.seerMaxWait(seerMaxWait);
    }
    if (o.maxConcurrentCalls != null && o.maxConcurrentCalls >= 1 && o.maxConcurrentCalls <= 10_000) {
      b.maxConcurrentCalls(o.maxConcurrentCalls);
    }
    return b.build();
  }

  /** The session (credential and grant) for the options: the one user of a stdio server. */
  private static Session buildSession(ServerOptions o, Map<String, String> env, Credential credential) {
    return Session.builder(credential)
        .id("stdio")
        .organizationSlug(o.organizationSlug)
        .projectSlug(o.projectSlug)
        .allSkills(o.allSkills)
        // MCP_SKILLS applies only without --skills and without --all-skills
        .skills(o.skills != null ? o.skills : o.allSkills ? null : envValue(env, "MCP_SKILLS"))
        .disableSkills(o.disableSkills != null ? o.disableSkills : envValue(env, "MCP_DISABLE_SKILLS"))
        .scopes(o.scopes != null ? o.scopes : envValue(env, "MCP_SCOPES"))
        .addScopes(o.addScopes != null ? o.addScopes : envValue(env, "MCP_ADD_SCOPES"))
        .tools(o.tools != null ? o.tools : envValue(env, "MCP_TOOLS"))
        .disableTools(o.disableTools != null ? o.disableTools : envValue(env, "MCP_DISABLE_TOOLS"))
        .build();
  }

  /** The style a {@code --region-style} value names (any case), or null for anything else. */
  private static @Nullable RegionStyle parseRegionStyle(String value) {
    for (RegionStyle style : RegionStyle.values()) {
      if (style.name().equalsIgnoreCase(value)) {
        return style;
      }
    }
    return null;
  }

  private static @Nullable String readTokenFile(String file, List<String> problems) {
    try {
      String content = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
      if (content.isEmpty()) {
        problems.add("access token file '" + printable(file) + "' is empty");
        return null;
      }
      return content;
    } catch (java.nio.file.NoSuchFileException e) {
      problems.add("access token file '" + printable(file) + "' does not exist");
      return null;
    } catch (java.nio.file.AccessDeniedException | SecurityException e) {
      problems.add("access token file '" + printable(file) + "' is not readable (permission denied)");
      return null;
    } catch (IOException | InvalidPathException e) {
      problems.add("cannot read access token file '" + printable(file) + "' (not a readable regular file)");
      return null;
    } catch (java.io.UncheckedIOException e) {
      problems.add("access token file '" + printable(file) + "' is not UTF-8 text");
      return null;
    }
  }

  /** An environment value, or null when unset or blank. */
  static @Nullable String envValue(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v;
  }

  /** Printable ASCII only, capped: option names and paths in messages. */
  static String printable(String s) {
    return printable(s, 80);
  }

  /** Printable ASCII only, capped at {@code max} characters. */
  static String printable(String s, int max) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && i < max; i++) {
      char c = s.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    if (s.length() > max) {
      sb.append("...");
    }
    return sb.toString();
  }
}
