package io.github.sentrymcp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one redactor: credentials everywhere, and for telemetry also URL query strings and fragments. */
class RedactorTest {
  private static final String SENTRY_TOKEN = "sntrys_" + "eyJpYXQiOjE3MDAwMDAwMDAsInVybCI6Imh0dHBzOi8v";
  private static final String USER_TOKEN = "sntryu_" + "0123456789abcdef0123456789abcdef01234567";
  private static final String PROVIDER_KEY = "sk-proj-" + "Abc123Def456Ghi789Jkl012Mno345Pqr678";
  private static final String BEARER = "Bearer " + "0123456789abcdef0123456789abcdef";

  @Test
  void credentialsAreRemovedInBothStrengths() {
    String text = "token " + SENTRY_TOKEN + " user " + USER_TOKEN + " key " + PROVIDER_KEY + " header "
        + "Authorization: " + BEARER + "\nCookie: session=abcdef0123456789; other=1\n"
        + "dsn https://public:SECRETKEY123456@o1.ingest.sentry.io/42";
    for (String out : new String[] {Redactor.redact(text), Redactor.redactForTelemetry(text)}) {
      for (String secret : new String[] {SENTRY_TOKEN.substring(7), USER_TOKEN.substring(7),
          PROVIDER_KEY.substring(3), "0123456789abcdef0123456789abcdef", "session=abcdef", "SECRETKEY123456"}) {
        assertFalse(out.contains(secret), secret + " in " + out);
      }
      assertTrue(out.contains("sntrys_" + Redactor.MARKER), out);
      assertTrue(out.contains("https://public:" + Redactor.MARKER + "@o1.ingest.sentry.io/42"), out);
    }
  }

  @Test
  void queriesAndFragmentsGoOnlyForTelemetry() {
    String text = "GET https://sentry.io/api/0/issues/?query=is%3Aunresolved&cursor=0:100:0 failed;"
        + " see \"http://x.example/cb?token=SECRETVALUE123,more#frag\" and https://a.example/p#section";
    String results = Redactor.redact(text);
    assertSame(text, results, "links in results keep their query");
    String telemetry = Redactor.redactForTelemetry(text);
    assertEquals("GET https://sentry.io/api/0/issues/?" + Redactor.MARKER + " failed; see \"http://x.example/cb?"
        + Redactor.MARKER + "\" and https://a.example/p#" + Redactor.MARKER, telemetry);
  }

  @Test
  void ordinaryTextIsReturnedAsIs() {
    String text = "GET /organizations/{organization_id_or_slug}/issues/ failed (HTTP 503); retry 1 of 3 in 500 ms.";
    assertSame(text, Redactor.redactForTelemetry(text));
    assertSame(text, Redactor.redact(text));
    assertNull(Redactor.redactForTelemetry(null));
    String question = "Is it https? What about ://? and a?b";
    assertSame(question, Redactor.redactForTelemetry(question));
  }

  @Test
  void anEscapedQuoteInJsonStaysIntact() {
    String json = "{\"msg\":\"see \\\"https://x.example/?k=v\\\" now\"}";
    String out = Redactor.redactForTelemetry(json);
    assertEquals("{\"msg\":\"see \\\"https://x.example/?" + Redactor.MARKER + "\\\" now\"}", out);
  }
}
