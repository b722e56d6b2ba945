package io.github.sentrymcp.oauth;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.client.ClientInformation;
import com.nimbusds.oauth2.sdk.client.ClientInformationResponse;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationErrorResponse;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationRequest;
import com.nimbusds.oauth2.sdk.client.RegistrationError;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.http.JakartaServletUtils;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.oauth.internal.Crypto;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The authorization server's HTTP endpoints (see {@link SentryOAuthServer}). */
final class Endpoints extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(SentryOAuthServer.class);
  static final String PRM = "/.well-known/oauth-protected-resource";
  static final String ASM = "/.well-known/oauth-authorization-server";
  static final String COOKIE = "sentry_mcp_browser";
  private static final Duration CONSENT_LIFETIME = Duration.ofMinutes(10);
  private static final Duration STATE_LIFETIME = Duration.ofMinutes(10);
  private static final int MAX_BODY = 64 * 1024;
  /** The scopes of the widest permission level: what metadata advertises and clients may ask for. */
  private static final List<String> SUPPORTED_SCOPES = scopeIds(PermissionLevel.PROJECT_MANAGEMENT);

  private static final Duration PURGE_EVERY = Duration.ofMinutes(10);

  private final transient Settings s;
  private final java.util.concurrent.atomic.AtomicLong nextPurge = new java.util.concurrent.atomic.AtomicLong();

  Endpoints(Settings s) {
    this.s = s;
  }

  /**
   * Deletes what expired, at most every ten minutes, on whichever request comes first (no thread of its own); one
   * caller per interval in this process, and the store's deletes are safe to run on several replicas at once.
   */
  void purgeIfDue() {
    long now = s.clock.millis();
    long due = nextPurge.get();
    if (now >= due && nextPurge.compareAndSet(due, now + PURGE_EVERY.toMillis())) {
      try {
        s.store.purgeExpired(s.clock.instant());
      } catch (RuntimeException e) {
        LOG.warn("purging expired OAuth state failed: {}", reason(e));
      }
    }
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getRequestURI();
    String context = req.getContextPath();
    if (context != null && !context.isEmpty() && path.startsWith(context)) {
      path = path.substring(context.length());
    }
    String method = req.getMethod();
    try {
      if (path.startsWith("/oauth/")) {
        purgeIfDue();
      }
      if ((path.equals("/oauth/authorize") || path.equals("/oauth/callback")) && !parametersReadable(req)) {
        ConsentPage.error(resp, 400, "The request is malformed.");
        return;
      }
      if (path.equals(PRM) || path.startsWith(PRM + "/")) {
        if (cors(req, resp, method)) {
          protectedResource(resp, path.substring(PRM.length()));
        }
      } else if (path.equals(ASM) || path.startsWith(ASM + "/")) {
        if (cors(req, resp, method)) {
          authorizationServer(resp);
        }
      } else if (path.equals("/oauth/register")) {
        if (cors(req, resp, method) && requireMethod(resp, method, "POST")) {
          register(req, resp);
        }
      } else if (path.equals("/oauth/authorize")) {
        if (method.equals("GET")) {
          authorize(req, resp);
        } else if (method.equals("POST")) {
          consent(req, resp);
        } else {
          requireMethod(resp, method, "GET, POST");
        }
      } else if (path.equals("/oauth/callback")) {
        if (requireMethod(resp, method, "GET")) {
          callback(req, resp);
        }
      } else if (path.equals("/oauth/token")) {
        if (cors(req, resp, method) && requireMethod(resp, method, "POST")) {
          token(req, resp);
        }
      } else if (path.equals("/oauth/revoke")) {
        if (cors(req, resp, method) && requireMethod(resp, method, "POST")) {
          revoke(req, resp);
        }
      } else {
        json(resp, 404, "{\"error\":\"not_found\"}");
      }
    } catch (RuntimeException e) {
      LOG.warn("an OAuth endpoint failed: {}", reason(e));
      if (!resp.isCommitted()) {
        resp.reset();
        json(resp, 500, "{\"error\":\"server_error\"}");
      }
    }
  }

  /**
   * Whether the container can decode the query and form parameters (bad percent-encoding or UTF-8 makes it throw);
   * the form body is bounded by the container's form size limit.
   */
  private static boolean parametersReadable(HttpServletRequest req) {
    try {
      req.getParameterMap();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** A fixed description of a failure for the log: never its message (it may quote values) or its class. */
  private static String reason(RuntimeException e) {
    if (e instanceof io.github.sentrymcp.oauth.jdbc.JdbcOAuthStoreException) {
      return "the store's database failed";
    }
    if (e instanceof IllegalStateException) {
      return "the store refused a write (a concurrent change or revocation)";
    }
    return "an unexpected error";
  }

  // ---- discovery

  private void protectedResource(HttpServletResponse resp, String suffix) throws IOException {
    Resource r = suffix.isEmpty() ? Resource.parse(s.defaultResource(), s) : Resource.parse(s.issuerText() + suffix, s);
    if (r == null) {
      json(resp, 404, "{\"error\":\"not_found\"}");
      return;
    }
    net.minidev.json.JSONObject o = new net.minidev.json.JSONObject();
    o.put("resource", r.uri());
    o.put("authorization_servers", List.of(s.issuerText()));
    o.put("scopes_supported", SUPPORTED_SCOPES);
    o.put("bearer_methods_supported", List.of("header"));
    o.put("resource_name", "Sentry MCP");
    resp.setHeader("Cache-Control", "public, max-age=300");
    json(resp, 200, o.toJSONString());
  }

  private void authorizationServer(HttpServletResponse resp) throws IOException {
    AuthorizationServerMetadata m = new AuthorizationServerMetadata(new Issuer(s.issuerText()));
    m.setAuthorizationEndpointURI(s.endpoint("/oauth/authorize"));
    m.setTokenEndpointURI(s.endpoint("/oauth/token"));
    m.setRegistrationEndpointURI(s.endpoint("/oauth/register"));
    m.setRevocationEndpointURI(s.endpoint("/oauth/revoke"));
    m.setResponseTypes(List.of(ResponseType.CODE));
    m.setResponseModes(List.of(ResponseMode.QUERY));
    m.setGrantTypes(List.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
    m.setCodeChallengeMethods(List.of(CodeChallengeMethod.S256));
    List<ClientAuthenticationMethod> auth = List.of(ClientAuthenticationMethod.NONE,
        ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientAuthenticationMethod.CLIENT_SECRET_POST);
    m.setTokenEndpointAuthMethods(auth);
    m.setRevocationEndpointAuthMethods(auth);
    m.setScopes(new Scope(SUPPORTED_SCOPES.toArray(String[]::new)));
    m.setSupportsAuthorizationResponseIssuerParam(true);
    m.setCustomParameter("client_id_metadata_document_supported", s.clients.metadataDocuments());
    resp.setHeader("Cache-Control", "public, max-age=300");
    json(resp, 200, m.toJSONObject().toJSONString());
  }

  /** The scope ids a permission level grants (read scopes included). */
  static List<String> scopeIds(PermissionLevel level) {
    return level.scopes().stream().map(io.github.sentrymcp.api.Scope::id).toList();
  }

  // ---- registration (RFC 7591)

  private void register(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!s.clients.admitRegistration()) {
      resp.setHeader("Retry-After", "60");
      json(resp, 429, "{\"error\":\"too_many_requests\"}");
      return;
    }
    ClientRegistrationRequest request;
    try {
      request = ClientRegistrationRequest.parse(nimbus(req, resp));
    } catch (ParseException | BodyTooLarge e) {
      send(resp, new ClientRegistrationErrorResponse(RegistrationError.INVALID_CLIENT_METADATA
          .setDescription("The client metadata is not a valid registration request.")).toHTTPResponse());
      return;
    }
    if (request.getSoftwareStatement() != null) {
      send(resp, new ClientRegistrationErrorResponse(RegistrationError.INVALID_SOFTWARE_STATEMENT
          .setDescription("Software statements are not supported.")).toHTTPResponse());
      return;
    }
    try {
      Map.Entry<Clients.Known, @Nullable String> r = s.clients.register(request.getClientMetadata());
      Clients.Known known = r.getKey();
      String secret = r.getValue();
      ClientInformation info = new ClientInformation(new ClientID(known.clientId()), Date.from(s.clock.instant()),
          known.metadata(), secret == null ? null : new com.nimbusds.oauth2.sdk.auth.Secret(secret));
      HTTPResponse out = new ClientInformationResponse(info, true).toHTTPResponse();
      out.setCacheControl("no-store");
      send(resp, out);
    } catch (Clients.InvalidMetadata e) {
      ErrorObject error = e.redirect() ? RegistrationError.INVALID_REDIRECT_URI
          : RegistrationError.INVALID_CLIENT_METADATA;
      send(resp, new ClientRegistrationErrorResponse(error.setDescription(e.getMessage())).toHTTPResponse());
    }
  }

  // ---- authorization and consent

  private void authorize(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String query = req.getQueryString();
    Map<String, List<String>> params = URLUtils.parseParameters(query == null ? "" : query);
    for (Map.Entry<String, List<String>> p : params.entrySet()) {
      if (p.getValue().size() > 1) {
        ConsentPage.error(resp, 400, "The authorization request repeats a parameter.");
        return;
      }
    }
    String clientId = first(params, "client_id");
    String redirect = first(params, "redirect_uri");
    Optional<Clients.Known> client = clientId == null ? Optional.empty() : s.clients.find(clientId);
    if (client.isEmpty()) {
      ConsentPage.error(resp, 400, "The client is unknown.");
      return;
    }
    if (redirect == null || !client.get().allowsRedirect(redirect)) {
      ConsentPage.error(resp, 400, "The redirect URI is not one the client registered.");
      return;
    }
    URI redirectUri = URI.create(redirect);
    String rawState = first(params, "state");
    State state = rawState == null ? null : new State(rawState);
    AuthorizationRequest ar;
    try {
      ar = AuthorizationRequest.parse(URI.create(s.issuerText() + "/oauth/authorize"), params);
    } catch (ParseException e) {
      redirectError(resp, redirectUri, OAuth2Error.INVALID_REQUEST.setDescription("Invalid authorization request."),
          state);
      return;
    }
    if (!ResponseType.CODE.equals(ar.getResponseType())) {
      redirectError(resp, redirectUri, OAuth2Error.UNSUPPORTED_RESPONSE_TYPE
          .setDescription("Only the authorization code flow is supported."), state);
      return;
    }
    if (ar.getResponseMode() != null && !ResponseMode.QUERY.equals(ar.getResponseMode())) {
      redirectError(resp, redirectUri, OAuth2Error.INVALID_REQUEST
          .setDescription("Only the query response mode is supported."), state);
      return;
    }
    CodeChallenge challenge = ar.getCodeChallenge();
    if (challenge == null || !CodeChallengeMethod.S256.equals(ar.getCodeChallengeMethod())
        || !challenge.getValue().matches("[A-Za-z0-9_-]{43}")) {
      redirectError(resp, redirectUri, OAuth2Error.INVALID_REQUEST
          .setDescription("PKCE with code_challenge_method=S256 is required."), state);
      return;
    }
    List<URI> resources = ar.getResources();
    Resource resource;
    if (resources == null || resources.isEmpty()) {
      resource = Resource.parse(s.defaultResource(), s);
    } else if (resources.size() == 1) {
      resource = Resource.parse(resources.get(0).toString(), s);
    } else {
      resource = null;
    }
    if (resource == null) {
      redirectError(resp, redirectUri, OAuth2Error.INVALID_TARGET
          .setDescription("The resource must be this server's MCP endpoint."), state);
      return;
    }
    PermissionLevel preselected = PermissionLevel.READ_ONLY;
    Scope scope = ar.getScope();
    if (scope != null) {
      for (String v : scope.toStringList()) {
        if (!SUPPORTED_SCOPES.contains(v)) {
          redirectError(resp, redirectUri, OAuth2Error.INVALID_SCOPE.setDescription("Unknown scope."), state);
          return;
        }
      }
      if (scope.contains("project:write") || scope.contains("team:write")) {
        preselected = PermissionLevel.PROJECT_MANAGEMENT;
      } else if (scope.contains("event:write")) {
        preselected = PermissionLevel.ISSUE_TRIAGE;
      }
    }
    Map<String, String> request = new LinkedHashMap<>();
    request.put("client_id", client.get().clientId());
    request.put("redirect_uri", redirect);
    request.put("code_challenge", challenge.getValue());
    if (rawState != null) {
      request.put("state", rawState);
    }
    request.put("resource", resource.uri());
    request.put("exp", String.valueOf(s.clock.instant().plus(CONSENT_LIFETIME).getEpochSecond()));
    String blob = s.crypto.sealToText(URLUtils.serializeParameters(single(request)), "consent-request");
    String browser = browser(req, resp);
    ConsentPage.render(resp, new ConsentPage.Model(client.get().clientId(), client.get().name(), redirect,
        resource.uri(), resource.organization(), resource.project(), preselected, blob, csrf(browser, blob),
        "/oauth/authorize"), formTargets(redirectUri));
  }

  private void consent(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String origin = req.getHeader("Origin");
    if (origin != null && !origin.equals(s.issuerText())) {
      ConsentPage.error(resp, 403, "The consent form was not sent from this server's page.");
      return;
    }
    String blob = req.getParameter("request");
    String csrf = req.getParameter("csrf");
    String browser = browserCookie(req);
    if (blob == null || csrf == null || browser == null
        || !Crypto.constantTimeEquals(csrf(browser, blob), csrf)) {
      ConsentPage.error(resp, 403, "The consent form is invalid or was not sent from this server's page.");
      return;
    }
    String plain = s.crypto.openText(blob, "consent-request");
    Map<String, String> request = new LinkedHashMap<>();
    if (plain != null) {
      URLUtils.parseParameters(plain).forEach((k, v) -> request.put(k, v.get(0)));
    }
    String exp = request.get("exp");
    if (plain == null || exp == null || Instant.ofEpochSecond(Long.parseLong(exp)).isBefore(s.clock.instant())) {
      ConsentPage.error(resp, 400, "The authorization request expired.");
      return;
    }
    String clientId = request.get("client_id");
    String redirect = request.get("redirect_uri");
    Optional<Clients.Known> client = clientId == null ? Optional.empty() : s.clients.find(clientId);
    if (client.isEmpty() || redirect == null || !client.get().allowsRedirect(redirect)) {
      ConsentPage.error(resp, 400, "The client is no longer registered.");
      return;
    }
    URI redirectUri = URI.create(redirect);
    String rawState = request.get("state");
    State state = rawState == null ? null : new State(rawState);
    if (!"approve".equals(req.getParameter("action"))) {
      redirectError(resp, redirectUri, OAuth2Error.ACCESS_DENIED.setDescription("The user denied access."), state);
      return;
    }
    Resource resource = Resource.parse(String.valueOf(request.get("resource")), s);
    Optional<PermissionLevel> level = PermissionLevel.fromId(String.valueOf(req.getParameter("level")));
    Set<Skill> skills = EnumSet.noneOf(Skill.class);
    String[] chosen = req.getParameterValues("skill");
    if (chosen != null) {
      for (String id : chosen) {
        Skill.fromId(id).filter(Skill.active()::contains).ifPresent(skills::add);
      }
    }
    if (resource == null || level.isEmpty() || skills.isEmpty()) {
      ConsentPage.error(resp, 400, "Choose a permission level and at least one skill.");
      return;
    }
    String org = resource.organization() != null
        ? resource.organization() : blankToNull(req.getParameter("organization"));
    String project = resource.project() != null ? resource.project() : blankToNull(req.getParameter("project"));
    Consent consent;
    try {
      consent = new Consent(level.get(), skills, org, project);
    } catch (IllegalArgumentException e) {
      ConsentPage.error(resp, 400, "The organization or project slug is not valid (a project needs an organization).");
      return;
    }
    String id = Crypto.randomToken();
    Instant expires = s.clock.instant().plus(STATE_LIFETIME);
    s.store.savePending(new PendingAuthorization(id, client.get().clientId(), redirect,
        String.valueOf(request.get("code_challenge")), rawState, resource.uri(), consent, Crypto.sha256Hex(browser),
        expires));
    String payload = id + "." + expires.getEpochSecond();
    // the signature covers the browser's id: only the browser that consented can complete it
    String upstreamState = payload + "." + s.crypto.sign("upstream-state", payload + "|" + browser);
    Map<String, String> q = new LinkedHashMap<>();
    q.put("client_id", s.upstream.clientId());
    q.put("redirect_uri", s.callback().toString());
    q.put("response_type", "code");
    q.put("scope", String.join(" ", upstreamScopes(level.get())));
    q.put("state", upstreamState);
    redirect(resp, s.upstream.authorizationEndpoint() + "?" + URLUtils.serializeParameters(single(q)));
  }

  /** The Sentry scopes requested for a level: only what it needs (Sentry's write scopes include read). */
  static List<String> upstreamScopes(PermissionLevel level) {
    return switch (level) {
      case READ_ONLY -> List.of("org:read", "project:read", "team:read", "event:read");
      case ISSUE_TRIAGE -> List.of("org:read", "project:read", "team:read", "event:write");
      case PROJECT_MANAGEMENT -> List.of("org:read", "project:write", "team:write", "event:write");
    };
  }

  // ---- Sentry's redirect

  private void callback(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String state = req.getParameter("state");
    String browser = browserCookie(req);
    PendingAuthorization pending = state == null || browser == null ? null : takePending(state, browser);
    if (pending == null || browser == null
        || !Crypto.constantTimeEquals(pending.browserBinding(), Crypto.sha256Hex(browser))) {
      ConsentPage.error(resp, 400, "The sign-in with Sentry is invalid, expired or was already used.");
      return;
    }
    URI redirectUri = URI.create(pending.redirectUri());
    State clientState = pending.clientState() == null ? null : new State(pending.clientState());
    String code = req.getParameter("code");
    if (req.getParameter("error") != null || code == null) {
      redirectError(resp, redirectUri, OAuth2Error.ACCESS_DENIED.setDescription("Sentry did not authorize."),
          clientState);
      return;
    }
    UpstreamClient.Tokens tokens;
    try {
      tokens = s.sentry.exchange(code, s.callback());
    } catch (UpstreamClient.UpstreamException e) {
      LOG.warn("Sentry OAuth code exchange failed: {}", e.failure());
      redirectError(resp, redirectUri, OAuth2Error.SERVER_ERROR.setDescription("Signing in with Sentry failed."),
          clientState);
      return;
    }
    String grantId = Crypto.randomToken();
    Instant now = s.clock.instant();
    s.store.saveGrant(new OAuthGrant(grantId, pending.clientId(), tokens.userId(), pending.resource(),
        pending.consent(), Upstream.seal(s.crypto, grantId, tokens), tokens.expiresAt(), 0, now));
    String ourCode = Crypto.randomToken();
    s.store.saveToken(new IssuedToken(Crypto.sha256Hex(ourCode), IssuedToken.Kind.AUTHORIZATION_CODE, grantId,
        pending.clientId(), pending.resource(), pending.redirectUri(), pending.codeChallenge(), now,
        now.plus(s.codeLifetime)));
    URI to = new AuthorizationSuccessResponse(redirectUri, new AuthorizationCode(ourCode), null, clientState,
        new Issuer(s.issuerText()), ResponseMode.QUERY).toURI();
    redirect(resp, to.toString());
  }

  private @Nullable PendingAuthorization takePending(String state, String browser) {
    String[] parts = state.split("\\.", -1);
    if (parts.length != 3 || parts[0].length() > 64 || !parts[1].matches("[0-9]{1,12}")) {
      return null;
    }
    String payload = parts[0] + "." + parts[1];
    if (!s.crypto.verify("upstream-state", payload + "|" + browser, parts[2])) {
      return null;
    }
    Instant now = s.clock.instant();
    if (Instant.ofEpochSecond(Long.parseLong(parts[1])).isBefore(now)) {
      return null;
    }
    return s.store.takePending(parts[0], now).orElse(null);
  }

  // ---- token

  private void token(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    TokenRequest request;
    try {
      request = TokenRequest.parse(nimbus(req, resp));
    } catch (ParseException | BodyTooLarge e) {
      tokenError(resp, OAuth2Error.INVALID_REQUEST.setDescription("Invalid token request."));
      return;
    }
    Optional<Clients.Known> client = authenticatedClient(request);
    if (client.isEmpty()) {
      tokenError(resp, OAuth2Error.INVALID_CLIENT.setDescription("Client authentication failed."));
      return;
    }
    AuthorizationGrant grant = request.getAuthorizationGrant();
    List<URI> resources = request.getResources();
    if (resources != null && resources.size() > 1) {
      tokenError(resp, OAuth2Error.INVALID_TARGET.setDescription("One resource per request."));
      return;
    }
    String requestedResource = resources == null || resources.isEmpty() ? null : resources.get(0).toString();
    Instant now = s.clock.instant();
    if (grant instanceof AuthorizationCodeGrant code) {
      Redemption r = s.store.redeem(Crypto.sha256Hex(code.getAuthorizationCode().getValue()), now);
      IssuedToken t = r.token();
      if (r.outcome() == Redemption.Outcome.ALREADY_USED && t != null) {
        s.store.deleteGrant(t.grantId()); // a replayed code revokes everything issued from it
        LOG.warn("an authorization code was used twice; its grant is revoked");
      }
      if (r.outcome() != Redemption.Outcome.REDEEMED || t == null || t.kind() != IssuedToken.Kind.AUTHORIZATION_CODE
          || !t.clientId().equals(client.get().clientId())) {
        tokenError(resp, OAuth2Error.INVALID_GRANT.setDescription("The code is invalid, expired or used."));
        return;
      }
      URI redirect = code.getRedirectionURI();
      CodeVerifier verifier = code.getCodeVerifier();
      String challenge = t.codeChallenge();
      if (redirect == null || !redirect.toString().equals(t.redirectUri()) || verifier == null || challenge == null
          || !Crypto.constantTimeEquals(CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue(),
              challenge)) {
        s.store.deleteGrant(t.grantId());
        tokenError(resp, OAuth2Error.INVALID_GRANT.setDescription("The redirect URI or PKCE verifier does not match."));
        return;
      }
      if (requestedResource != null && !sameResource(requestedResource, t.resource())) {
        s.store.deleteGrant(t.grantId());
        tokenError(resp, OAuth2Error.INVALID_TARGET.setDescription("The resource differs from the authorized one."));
        return;
      }
      issue(resp, t.grantId(), client.get().clientId(), t.resource(), now);
    } else if (grant instanceof RefreshTokenGrant refresh) {
      Redemption r = s.store.redeem(Crypto.sha256Hex(refresh.getRefreshToken().getValue()), now);
      IssuedToken t = r.token();
      if (r.outcome() == Redemption.Outcome.ALREADY_USED && t != null && t.kind() == IssuedToken.Kind.REFRESH_TOKEN) {
        s.store.deleteGrant(t.grantId()); // a rotated refresh token came back: assume it was stolen
        LOG.warn("a refresh token was used twice; its grant is revoked");
      }
      if (r.outcome() != Redemption.Outcome.REDEEMED || t == null || t.kind() != IssuedToken.Kind.REFRESH_TOKEN
          || !t.clientId().equals(client.get().clientId())) {
        tokenError(resp, OAuth2Error.INVALID_GRANT.setDescription("The refresh token is invalid, expired or used."));
        return;
      }
      if (requestedResource != null && !sameResource(requestedResource, t.resource())) {
        tokenError(resp, OAuth2Error.INVALID_TARGET.setDescription("The resource differs from the authorized one."));
        return;
      }
      if (s.store.findGrant(t.grantId()).isEmpty()) {
        tokenError(resp, OAuth2Error.INVALID_GRANT.setDescription("The grant was revoked."));
        return;
      }
      issue(resp, t.grantId(), client.get().clientId(), t.resource(), now);
    } else {
      tokenError(resp, OAuth2Error.UNSUPPORTED_GRANT_TYPE
          .setDescription("Only authorization_code and refresh_token are supported."));
    }
  }

  private boolean sameResource(String requested, String granted) {
    Resource r = Resource.parse(requested, s);
    return r != null && r.uri().equals(granted);
  }

  private void issue(HttpServletResponse resp, String grantId, String clientId, String resource, Instant now)
      throws IOException {
    Optional<OAuthGrant> grant = s.store.findGrant(grantId);
    if (grant.isEmpty()) {
      tokenError(resp, OAuth2Error.INVALID_GRANT.setDescription("The grant was revoked."));
      return;
    }
    String access = Crypto.randomToken();
    String refresh = Crypto.randomToken();
    s.store.saveToken(new IssuedToken(Crypto.sha256Hex(access), IssuedToken.Kind.ACCESS_TOKEN, grantId, clientId,
        resource, null, null, now, now.plus(s.accessTokenLifetime)));
    s.store.saveToken(new IssuedToken(Crypto.sha256Hex(refresh), IssuedToken.Kind.REFRESH_TOKEN, grantId, clientId,
        resource, null, null, now, now.plus(s.refreshTokenLifetime)));
    List<String> scopes = scopeIds(grant.get().consent().level());
    AccessTokenResponse ok = new AccessTokenResponse(new com.nimbusds.oauth2.sdk.token.Tokens(
        new BearerAccessToken(access, s.accessTokenLifetime.toSeconds(), new Scope(scopes.toArray(String[]::new))),
        new RefreshToken(refresh)));
    send(resp, ok.toHTTPResponse());
  }

  /** The client a token or revocation request authenticates as (public clients: by id alone), or empty. */
  private Optional<Clients.Known> authenticatedClient(
      com.nimbusds.oauth2.sdk.AbstractOptionallyIdentifiedRequest request) {
    com.nimbusds.oauth2.sdk.auth.ClientAuthentication auth = request.getClientAuthentication();
    ClientID id = auth != null ? auth.getClientID() : request.getClientID();
    Optional<Clients.Known> client = id == null ? Optional.empty() : s.clients.find(id.getValue());
    return client.filter(c -> Clients.authenticates(c, auth, request.getClientID()));
  }

  private void tokenError(HttpServletResponse resp, ErrorObject error) throws IOException {
    send(resp, new TokenErrorResponse(error).toHTTPResponse());
  }

  // ---- revocation (RFC 7009)

  private void revoke(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    TokenRevocationRequest request;
    try {
      request = TokenRevocationRequest.parse(nimbus(req, resp));
    } catch (ParseException | BodyTooLarge e) {
      tokenError(resp, OAuth2Error.INVALID_REQUEST.setDescription("Invalid revocation request."));
      return;
    }
    Optional<Clients.Known> client = authenticatedClient(request);
    if (client.isEmpty()) {
      tokenError(resp, OAuth2Error.INVALID_CLIENT.setDescription("Client authentication failed."));
      return;
    }
    Optional<IssuedToken> t = s.store.findToken(Crypto.sha256Hex(request.getToken().getValue()));
    if (t.isPresent() && t.get().clientId().equals(client.get().clientId())) {
      Optional<OAuthGrant> grant = s.store.findGrant(t.get().grantId());
      s.store.deleteGrant(t.get().grantId());
      grant.ifPresent(g -> Upstream.open(s.crypto, g).ifPresent(u -> {
        if (u.refreshToken() != null) {
          s.sentry.revoke(u.refreshToken());
        }
      }));
    }
    resp.setStatus(200); // also for unknown tokens (RFC 7009 §2.2)
    resp.setHeader("Cache-Control", "no-store");
  }

  // ---- helpers

  /** The browser's random id from its signed cookie, or a new one set now. */
  private String browser(HttpServletRequest req, HttpServletResponse resp) {
    String existing = browserCookie(req);
    if (existing != null) {
      return existing;
    }
    String id = Crypto.randomToken();
    Cookie c = new Cookie(COOKIE, id + "." + s.crypto.sign("browser", id));
    c.setHttpOnly(true);
    c.setSecure(true);
    c.setPath("/oauth");
    c.setMaxAge((int) Duration.ofHours(1).toSeconds());
    c.setAttribute("SameSite", "Lax");
    resp.addCookie(c);
    return id;
  }

  /** The browser id of a valid (untampered) cookie, else null. */
  private @Nullable String browserCookie(HttpServletRequest req) {
    Cookie[] cookies = req.getCookies();
    if (cookies == null) {
      return null;
    }
    for (Cookie c : cookies) {
      if (COOKIE.equals(c.getName()) && c.getValue() != null) {
        String v = c.getValue();
        int dot = v.indexOf('.');
        if (dot > 0 && s.crypto.verify("browser", v.substring(0, dot), v.substring(dot + 1))) {
          return v.substring(0, dot);
        }
      }
    }
    return null;
  }

  private String csrf(String browser, String blob) {
    return s.crypto.sign("csrf", browser + "|" + Crypto.sha256Hex(blob));
  }

  private Set<String> formTargets(URI redirect) {
    Set<String> t = new LinkedHashSet<>();
    t.add(s.upstream.url().toString());
    t.add(s.issuerText());
    String scheme = redirect.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("http") || scheme.equals("https")) {
      t.add(scheme + "://" + redirect.getRawAuthority());
    } else {
      t.add(scheme + ":");
    }
    return t;
  }

  private void redirectError(HttpServletResponse resp, URI redirect, ErrorObject error, @Nullable State state)
      throws IOException {
    redirect(resp, new AuthorizationErrorResponse(redirect, error, state, new Issuer(s.issuerText()),
        ResponseMode.QUERY).toURI().toString());
  }

  private static void redirect(HttpServletResponse resp, String location) {
    resp.setStatus(302);
    resp.setHeader("Location", location);
    resp.setHeader("Cache-Control", "no-store");
    resp.setHeader("Referrer-Policy", "no-referrer");
  }

  private static Map<String, List<String>> single(Map<String, String> m) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, List.of(v)));
    return out;
  }

  private static @Nullable String first(Map<String, List<String>> params, String name) {
    List<String> v = params.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  private static @Nullable String blankToNull(@Nullable String v) {
    return v == null || v.isBlank() ? null : v.strip();
  }

  /** A request body that is too large, cut off or cannot be decoded. */
  private static final class BodyTooLarge extends Exception {
    private static final long serialVersionUID = 1L;

    BodyTooLarge() {
      super("unreadable body", null, false, false);
    }
  }

  /**
   * The request as Nimbus reads it, at most {@link #MAX_BODY} bytes. A body that is not read whole leaves bytes on
   * the connection, so the answer says {@code Connection: close}: the client must not send its next request there.
   */
  private static HTTPRequest nimbus(HttpServletRequest req, HttpServletResponse resp) throws BodyTooLarge {
    if (req.getContentLengthLong() > MAX_BODY) {
      resp.setHeader("Connection", "close");
      throw new BodyTooLarge();
    }
    try {
      return JakartaServletUtils.createHTTPRequest(req, MAX_BODY);
    } catch (IOException | RuntimeException e) {
      resp.setHeader("Connection", "close");
      throw new BodyTooLarge(); // over the cap without a length (chunked), cut off, or undecodable
    }
  }

  private static boolean requireMethod(HttpServletResponse resp, String method, String allowed) throws IOException {
    if (allowed.contains(method)) {
      return true;
    }
    resp.setHeader("Allow", allowed);
    json(resp, 405, "{\"error\":\"method_not_allowed\"}");
    return false;
  }

  /** Public JSON endpoints are readable from any origin (no cookies); answers preflights. */
  private static boolean cors(HttpServletRequest req, HttpServletResponse resp, String method) {
    if (req.getHeader("Origin") != null) {
      resp.setHeader("Access-Control-Allow-Origin", "*");
      resp.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, MCP-Protocol-Version");
      resp.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    }
    if (method.equals("OPTIONS")) {
      resp.setStatus(204);
      return false;
    }
    return true;
  }

  private static void send(HttpServletResponse resp, HTTPResponse r) throws IOException {
    JakartaServletUtils.applyHTTPResponse(r, resp);
  }

  private static void json(HttpServletResponse resp, int status, String body) throws IOException {
    resp.setStatus(status);
    resp.setContentType("application/json");
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    resp.setContentLength(b.length);
    resp.getOutputStream().write(b);
  }
}
