package io.github.sentrymcp.oauth;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import io.github.sentrymcp.oauth.internal.Crypto;
import io.github.sentrymcp.oauth.internal.OutboundUrlGuard;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The clients the server knows: registered ones (RFC 7591, kept in the store) and, when enabled, clients whose id is
 * the https URL of a client ID metadata document, fetched through the {@link OutboundUrlGuard} and cached for five
 * minutes. Both kinds get the same checks of their metadata.
 */
final class Clients {
  static final int MAX_REDIRECT_URIS = 10;
  static final int MAX_URI_LENGTH = 2000;
  static final int MAX_NAME_LENGTH = 200;
  private static final Duration DOCUMENT_TTL = Duration.ofMinutes(5);
  private static final int MAX_CACHED_DOCUMENTS = 1000;
  private static final Set<String> FORBIDDEN_SCHEMES = Set.of("javascript", "data", "file", "vbscript", "about",
      "blob", "filesystem", "view-source", "ws", "wss", "ftp");

  /** A known client. */
  record Known(String clientId, ClientMetadata metadata, @Nullable String secretHash) {
    boolean isPublic() {
      return secretHash == null;
    }

    /** Exact string comparison with every registered redirect URI. */
    boolean allowsRedirect(String uri) {
      for (URI registered : metadata.getRedirectionURIs()) {
        if (Crypto.constantTimeEquals(registered.toString(), uri)) {
          return true;
        }
      }
      return false;
    }

    @Nullable String name() {
      String n = metadata.getName();
      return n == null || n.length() > MAX_NAME_LENGTH ? null : n;
    }
  }

  /** Metadata that cannot be accepted; the message is a fixed sentence. */
  static final class InvalidMetadata extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean redirect;

    InvalidMetadata(String message, boolean redirect) {
      super(message, null, false, false);
      this.redirect = redirect;
    }

