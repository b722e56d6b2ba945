package io.github.sentrymcp.core.internal.tools;

import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.core.internal.tools.attachments.GetEventAttachmentToolTest;
import io.github.sentrymcp.testkit.FakeSentry;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Credentials in what Sentry sends back never reach a tool result: the session's own token wherever Sentry echoes it
 * (in any token format, literally or JSON-escaped), and {@code Bearer} values and cookies by pattern; in error
 * results (4xx and 5xx) and in success results alike. End to end through {@link SentryMcp#callAndRender} against a
 * FakeSentry that requires the token.
 */
class CredentialRedactionToolTest {
  /** An organization token (contains {@code /} and {@code +}, which JSON encoders may escape). */
  static final String ORG_TOKEN = "sntrys_eyJpYXQiOjE3MzAwMDAwMDAuMCwidXJsIjoiaHR0cHM6Ly9zZW50cnkuaW8ifQ=="
      + "_q7/Zr8vK+3mN2pL5xW9tB4cH6jD1fG0s";
  /** A legacy 64-hex token: no pattern recognises it, only the exact search for the session's token does. */
  static final String HEX_TOKEN = "9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0";
  static final String BEARER_VALUE = "4f9a8b7c6d5e4f3a2b1c";
  static final String COOKIE_VALUE = "c00kie-v4lue-123";
  static final String ORG = ToolTestSupport.ORG;
  static final String ISSUE_PATH = "/api/0/organizations/" + ORG + "/issues/CLOUDFLARE-MCP-41/";

  private FakeSentry fake = FakeSentry.start();

  @AfterEach
  void stop() {
    fake.close();
  }

  /** An engine without retries, talking to a new fake that requires {@code token}. */
  private SentryMcp engine(String token) {
    fake.close();
    fake = FakeSentry.builder().requiredToken(token).build();
    return ToolTestSupport.engine(fake, b -> b.maxRetries(0));
  }

  /** A session authenticating with {@code token}, allowed to write notes. */
  private static Session session(String token) {
    return Session.builder(AccessToken.of(token)).addScopes(Set.of(Scope.EVENT_WRITE)).build();
  }

  /** {@code s} as JSON string content, with {@code /} written as {@code \/} as some encoders do. */
  static String jsonEscaped(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("/", "\\/");
  }

  static String errorBody(String token) {
    return "{\"detail\": \"Credentials " + jsonEscaped(token) + " are not valid.\\nThe request carried Bearer "
        + BEARER_VALUE + "\\nCookie: sessionid=" + COOKIE_VALUE + "\"}";
  }

  static void assertNoCredential(String token, String text) {
    for (String secret : List.of(token, token.substring(8), jsonEscaped(token), BEARER_VALUE, COOKIE_VALUE)) {
      assertFalse(text.contains(secret), () -> "credential in the result: " + secret + "\n" + text);
    }
  }

  @ParameterizedTest(name = "[{index}] HTTP {0}")
  @CsvSource({
      "400, Input Error", "401, Authorization Error", "403, Permission Denied", "404, Not Found",
      "500, Sentry API Error", "503, Sentry API Error"})
  void errorBodiesEchoingTheTokenAreRedacted(int status, String title) {
    for (String token : List.of(ORG_TOKEN, HEX_TOKEN)) {
      SentryMcp mcp = engine(token);
      fake.override("GET", "/api/0/**", status, errorBody(token));
      RenderedResult r = mcp.callAndRender("get_issue_details",
          args("organizationSlug", ORG, "issueId", "CLOUDFLARE-MCP-41"), session(token));
      assertTrue(r.isError(), r.text());
      assertTrue(r.text().startsWith(title + ": "), r.text());
      assertNoCredential(token, r.text());
      assertNoCredential(token, String.valueOf(r.structuredContent()) + r.meta());
      String details = String.join("\n", Sanitized.regions(r.text()));
      if (status == 404) {
        continue; // get_issue_details answers a 404 with its own message, without Sentry's
      }
      assertEquals("Credentials [REDACTED] are not valid.\nThe request carried Bearer [REDACTED]\n"
          + "Cookie: [REDACTED]", details, r.text());
      assertFalse(fake.journal().isEmpty(), "the request was sent with the token");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 500})
  void aWriteToolsErrorIsRedactedToo(int status) {
    SentryMcp mcp = engine(HEX_TOKEN);
    fake.override("POST", "/api/0/organizations/*/issues/*/notes/", status, errorBody(HEX_TOKEN));
    RenderedResult r = mcp.callAndRender("add_issue_note",
        args("organizationSlug", ORG, "issueId", "CLOUDFLARE-MCP-41", "text", "Investigating."), session(HEX_TOKEN));
    assertTrue(r.isError(), r.text());
    assertNoCredential(HEX_TOKEN, r.text());
    assertTrue(r.text().contains("Credentials [REDACTED] are not valid."), r.text());
  }

  @ParameterizedTest
  @ValueSource(strings = {ORG_TOKEN, HEX_TOKEN})
  void successBodiesEchoingTheTokenAreRedacted(String token) {
    SentryMcp mcp = engine(token);
    String issue = FakeSentry.fixture("issue").replace("\"Error: Tool list_organizations is already registered\"",
        "\"Leaked " + jsonEscaped(token) + " and Bearer " + BEARER_VALUE + "\"");
    fake.override("GET", ISSUE_PATH, issue);
    RenderedResult r = mcp.callAndRender("get_issue_details",
        args("organizationSlug", ORG, "issueId", "CLOUDFLARE-MCP-41"), session(token));
    assertFalse(r.isError(), "the fake requires the token, so it was sent: " + r.text());
    assertNoCredential(token, r.text());
    assertNoCredential(token, String.valueOf(r.structuredContent()));
    Sanitized.assertInData(r.text(), "Leaked [REDACTED] and Bearer [REDACTED]");
  }

  @ParameterizedTest
  @ValueSource(strings = {ORG_TOKEN, HEX_TOKEN})
  void aTextAttachmentEchoingTheTokenIsRedacted(String token) {
    SentryMcp mcp = engine(token);
    fake.override("GET", GetEventAttachmentToolTest.LIST_PATH + "456/",
        "{\"line\": \"curl -H 'x-token: " + jsonEscaped(token) + "' https://sentry.io/api/0/\"}");
    RenderedResult r = mcp.callAndRender("get_event_attachment", args("organizationSlug", ORG, "projectSlug",
        GetEventAttachmentToolTest.PROJECT, "eventId", GetEventAttachmentToolTest.EVENT, "attachmentId", "456"),
        session(token));
    assertFalse(r.isError(), r.text());
    assertNoCredential(token, r.text());
    Sanitized.assertInData(r.text(), "x-token: [REDACTED]'");
  }
}
