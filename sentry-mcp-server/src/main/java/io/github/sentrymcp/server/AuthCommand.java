package io.github.sentrymcp.server;

import io.github.sentrymcp.api.ConfigurationException;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;

/**
 * {@code sentry-mcp-server auth [login|status|logout] [--host=<host>|--url=<url>] [--insecure-http]}: device login
 * with a cached token, like the reference's {@code auth} command. {@code auth} alone is {@code login}; {@code login}
 * always runs a new device flow; {@code status} shows the cached login (host, user, expiry; never the token) on
 * stdout; {@code logout} deletes the cache entry. The host comes from the options or {@code SENTRY_URL} / {@code
 * SENTRY_HOST} (a URL beats a host), the client id from {@code SENTRY_CLIENT_ID} or the bundled public client (which
 * is registered on sentry.io only), the cache path from {@code SENTRY_MCP_AUTH_CACHE} or {@code ~/.sentry/mcp.json}.
 */
final class AuthCommand {
  private AuthCommand() {}

  static final String USAGE = "Usage: sentry-mcp-server auth [login|status|logout] [--host=<host[:port]> |"
      + " --url=<https-url>] [--insecure-http]";

  /** Runs {@code auth} with the arguments after it; returns the exit code. */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    String command = null;
    String host = null;
    String url = null;
    boolean insecure = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h") || a.equals("--help")) {
        out.println(USAGE);
        out.println("  login   log in with a device code (always a new login) and cache the token");
        out.println("  status  show the cached login: host, user, expiry");
        out.println("  logout  delete the cached login");
        out.println("Environment: SENTRY_HOST, SENTRY_URL, SENTRY_CLIENT_ID (OAuth client id; needed for hosts other"
            + " than sentry.io), SENTRY_MCP_AUTH_CACHE (default ~/.sentry/mcp.json), SENTRY_MCP_NO_BROWSER.");
        return 0;
      }
      if (!a.startsWith("-")) {
        if (command != null) {
          return usage(err, "unexpected argument after 'auth " + command + "'");
        }
        if (!a.equals("login") && !a.equals("status") && !a.equals("logout")) {
          return usage(err, "unknown auth command '" + Main.printable(a) + "'; use login, status or logout");
        }
        command = a;
        continue;
      }
      int eq = a.indexOf('=');
      String name = eq < 0 ? a : a.substring(0, eq);
      if (name.equals("--insecure-http") && eq < 0) {
        insecure = true;
        continue;
      }
      if (!name.equals("--host") && !name.equals("--url")) {
        return usage(err, "unknown option '" + Main.printable(name) + "' for 'auth'");
      }
      String value;
      if (eq >= 0) {
        value = a.substring(eq + 1);
      } else if (i + 1 < args.length && !args[i + 1].startsWith("-")) {
        value = args[++i];
      } else {
        return usage(err, name + " needs a value");
      }
      if ((name.equals("--host") ? host : url) != null) {
        return usage(err, name + " given twice");
      }
      if (name.equals("--host")) {
        host = value;
      } else {
        url = value;
      }
    }
    SentryMcpConfig config;
    try {
      config = SentryMcpConfig.builder()
          .host(host != null ? host : Main.envValue(env, "SENTRY_HOST"))
          .url(url != null ? url : Main.envValue(env, "SENTRY_URL"))
          .insecureHttp(insecure)
          .build();
    } catch (ConfigurationException e) {
      for (String p : e.problems()) {
        err.println("Error: " + Main.inFlagWords(p));
      }
      err.println(USAGE);
      return Main.EXIT_USAGE;
    }
    AuthTarget target = AuthTarget.of(config, env);
    TokenCache cache;
    try {
      cache = TokenCache.forEnvironment(env);
      switch (command == null ? "login" : command) {
        case "status":
          return status(target, cache, out);
        case "logout":
          return logout(target, cache, out);
        default:
          String problem = AuthTarget.problem(config, env);
          if (problem != null) {
            err.println("Error: " + problem + ".");
            return Main.EXIT_USAGE;
          }
          return login(target, cache, env, err);
      }
    } catch (TokenCache.CacheException e) {
      err.println("Error: " + e.getMessage() + ".");
      return Main.EXIT_USAGE;
    }
  }

  private static int usage(PrintStream err, String problem) {
    err.println("Error: " + problem + ".");
    err.println(USAGE);
    return Main.EXIT_USAGE;
  }

  private static int login(AuthTarget target, TokenCache cache, Map<String, String> env, PrintStream err)
      throws TokenCache.CacheException {
    cache.read(target.cacheKey()); // a cache that cannot be used is reported before the user approves anything
    TokenCache.Entry entry;
    try {
      entry = new DeviceLogin(target, err).login(DeviceLogin.browserAllowed(env));
    } catch (DeviceLogin.LoginException e) {
      err.println("Error: " + e.getMessage() + ".");
      return Main.EXIT_USAGE;
    }
    if (!StoredLogin.usableToken(entry, err)) {
      return Main.EXIT_USAGE;
    }
    cache.write(target.cacheKey(), target.host(), target.clientId(), entry);
    err.println("Logged in to " + Main.printable(target.host()) + " as " + StoredLogin.who(entry)
        + "; the token is cached in " + Main.printable(cache.file().toString(), 400) + ".");
    return 0;
  }

  private static int status(AuthTarget target, TokenCache cache, PrintStream out) throws TokenCache.CacheException {
    TokenCache.Entry entry = cache.read(target.cacheKey());
    if (entry == null) {
      out.println("Not logged in to " + Main.printable(target.host())
          + ". Run 'sentry-mcp-server auth login' to log in.");
      return 0;
    }
    Instant now = Instant.now();
    String state = entry.usable(now) ? "" : entry.refreshToken() != null
        ? " (expired; it is refreshed at the next start)" : " (expired; log in again)";
    out.println("Logged in to " + Main.printable(target.host()) + " as " + StoredLogin.who(entry)
        + (entry.userId().isEmpty() ? "" : " (user id " + Main.printable(entry.userId()) + ")"));
    out.println("  Client id: " + Main.printable(target.clientId()));
    if (!entry.scope().isEmpty()) {
      out.println("  Scopes:    " + Main.printable(entry.scope()));
    }
    out.println("  Expires:   " + entry.expiresAt() + state);
    out.println("  Cache:     " + Main.printable(cache.file().toString(), 400));
    return 0;
  }

  private static int logout(AuthTarget target, TokenCache cache, PrintStream out) throws TokenCache.CacheException {
    TokenCache.Entry entry = cache.read(target.cacheKey());
    if (entry == null || !cache.remove(target.cacheKey())) {
      out.println("No cached login for " + Main.printable(target.host()) + ".");
      return 0;
    }
    out.println("Logged out of " + Main.printable(target.host()) + " (removed the cached login of "
        + StoredLogin.who(entry) + ").");
    return 0;
  }
}
