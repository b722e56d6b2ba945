package io.github.sentrymcp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DefaultRegionUrlValidatorTest {
  private static final DefaultRegionUrlValidator SAAS =
      new DefaultRegionUrlValidator("sentry.io", SentryMcpConfig.DEFAULT_REGION_DOMAINS);

  static Stream<Arguments> accepted() {
    return Stream.of(
        Arguments.of("https://sentry.io", "https://sentry.io"),
        Arguments.of("https://us.sentry.io", "https://us.sentry.io"),
        Arguments.of("https://de.sentry.io/", "https://de.sentry.io"),
        Arguments.of("HTTPS://US.SENTRY.IO/path?x", "https://us.sentry.io"),
        Arguments.of("https://us.sentry.io:443", "https://us.sentry.io"),
        Arguments.of("https://us.sentry.io:443/api/0/?a=b#c", "https://us.sentry.io"),
        Arguments.of("https://us.sentry.io#frag", "https://us.sentry.io"),
        Arguments.of("https://us.sentry.io?q", "https://us.sentry.io"),
        Arguments.of("  https://us.sentry.io \t\r\n", "https://us.sentry.io"),
        Arguments.of("hTtPs://De.Sentry.Io", "https://de.sentry.io"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("accepted")
  void accepts(String input, String expected) {
    assertEquals(expected, SAAS.validate(input));
  }

  static Stream<String> rejected() {
    return Stream.of(
        // security.md §1.1: what WHATWG normalisation accepts
        "https://evil.com@sentry.io",
        "https:\\\\sentry.io",
        "https:\\sentry.io",
        "https://sentry.io\\@evil.com",
        "https://sentry.io\\.evil.com",
        "https://sentry%2Eio",
        "https://sentry%2eio",
        "https://%73entry.io",
        "https://ｓｅｎｔｒｙ.ｉｏ",
        "https://sentry。io",
        "https://sentry\uFF0Eio",
        "https://sen\u200Btry.io",
        "https://sen\u00ADtry.io",
        "https://\u017Fentry.io",
        "https://sen\ttry.io",
        "https://sentry.io\t.evil.com",
        "\u0000https://sentry.io",
        "https://sentry.io\u0000",
        "https://sentry.io\u0000.evil.com",
        "\u00A0https://sentry.io",
        "https://sentry.io\u2028",
        "https://sentry.i\u0307o",
        // subdomains, suffixes, lookalikes
        "https://us.sentry.io.evil.com",
        "https://evil.us.sentry.io",
        "https://evil.sentry.io",
        "https://eu.sentry.io",
        "https://sentry.io.",
        "https://us.sentry.io./",
        "https://.sentry.io",
        "https://us..sentry.io",
        "https://sentry-.io",
        "https://-sentry.io",
        "https://sentry_io",
        "https://xsentry.io",
        // ports
        "https://sentry.io:8443",
        "https://sentry.io:80",
        "https://sentry.io:",
        "https://sentry.io:0443",
        "https://sentry.io:443:443",
        "https://sentry.io:+443",
        // IP literals in every notation
        "https://127.0.0.1",
        "https://127.0.0.1:443",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]",
        "https://[::ffff:127.0.0.1]",
        "https://[0:0:0:0:0:ffff:7f00:1]",
        "https://::1",
        "https://2130706433",
        "https://017700000001",
        "https://0x7f000001",
        "https://0x7f.1",
        "https://0x7F.0.0.1",
        "https://127.1",
        "https://0",
        "https://1.0x2.3",
        "https://sentry.io.0x7f",
        "https://foo.123",
        // schemes
        "http://us.sentry.io",
        "HTTP://sentry.io",
        "ftp://sentry.io",
        "//sentry.io",
        "sentry.io",
        "us.sentry.io/path",
        "https:/sentry.io",
        "https:sentry.io",
        "javascript://sentry.io",
        "wss://sentry.io",
        "https ://sentry.io",
        // structure
        "",
        "   ",
        "https://",
        "https:///sentry.io",
        "https://?sentry.io",
        "https://#sentry.io",
        "https://http",
        "https://https",
        "https://user:pass@sentry.io",
        "https://sentry.io/path@evil.com",
        "https://sentry.io/?email=a@b.c",
        "https://sentry.io/\\evil",
        "https://sentry.io%2F@evil.com",
        "https://sentry.io%00.evil.com",
        "https://localhost",
        "https://metadata.google.internal",
        "https://" + "a".repeat(64) + ".sentry.io");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("rejected")
  void rejects(String input) {
    SentryMcpException e = assertThrows(SentryMcpException.class, () -> SAAS.validate(input));
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    String msg = e.getMessage();
    assertTrue(msg.contains("sentry.io") && msg.contains("us.sentry.io") && msg.contains("de.sentry.io"), msg);
    if (input.strip().length() > 12) {
      assertFalse(msg.contains(input.strip()), "message echoes the input: " + msg);
    }
    assertFalse(msg.contains("evil"), msg);
    for (int i = 0; i < msg.length(); i++) {
      char c = msg.charAt(i);
      assertTrue(c >= 0x20 && c < 0x7f, "message is printable ASCII: " + msg);
    }
  }

  @Test
  void rejectsNull() {
    @SuppressWarnings("NullAway")
    SentryMcpException e = assertThrows(SentryMcpException.class, () -> SAAS.validate(nullString()));
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
  }

  @SuppressWarnings("NullAway")
  private static String nullString() {
    return null;
  }

  @Test
  void messageNamesTheFailedRule() {
    assertTrue(message("http://us.sentry.io").contains("https://"));
    assertTrue(message("https://sentry.io:8443").contains("port"));
    assertTrue(message("https://127.0.0.1").contains("IP"));
    assertTrue(message("https://evil.com").contains("not allowed"));
    assertTrue(message("https://evil.com@sentry.io").contains("'@'"));
  }

  private static String message(String url) {
    return assertThrows(SentryMcpException.class, () -> SAAS.validate(url)).getMessage();
  }

  @Test
  void selfHostedBaseHostMatchesExactly() {
    DefaultRegionUrlValidator v =
        new DefaultRegionUrlValidator("sentry.example.com", SentryMcpConfig.DEFAULT_REGION_DOMAINS);
    assertEquals("https://sentry.example.com", v.validate("https://sentry.example.com/"));
    assertEquals("https://sentry.example.com", v.validate("https://SENTRY.example.com:443"));
    assertEquals("https://us.sentry.io", v.validate("https://us.sentry.io"));
    assertThrows(SentryMcpException.class, () -> v.validate("https://eu.sentry.example.com"));
    assertThrows(SentryMcpException.class, () -> v.validate("https://example.com"));
    assertThrows(SentryMcpException.class, () -> v.validate("https://sentry.example.com.evil.com"));
    assertThrows(SentryMcpException.class, () -> v.validate("http://sentry.example.com"));
    assertEquals("sentry.example.com", v.allowedHosts().get(0));
    assertEquals(Set.of("sentry.example.com", "sentry.io", "us.sentry.io", "de.sentry.io"),
        Set.copyOf(v.allowedHosts()));
  }

  @Test
  void baseHostWithPort443IsMatchable() {
    DefaultRegionUrlValidator v = new DefaultRegionUrlValidator("sentry.example.com:443", Set.of());
    assertEquals("https://sentry.example.com", v.validate("https://sentry.example.com"));
  }

  @Test
  void baseHostWithOtherPortOrIpIsNeverProducedByTheValidator() {
    // these origins are recognised by SentryApiClient#forRegion directly (exact configured origin)
    DefaultRegionUrlValidator v = new DefaultRegionUrlValidator("sentry.example.com:9000", Set.of("sentry.io"));
    assertThrows(SentryMcpException.class, () -> v.validate("https://sentry.example.com:9000"));
    assertThrows(SentryMcpException.class, () -> v.validate("https://sentry.example.com"));
    assertEquals(List.of("sentry.io"), v.allowedHosts());

    DefaultRegionUrlValidator ip = new DefaultRegionUrlValidator("127.0.0.1:8080", Set.of("sentry.io"));
    assertThrows(SentryMcpException.class, () -> ip.validate("https://127.0.0.1:8080"));
    assertThrows(SentryMcpException.class, () -> ip.validate("https://127.0.0.1"));
    assertEquals("https://sentry.io", ip.validate("https://sentry.io"));

    DefaultRegionUrlValidator v6 = new DefaultRegionUrlValidator("[::1]:9000", Set.of());
    assertThrows(SentryMcpException.class, () -> v6.validate("https://[::1]:9000"));
  }

  @Test
  void allowlistIsExactAndLowerCased() {
    DefaultRegionUrlValidator v = new DefaultRegionUrlValidator("sentry.io", Set.of("Sentry.Internal.Example"));
    assertEquals("https://sentry.internal.example", v.validate("https://sentry.internal.example"));
    assertThrows(SentryMcpException.class, () -> v.validate("https://us.sentry.io"));
    assertThrows(SentryMcpException.class, () -> v.validate("https://x.sentry.internal.example"));
  }

  @Test
  void badAllowlistEntriesAreRefused() {
    for (String bad : List.of("*.sentry.io", "127.0.0.1", "sentry.io:443", "https://sentry.io", "sentry.io.",
        "ſentry.io", "sen try.io", "[::1]")) {
      assertThrows(IllegalArgumentException.class, () -> new DefaultRegionUrlValidator("sentry.io", Set.of(bad)),
          bad);
    }
  }

  @Test
  void longSAndOtherCaseFoldingTricksNeverMatch() {
    // "ſ".equalsIgnoreCase("s") is true in Java; the validator must not be fooled
    assertTrue("ſentry.io".equalsIgnoreCase("sentry.io"));
    assertThrows(SentryMcpException.class, () -> SAAS.validate("https://ſentry.io"));
    assertThrows(SentryMcpException.class, () -> SAAS.validate("https://sentry.\u0131o")); // dotless i
    assertThrows(SentryMcpException.class, () -> SAAS.validate("https://us.sentry.io\u212A")); // Kelvin sign
  }
}
