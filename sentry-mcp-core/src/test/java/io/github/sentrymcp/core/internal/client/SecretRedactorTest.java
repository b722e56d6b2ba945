package io.github.sentrymcp.core.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The exact-token search: every spelling a JSON encoder may produce, nothing else. */
class SecretRedactorTest {
  private static final String TOKEN = "sntrys_eyJpYXQiOjE3MDB9_c2Vj/cmV0+dG9r=\"x\\y";
  private static final SecretRedactor R = SecretRedactor.of(TOKEN);

  private static String redact(String s) {
    return new String(R.redact(s.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // literal
      "sntrys_eyJpYXQiOjE3MDB9_c2Vj/cmV0+dG9r=\"x\\y",
      // JSON: quote and backslash escaped, slash as is or escaped
      "sntrys_eyJpYXQiOjE3MDB9_c2Vj/cmV0+dG9r=\\\"x\\\\y",
      "sntrys_eyJpYXQiOjE3MDB9_c2Vj\\/cmV0+dG9r=\\\"x\\\\y",
      // \\u escapes in either case, even of the first character
      "sntrys_eyJpYXQiOjE3MDB9_c2Vj\\u002fcmV0\\u002BdG9r\\u003d\\u0022x\\u005Cy",
  })
  void everySpellingIsReplaced(String spelling) {
    assertEquals("{\"detail\":\"Invalid token [REDACTED] (HTTP 401)\"}",
        redact("{\"detail\":\"Invalid token " + spelling + " (HTTP 401)\"}"));
  }

  /** The longest plain run (here the hex tail) is the anchor; what comes before it is matched backwards. */
  @ParameterizedTest
  @ValueSource(strings = {
      "a/b+c=0123456789abcdef0123456789abcdef",
      "a\\/b+c=0123456789abcdef0123456789abcdef",
      "a\\u002Fb\\u002bc\\u003D0123456789abcdef0123456789abcdef",
      "\\u0061\\/b+c=0123456789abcdef0123456789abcdef",
  })
  void charactersBeforeTheAnchorMayBeEscapedToo(String spelling) {
    SecretRedactor r = SecretRedactor.of("a/b+c=0123456789abcdef0123456789abcdef");
    String body = "[\"x " + spelling + " y\", \"" + spelling + "\"]";
    assertEquals("[\"x [REDACTED] y\", \"[REDACTED]\"]",
        new String(r.redact(body.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
  }

  @Test
  void aTokenWithoutLettersOrDigitsIsFoundByScanning() {
    SecretRedactor r = SecretRedactor.of("+/=+/=+/=+/");
    assertEquals("a [REDACTED] b [REDACTED]",
        new String(r.redact("a +/=+/=+/=+/ b +\\/=+\\/=+\\/=+\\/".getBytes(StandardCharsets.UTF_8)),
            StandardCharsets.UTF_8));
  }

  @Test
  void everyOccurrenceAtAnyPosition() {
    assertEquals("[REDACTED][REDACTED] a [REDACTED]", redact(TOKEN + TOKEN + " a " + TOKEN));
  }

  @Test
  void aPrefixOrAnotherTokenIsLeftAlone() {
    String body = "{\"a\":\"" + TOKEN.substring(0, TOKEN.length() - 1) + "\",\"b\":\"sntrys_other\\n\"}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    assertSame(bytes, R.redact(bytes), "nothing copied when the token does not occur");
  }

  @Test
  void decodedTextOfAnyCharset() {
    assertEquals("log: [REDACTED] end", R.redact("log: " + TOKEN + " end"));
    String text = "日志 " + TOKEN;
    ApiResponse utf16 = new ApiResponse(200, "GET /x/", java.util.Map.of(),
        text.getBytes(StandardCharsets.UTF_16), R);
    assertEquals("日志 [REDACTED]", utf16.text(StandardCharsets.UTF_16));
    ApiResponse utf8 = new ApiResponse(200, "GET /x/", java.util.Map.of(), text.getBytes(StandardCharsets.UTF_8), R);
    assertEquals("日志 [REDACTED]", utf8.text(StandardCharsets.UTF_8));
  }

  @Test
  void anApiResponseRedactsWhatIsReadAsTextAndKeepsTheBytes() {
    byte[] raw = ("{\"title\":\"" + TOKEN.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    ApiResponse r = new ApiResponse(200, "GET /x/", java.util.Map.of(), raw, R);
    org.junit.jupiter.api.Assertions.assertArrayEquals(raw, r.body(), "binary content is passed on as received");
    assertEquals("{\"title\":\"[REDACTED]\"}", r.text(StandardCharsets.UTF_8));
    io.github.sentrymcp.api.result.Untrusted title = r.json("x").get("title").text();
    assertEquals("[REDACTED]", title == null ? null : title.rawValue());
  }

  @Test
  void shortTokensAreNotSearchedFor() {
    assertSame(SecretRedactor.NONE, SecretRedactor.of("t"));
    assertSame(SecretRedactor.NONE, SecretRedactor.of("1234567"));
    byte[] bytes = "the title".getBytes(StandardCharsets.UTF_8);
    assertSame(bytes, SecretRedactor.of("t").redact(bytes));
  }
}
