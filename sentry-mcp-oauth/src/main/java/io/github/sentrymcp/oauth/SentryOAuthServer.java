package io.github.sentrymcp.oauth;

import io.github.sentrymcp.oauth.internal.OutboundUrlGuard;
import io.github.sentrymcp.transport.http.HttpAuthenticator;
import jakarta.servlet.http.HttpServlet;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * An MCP OAuth 2.1 authorization server in front of Sentry's OAuth (the MCP Authorization specification): the MCP
 * client authorizes with this server, this server signs the user in with Sentry on the user's behalf, and the client
 * only ever holds this server's opaque tokens; the Sentry token stays here, sealed at rest.
 *
 * <p>Mount {@link #servlet()} at {@code /.well-known/*} and {@code /oauth/*} beside the MCP servlet, and give the MCP
 * servlet {@link #authenticator()}:
 *
 * <pre>{@code
 * SentryOAuthServer oauth = SentryOAuthServer.builder(URI.create("https://mcp.example.com"),
 *         UpstreamSentry.of(URI.create("https://sentry.io"), clientId, clientSecret),
 *         OAuthKeys.fromBase64(System.getenv("MCP_OAUTH_SECRET")))
 *     .store(JdbcOAuthStore.builder(dataSource).build())
 *     .build();
 * SentryMcpHttpServlet mcp = SentryMcpHttpServlet.builder(engine, oauth.authenticator()).build();
 * }</pre>
 *
 * <p>Endpoints: protected-resource metadata (RFC 9728) at {@code /.well-known/oauth-protected-resource/mcp[/org
 * [/project]]}, authorization-server metadata (RFC 8414) at {@code /.well-known/oauth-authorization-server},
 * registration (RFC 7591) {@code /oauth/register}, authorization and consent {@code /oauth/authorize}, Sentry's
 * redirect {@code /oauth/callback}, token {@code /oauth/token}, revocation (RFC 7009) {@code /oauth/revoke}.
 * Authorization code with PKCE S256 only, exact redirect URIs, resource indicators (RFC 8707) with audience checks,
 * {@code iss} in authorization responses (RFC 9207), refresh-token rotation with replay detection.
 */
public final class SentryOAuthServer {
  private final Endpoints endpoints;
  private final BearerAuthenticator authenticator;
  private final OAuthStore store;
  private final Clock clock;

  private SentryOAuthServer(Builder b) {
    Settings s = new Settings(b);
    this.store = s.store;
    this.clock = s.clock;
    this.endpoints = new Endpoints(s);
    this.authenticator = new BearerAuthenticator(s);
  }

  /**
   * A server whose public base URL is {@code issuer} (an https origin, or http on localhost), signing users in with
   * {@code upstream}, with secrets derived from {@code keys}.
   *
   * @param issuer the public base URL
   * @param upstream the Sentry OAuth application
   * @param keys the keys secrets are derived from
   * @return a new builder
   * @throws IllegalArgumentException when {@code issuer} is not such an origin (for example it has a path)
   */
  public static Builder builder(URI issuer, UpstreamSentry upstream, OAuthKeys keys) {
    return new Builder(issuer, upstream, keys);
  }

  /**
   * The OAuth endpoints: mount at {@code /.well-known/*} and {@code /oauth/*} of the issuer's origin.
   *
   * @return the servlet
   */
  public HttpServlet servlet() {
    return endpoints;
  }

  /**
   * Authenticates MCP requests by this server's access tokens; give it to the MCP servlet.
   *
   * @return the authenticator
   */
  public HttpAuthenticator authenticator() {
    return authenticator;
  }

  /**
   * Deletes expired authorizations, codes, tokens and grants from the store now. The endpoints also do this on
   * their own, at most every ten minutes; hosts with little traffic may call it from a scheduler.
   *
   * @return how many items were deleted
   */
  public int purgeExpired() {
    return store.purgeExpired(clock.instant());
  }

  /** Configuration of a {@link SentryOAuthServer}. */
  public static final class Builder {
    final URI issuer;
    final UpstreamSentry upstream;
    final OAuthKeys keys;
    OAuthStore store = new InMemoryOAuthStore();
    String mcpPath = "/mcp";
    Duration accessTokenLifetime = Duration.ofHours(1);
    Duration refreshTokenLifetime = Duration.ofDays(30);
    Duration codeLifetime = Duration.ofMinutes(2);
    boolean clientMetadataDocuments = true;
    int registrationsPerMinute = 60;
    Clock clock = Clock.systemUTC();
    @Nullable HttpClient http;
    Predicate<InetAddress> documentAddresses = OutboundUrlGuard::isPublic;

    private Builder(URI issuer, UpstreamSentry upstream, OAuthKeys keys) {
      this.issuer = UpstreamSentry.origin(Objects.requireNonNull(issuer, "issuer"), "the issuer");
      String path = issuer.getRawPath();
      if (path != null && !path.isEmpty() && !path.equals("/")) {
        throw new IllegalArgumentException("the issuer is an origin without a path, e.g. https://mcp.example.com");
      }
      this.upstream = Objects.requireNonNull(upstream, "upstream");
      this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * Where clients, grants and tokens are kept (default: in memory, for one instance).
     *
     * @param store the store
     * @return this builder
     */
    public Builder store(OAuthStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * The path of the MCP endpoint the tokens are for (default {@code /mcp}).
     *
     * @param path a path such as {@code /mcp}
     * @return this builder
     * @throws IllegalArgumentException when {@code path} is not such a path
     */
    public Builder mcpPath(String path) {
      if (!path.matches("/[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*")) {
        throw new IllegalArgumentException("the MCP path is like /mcp");
      }
      this.mcpPath = path;
      return this;
    }

    /**
     * How long an access token lives (default 1 hour, at most 1 day).
     *
     * @param d the lifetime, 1 minute to 1 day
     * @return this builder
     * @throws IllegalArgumentException when {@code d} is out of range
     */
    public Builder accessTokenLifetime(Duration d) {
      this.accessTokenLifetime = within(d, Duration.ofMinutes(1), Duration.ofDays(1), "access token lifetime");
      return this;
    }

    /**
     * How long a refresh token lives; each use gives a new one (default 30 days, at most 90).
     *
     * @param d the lifetime, 5 minutes to 90 days
     * @return this builder
     * @throws IllegalArgumentException when {@code d} is out of range
     */
    public Builder refreshTokenLifetime(Duration d) {
      this.refreshTokenLifetime = within(d, Duration.ofMinutes(5), Duration.ofDays(90), "refresh token lifetime");
      return this;
    }

    /**
     * How long an authorization code lives (default 2 minutes, at most 10).
     *
     * @param d the lifetime, 10 seconds to 10 minutes
     * @return this builder
     * @throws IllegalArgumentException when {@code d} is out of range
     */
    public Builder codeLifetime(Duration d) {
      this.codeLifetime = within(d, Duration.ofSeconds(10), Duration.ofMinutes(10), "code lifetime");
      return this;
    }

    /**
     * Whether clients may use the https URL of a client ID metadata document as their id (default true).
     *
     * @param enabled whether metadata documents are accepted
     * @return this builder
     */
    public Builder clientMetadataDocuments(boolean enabled) {
      this.clientMetadataDocuments = enabled;
      return this;
    }

    /**
     * How many dynamic registrations are accepted per minute, for all clients together (default 60).
     *
     * @param n the number, positive
     * @return this builder
     * @throws IllegalArgumentException when {@code n} is not positive
     */
    public Builder registrationsPerMinute(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("registrationsPerMinute must be positive");
      }
      this.registrationsPerMinute = n;
      return this;
    }

    /**
     * The HTTP client for Sentry and metadata documents (default: the JDK's, no redirects, 5 s connect timeout). It
     * must not follow redirects: with one that does, every client ID metadata document is refused (the guard could
     * not check where a redirect leads).
     *
     * @param client the client
     * @return this builder
     */
    public Builder httpClient(HttpClient client) {
      this.http = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * The clock (tests).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Which addresses a metadata document may be fetched from (tests on loopback; default: public only). */
    Builder documentAddresses(Predicate<InetAddress> allowed) {
      this.documentAddresses = Objects.requireNonNull(allowed, "allowed");
      return this;
    }

    /**
     * Builds the server.
     *
     * @return the server
     */
    public SentryOAuthServer build() {
      return new SentryOAuthServer(this);
    }

    private static Duration within(Duration d, Duration min, Duration max, String what) {
      if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        throw new IllegalArgumentException("the " + what + " must be between " + min + " and " + max);
      }
      return d;
    }
  }
}
