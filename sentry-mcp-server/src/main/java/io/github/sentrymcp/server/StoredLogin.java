package io.github.sentrymcp.server;

import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.Credential;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The stdio server's start without a token: the cached login for the host and client id while it is more than 5
 * minutes from expiry; else, with a refresh token, a refreshed one (cache updated); else, when stderr is a terminal,
 * a new device login; else an error asking for {@code sentry-mcp-server auth login}. Main reaches this class only on
 * that path, so a start with a token loads neither it nor the OAuth library.
 */
final class StoredLogin {
  private StoredLogin() {}

  /** The credential to serve with, or null after printing why there is none on {@code err}. */
  static @Nullable Credential obtain(AuthTarget target, Map<String, String> env, PrintStream err) {
    TokenCache cache;
    TokenCache.Entry entry;
    try {
      cache = TokenCache.forEnvironment(env);
      entry = cache.read(target.cacheKey());
    } catch (TokenCache.CacheException e) {
      err.println("Error: " + e.getMessage() + ".");
      return null;
    }
    if (entry != null && entry.usable(Instant.now())) {
      err.println("Using the cached login of " + who(entry) + " for " + Main.printable(target.host()) + ".");
      return credential(target, cache, entry, err);
    }
    if (entry != null && entry.refreshToken() != null) {
      try {
        TokenCache.Entry fresh = new DeviceLogin(target, err).refresh(entry.refreshToken());
        if (!usableToken(fresh, err)) {
          return null;
        }
        cache.write(target.cacheKey(), target.host(), target.clientId(), fresh);
        err.println("Refreshed the cached login of " + who(fresh) + " for " + Main.printable(target.host()) + ".");
        return credential(target, cache, fresh, err);
      } catch (DeviceLogin.RefreshRejected e) {
        err.println("Note: " + e.getMessage() + ".");
        forget(cache, target);
      } catch (DeviceLogin.LoginException | TokenCache.CacheException e) {
        err.println("Error: " + e.getMessage() + ".");
        return null;
      }
    } else if (entry != null) {
      forget(cache, target); // expired, and nothing to refresh it with
    }
    if (!stderrIsTerminal()) {
      err.println("Error: no Sentry access token, and no usable cached login for " + Main.printable(target.host())
          + ". Log in once with 'sentry-mcp-server auth login' in a terminal (stderr here is not one, so no"
          + " interactive login can run), or pass --access-token-file or SENTRY_ACCESS_TOKEN.");
      return null;
    }
    err.println("No Sentry access token: starting a device login.");
    TokenCache.Entry fresh;
    try {
      fresh = new DeviceLogin(target, err).login(DeviceLogin.browserAllowed(env));
    } catch (DeviceLogin.LoginException e) {
      err.println("Error: " + e.getMessage() + ".");
      return null;
    }
    if (!usableToken(fresh, err)) {
      return null;
    }
    err.println("Logged in to " + Main.printable(target.host()) + " as " + who(fresh) + ".");
    try {
      cache.write(target.cacheKey(), target.host(), target.clientId(), fresh);
    } catch (TokenCache.CacheException e) {
      err.println("Warning: the login was not cached: " + e.getMessage() + ".");
    }
    return credential(target, cache, fresh, err);
  }

  private static @Nullable Credential credential(AuthTarget target, TokenCache cache, TokenCache.Entry entry,
      PrintStream err) {
    return usableToken(entry, err) ? new RefreshingCredential(target, cache, entry, err) : null;
  }

  /** Whether the access token can go into a Bearer header (printable ASCII, no spaces); says so when not. */
  static boolean usableToken(TokenCache.Entry entry, PrintStream err) {
    try {
      AccessToken.of(entry.accessToken());
      return true;
    } catch (IllegalArgumentException e) {
      err.println("Error: the access token is not usable as a Sentry token (unexpected characters).");
      return false;
    }
  }

  private static void forget(TokenCache cache, AuthTarget target) {
    try {
      cache.remove(target.cacheKey());
    } catch (TokenCache.CacheException e) {
      // the entry is unusable anyway
    }
  }

  /** The user's email for messages (printable, capped), or a placeholder when the answer had none. */
  static String who(TokenCache.Entry entry) {
    return entry.userEmail().isEmpty() ? "an unknown user" : Main.printable(entry.userEmail());
  }

  /**
   * The cached login as the session's credential: when the access token comes within 5 minutes of expiry during a
   * long session, the next request first adopts a newer token another process cached, or refreshes it (cache
   * updated). When neither works the old token is used and Sentry's 401 tells the model to log in again.
   */
  static final class RefreshingCredential implements Credential {
    private final AuthTarget target;
    private final TokenCache cache;
    private final PrintStream err;
    private TokenCache.Entry entry;
    /** After a failed refresh, no new attempt before this (one warning, no request storm). */
    private Instant nextAttempt = Instant.MIN;

    RefreshingCredential(AuthTarget target, TokenCache cache, TokenCache.Entry entry, PrintStream err) {
      this.target = target;
      this.cache = cache;
      this.entry = entry;
      this.err = err;
    }

    @Override
    public synchronized String token() {
      Instant now = Instant.now();
      if (entry.usable(now) || now.isBefore(nextAttempt)) {
        return entry.accessToken();
      }
      try {
        TokenCache.Entry cached = cache.read(target.cacheKey());
        if (cached != null && cached.usable(now)) {
          entry = cached;
          return entry.accessToken();
        }
        String refresh = cached != null && cached.refreshToken() != null ? cached.refreshToken()
            : entry.refreshToken();
        if (refresh != null) {
          TokenCache.Entry fresh = new DeviceLogin(target, err).refresh(refresh);
          AccessToken.of(fresh.accessToken()); // usable as a Sentry token, or kept out
          cache.write(target.cacheKey(), target.host(), target.clientId(), fresh);
          entry = fresh;
        }
      } catch (TokenCache.CacheException | DeviceLogin.LoginException e) {
        nextAttempt = now.plusSeconds(60);
        err.println("Warning: the cached login could not be refreshed: " + e.getMessage() + ".");
      } catch (IllegalArgumentException e) {
        nextAttempt = now.plusSeconds(60);
        err.println("Warning: the refreshed access token is not usable as a Sentry token.");
      }
      return entry.accessToken();
    }

    @Override
    public String toString() {
      return "StoredLogin[" + Main.printable(target.host()) + "]"; // never the token
    }
  }

  /**
   * Whether stderr is a terminal. Linux: where {@code /proc/self/fd/2} points; elsewhere {@code test -t 2} run with
   * this process's stderr. False when neither can tell (Windows, for instance).
   */
  static boolean stderrIsTerminal() {
    try {
      Path fd = Path.of("/proc/self/fd/2");
      if (Files.isSymbolicLink(fd)) {
        String target = Files.readSymbolicLink(fd).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
      }
    } catch (IOException | RuntimeException e) {
      // fall back to test(1)
    }
    try {
      Process p = new ProcessBuilder("sh", "-c", "test -t 2")
          .redirectInput(ProcessBuilder.Redirect.PIPE)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
      p.getOutputStream().close();
      return p.waitFor(2, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | RuntimeException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