    /** Whether the redirect URIs are at fault ({@code invalid_redirect_uri}). */
    boolean redirect() {
      return redirect;
    }
  }

  private record Cached(Known client, Instant until) {}

  private final OAuthStore store;
  private final @Nullable OutboundUrlGuard documents;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final int registrationsPerMinute;
  private final AtomicLong window = new AtomicLong();
  private final AtomicLong inWindow = new AtomicLong();

  Clients(OAuthStore store, @Nullable OutboundUrlGuard documents, Clock clock, int registrationsPerMinute) {
    this.store = store;
    this.documents = documents;
    this.clock = clock;
    this.registrationsPerMinute = registrationsPerMinute;
  }

  boolean metadataDocuments() {
    return documents != null;
  }

  /** Whether another registration fits in this minute's budget (it bounds how fast the store can be filled). */
  boolean admitRegistration() {
    long minute = clock.millis() / 60_000;
    long w = window.get();
    if (w != minute && window.compareAndSet(w, minute)) {
      inWindow.set(0);
    }
    return inWindow.incrementAndGet() <= registrationsPerMinute;
  }

  /** Registers a client; returns it and its secret (null for a public client). */
  Map.Entry<Known, @Nullable String> register(ClientMetadata metadata) throws InvalidMetadata {
    metadata.applyDefaults();
    ClientAuthenticationMethod method = metadata.getTokenEndpointAuthMethod();
    boolean confidential;
    if (ClientAuthenticationMethod.NONE.equals(method)) {
      confidential = false;
    } else if (ClientAuthenticationMethod.CLIENT_SECRET_BASIC.equals(method)
        || ClientAuthenticationMethod.CLIENT_SECRET_POST.equals(method)) {
      confidential = true;
    } else {
      throw new InvalidMetadata("token_endpoint_auth_method must be none, client_secret_basic or client_secret_post",
          false);
    }
    check(metadata);
    String clientId = "mcp-" + Crypto.randomToken().substring(0, 32);
    String secret = confidential ? Crypto.randomToken() : null;
    Known known = new Known(clientId, metadata, secret == null ? null : Crypto.sha256Hex(secret));
    store.saveClient(new OAuthClient(clientId, known.secretHash(), metadata.toJSONObject().toJSONString(),
        clock.instant()));
    return new java.util.AbstractMap.SimpleImmutableEntry<>(known, secret);
  }

  /** The client with this id: registered, or a metadata document's URL; empty when unknown or unusable. */
  Optional<Known> find(String clientId) {
    if (clientId.startsWith("https://")) {
      return document(clientId);
    }
    if (clientId.length() > 100) {
      return Optional.empty();
    }
    return store.findClient(clientId).flatMap(c -> {
      try {
        return Optional.of(new Known(c.clientId(), ClientMetadata.parse(JSONObjectUtils.parse(c.metadataJson())),
            c.secretHash()));
      } catch (ParseException e) {
        return Optional.empty();
      }
    });
  }

  /** Whether a token or revocation request authenticates as {@code client}. */
  static boolean authenticates(Known client, @Nullable ClientAuthentication auth,
      com.nimbusds.oauth2.sdk.id.@Nullable ClientID publicId) {
    if (client.isPublic()) {
      return auth == null && publicId != null && publicId.getValue().equals(client.clientId());
    }
    Secret secret;
    if (auth instanceof ClientSecretBasic b) {
      secret = b.getClientSecret();
    } else if (auth instanceof ClientSecretPost p) {
      secret = p.getClientSecret();
    } else {
      return false;
    }
    String hash = client.secretHash();
    return auth.getClientID().getValue().equals(client.clientId()) && hash != null
        && Crypto.constantTimeEquals(hash, Crypto.sha256Hex(secret.getValue()));
  }

  private Optional<Known> document(String clientId) {
    if (documents == null || clientId.length() > MAX_URI_LENGTH) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Cached c = cache.get(clientId);
    if (c != null && now.isBefore(c.until())) {
      return Optional.of(c.client());
    }
    URI url;
    try {
      url = new URI(clientId);
    } catch (java.net.URISyntaxException e) {
      return Optional.empty();
    }
    String path = url.getRawPath();
    if (path == null || path.isEmpty() || path.equals("/") || url.getRawQuery() != null) {
      return Optional.empty(); // a metadata document URL has a path and no query
    }
    for (String segment : path.split("/", -1)) {
      String plain = segment.toLowerCase(Locale.ROOT).replace("%2e", ".");
      if (plain.equals(".") || plain.equals("..")) {
        return Optional.empty(); // nor dot segments: one document, one spelling of its URL
      }
    }
    try {
      byte[] body = documents.fetchJson(url);
      var json = JSONObjectUtils.parse(new String(body, StandardCharsets.UTF_8));
      Object declared = json.get("client_id"); // read before parsing: ClientMetadata.parse drops client_id
      ClientMetadata metadata = ClientMetadata.parse(json);
      if (!clientId.equals(declared)) {
        return Optional.empty(); // the document must name itself
      }
      metadata.applyDefaults();
      if (!ClientAuthenticationMethod.NONE.equals(metadata.getTokenEndpointAuthMethod())) {
        return Optional.empty(); // no shared secret in a public document
      }
      check(metadata);
      Known known = new Known(clientId, metadata, null);
      if (cache.size() >= MAX_CACHED_DOCUMENTS) {
        cache.clear();
      }
      cache.put(clientId, new Cached(known, now.plus(DOCUMENT_TTL)));
      return Optional.of(known);
    } catch (OutboundUrlGuard.Refused | ParseException | InvalidMetadata e) {
      return Optional.empty();
    }
  }

  /** Redirect URIs, grant and response types a client may have. */
  static void check(ClientMetadata metadata) throws InvalidMetadata {
    Set<URI> uris = metadata.getRedirectionURIs();
    if (uris == null || uris.isEmpty() || uris.size() > MAX_REDIRECT_URIS) {
      throw new InvalidMetadata("redirect_uris must list 1 to " + MAX_REDIRECT_URIS + " URIs", true);
    }
    for (URI u : uris) {
      if (!redirectAllowed(u)) {
        throw new InvalidMetadata("every redirect URI must be https, http on a loopback host, or a private-use"
            + " scheme with a dot (RFC 8252), absolute, without credentials or fragment", true);
      }
    }
    Set<GrantType> grants = metadata.getGrantTypes();
    if (grants != null && !Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN).containsAll(grants)) {
      throw new InvalidMetadata("grant_types may only be authorization_code and refresh_token", false);
    }
    Set<ResponseType> responses = metadata.getResponseTypes();
    if (responses != null && !Set.of(ResponseType.CODE).containsAll(responses)) {
      throw new InvalidMetadata("response_types may only be code", false);
    }
    String name = metadata.getName();
    if (name != null && name.length() > MAX_NAME_LENGTH) {
      throw new InvalidMetadata("client_name is longer than " + MAX_NAME_LENGTH + " characters", false);
    }
  }

  static boolean redirectAllowed(URI u) {
    String s = u.toString();
    if (!u.isAbsolute() || s.length() > MAX_URI_LENGTH || u.getRawFragment() != null
        || u.getRawUserInfo() != null || u.isOpaque()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return false;
      }
    }
    String scheme = u.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("https")) {
      return u.getHost() != null;
    }
    if (scheme.equals("http")) {
      String host = u.getHost();
      return host != null && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]"));
    }
    return scheme.contains(".") && !FORBIDDEN_SCHEMES.contains(scheme);
  }
}
