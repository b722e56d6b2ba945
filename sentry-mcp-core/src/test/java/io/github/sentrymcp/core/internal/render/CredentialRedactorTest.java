package io.github.sentrymcp.core.internal.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which credentials the sanitizer's redactor replaces, and that ordinary text passes through untouched. */
class CredentialRedactorTest {
  private static final String USER_TOKEN =
      "sntryu_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  private static final String ORG_TOKEN = "sntrys_eyJpYXQiOjE3MDAwMDAwMDAsInVybCI6Imh0dHBzOi8vc2VudHJ5LmlvIn0="
      + "_Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5";

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
      // header lines: the scheme word stays, the credential goes
      "Authorization: Bearer abc.def-123_ghi | Authorization: Bearer [REDACTED]",
      "authorization=Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b | authorization=Token [REDACTED]",
      "AUTHORIZATION: secret-without-scheme | AUTHORIZATION: [REDACTED]",
      "Proxy-Authorization: Basic dXNlcjpwYXNz | Proxy-Authorization: Basic [REDACTED]",
      "Cookie: sessionid=abc; csrftoken=def | Cookie: [REDACTED]",
      "Set-Cookie: sessionid=abc123; HttpOnly; Path=/ | Set-Cookie: [REDACTED]",
      // JSON, escaped JSON, Python dicts and [name, value] pairs: up to the closing quote
      "^{\"Authorization\": \"Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig\", \"Host\": \"sentry.io\"}^"
          + " | ^{\"Authorization\": \"Bearer [REDACTED]\", \"Host\": \"sentry.io\"}^",
      "^{\\\"Authorization\\\": \\\"Bearer abc123def456ghi\\\", \\\"x\\\": 1}^"
          + " | ^{\\\"Authorization\\\": \\\"Bearer [REDACTED]\\\", \\\"x\\\": 1}^",
      "^{'cookie': 'sid=1; theme=dark', 'user-agent': 'curl/8'}^ | ^{'cookie': '[REDACTED]', 'user-agent': 'curl/8'}^",
      "^[[\"Cookie\", \"session=abc\"], [\"Accept\", \"*/*\"]]^ | ^[[\"Cookie\", \"[REDACTED]\"], [\"Accept\", \"*/*\"]]^",
      "^{\"cookie\":\"a=\\\"b\\\"\",\"n\":2}^ | ^{\"cookie\":\"[REDACTED]\",\"n\":2}^",
      "^{\"set-cookie\":12345,\"n\":2}^ | ^{\"set-cookie\":[REDACTED],\"n\":2}^",
      // stand-alone schemes, any case
      "request failed with Bearer abcdef1234567890 for user | request failed with Bearer [REDACTED] for user",
      "BEARER ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGH | BEARER [REDACTED]",
      "sent Basic dXNlcjpwYXNzd29yZA== upstream | sent Basic [REDACTED] upstream",
      "Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b expired | Token [REDACTED] expired",
      // URL passwords (a DSN's secret key)
      "dsn=https://public123:secret456@o1.ingest.sentry.io/1 | dsn=https://public123:[REDACTED]@o1.ingest.sentry.io/1",
      "postgres://app:hunter2@db:5432/app failed | postgres://app:[REDACTED]@db:5432/app failed",
      "redis://:pw@cache:6379 | redis://:[REDACTED]@cache:6379",
  })
  void credentialsAreReplaced(String in, String expected) {
    assertTrue(CredentialRedactor.mayContainCredential(in), in);
    assertEquals(expected, CredentialRedactor.redact(in));
  }

  @Test
  void sentryTokensKeepOnlyTheirPrefix() {
    assertEquals("token sntryu_[REDACTED] was rejected",
        CredentialRedactor.redact("token " + USER_TOKEN + " was rejected"));
    assertEquals("x=sntrys_[REDACTED];", CredentialRedactor.redact("x=" + ORG_TOKEN + ";"));
    assertEquals("\"sntrya_[REDACTED]\"", CredentialRedactor.redact("\"sntrya_abcdefghijklmnopqrstuvwxyz012345\""));
  }

  @Test
  void modelProviderKeysKeepOnlyTheirPrefix() {
    assertEquals("OPENAI_API_KEY=sk-[REDACTED] set",
        CredentialRedactor.redact("OPENAI_API_KEY=sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z set"));
    assertEquals("key \"sk-[REDACTED]\"",
        CredentialRedactor.redact("key \"sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe-AbCdEfAA\""));
    assertEquals("Bearer sk-[REDACTED]",
        CredentialRedactor.redact("Bearer sk-or-v1-0123456789abcdef0123456789abcdef"));
    // not keys: too short, no digit, or part of a longer word
    for (String plain : new String[] {"locale sk-SK and cs-CZ", "sk-learn-something-rather-long-name here",
        "task-1234567890123456789012345 done", "disk-0123456789abcdefghij0123 full"}) {
      assertEquals(plain, CredentialRedactor.redact(plain), plain);
    }
  }

  @Test
  void severalCredentialsInOneValue() {
    String in = "GET /api/0/ HTTP/1.1\r\nAuthorization: Bearer " + USER_TOKEN + "\r\nCookie: sid=42\r\n"
        + "Host: sentry.io\r\n\r\nbody with Bearer abc123def456ghi and https://k:v@h.example/1";
    String out = CredentialRedactor.redact(in);
    assertEquals("GET /api/0/ HTTP/1.1\r\nAuthorization: Bearer [REDACTED]\r\nCookie: [REDACTED]\r\n"
        + "Host: sentry.io\r\n\r\nbody with Bearer [REDACTED] and https://k:[REDACTED]@h.example/1", out);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "bearer of bad news",
      "The Bearer token is missing",
      "Bearer",
      "Token expired",
      "CSRF token missing or incorrect.",
      "Token 12345",
      "invalid token /usr/lib/python3.11/site-packages/sentry_sdk/client.py",
      "Basic authentication failed",
      "std::__cxx11::basic_string<char, std::char_traits<char> >::_M_construct",
      "cookies were disabled",
      "tokenizer error",
      "def authorize(user): return user.token",
      "at com.example.TokenService.refresh(TokenService.java:42)",
      "Authorization",
      "Authorization: [Filtered]",
      "[\"Authorization\", \"[Filtered]\"]",
      "{\"cookie\": null}",
      "a3f5c1d2e4b6a7980123456789abcdef01234567",
      "a4d1aae7216b47ff8117cf4e09ce9d0a",
      "jane@example.com",
      "git@github.com:org/repo.git and https://sentry.io/organizations/x/issues/1/",
      "https://public123@o1.ingest.sentry.io/1",
      "mailto:a@b.example",
      "数据库连接失败：超时 (トークン, 쿠키)",
      "TypeError: Cannot read properties of undefined (reading 'map')",
      "SELECT * FROM users WHERE id = $1",
      "sntrys_short",
  })
  void ordinaryTextIsUntouched(String in) {
    assertSame(in, CredentialRedactor.redact(in));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "TypeError: Cannot read properties of undefined (reading 'map')",
      "  File \"/app/handlers.py\", line 42, in handle\n    return process(request.json)",
      "a4d1aae7216b47ff8117cf4e09ce9d0a",
      "数据库连接失败：超时",
      "at org.springframework.web.servlet.FrameworkServlet.processRequest(FrameworkServlet.java:1014)",
  })
  void ordinaryTextTakesOnlyTheFirstPass(String in) {
    assertFalse(CredentialRedactor.mayContainCredential(in), in);
  }

  @Test
  void looksSecretNeedsLengthAndMixedCharacters() {
    assertFalse(CredentialRedactor.looksSecret("of"));
    assertFalse(CredentialRedactor.looksSecret("instrumentation"));
    assertTrue(CredentialRedactor.looksSecret("abc123def456"));
    assertTrue(CredentialRedactor.looksSecret("a".repeat(32)));
  }
}
