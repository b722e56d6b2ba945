package io.github.sentrymcp.server;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationRequest;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.device.DeviceCodeGrant;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The OAuth side of device login: the device authorization grant (RFC 8628) and the refresh of a cached token.
 * Nimbus oauth2-oidc-sdk builds and parses every request and response; they travel over {@code java.net.http} (10 s
 * timeouts, no redirects). This is the only class that touches Nimbus, so a server started with a token never loads
 * it. Messages are fixed sentences: never a token, a code or a server's text.
 */
final class DeviceLogin {

  /** A login or refresh that did not work, in a sentence fit for the user. */
  static class LoginException extends Exception {
    private static final long serialVersionUID = 1L;

    LoginException(String message) {
      super(message, null, false, false);
    }
  }

  /** The OAuth server rejected the refresh token ({@code invalid_grant}): only a new login helps. */
  static final class RefreshRejected extends LoginException {
    private static final long serialVersionUID = 1L;

    RefreshRejected(String message) {
      super(message);
    }
  }

  static final Duration TIMEOUT = Duration.ofSeconds(10);
  /** RFC 8628 §3.5: after {@code slow_down} the interval grows by 5 seconds. */
  static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);
  /** The shortest pause between two polls, even when the server allows less (a zero interval). */
  static final Duration MIN_POLL = Duration.ofMillis(200);
  /** Assumed lifetime of a token whose answer states none. */
  private static final Duration DEFAULT_LIFETIME = Duration.ofHours(8);
  private static final int MAX_ANSWER_BYTES = 256 * 1024;
  private static final Set<String> RESTRICTED_HEADERS =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  private final AuthTarget target;
  private final PrintStream err;
  private final HttpClient http;

  DeviceLogin(AuthTarget target, PrintStream err) {
    this.target = target;
    this.err = err;
    this.http = HttpClient.newBuilder()
        .connectTimeout(TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  private URI endpoint(String path) {
    return URI.create(target.oauthBaseUrl() + path);
  }

  /**
   * Runs the device flow: asks for a device code, shows the verification URI and user code on stderr (and opens the
   * browser when {@code openBrowser}), then polls the token endpoint until the user approves, denies, or the code
   * expires.
   */
  TokenCache.Entry login(boolean openBrowser) throws LoginException {
    ClientID client = new ClientID(target.clientId());
    DeviceAuthorizationRequest request =
        new DeviceAuthorizationRequest(endpoint("/oauth/device/code/"), client, Scope.parse(AuthTarget.SCOPES));
    HTTPResponse answer = send(request.toHTTPRequest(), "the device authorization request");
    DeviceAuthorizationResponse parsed;
    try {
      parsed = DeviceAuthorizationResponse.parse(answer);
    } catch (ParseException e) {
      throw new LoginException(unexpected(answer, "the device authorization request"));
    }
    if (!parsed.indicatesSuccess()) {
      ErrorObject error = parsed.toErrorResponse().getErrorObject();
      if ("invalid_client".equals(error.getCode())) {
        throw new LoginException("the OAuth server at " + target.oauthBaseUrl() + " does not know the client id "
            + Main.printable(target.clientId()) + (target.customClient() ? " (check SENTRY_CLIENT_ID)" : ""));
      }
      throw new LoginException(unexpected(answer, "the device authorization request"));
    }
    DeviceAuthorizationSuccessResponse device = parsed.toSuccessResponse();
    URI complete = device.getVerificationURIComplete();
    URI page = complete != null ? complete : device.getVerificationURI();
    String userCode = shown(device.getUserCode().getValue(), 40);
    err.println();
    err.println("To log in to Sentry (" + Main.printable(target.host()) + "), open this page in a browser:");
    // as it is: its query holds the user code (shown on the next line as well), which stderr's redaction would cut
    RedactingOutputStream.printlnUnredacted(err, "  " + shown(page.toString(), 300));
    err.println((complete != null ? "and check that it shows the code: " : "and enter the code: ") + userCode);
    err.println("Waiting for approval...");
    if (openBrowser) {
      openBrowser(page);
    }
    Duration interval = Duration.ofSeconds(Math.max(0, device.getInterval()));
    long lifetime = device.getLifetime() > 0 ? device.getLifetime() : 600;
    Instant deadline = Instant.now().plusSeconds(lifetime);
    TokenRequest poll = new TokenRequest(endpoint("/oauth/token/"), client, new DeviceCodeGrant(device.getDeviceCode()));
    while (true) {
      sleep(interval.compareTo(MIN_POLL) < 0 ? MIN_POLL : interval);
      if (!Instant.now().isBefore(deadline)) {
        throw expired();
      }
      HTTPResponse polled = send(poll.toHTTPRequest(), "the token request");
      TokenResponse token = parseToken(polled);
      if (token.indicatesSuccess()) {
        return entry(token.toSuccessResponse());
      }
      String code = String.valueOf(token.toErrorResponse().getErrorObject().getCode());
      switch (code) {
        case "authorization_pending":
          break;
        case "slow_down":
          interval = interval.plus(SLOW_DOWN_STEP);
          break;
        case "access_denied":
          throw new LoginException("the login was denied in the browser; run 'sentry-mcp-server auth login' to try"
              + " again, or pass a token with --access-token-file");
        case "expired_token":
          throw expired();
        default:
          throw new LoginException(unexpected(polled, "the token request"));
      }
    }
  }

  /** Trades a refresh token for a new access token (and, with rotation, a new refresh token). */
  TokenCache.Entry refresh(String refreshToken) throws LoginException {
    TokenRequest request = new TokenRequest(endpoint("/oauth/token/"), new ClientID(target.clientId()),
        new RefreshTokenGrant(new RefreshToken(refreshToken)));
    HTTPResponse answer = send(request.toHTTPRequest(), "the token refresh");
    TokenResponse token = parseToken(answer);
    if (token.indicatesSuccess()) {
      TokenCache.Entry e = entry(token.toSuccessResponse());
      // without rotation the old refresh token stays valid
      return e.refreshToken() != null ? e : new TokenCache.Entry(e.accessToken(), refreshToken, e.expiresAt(),
          e.scope(), e.userId(), e.userEmail());
    }
    String code = token.toErrorResponse().getErrorObject().getCode();
    if ("invalid_grant".equals(code)) {
      throw new RefreshRejected("the cached login can no longer be refreshed (the OAuth server rejected it)");
    }
    throw new LoginException(unexpected(answer, "the token refresh"));
  }

  private static LoginException expired() {
    return new LoginException("the login code expired before it was approved; run 'sentry-mcp-server auth login'"
        + " to start again");
  }

  private TokenResponse parseToken(HTTPResponse answer) throws LoginException {
    try {
      return TokenResponse.parse(answer);
    } catch (ParseException e) {
      throw new LoginException(unexpected(answer, "the token request"));
    }
  }

  /** The cache entry for a token answer: Sentry adds {@code user {id, email}} and {@code expires_at}. */
  private static TokenCache.Entry entry(AccessTokenResponse answer) {
    Tokens tokens = answer.getTokens();
    Map<String, Object> custom = answer.getCustomParameters();
    Instant now = Instant.now();
    long lifetime = tokens.getAccessToken().getLifetime();
    Instant expiresAt = null;
    if (lifetime > 0) {
      expiresAt = now.plusSeconds(lifetime).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    } else if (custom.get("expires_at") instanceof String s) {
      try {
        expiresAt = Instant.parse(s);
      } catch (DateTimeParseException e) {
        // the default below
      }
    }
    if (expiresAt == null) {
      expiresAt = now.plus(DEFAULT_LIFETIME);
    }
    String userId = "";
    String email = "";
    if (custom.get("user") instanceof Map<?, ?> user) {
      userId = user.get("id") == null ? "" : String.valueOf(user.get("id"));
      email = user.get("email") instanceof String s ? s : "";
    }
    Scope scope = tokens.getAccessToken().getScope();
    RefreshToken refresh = tokens.getRefreshToken();
    return new TokenCache.Entry(tokens.getAccessToken().getValue(), refresh == null ? null : refresh.getValue(),
        expiresAt, scope == null ? "" : scope.toString(), userId, email);
  }

  /** A fixed sentence for an answer that is neither success nor an expected error (the status and error code). */
  private String unexpected(HTTPResponse answer, String what) {
    String code = null;
    try {
      TokenResponse parsed = TokenResponse.parse(answer);
      code = parsed.indicatesSuccess() ? null : parsed.toErrorResponse().getErrorObject().getCode();
    } catch (ParseException | RuntimeException e) {
      // no error code
    }
    boolean plainCode = code != null && code.matches("[a-z_]{1,40}");
    return "the OAuth server at " + target.oauthBaseUrl() + " answered " + what + " with HTTP "
        + answer.getStatusCode() + (plainCode ? " (" + code + ")" : "")
        + (answer.getStatusCode() == 404 ? "; is device login available on this Sentry?" : "");
  }

  /** Sends a Nimbus request with java.net.http and hands back the answer as a Nimbus response. */
  private HTTPResponse send(HTTPRequest request, String what) throws LoginException {
    HttpRequest.Builder b = HttpRequest.newBuilder(request.getURI()).timeout(TIMEOUT);
    for (Map.Entry<String, List<String>> h : request.getHeaderMap().entrySet()) {
      if (!RESTRICTED_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT))) {
        for (String v : h.getValue()) {
          b.header(h.getKey(), v);
        }
      }
    }
    b.header("User-Agent", "sentry-mcp-java/" + Version.get()).header("Accept", "application/json");
    String body = request.getBody();
    b.method(request.getMethod().name(),
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<InputStream> r;
    byte[] bytes;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = r.body()) {
        bytes = in.readNBytes(MAX_ANSWER_BYTES);
      }
    } catch (HttpTimeoutException e) {
      throw new LoginException("the OAuth server at " + target.oauthBaseUrl() + " did not answer " + what
          + " within " + TIMEOUT.toSeconds() + " s");
    } catch (IOException e) {
      throw new LoginException("cannot reach the OAuth server at " + target.oauthBaseUrl() + " (" + what + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LoginException("the login was interrupted");
    }
    HTTPResponse out = new HTTPResponse(r.statusCode());
    String contentType = r.headers().firstValue("Content-Type").orElse(null);
    if (contentType != null) {
      try {
        out.setContentType(contentType);
      } catch (ParseException e) {
        // left unset: the answer then does not parse as JSON
      }
    }
    for (Map.Entry<String, List<String>> h : r.headers().map().entrySet()) {
      if (!h.getKey().equalsIgnoreCase("Content-Type") && !h.getKey().startsWith(":")) {
        out.setHeader(h.getKey(), h.getValue().toArray(new String[0]));
      }
    }
    out.setContent(new String(bytes, StandardCharsets.UTF_8));
    return out;
  }

  private static void sleep(Duration d) throws LoginException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LoginException("the login was interrupted");
    }
  }

  /** Printable ASCII only, capped: a server's value shown on a terminal must carry no control sequence. */
  static String shown(String s, int max) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && sb.length() < max; i++) {
      char c = s.charAt(i);
      sb.append(c > 0x20 && c < 0x7f ? c : '?');
    }
    return sb.toString();
  }

  /** Best effort, never through a shell: {@code open} on macOS, else {@code xdg-open}; only http(s) pages. */
  private void openBrowser(URI page) {
    String scheme = page.getScheme() == null ? "" : page.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || (scheme.equals("http") && target.oauthBaseUrl().startsWith("http:")))) {
      return;
    }
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String opener = os.contains("mac") ? "open" : os.contains("win") ? null : "xdg-open";
    if (opener == null) {
      return;
    }
    try {
      new ProcessBuilder(opener, page.toString())
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException | RuntimeException e) {
      // no browser: the page is on stderr
    }
  }

  /** Whether a browser may be opened: stderr is a terminal and {@code SENTRY_MCP_NO_BROWSER} is unset. */
  static boolean browserAllowed(Map<String, String> env) {
    return env.get("SENTRY_MCP_NO_BROWSER") == null && StoredLogin.stderrIsTerminal();
  }
}
