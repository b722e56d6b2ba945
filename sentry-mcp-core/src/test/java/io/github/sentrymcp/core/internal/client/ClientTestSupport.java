package io.github.sentrymcp.core.internal.client;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.CallMetrics;
import io.github.sentrymcp.api.CancellationSignal;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.core.DefaultRegionUrlValidator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Shared configuration and assertions for the client tests. A client sends requests only for a call, so the clients
 * made here are bound to a {@link CallScope} that authenticates with {@link #TOKEN} and whose time limit ({@link
 * #NO_DEADLINE}) no test reaches; the tests about the call's deadline or cancellation bind their own {@link #scope}.
 */
final class ClientTestSupport {
  static final String TOKEN = "sntrys_secret";
  /** A query value that must never show up in a message. */
  static final String SECRET_QUERY = "querysecret42";
  /** The time limit of a call that is not about its deadline. */
  static final Duration NO_DEADLINE = Duration.ofMinutes(10);

  private ClientTestSupport() {}

  static SentryMcpConfig.Builder configBuilder(int port) {
    return SentryMcpConfig.builder()
        .host("127.0.0.1:" + port)
        .insecureHttp(true)
        .maxRetries(2)
        // generous: a loaded CI machine must not turn slow answers into timeouts; timeout tests set their own
        .requestTimeout(Duration.ofSeconds(5));
  }

  static SentryMcpConfig config(int port) {
    return configBuilder(port).build();
  }

  /** A call that authenticates with {@link #TOKEN}, ends after {@code timeLimit} or when {@code signal} fires. */
  static CallScope scope(CancellationSignal signal, Duration timeLimit) {
    return CallScope.start(signal, timeLimit, AccessToken.of(TOKEN), new CallMetrics());
  }

  /** A call that authenticates with {@link #TOKEN}, is never cancelled and has {@link #NO_DEADLINE}. */
  static CallScope scope() {
    return scope(CancellationSignal.never(), NO_DEADLINE);
  }

  /** A client for the configuration, bound to no call: it sends nothing until bound. */
  static SentryApiClient unbound(SentryMcpConfig config) {
    return SentryApiClient.create(config,
        new DefaultRegionUrlValidator(config.host(), config.allowedRegionDomains()));
  }

  /** A client for the configuration, bound to a fresh {@link #scope()}. */
  static SentryApiClient client(SentryMcpConfig config) {
    return unbound(config).bind(scope());
  }

  static SentryApiClient client(int port) {
    return client(config(port));
  }

  /**
   * The first requests to a fresh WireMock (and through a fresh JDK HttpClient) can take longer than the tests'
   * 500 ms request timeout on a busy machine; send a few with a generous timeout first.
   */
  static void warmUp(com.github.tomakehurst.wiremock.WireMockServer wm) {
    wm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(
        com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/api/0/warm-up/"))
        .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson("{}")));
    SentryApiClient c = client(configBuilder(wm.port()).requestTimeout(Duration.ofSeconds(30)).build());
    ApiPath path = ApiPath.of("/warm-up/");
    for (int i = 0; i < 5; i++) {
      c.get(path);
      c.send(ApiRequest.put(path, java.util.Map.of("a", 1)));
      c.send(ApiRequest.post(path, java.util.Map.of("a", 1)));
    }
    wm.resetAll();
  }

  /** A port on 127.0.0.1 nothing listens on (bound and released). */
  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  /** No message anywhere in the cause chain mentions the token, the query, a URL or the host. */
  static void assertNoSecrets(Throwable e, String... alsoForbidden) {
    List<String> forbidden = new java.util.ArrayList<>(
        List.of(TOKEN, SECRET_QUERY, "http://", "https://", "127.0.0.1", "localhost", "?"));
    forbidden.addAll(List.of(alsoForbidden));
    Throwable t = e;
    for (int depth = 0; t != null && depth < 20; depth++) {
      String m = String.valueOf(t.getMessage());
      for (String f : forbidden) {
        assertFalse(m.toLowerCase(Locale.ROOT).contains(f.toLowerCase(Locale.ROOT)),
            "message of " + t.getClass().getName() + " contains '" + f + "': " + m);
      }
      String s = t.toString();
      assertFalse(s.contains(TOKEN), s);
      t = t.getCause();
    }
  }
}
