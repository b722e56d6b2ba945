package io.github.sentrymcp.server;

import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.core.SentryMcp;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/**
 * An {@link HttpClient} whose real JDK client is created on first use (or by {@link #prepare()} on a background
 * thread), so that creating it stays off the start-up path; its TLS context is a {@link LazySslContext}. Otherwise the
 * engine's own default settings ({@link SentryMcp#httpClientBuilder}).
 */
final class DeferredHttpClient extends HttpClient {
  private final SentryMcpConfig config;
  private final Duration connectTimeout;
  private volatile @Nullable HttpClient delegate;

  DeferredHttpClient(SentryMcpConfig config) {
    this.config = config;
    this.connectTimeout = config.connectTimeout();
  }

  /** Creates the real client now (and, for HTTPS, the default TLS context); idempotent. */
  HttpClient prepare() {
    HttpClient d = delegate;
    if (d == null) {
      synchronized (this) {
        d = delegate;
        if (d == null) {
          d = newJdkClient(config);
          delegate = d;
        }
      }
    }
    return d;
  }

  /**
   * A JDK client with the engine's settings whose TLS context is set up on first HTTPS use, so a client that only
   * talks plain HTTP never loads the trust store; null parameters mean the default context's defaults.
   */
  static HttpClient newJdkClient(SentryMcpConfig config) {
    return SentryMcp.httpClientBuilder(config)
        .sslContext(new LazySslContext())
        .sslParameters(new SSLParameters())
        .build();
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return Optional.empty();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return Optional.of(connectTimeout);
  }

  @Override
  public Redirect followRedirects() {
    return Redirect.NEVER;
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return Optional.empty();
  }

  @Override
  public SSLContext sslContext() {
    return prepare().sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return prepare().sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return Optional.empty();
  }

  @Override
  public Version version() {
    return Version.HTTP_1_1;
  }

  @Override
  public Optional<Executor> executor() {
    return prepare().executor();
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    return prepare().send(request, handler);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    return prepare().sendAsync(request, handler);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request,
      HttpResponse.BodyHandler<T> handler,
      HttpResponse.@Nullable PushPromiseHandler<T> pushPromiseHandler) {
    return prepare().sendAsync(request, handler, pushPromiseHandler);
  }
}
