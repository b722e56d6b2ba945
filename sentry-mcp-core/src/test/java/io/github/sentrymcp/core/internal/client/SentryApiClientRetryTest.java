package io.github.sentrymcp.core.internal.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.github.sentrymcp.core.internal.client.ClientTestSupport.SECRET_QUERY;
import static io.github.sentrymcp.core.internal.client.ClientTestSupport.assertNoSecrets;
import static io.github.sentrymcp.core.internal.client.ClientTestSupport.client;
import static io.github.sentrymcp.core.internal.client.ClientTestSupport.closedPort;
import static io.github.sentrymcp.core.internal.client.ClientTestSupport.configBuilder;
import static io.github.sentrymcp.core.internal.client.ClientTestSupport.scope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.sun.net.httpserver.HttpServer;
import io.github.sentrymcp.api.ApiException;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.core.DefaultRegionUrlValidator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SentryApiClientRetryTest {
  private static final WireMockServer WM = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
  private static final ApiPath PATH = ApiPath.of("/organizations/{org}/issues/{issueId}/", "o", "1");

  private SentryApiClient client;

  @BeforeAll
  static void startServer() {
    WM.start();
    ClientTestSupport.warmUp(WM);
  }

  @AfterAll
  static void stopServer() {
    WM.stop();
  }

  @BeforeEach
  void reset() {
    WM.resetAll();
    client = client(WM.port());
  }

  /** First {@code failures} calls get {@code failure}, then 200. */
  private static void failThenSucceed(Supplier<MappingBuilder> method, int failures,
      ResponseDefinitionBuilder failure) {
    String state = STARTED;
    for (int i = 0; i < failures; i++) {
      String next = "after-" + i;
      WM.stubFor(method.get().inScenario("retry").whenScenarioStateIs(state).willReturn(failure)
          .willSetStateTo(next));
      state = next;
    }
    WM.stubFor(method.get().inScenario("retry").whenScenarioStateIs(state).willReturn(okJson("{\"ok\":1}")));
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  @Test
  void getIsRetriedOn503ThenSucceeds() {
    failThenSucceed(() -> get(anyUrl()), 1, aResponse().withStatus(503));
    assertEquals(200, client.get(PATH).status());
    WM.verify(2, getRequestedFor(anyUrl()));
  }

  @Test
  void everyAttemptIsCountedInTheCallsMetrics() {
    failThenSucceed(() -> get(anyUrl()), 2, aResponse().withStatus(503));
    CallScope scope = scope();
    assertEquals(200, client.bind(scope).get(PATH).status());
    assertEquals(3, scope.metrics().apiRequests());
    WM.verify(3, getRequestedFor(anyUrl()));
  }

  @Test
  void getIsRetriedOn429502503504() {
    for (int status : new int[] {429, 502, 504}) {
      WM.resetAll();
      failThenSucceed(() -> get(anyUrl()), 1, aResponse().withStatus(status));
      assertEquals(200, client.get(PATH).status(), "status " + status);
      WM.verify(2, getRequestedFor(anyUrl()));
    }
  }

  @Test
  void retriesAreBoundedByMaxRetries() {
    WM.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(503)
        .withHeader("Content-Type", "application/json").withBody("{\"detail\":\"down\"}")));
    ApiException e = assertThrows(ApiException.class, () -> client.get(PATH));
    assertEquals(ErrorKind.UPSTREAM_ERROR, e.kind());
    assertEquals(503, e.status());
    assertEquals("down", e.details().get(0).rawValue());
    WM.verify(3, getRequestedFor(anyUrl()));

    WM.resetAll();
    WM.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(503)));
    assertThrows(ApiException.class, () -> client(configBuilder(WM.port()).maxRetries(0).build()).get(PATH));
    WM.verify(1, getRequestedFor(anyUrl()));
  }

  @Test
  void getIsNotRetriedOn500OrOther4xx() {
    for (int status : new int[] {500, 400, 401, 403, 404, 409}) {
      WM.resetAll();
      WM.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(status)));
      assertThrows(ApiException.class, () -> client.get(PATH));
      WM.verify(1, getRequestedFor(anyUrl()));
    }
  }

  @Test
  void retryAfterIsHonoured() {
    failThenSucceed(() -> get(anyUrl()), 1, aResponse().withStatus(429).withHeader("Retry-After", "1"));
    long start = System.nanoTime();
    assertEquals(200, client.get(PATH).status());
    long ms = millisSince(start);
    WM.verify(2, getRequestedFor(anyUrl()));
    assertTrue(ms >= 950, "waited only " + ms + " ms");
    assertTrue(ms < 3000, "waited " + ms + " ms");
  }

  @Test
  void retryAfterZeroRetriesImmediately() {
    failThenSucceed(() -> get(anyUrl()), 2, aResponse().withStatus(503).withHeader("Retry-After", "0"));
    long start = System.nanoTime();
    assertEquals(200, client.get(PATH).status());
    WM.verify(3, getRequestedFor(anyUrl()));
    assertTrue(millisSince(start) < 1000);
  }

  @Test
  void tooLongRetryAfterFailsFastAsRateLimited() {
    WM.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "60")
        .withHeader("Content-Type", "application/json").withBody("{\"detail\":\"slow down\"}")));
    long start = System.nanoTime();
    ApiException e = assertThrows(ApiException.class,
        () -> client.get(PATH, Query.create().add("query", SECRET_QUERY)));
    assertTrue(millisSince(start) < 1000);
    assertEquals(ErrorKind.RATE_LIMITED, e.kind());
    assertEquals(429, e.status());
    assertEquals(Duration.ofSeconds(60), e.retryAfter());
    assertTrue(e.getMessage().contains("retry after 60 s"), e.getMessage());
    assertEquals("slow down", e.details().get(0).rawValue());
    assertNoSecrets(e);
    WM.verify(1, getRequestedFor(anyUrl()));
  }

  @Test
  void retryAfterAsHttpDate() {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(
        Instant.now().plusSeconds(3600).atOffset(ZoneOffset.UTC));
    WM.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Retry-After", date)));
    ApiException e = assertThrows(ApiException.class, () -> client.get(PATH));
    assertEquals(ErrorKind.RATE_LIMITED, e.kind());
    Duration ra = e.retryAfter();
    assertNotNull(ra);
    assertTrue(ra.toSeconds() > 3500 && ra.toSeconds() <= 3600, ra.toString());
    WM.verify(1, getRequestedFor(anyUrl()));
  }

  @Test
  void rateLimitedAfterExhaustingRetries() {
    WM.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(429)));
    ApiException e = assertThrows(ApiException.class, () -> client.get(PATH));
    assertEquals(ErrorKind.RATE_LIMITED, e.kind());
    assertNull(e.retryAfter());
    WM.verify(3, getRequestedFor(anyUrl()));
  }

  @Test
  void totalRetryWaitIsBounded() {
    // each Retry-After is allowed on its own (<= maxRetryAfter 1 s), but together they exceed the wait budget
    var cfg = configBuilder(WM.port()).maxRetries(5).maxRetryAfter(Duration.ofSeconds(1)).build();
    WM.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1")));
    long start = System.nanoTime();
    ApiException e = assertThrows(ApiException.class, () -> client(cfg).get(PATH));
    long ms = millisSince(start);
    assertEquals(Duration.ofSeconds(1), e.retryAfter());
    // budget = maxRetryAfter + 2 s = 3 s: three 1 s waits, then give up
    WM.verify(4, getRequestedFor(anyUrl()));
    assertTrue(ms < 4500, "took " + ms + " ms");
  }

  @Test
  void postIsNeverRetried() {
    WM.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "0")));
    ApiException e = assertThrows(ApiException.class, () -> client.send(ApiRequest.post(PATH, Map.of("a", 1))));
    assertEquals(ErrorKind.UPSTREAM_ERROR, e.kind());
    WM.verify(1, postRequestedFor(anyUrl()));

    WM.resetAll();
    WM.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")));
    ApiException limited = assertThrows(ApiException.class,
        () -> client.send(ApiRequest.post(PATH, Map.of("a", 1))));
    assertEquals(ErrorKind.RATE_LIMITED, limited.kind());
    assertEquals(Duration.ofSeconds(1), limited.retryAfter());
    WM.verify(1, postRequestedFor(anyUrl()));
  }

  @Test
  void putIsNotRetriedOn500Or502Or504() {
    for (int status : new int[] {500, 502, 503, 504}) {
      WM.resetAll();
      WM.stubFor(put(anyUrl()).willReturn(aResponse().withStatus(status)));
      ApiException e = assertThrows(ApiException.class,
          () -> client.send(ApiRequest.put(PATH, Map.of("status", "resolved"))));
      assertEquals(status, e.status());
      WM.verify(1, putRequestedFor(anyUrl()));
    }
  }

  @Test
  void putIsRetriedWhenSentryAsksForIt() {
    failThenSucceed(() -> put(anyUrl()), 1, aResponse().withStatus(503).withHeader("Retry-After", "0"));
    assertEquals(200, client.send(ApiRequest.put(PATH, Map.of("status", "resolved"))).status());
    WM.verify(2, putRequestedFor(anyUrl()));

    WM.resetAll();
    failThenSucceed(() -> any(anyUrl()), 1, aResponse().withStatus(429).withHeader("Retry-After", "0"));
    assertEquals(200, client.send(ApiRequest.delete(PATH)).status());
    WM.verify(2, anyRequestedFor(anyUrl()));
  }

  @Test
  void getIsRetriedAfterATimeout() {
    failThenSucceed(() -> get(anyUrl()), 1, okJson("{}").withFixedDelay(6000));
    SentryApiClient quick = client(configBuilder(WM.port()).requestTimeout(Duration.ofMillis(1000)).build());
    long start = System.nanoTime();
    assertEquals(200, quick.get(PATH).status());
    assertTrue(millisSince(start) < 6000);
    WM.verify(2, getRequestedFor(anyUrl()));
  }

  @Test
  void putIsNotRetriedAfterATimeout() {
    WM.stubFor(put(anyUrl()).willReturn(okJson("{}").withFixedDelay(3000)));
    SentryApiClient quick = client(configBuilder(WM.port()).requestTimeout(Duration.ofMillis(1000)).build());
    ApiException e = assertThrows(ApiException.class,
        () -> quick.send(ApiRequest.put(PATH, Map.of("status", "resolved"))));
    assertEquals(ErrorKind.NETWORK, e.kind());
    assertTrue(e.getMessage().contains("may already have been applied"), e.getMessage());
    WM.verify(1, putRequestedFor(anyUrl()));
  }

  @Test
  void aWriteThatMayHaveReachedSentrySaysSoAndAReadOrARefusedConnectionDoesNot() {
    WM.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(504)));
    ApiException gateway = assertThrows(ApiException.class, () -> client.send(ApiRequest.post(PATH, Map.of())));
    assertTrue(gateway.getMessage().contains("may already have been applied"), gateway.getMessage());
    WM.resetAll();
    WM.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(400)));
    ApiException rejected = assertThrows(ApiException.class, () -> client.send(ApiRequest.post(PATH, Map.of())));
    assertFalse(rejected.getMessage().contains("may already"), rejected.getMessage());
    WM.resetAll();
    WM.stubFor(get(anyUrl()).willReturn(aResponse().withFault(
        com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));
    ApiException read = assertThrows(ApiException.class, () -> client.get(PATH));
    assertFalse(read.getMessage().contains("may already"), read.getMessage());
  }

  @Test
  void aCallScopeBoundsRetriesAndCancelsTheRequest() throws Exception {
    WM.stubFor(get(anyUrl()).willReturn(okJson("{}").withFixedDelay(5000)));
    SentryApiClient quick = client(configBuilder(WM.port()).requestTimeout(Duration.ofMillis(700)).build());
    CallScope scope = scope(io.github.sentrymcp.api.CancellationSignal.create(), Duration.ofMillis(1500));
    long start = System.nanoTime();
    ApiException e = assertThrows(ApiException.class, () -> quick.bind(scope).get(PATH));
    long ms = millisSince(start);
    assertTrue(ms < 2300, "took " + ms + " ms");
    assertTrue(e.kind() == ErrorKind.TIMEOUT || e.kind() == ErrorKind.NETWORK, e.kind().id());
    WM.verify(2, getRequestedFor(anyUrl()));

    WM.resetAll();
    WM.stubFor(get(anyUrl()).willReturn(okJson("{}").withFixedDelay(5000)));
    io.github.sentrymcp.api.CancellationSignal signal = io.github.sentrymcp.api.CancellationSignal.create();
    CallScope cancellable = scope(signal, Duration.ofSeconds(30));
    java.util.concurrent.CompletableFuture<ApiResponse> f = quick.bind(cancellable).getAsync(PATH);
    Thread.sleep(200);
    signal.cancel();
    java.util.concurrent.ExecutionException cancelled =
        assertThrows(java.util.concurrent.ExecutionException.class, () -> f.get(1, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(ErrorKind.CANCELLED, ((ApiException) cancelled.getCause()).kind());
    Thread.sleep(1000);
    WM.verify(1, getRequestedFor(anyUrl())); // no retry after a cancel
    ApiException notSent = assertThrows(ApiException.class, () -> quick.bind(cancellable).get(PATH));
    assertEquals(ErrorKind.CANCELLED, notSent.kind());
    WM.verify(1, getRequestedFor(anyUrl()));
  }

  @Test
  void getIsRetriedAfterAConnectionReset() {
    failThenSucceed(() -> get(anyUrl()), 1, aResponse().withFault(
        com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER));
    assertEquals(200, client.get(PATH).status());
    WM.verify(2, getRequestedFor(anyUrl()));
  }

  @Test
  void putIsNotRetriedAfterAConnectionReset() {
    WM.stubFor(put(anyUrl()).willReturn(aResponse().withFault(
        com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));
    ApiException e = assertThrows(ApiException.class,
        () -> client.send(ApiRequest.put(PATH, Map.of("status", "resolved"))));
    assertEquals(ErrorKind.NETWORK, e.kind());
    assertNoSecrets(e);
    WM.verify(1, putRequestedFor(anyUrl()));
  }

  // --- connection refused: the request provably never reached the server ---------------------------------------

  @Test
  void connectionRefusedIsANetworkErrorAfterRetries() throws IOException {
    int port = closedPort();
    long start = System.nanoTime();
    ApiException e = assertThrows(ApiException.class,
        () -> client(port).get(PATH, Query.create().add("query", SECRET_QUERY)));
    assertEquals(ErrorKind.NETWORK, e.kind());
    assertEquals(0, e.status());
    assertTrue(e.getMessage().startsWith("Could not connect to the Sentry API for GET"), e.getMessage());
    assertNoSecrets(e, String.valueOf(port));
    // two backoffs of at least 100 and 200 ms
    assertTrue(millisSince(start) >= 300, "no backoff: " + millisSince(start) + " ms");
  }

  /**
   * Sends a request to a closed port and opens it shortly afterwards (before the first retry, after the first
   * attempt was refused); returns how many requests the late server saw.
   */
  private static int sendThenOpenPort(ApiRequest request, boolean expectSuccess) throws Exception {
    int port = closedPort();
    // warm the HttpClient (selector thread, classes) so the first attempt is refused within milliseconds
    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    var warmCfg = configBuilder(WM.port()).build();
    SentryApiClient.create(warmCfg, new DefaultRegionUrlValidator(warmCfg.host(), Set.of()), http).bind(scope())
        .sendAsync(ApiRequest.get(PATH)).handle((r, e) -> null).join();
    var cfg = configBuilder(port).maxRetries(5).build();
    SentryApiClient c =
        SentryApiClient.create(cfg, new DefaultRegionUrlValidator(cfg.host(), Set.of()), http).bind(scope());
    AtomicInteger seen = new AtomicInteger();
    CompletableFuture<ApiResponse> f = c.sendAsync(request);
    Thread.sleep(60);
    HttpServer late = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 0);
    late.createContext("/", exchange -> {
      seen.incrementAndGet();
      byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    late.start();
    try {
      if (expectSuccess) {
        assertEquals(200, f.get(10, TimeUnit.SECONDS).status());
      } else {
        Exception e = assertThrows(Exception.class, () -> f.get(10, TimeUnit.SECONDS));
        ApiException api = (ApiException) e.getCause();
        assertEquals(ErrorKind.NETWORK, api.kind());
        Thread.sleep(400); // a retry would have arrived by now
      }
      return seen.get();
    } finally {
      late.stop(0);
    }
  }

  @Test
  void putIsRetriedOnConnectionRefused() throws Exception {
    assertEquals(1, sendThenOpenPort(ApiRequest.put(PATH, Map.of("status", "resolved")), true));
  }

  @Test
  void deleteAndGetAreRetriedOnConnectionRefused() throws Exception {
    assertEquals(1, sendThenOpenPort(ApiRequest.delete(PATH), true));
    assertEquals(1, sendThenOpenPort(ApiRequest.get(PATH), true));
  }

  @Test
  void postIsNotRetriedEvenOnConnectionRefused() throws Exception {
    assertEquals(0, sendThenOpenPort(ApiRequest.post(PATH, Map.of("a", 1)), false));
  }

  // --- policy unit tests ----------------------------------------------------------------------------------------

  @Test
  void policyMatrix() {
    RetryPolicy p = new RetryPolicy(2, Duration.ofSeconds(10));
    ApiRequest get = ApiRequest.get(PATH);
    ApiRequest put = ApiRequest.put(PATH, Map.of());
    ApiRequest del = ApiRequest.delete(PATH);
    ApiRequest post = ApiRequest.post(PATH, Map.of());
    Duration ra = Duration.ofSeconds(1);
    for (int s : new int[] {429, 502, 503, 504}) {
      assertTrue(p.retryableStatus(get, s, null));
      assertTrue(!p.retryableStatus(post, s, ra));
    }
    for (int s : new int[] {400, 401, 403, 404, 500, 501}) {
      assertTrue(!p.retryableStatus(get, s, null));
      assertTrue(!p.retryableStatus(put, s, ra));
    }
    assertTrue(p.retryableStatus(put, 429, ra));
    assertTrue(p.retryableStatus(del, 503, ra));
    assertTrue(!p.retryableStatus(put, 503, null));
    assertTrue(!p.retryableStatus(put, 502, ra));
    assertTrue(!p.retryableStatus(del, 504, ra));

    IOException refused = new IOException("wrapped", new java.net.ConnectException("Connection refused"));
    assertTrue(p.retryableFailure(get, refused, false));
    assertTrue(p.retryableFailure(put, refused, false));
    assertTrue(p.retryableFailure(del, new HttpConnectTimeoutException("connect timed out"), false));
    assertTrue(!p.retryableFailure(post, refused, false));
    IOException reset = new IOException("Connection reset");
    assertTrue(p.retryableFailure(get, reset, false));
    assertTrue(!p.retryableFailure(put, reset, false));
    assertTrue(p.retryableFailure(get, new HttpTimeoutException("request timed out"), false));
    assertTrue(!p.retryableFailure(put, new HttpTimeoutException("request timed out"), false));
    assertTrue(!p.retryableFailure(put, new java.util.concurrent.CancellationException(), true));
    assertTrue(p.retryableFailure(get, new java.util.concurrent.CancellationException(), true));
  }

  @Test
  void backoffGrowsWithJitterAndIsCapped() {
    RetryPolicy p = new RetryPolicy(10, Duration.ofSeconds(10));
    for (int i = 0; i < 50; i++) {
      long b1 = p.backoff(1).toMillis();
      assertTrue(b1 >= 100 && b1 <= 200, "backoff 1: " + b1);
      long b2 = p.backoff(2).toMillis();
      assertTrue(b2 >= 200 && b2 <= 400, "backoff 2: " + b2);
      long b9 = p.backoff(9).toMillis();
      assertTrue(b9 >= 1000 && b9 <= 2000, "backoff 9: " + b9);
      long b99 = p.backoff(99).toMillis();
      assertTrue(b99 >= 1000 && b99 <= 2000, "backoff 99: " + b99);
    }
  }

  @Test
  void parsesRetryAfter() {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    assertEquals(Duration.ofSeconds(120), RetryPolicy.parseRetryAfter("120", now));
    assertEquals(Duration.ofSeconds(0), RetryPolicy.parseRetryAfter(" 0 ", now));
    assertEquals(Duration.ofSeconds(30), RetryPolicy.parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now));
    assertEquals(Duration.ZERO, RetryPolicy.parseRetryAfter("Wed, 31 Dec 2025 23:59:00 GMT", now));
    assertTrue(RetryPolicy.parseRetryAfter("99999999999999", now).toSeconds() > 1_000_000);
    assertNull(RetryPolicy.parseRetryAfter(null, now));
    assertNull(RetryPolicy.parseRetryAfter("", now));
    assertNull(RetryPolicy.parseRetryAfter("-5", now));
    assertNull(RetryPolicy.parseRetryAfter("1.5", now));
    assertNull(RetryPolicy.parseRetryAfter("soon", now));
    assertNull(RetryPolicy.parseRetryAfter("x".repeat(1000), now));
  }
}
