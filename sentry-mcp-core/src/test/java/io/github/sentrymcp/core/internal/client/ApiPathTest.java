package io.github.sentrymcp.core.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.result.Untrusted;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiPathTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      my-org                 | my-org
      a/b                    | a%2Fb
      a/../b                 | a%2F..%2Fb
      ../victim              | ..%2Fvictim
      ..%2f                  | ..%252f
      ..%2F..%2Fvictim       | ..%252F..%252Fvictim
      %2e%2e                 | %252e%252e
      %2E                    | %252E
      .%2e                   | .%252e
      ...                    | ...
      .hidden                | .hidden
      a?b=c                  | a%3Fb%3Dc
      a#frag                 | a%23frag
      100%                   | 100%25
      "a b"                  | a%20b
      a+b                    | a%2Bb
      a;b                    | a%3Bb
      a:b                    | a%3Ab
      a@b                    | a%40b
      a\\b                   | a%5Cb
      ~user_name-1.2         | ~user_name-1.2
      ä                      | %C3%A4
      日本                    | %E6%97%A5%E6%9C%AC
      ſentry                 | %C5%BFentry
      😀                     | %F0%9F%98%80
      """)
  void encodesEverySegmentCharacter(String value, String expected) {
    ApiPath p = ApiPath.of("/organizations/{org}/", value);
    assertEquals("/organizations/" + expected + "/", p.encoded());
    assertEquals("/organizations/{org}/", p.template());
  }

  @Test
  void encodesControlAndInvisibleCharacters() {
    assertEquals("/x/a%09b%0Ac%00d%E2%80%8Be%C2%ADf/",
        ApiPath.of("/x/{v}/", "a\tb\nc\u0000d\u200Be\u00ADf").encoded());
    // a lone surrogate cannot be encoded as UTF-8: it becomes '?' and is then escaped, never a raw '?'
    assertEquals("/x/a%3F/", ApiPath.of("/x/{v}/", "a\uD800").encoded());
  }

  @ParameterizedTest
  @ValueSource(strings = {".", ".."})
  void refusesDotSegments(String value) {
    SentryMcpException e = assertThrows(SentryMcpException.class,
        () -> ApiPath.of("/organizations/{org}/issues/{issueId}/", "my-org", value));
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().contains("issueId"), e.getMessage());
  }

  @Test
  void refusesDotSegmentsFromUntrustedValues() {
    Untrusted dots = Untrusted.external("..", "issue.project.slug");
    assertThrows(SentryMcpException.class, () -> ApiPath.of("/projects/{org}/{project}/", "o", dots));
  }

  @Test
  void refusesEmptyValues() {
    SentryMcpException e = assertThrows(SentryMcpException.class, () -> ApiPath.of("/organizations/{org}/", ""));
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
  }

  @Test
  void acceptsWhitespaceOnlyValuesButEncodesThem() {
    assertEquals("/x/%20/", ApiPath.of("/x/{v}/", " ").encoded());
  }

  @Test
  void acceptsUntrustedAndNumbers() {
    ApiPath p = ApiPath.of("/organizations/{org}/issues/{id}/events/{n}/",
        Untrusted.external("a/b", "issue.org"), 123L, 7);
    assertEquals("/organizations/a%2Fb/issues/123/events/7/", p.encoded());
  }

  @Test
  void encodedPathsSurviveUriCreateUntouched() {
    String[] nasty = {"a/../b", "..%2f..", "%2e%2e", "x?y#z", "a b", "日本", "..;", "./."};
    for (String v : nasty) {
      ApiPath p = ApiPath.of("/organizations/{org}/projects/", v);
      URI uri = URI.create("https://sentry.io/api/0" + p.encoded());
      assertEquals("/api/0" + p.encoded(), uri.getRawPath(), v);
      assertEquals(null, uri.getRawQuery(), v);
      assertEquals(null, uri.getRawFragment(), v);
      // the decoded path keeps the value in one segment: exactly the template's segment count
      assertEquals(uri.getRawPath(), uri.normalize().getRawPath(), "no dot segments to resolve: " + v);
    }
  }

  @Test
  void templateMisuseIsAProgrammingError() {
    assertThrows(IllegalArgumentException.class, () -> ApiPath.of("organizations/{org}/", "a"));
    assertThrows(IllegalArgumentException.class, () -> ApiPath.of("/organizations/{org}", "a"));
    assertThrows(IllegalArgumentException.class, () -> ApiPath.of("/organizations/x{org}/", "a"));
    assertThrows(IllegalArgumentException.class, () -> ApiPath.of("/organizations/{org}/", "a", "b"));
    assertThrows(IllegalArgumentException.class, () -> ApiPath.of("/organizations/{org}/{p}/", "a"));
    assertThrows(IllegalArgumentException.class, () -> ApiPath.of("/organizations/{org}/", new Object()));
  }

  @Test
  void toStringIsTheTemplate() {
    ApiPath p = ApiPath.of("/organizations/{org}/", "secret-org");
    assertEquals("/organizations/{org}/", p.toString());
    assertFalse(p.toString().contains("secret"));
  }

  @Test
  void queryEncoding() {
    Query q = Query.create()
        .add("query", "is:unresolved level:error user.email:a+b@c.d")
        .add("cursor", "0:100:0")
        .add("project", 42)
        .add("field", "a&b=c")
        .add("field", "ä #x")
        .add("skipped", (String) null);
    assertEquals("query=is%3Aunresolved%20level%3Aerror%20user.email%3Aa%2Bb%40c.d&cursor=0%3A100%3A0"
        + "&project=42&field=a%26b%3Dc&field=%C3%A4%20%23x", q.encoded());
    assertEquals(java.util.List.of("query", "cursor", "project", "field", "field"), q.names());
    assertTrue(Query.create().isEmpty());
  }
}
