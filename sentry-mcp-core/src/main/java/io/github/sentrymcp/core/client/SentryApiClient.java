package io.github.sentrymcp.core.client;

import io.github.sentrymcp.api.RegionUrlValidator;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.api.result.Untrusted;
import java.net.http.HttpClient;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Sentry REST client. Thread-safe and cheap to derive per region. See the package docs for the guarantees: encoded
 * paths, validated hosts, no redirects, timeouts, bounded retries, capped bodies, errors without tokens or queries.
 */
public final class SentryApiClient {

  private SentryApiClient() {
    throw new UnsupportedOperationException("TODO");
  }

  /** A client for the configured host using a new JDK {@link HttpClient}. */
  public static SentryApiClient create(SentryMcpConfig config, RegionUrlValidator validator) {
    throw new UnsupportedOperationException("TODO");
  }

  /** A client sharing the given {@link HttpClient} (its redirect policy must be NEVER). */
  public static SentryApiClient create(
      SentryMcpConfig config, RegionUrlValidator validator, HttpClient httpClient) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * The client for a region given by a caller ({@code regionUrl} argument): null or blank means this client; anything
   * else must pass the validator (the configured host is always allowed).
   */
  public SentryApiClient forRegion(@Nullable String regionUrl) {
    throw new UnsupportedOperationException("TODO");
  }

  /** The client for a region URL returned by the API ({@code links.regionUrl}, {@code /users/me/regions/}). */
  public SentryApiClient forRegion(@Nullable Untrusted regionUrl) {
    throw new UnsupportedOperationException("TODO");
  }

  /** For SaaS: the control host {@code sentry.io} (for {@code /auth/} and {@code /users/me/regions/}); else this. */
  public SentryApiClient controlHost() {
    throw new UnsupportedOperationException("TODO");
  }

  /** {@code scheme://host} this client talks to. */
  public String origin() {
    throw new UnsupportedOperationException("TODO");
  }

  public ApiResponse send(ApiRequest request) {
    throw new UnsupportedOperationException("TODO");
  }

  public CompletableFuture<ApiResponse> sendAsync(ApiRequest request) {
    throw new UnsupportedOperationException("TODO");
  }

  public ApiResponse get(ApiPath path, Query query) {
    return send(ApiRequest.get(path, query));
  }

  public ApiResponse get(ApiPath path) {
    return send(ApiRequest.get(path));
  }

  public CompletableFuture<ApiResponse> getAsync(ApiPath path, Query query) {
    return sendAsync(ApiRequest.get(path, query));
  }
}
