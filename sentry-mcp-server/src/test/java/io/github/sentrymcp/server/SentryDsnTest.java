package io.github.sentrymcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SentryDsnTest {

  @Test
  void sentryIoDsn() {
    SentryDsn dsn =
        SentryDsn.parse("https://0123456789abcdef0123456789abcdef@o447951.ingest.us.sentry.io/4505958245253120");
    assertEquals("https://o447951.ingest.us.sentry.io/api/4505958245253120/integration/otlp/v1/traces",
        dsn.otlpTracesEndpoint());
    assertEquals("sentry sentry_key=0123456789abcdef0123456789abcdef", dsn.authHeader());
  }

  @Test
  void selfHostedWithPortAndPathPrefix() {
    SentryDsn dsn = SentryDsn.parse("https://key@sentry.example.com:9000/sentry/ingest/17");
    assertEquals("https://sentry.example.com:9000/sentry/ingest/api/17/integration/otlp/v1/traces",
        dsn.otlpTracesEndpoint());
    assertEquals("sentry sentry_key=key", dsn.authHeader());
  }

  @Test
  void theSecretKeyIsAcceptedButNeverKept() {
    SentryDsn dsn = SentryDsn.parse("https://pub:SECRETKEY123@o1.ingest.sentry.io/1");
    assertEquals("https://o1.ingest.sentry.io/api/1/integration/otlp/v1/traces", dsn.otlpTracesEndpoint());
    assertEquals("sentry sentry_key=pub", dsn.authHeader());
    assertFalse(dsn.toString().contains("SECRETKEY123"), dsn.toString());
    assertFalse(dsn.toString().contains("pub"), dsn.toString());
  }

  @Test
  void plainHttpOnlyForLoopbackHosts() {
    assertEquals("http://127.0.0.1:8080/api/42/integration/otlp/v1/traces",
        SentryDsn.parse("http://publickey@127.0.0.1:8080/42").otlpTracesEndpoint());
    assertEquals("http://localhost/api/42/integration/otlp/v1/traces",
        SentryDsn.parse("http://k@LOCALHOST/42").otlpTracesEndpoint());
    assertEquals("http://[::1]:9/api/42/integration/otlp/v1/traces",
        SentryDsn.parse("http://k@[::1]:9/42").otlpTracesEndpoint());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SentryDsn.parse("http://k@sentry.example.com/42"));
    assertEquals("must be an https URL (http only for a loopback host)", e.getMessage());
  }

  @Test
  void invalidDsnsAreRefusedWithoutRepeatingThem() {
    String secret = "SECRETKEY123";
    for (String dsn : List.of(
        "",
        "not a dsn " + secret,
        "https://" + secret + "@o1.ingest.sentry.io/", // no project id
        "https://pk4711:" + secret + "@o1.ingest.sentry.io/abc", // not numeric
        "https://pk4711:" + secret + "@o1.ingest.sentry.io", // no path
        "https://o1.ingest.sentry.io/1", // no public key
        "https://:" + secret + "@o1.ingest.sentry.io/1", // empty public key
        "https://pk%204711:" + secret + "@o1.ingest.sentry.io/1", // not a key
        "ftp://pk4711:" + secret + "@o1.ingest.sentry.io/1",
        "http://pk4711:" + secret + "@o1.ingest.sentry.io/1", // http to a remote host
        "https://pk4711:" + secret + "@o1.ingest.sentry.io/1?x=" + secret,
        "https://pk4711:" + secret + "@o1.ingest.sentry.io/1#" + secret,
        "https://pk4711:" + secret + "@o1.ingest.sentry.io:99999/1",
        "https://pk4711:" + secret + "@o1.ingest.sentry.io/1/",
        "https://pk4711:" + secret + "@bad_host.example/1",
        "//pk4711:" + secret + "@o1.ingest.sentry.io/1",
        "mailto:pk4711:" + secret + "@o1.ingest.sentry.io/1")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SentryDsn.parse(dsn), dsn);
      assertFalse(e.getMessage().contains(secret), e.getMessage());
      assertFalse(e.getMessage().contains("o1.ingest"), e.getMessage());
      assertFalse(e.getMessage().contains("4711"), e.getMessage());
    }
  }
}
