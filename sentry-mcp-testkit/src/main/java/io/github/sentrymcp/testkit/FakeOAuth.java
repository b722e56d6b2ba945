package io.github.sentrymcp.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * The OAuth provider of {@link FakeSentry}: Sentry's {@code /oauth/authorize/}, {@code /oauth/token/}, {@code
 * /oauth/device/code/}, {@code /oauth/device/} and {@code /oauth/revoke/} endpoints, with authorization codes, refresh
 * token rotation, the device authorization grant (RFC 8628) and revocation (RFC 7009). All state lives in memory and
 * is guarded by {@code this}.
 */
final class FakeOAuth {

  /** The user every grant belongs to. */
  record User(String id, String name, String email) {}

  /** What the API should make of a bearer token. */
  enum TokenState {
    /** Not a token this provider issued. */
    UNKNOWN,
    /** Issued here and still valid. */
    VALID,
    /** Issued here, but expired or revoked. */
    INVALID
  }

  static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
  private static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
  private static final Duration DEVICE_CODE_LIFETIME = Duration.ofMinutes(10);
  private static final String USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
  private static final String CSP =
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";
  private static final Set<String> PUBLIC_FIELDS =
      Set.of("grant_type", "client_id", "scope", "redirect_uri", "response_type", "token_type_hint", "action",
          "code_challenge_method");

  private final Map<String, @Nullable String> clients;
  private final User user;
  private final Duration tokenLifetime;
  private final Duration deviceInterval;
  private final boolean autoApprove;
  private final String baseUrl;
  private final SecureRandom random = new SecureRandom();

  private final Map<String, CodeGrant> codes = new HashMap<>();
  private final Map<String, AccessToken> accessTokens = new HashMap<>();
  private final Map<String, RefreshToken> refreshTokens = new HashMap<>();
  private final Map<String, Device> devices = new HashMap<>();
  private final Map<String, String> deviceByUserCode = new HashMap<>();
  private final List<String> secrets = new ArrayList<>();
  private final CopyOnWriteArrayList<OAuthRequest> requests = new CopyOnWriteArrayList<>();

  private record CodeGrant(
      String clientId, String redirectUri, String scope, Instant expiresAt,
      @Nullable String challenge, @Nullable String challengeMethod) {}

  private record AccessToken(String clientId, String grantId, Instant expiresAt, boolean revoked) {}

  private record RefreshToken(String clientId, String grantId, String scope) {}

  private enum DeviceStatus { PENDING, APPROVED, DENIED, USED }

  private static final class Device {
    final String clientId;
    final String scope;
    final String userCode;
    Instant expiresAt;
    DeviceStatus status = DeviceStatus.PENDING;
    @Nullable Instant lastPoll;

    Device(String clientId, String scope, String userCode, Instant expiresAt) {
      this.clientId = clientId;
      this.scope = scope;
      this.userCode = userCode;
      this.expiresAt = expiresAt;
    }
  }

  FakeOAuth(
      Map<String, @Nullable String> clients, User user, Duration tokenLifetime, Duration deviceInterval,
      boolean autoApprove, String baseUrl) {
    this.clients = java.util.Collections.unmodifiableMap(new HashMap<>(clients));
    this.user = user;
    this.tokenLifetime = tokenLifetime;
    this.deviceInterval = deviceInterval;
    this.autoApprove = autoApprove;
    this.baseUrl = baseUrl;
  }

  User user() {
    return user;
  }

  // ------------------------------------------------------------------ hooks

  synchronized TokenState check(String bearer) {
    AccessToken t = accessTokens.get(bearer);
    if (t == null) {
      return TokenState.UNKNOWN;
    }
    return !t.revoked() && Instant.now().isBefore(t.expiresAt()) ? TokenState.VALID : TokenState.INVALID;
  }

  synchronized void expireAccessTokens() {
    Instant past = Instant.now().minusSeconds(1);
    accessTokens.replaceAll((k, t) -> new AccessToken(t.clientId(), t.grantId(), past, t.revoked()));
  }

  synchronized void expireDeviceCodes() {
    Instant past = Instant.now().minusSeconds(1);
    devices.values().forEach(d -> d.expiresAt = past);
  }

