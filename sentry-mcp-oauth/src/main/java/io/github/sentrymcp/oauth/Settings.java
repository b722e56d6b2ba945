package io.github.sentrymcp.oauth;

import io.github.sentrymcp.oauth.internal.Crypto;
import io.github.sentrymcp.oauth.internal.OutboundUrlGuard;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** The validated configuration and shared parts of one {@link SentryOAuthServer}. */
final class Settings {
  final URI issuer;
  final String mcpPath;
  final UpstreamSentry upstream;
  final Crypto crypto;
  final OAuthStore store;
  final Duration accessTokenLifetime;
  final Duration refreshTokenLifetime;
  final Duration codeLifetime;
  final Clock clock;
  final UpstreamClient sentry;
  final Clients clients;

  Settings(SentryOAuthServer.Builder b) {
    this.issuer = b.issuer;
    this.mcpPath = b.mcpPath;
    this.upstream = b.upstream;
    this.crypto = b.keys.crypto();
    this.store = b.store;
    this.accessTokenLifetime = b.accessTokenLifetime;
    this.refreshTokenLifetime = b.refreshTokenLifetime;
    this.codeLifetime = b.codeLifetime;
    this.clock = b.clock;
    HttpClient http = b.http != null ? b.http : HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    this.sentry = new UpstreamClient(b.upstream, http, b.clock);
    @Nullable OutboundUrlGuard guard = b.clientMetadataDocuments
        ? new OutboundUrlGuard(http, b.documentAddresses, Duration.ofSeconds(5), 16 * 1024) : null;
    this.clients = new Clients(b.store, guard, b.clock, b.registrationsPerMinute);
  }

  /** The issuer as text, without a trailing slash. */
  String issuerText() {
    return issuer.toString();
  }

  /** The default resource: this server's MCP endpoint. */
  String defaultResource() {
    return issuerText() + mcpPath;
  }

  URI endpoint(String path) {
    return URI.create(issuerText() + path);
  }

  URI callback() {
    return endpoint("/oauth/callback");
  }
}