  /** Approves or denies a pending device authorization; false if the user code is unknown or not pending. */
  synchronized boolean decideDevice(String userCode, boolean approve) {
    String deviceCode = deviceByUserCode.get(normalizeUserCode(userCode));
    Device d = deviceCode == null ? null : devices.get(deviceCode);
    if (d == null || d.status != DeviceStatus.PENDING || !Instant.now().isBefore(d.expiresAt)) {
      return false;
    }
    d.status = approve ? DeviceStatus.APPROVED : DeviceStatus.DENIED;
    return true;
  }

  synchronized List<String> issuedSecrets() {
    return List.copyOf(secrets);
  }

  List<OAuthRequest> requests() {
    return List.copyOf(requests);
  }

  void clearRequests() {
    requests.clear();
  }

  // ------------------------------------------------------------------ routing

  static boolean handles(String rawPath) {
    return rawPath.equals("/oauth") || rawPath.startsWith("/oauth/");
  }

  /** A copy of a request body with every value but the harmless ones replaced, for the journal. */
  static String redactForm(String body) {
    if (body.isEmpty()) {
      return body;
    }
    StringBuilder sb = new StringBuilder();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (sb.length() > 0) {
        sb.append('&');
      }
      String decoded = Http.percentDecode(name.replace('+', ' '));
      sb.append(name).append('=').append(PUBLIC_FIELDS.contains(decoded) && eq >= 0 ? pair.substring(eq + 1)
          : "[redacted]");
    }
    return sb.toString();
  }

  /** Handles a request below {@code /oauth/}. */
  Reply handle(String method, String rawPath, @Nullable String rawQuery, @Nullable String authorization,
      @Nullable String contentType, byte[] body, Instant receivedAt) {
    String path = rawPath.endsWith("/") ? rawPath : rawPath + "/";
    Map<String, List<String>> query = Http.parseQuery(rawQuery);
    Map<String, List<String>> form = isForm(contentType)
        ? Http.parseQuery(new String(body, StandardCharsets.UTF_8)) : Map.of();
    Outcome out;
    String endpoint = method + " " + path;
    switch (endpoint) {
      case "GET /oauth/authorize/" -> out = authorizePage(query);
      case "POST /oauth/authorize/" -> out = authorizeDecision(form);
      case "POST /oauth/token/" -> out = token(authorization, contentType, form);
      case "POST /oauth/device/code/" -> out = deviceCode(authorization, contentType, form);
      case "GET /oauth/device/" -> out = devicePage(query);
      case "POST /oauth/device/" -> out = deviceDecision(form);
      case "POST /oauth/revoke/" -> out = revoke(authorization, contentType, form);
      default -> out = new Outcome(Reply.notFound(), null, null, null);
    }
    requests.add(new OAuthRequest(endpoint, out.grantType, out.clientId, out.reply.status, out.error, receivedAt));
    return out.reply;
  }

  private record Outcome(Reply reply, @Nullable String grantType, @Nullable String clientId, @Nullable String error) {}

  // ------------------------------------------------------------------ authorization code

  private Outcome authorizePage(Map<String, List<String>> q) {
    Outcome bad = checkAuthorizeRequest(first(q, "client_id"), first(q, "redirect_uri"));
    if (bad != null) {
      return bad;
    }
    String clientId = java.util.Objects.requireNonNull(first(q, "client_id"));
    String redirectUri = java.util.Objects.requireNonNull(first(q, "redirect_uri"));
    String responseType = first(q, "response_type");
    String state = first(q, "state");
    if (!"code".equals(responseType)) {
      return new Outcome(redirect(redirectUri, "error", "unsupported_response_type", state), null, clientId,
          "unsupported_response_type");
    }
    String method = first(q, "code_challenge_method");
    if (method != null && !method.equals("S256") && !method.equals("plain")) {
      return new Outcome(redirect(redirectUri, "error", "invalid_request", state), null, clientId, "invalid_request");
    }
    if (autoApprove) {
      return approve(clientId, redirectUri, q);
    }
    StringBuilder hidden = new StringBuilder();
    for (String name : List.of("client_id", "redirect_uri", "response_type", "scope", "state", "code_challenge",
        "code_challenge_method")) {
      String v = first(q, name);
      if (v != null) {
        hidden.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"").append(html(v))
            .append("\">\n");
      }
    }
    String scope = orEmpty(first(q, "scope"));
    String page = "<h1>Authorize " + html(clientId) + "</h1>\n"
        + "<p>The application <b>" + html(clientId) + "</b> asks for access to your Sentry account ("
        + html(user.email()) + ") with the scopes: <code>" + html(scope) + "</code>.</p>\n"
        + "<form method=\"post\" action=\"/oauth/authorize/\">\n" + hidden
        + "<button type=\"submit\" name=\"action\" value=\"approve\" id=\"approve\">Approve</button>\n"
        + "<button type=\"submit\" name=\"action\" value=\"deny\" id=\"deny\">Deny</button>\n</form>";
    return new Outcome(htmlPage(200, "Authorize " + clientId, page), null, clientId, null);
  }

  private Outcome authorizeDecision(Map<String, List<String>> form) {
    Outcome bad = checkAuthorizeRequest(first(form, "client_id"), first(form, "redirect_uri"));
    if (bad != null) {
      return bad;
    }
    String clientId = java.util.Objects.requireNonNull(first(form, "client_id"));
    String redirectUri = java.util.Objects.requireNonNull(first(form, "redirect_uri"));
    String state = first(form, "state");
    if (!"code".equals(first(form, "response_type"))) {
      return new Outcome(redirect(redirectUri, "error", "unsupported_response_type", state), null, clientId,
          "unsupported_response_type");
    }
    if ("approve".equals(first(form, "action"))) {
      return approve(clientId, redirectUri, form);
    }
    return new Outcome(redirect(redirectUri, "error", "access_denied", state), null, clientId, "access_denied");
  }

  private synchronized Outcome approve(String clientId, String redirectUri, Map<String, List<String>> params) {
    String code = newSecret();
    codes.put(code, new CodeGrant(clientId, redirectUri, orEmpty(first(params, "scope")),
        Instant.now().plus(CODE_LIFETIME), first(params, "code_challenge"),
        first(params, "code_challenge") == null ? null
            : first(params, "code_challenge_method") == null ? "plain" : first(params, "code_challenge_method")));
    return new Outcome(redirect(redirectUri, "code", code, first(params, "state")), null, clientId, null);
  }

  /** A 400 page for an unknown client or a bad redirect URI (never a redirect), or null if both are fine. */
  private @Nullable Outcome checkAuthorizeRequest(@Nullable String clientId, @Nullable String redirectUri) {
    if (clientId == null || !clients.containsKey(clientId)) {
      return new Outcome(htmlPage(400, "Error", "<h1>Error</h1>\n<p>Unknown or missing client_id.</p>"), null,
          clientId, "invalid_client");
    }
    if (redirectUri == null || !validRedirect(redirectUri)) {
      return new Outcome(htmlPage(400, "Error", "<h1>Error</h1>\n<p>Missing or invalid redirect_uri.</p>"), null,
          clientId, "invalid_request");
    }
    return null;
  }

  static boolean validRedirect(String uri) {
    try {
      URI u = new URI(uri);
      String scheme = u.getScheme();
      return u.isAbsolute() && u.getRawFragment() == null && u.getHost() != null && !u.getHost().isEmpty()
          && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static Reply redirect(String redirectUri, String name, String value, @Nullable String state) {
    StringBuilder sb = new StringBuilder(redirectUri);
    sb.append(redirectUri.indexOf('?') < 0 ? '?' : redirectUri.endsWith("?") || redirectUri.endsWith("&") ? "" : "&");
    sb.append(name).append('=').append(enc(value));
    if (state != null) {
      sb.append("&state=").append(enc(state));
    }
    return Reply.empty(302).header("Location", sb.toString()).header("Cache-Control", "no-store");
  }

  // ------------------------------------------------------------------ token endpoint

  /** The authenticated client id, or an error outcome. */
  private record ClientAuth(@Nullable String clientId, @Nullable Outcome error) {}

  /** A form-encoded request's client, authenticated as its registration requires; else the error answer. */
  private ClientAuth authenticate(@Nullable String authorization, @Nullable String contentType,
      Map<String, List<String>> form, @Nullable String grantType) {
    if (!isForm(contentType)) {
      return new ClientAuth(null, oauthError(400, "invalid_request",
          "The request must be application/x-www-form-urlencoded.", grantType, null, false));
    }
    String id = first(form, "client_id");
    String secret = first(form, "client_secret");
    boolean basic = false;
    if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      basic = true;
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return new ClientAuth(null, oauthError(401, "invalid_client", "Malformed HTTP Basic credentials.", grantType,
            null, true));
      }
      int colon = decoded.indexOf(':');
      String basicId = formDecode(colon < 0 ? decoded : decoded.substring(0, colon));
      String basicSecret = colon < 0 ? "" : formDecode(decoded.substring(colon + 1));
      if (id != null && !id.equals(basicId)) {
        return new ClientAuth(null, oauthError(400, "invalid_request", "The client_id does not match the credentials.",
            grantType, basicId, false));
      }
      id = basicId;
      secret = basicSecret;
    }
    if (id == null || id.isEmpty()) {
      return new ClientAuth(null, oauthError(401, "invalid_client", "Client authentication failed.", grantType, null,
          basic));
    }
    if (!clients.containsKey(id)) {
      return new ClientAuth(null, oauthError(401, "invalid_client", "Client authentication failed.", grantType, id,
          basic));
    }
    String expected = clients.get(id);
    if (expected != null && (secret == null || !MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8)))) {
      return new ClientAuth(null, oauthError(401, "invalid_client", "Client authentication failed.", grantType, id,
          basic));
    }
    return new ClientAuth(id, null);
  }

  private Outcome token(@Nullable String authorization, @Nullable String contentType,
      Map<String, List<String>> form) {
    String grantType = first(form, "grant_type");
    ClientAuth auth = authenticate(authorization, contentType, form, grantType);
    if (auth.error() != null) {
      return auth.error();
    }
    String clientId = java.util.Objects.requireNonNull(auth.clientId());
    if (grantType == null) {
      return oauthError(400, "invalid_request", "Missing grant_type.", null, clientId, false);
    }
    return switch (grantType) {
      case "authorization_code" -> authorizationCodeGrant(clientId, form);
      case "refresh_token" -> refreshGrant(clientId, form);
      case DEVICE_GRANT -> deviceGrant(clientId, form);
      default -> oauthError(400, "unsupported_grant_type", "The grant type is not supported.", grantType, clientId,
          false);
    };
  }

  private synchronized Outcome authorizationCodeGrant(String clientId, Map<String, List<String>> form) {
    String g = "authorization_code";
    String code = first(form, "code");
    if (code == null) {
      return oauthError(400, "invalid_request", "Missing code.", g, clientId, false);
    }
    CodeGrant grant = codes.remove(code); // single use, even when the request fails below
    if (grant == null || !grant.clientId().equals(clientId) || !Instant.now().isBefore(grant.expiresAt())) {
      return oauthError(400, "invalid_grant", "The authorization code is invalid or expired.", g, clientId, false);
    }
    if (!grant.redirectUri().equals(first(form, "redirect_uri"))) {
      return oauthError(400, "invalid_grant", "The redirect_uri does not match the authorization request.", g,
          clientId, false);
    }
    if (grant.challenge() != null) {
      String verifier = first(form, "code_verifier");
      if (verifier == null || !grant.challenge().equals(challenge(verifier, grant.challengeMethod()))) {
        return oauthError(400, "invalid_grant", "The code_verifier does not match the code_challenge.", g, clientId,
            false);
      }
    }
    return new Outcome(issue(clientId, grant.scope(), newSecret()), g, clientId, null);
  }

  private synchronized Outcome refreshGrant(String clientId, Map<String, List<String>> form) {
    String g = "refresh_token";
    String refresh = first(form, "refresh_token");
    if (refresh == null) {
      return oauthError(400, "invalid_request", "Missing refresh_token.", g, clientId, false);
    }
    RefreshToken old = refreshTokens.get(refresh);
    if (old == null || !old.clientId().equals(clientId)) {
      return oauthError(400, "invalid_grant", "The refresh token is invalid.", g, clientId, false);
    }
    refreshTokens.remove(refresh); // rotation: the old refresh token stops working
    return new Outcome(issue(clientId, old.scope(), old.grantId()), g, clientId, null);
  }

  private synchronized Outcome deviceGrant(String clientId, Map<String, List<String>> form) {
    String g = DEVICE_GRANT;
    String deviceCode = first(form, "device_code");
    if (deviceCode == null) {
      return oauthError(400, "invalid_request", "Missing device_code.", g, clientId, false);
    }
    Device d = devices.get(deviceCode);
    if (d == null || !d.clientId.equals(clientId) || d.status == DeviceStatus.USED) {
      return oauthError(400, "invalid_grant", "The device code is invalid.", g, clientId, false);
    }
    Instant now = Instant.now();
    if (!now.isBefore(d.expiresAt)) {
      return oauthError(400, "expired_token", "The device code has expired.", g, clientId, false);
    }
    Instant last = d.lastPoll;
    d.lastPoll = now;
    if (last != null && Duration.between(last, now).compareTo(deviceInterval) < 0) {
      return oauthError(400, "slow_down", "Polling too fast; wait longer between requests.", g, clientId, false);
    }
    switch (d.status) {
      case PENDING:
        return oauthError(400, "authorization_pending", "The user has not yet approved the request.", g, clientId,
            false);
      case DENIED:
        d.status = DeviceStatus.USED;
        return oauthError(400, "access_denied", "The user denied the request.", g, clientId, false);
      default:
        d.status = DeviceStatus.USED;
        return new Outcome(issue(clientId, d.scope, newSecret()), g, clientId, null);
    }
  }

  /** Issues an access and refresh token pair of one grant; the caller holds the lock. */
  private Reply issue(String clientId, String scope, String grantId) {
    String access = newSecret();
    String refresh = newSecret();
    Instant expiresAt = Instant.now().plus(tokenLifetime).truncatedTo(ChronoUnit.MILLIS);
    accessTokens.put(access, new AccessToken(clientId, grantId, expiresAt, false));
    refreshTokens.put(refresh, new RefreshToken(clientId, grantId, scope));
    ObjectNode o = Json.object()
        .put("access_token", access)
        .put("refresh_token", refresh)
        .put("expires_in", tokenLifetime.toSeconds())
        .put("expires_at", expiresAt.toString())
        .put("token_type", "bearer")
        .put("scope", scope);
    o.putObject("user").put("id", user.id()).put("name", user.name()).put("email", user.email());
    return noStore(Reply.json(o));
  }

  // ------------------------------------------------------------------ device authorization

  private synchronized Outcome deviceCode(@Nullable String authorization, @Nullable String contentType,
      Map<String, List<String>> form) {
    ClientAuth auth = authenticate(authorization, contentType, form, null);
    if (auth.error() != null) {
      return auth.error();
    }
    String clientId = java.util.Objects.requireNonNull(auth.clientId());
    String deviceCode = newSecret();
    String userCode;
    do {
      userCode = userCode();
    } while (deviceByUserCode.containsKey(userCode));
    devices.put(deviceCode, new Device(clientId, orEmpty(first(form, "scope")), userCode,
        Instant.now().plus(DEVICE_CODE_LIFETIME)));
    deviceByUserCode.put(userCode, deviceCode);
    String verification = baseUrl + "/oauth/device/";
    ObjectNode o = Json.object()
        .put("device_code", deviceCode)
        .put("user_code", userCode)
        .put("verification_uri", verification)
        .put("verification_uri_complete", verification + "?user_code=" + enc(userCode))
        .put("expires_in", DEVICE_CODE_LIFETIME.toSeconds())
        .put("interval", deviceInterval.toSeconds());
    return new Outcome(noStore(Reply.json(o)), null, clientId, null);
  }

  private Outcome devicePage(Map<String, List<String>> q) {
    String userCode = first(q, "user_code");
    String field = userCode == null
        ? "<label>Code <input name=\"user_code\" autocomplete=\"off\"></label>\n"
        : "<p>Code: <b>" + html(userCode) + "</b></p>\n<input type=\"hidden\" name=\"user_code\" value=\""
            + html(userCode) + "\">\n";
    String page = "<h1>Authorize a device</h1>\n<p>Check that the code matches the one your device shows.</p>\n"
        + "<form method=\"post\" action=\"/oauth/device/\">\n" + field
        + "<button type=\"submit\" name=\"action\" value=\"approve\" id=\"approve\">Approve</button>\n"
        + "<button type=\"submit\" name=\"action\" value=\"deny\" id=\"deny\">Deny</button>\n</form>";
    return new Outcome(htmlPage(200, "Authorize a device", page), null, null, null);
  }

  private Outcome deviceDecision(Map<String, List<String>> form) {
    String userCode = first(form, "user_code");
    boolean approve = "approve".equals(first(form, "action"));
    if (userCode == null || !decideDevice(userCode, approve)) {
      return new Outcome(htmlPage(400, "Error", "<h1>Error</h1>\n<p>Unknown or expired code.</p>"), null, null,
          "invalid_request");
    }
    String text = approve ? "Device approved. You can return to your device." : "Request denied.";
    return new Outcome(htmlPage(200, "Done", "<h1>" + text + "</h1>"), null, null, approve ? null : "access_denied");
  }

  private static String normalizeUserCode(String code) {
    String c = code.trim().toUpperCase(Locale.ROOT).replace("-", "").replace(" ", "");
    return c.length() == 8 ? c.substring(0, 4) + "-" + c.substring(4) : c;
  }

  private String userCode() {
    StringBuilder sb = new StringBuilder(9);
    for (int i = 0; i < 8; i++) {
      if (i == 4) {
        sb.append('-');
      }
      sb.append(USER_CODE_ALPHABET.charAt(random.nextInt(USER_CODE_ALPHABET.length())));
    }
    return sb.toString();
  }

  // ------------------------------------------------------------------ revocation

  private synchronized Outcome revoke(@Nullable String authorization, @Nullable String contentType,
      Map<String, List<String>> form) {
    ClientAuth auth = authenticate(authorization, contentType, form, null);
    if (auth.error() != null) {
      return auth.error();
    }
    String clientId = java.util.Objects.requireNonNull(auth.clientId());
    String token = first(form, "token");
    if (token == null) {
      return oauthError(400, "invalid_request", "Missing token.", null, clientId, false);
    }
    AccessToken access = accessTokens.get(token);
    if (access != null && access.clientId().equals(clientId)) {
      accessTokens.put(token, new AccessToken(access.clientId(), access.grantId(), access.expiresAt(), true));
    }
    RefreshToken refresh = refreshTokens.get(token);
    if (refresh != null && refresh.clientId().equals(clientId)) {
      refreshTokens.remove(token);
      // RFC 7009 §2.1: revoking a refresh token also invalidates the access tokens of the same grant
      accessTokens.replaceAll((k, t) -> t.grantId().equals(refresh.grantId())
          ? new AccessToken(t.clientId(), t.grantId(), t.expiresAt(), true) : t);
    }
    return new Outcome(noStore(Reply.bytes(200, Reply.JSON, "{}".getBytes(StandardCharsets.UTF_8))), null, clientId,
        null);
  }

  // ------------------------------------------------------------------ helpers

  private String newSecret() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    StringBuilder sb = new StringBuilder(64);
    for (byte x : b) {
      sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
    }
    String s = sb.toString();
    synchronized (this) {
      secrets.add(s);
    }
    return s;
  }

  private static @Nullable String challenge(String verifier, @Nullable String method) {
    if (!"S256".equals(method)) {
      return verifier;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Outcome oauthError(int status, String error, String description, @Nullable String grantType,
      @Nullable String clientId, boolean basic) {
    ObjectNode o = Json.object().put("error", error).put("error_description", description);
    Reply r = noStore(Reply.json(status, o));
    if (status == 401) {
      r.header("WWW-Authenticate", basic ? "Basic realm=\"oauth\"" : "Bearer realm=\"oauth\"");
    }
    return new Outcome(r, grantType, clientId, error);
  }

  private static Reply noStore(Reply r) {
    return r.header("Cache-Control", "no-store").header("Pragma", "no-cache");
  }

  private static Reply htmlPage(int status, String title, String body) {
    String doc = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + html(title) + "</title></head>\n"
        + "<body>\n" + body + "\n</body></html>\n";
    return Reply.bytes(status, "text/html; charset=utf-8", doc.getBytes(StandardCharsets.UTF_8))
        .header("Content-Security-Policy", CSP)
        .header("X-Frame-Options", "DENY")
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer")
        .header("Cache-Control", "no-store");
  }

  static String html(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String formDecode(String s) {
    return Http.parseQuery("x=" + s.replace("&", "%26").replace("=", "%3D")).getOrDefault("x", List.of("")).get(0);
  }

  private static boolean isForm(@Nullable String contentType) {
    if (contentType == null) {
      return false;
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim()
        .equalsIgnoreCase("application/x-www-form-urlencoded");
  }

  private static @Nullable String first(Map<String, List<String>> m, String name) {
    List<String> v = m.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  private static String orEmpty(@Nullable String s) {
    return s == null ? "" : s;
  }

  /** {@code GET /__fake/oauth/secrets}. */
  byte[] secretsJson() {
    ArrayNode a = Json.array();
    issuedSecrets().forEach(a::add);
    return Json.bytes(a);
  }

}
