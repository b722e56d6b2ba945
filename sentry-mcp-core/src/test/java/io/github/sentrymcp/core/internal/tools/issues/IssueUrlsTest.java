package io.github.sentrymcp.core.internal.tools.issues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.Csv;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.core.internal.schema.Params;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

public class IssueUrlsTest {

  @ParameterizedTest
  @CsvSource({
      "https://sentry-mcp-evals.sentry.io/issues/CLOUDFLARE-MCP-41/, sentry-mcp-evals, CLOUDFLARE-MCP-41",
      "https://sentry-mcp-evals.sentry.io/issues/CLOUDFLARE-MCP-41, sentry-mcp-evals, CLOUDFLARE-MCP-41",
      "https://sentry-mcp-evals.sentry.io/issues/6507376925/?project=1&query=x#frag, sentry-mcp-evals, 6507376925",
      "https://sentry.io/organizations/my-org/issues/123/, my-org, 123",
      "https://sentry.example.com/organizations/my-org/issues/PROJ-1Z43/events/abc/, my-org, PROJ-1Z43",
      "http://localhost:9000/organizations/self-hosted/issues/42/, self-hosted, 42",
      "https://sentry.io/my-org/issues/cloudflare-mcp-41/, my-org, CLOUDFLARE-MCP-41",
      "HTTPS://My-Org.Sentry.IO/issues/PROJ-9/, my-org, PROJ-9",
      "https://my-org.sentry.io:443/issues/PROJ-9/, my-org, PROJ-9",
      "https://sentry.io/organizations/issues/issues/PROJ-1/, issues, PROJ-1",
  })
  void parsesIssueUrls(String url, String org, String id) {
    IssueUrls.ParsedUrl p = IssueUrls.parse(url);
    assertEquals(org, p.organizationSlug());
    assertEquals(id, p.issueId());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://sentry.io/issues/123/", "https://www.sentry.io/issues/123/", "http://localhost/issues/PROJ-1/"})
  void noOrganizationWhenTheUrlDoesNotSayOne(String url) {
    assertNull(IssueUrls.parse(url).organizationSlug());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "ftp://sentry.io/organizations/o/issues/1/",
      "javascript:alert(1)//issues/1",
      "sentry.io/organizations/o/issues/1/",
      "https://sentry.io/organizations/o/",
      "https://sentry.io/organizations/o/issues/",
      "https://sentry.io/organizations/o/issues/../",
      "https://sentry.io/organizations/o/issues/%2e%2e/",
      "https://sentry.io/organizations/../issues/1/",
      "https://sentry.io/organizations/%2e%2e/issues/1/",
      "https://evil.com@sentry.io/organizations/o/issues/1/",
      "https://sentry.io\\@evil.com/organizations/o/issues/1/",
      "https://sentry.io/organizations/o rg/issues/1/",
      "https://sentry.io/organizations/ｏ/issues/1/",
      "https://",
  })
  void rejectsBadUrls(String url) {
    SentryMcpException e = assertThrows(SentryMcpException.class, () -> IssueUrls.parse(url));
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(url.length() < 10 || !e.getMessage().contains(url), "the URL is not echoed");
  }

  @Test
  void rejectsOverlongUrls() {
    String url = "https://sentry.io/organizations/o/issues/1/?" + "a".repeat(IssueUrls.MAX_URL_LENGTH);
    assertThrows(SentryMcpException.class, () -> IssueUrls.parse(url));
  }

  @Test
  void resolveTakesTheOrganizationFromTheUrl() {
    IssueUrls.IssueRef r =
        IssueUrls.resolve("https://sentry-mcp-evals.sentry.io/issues/CLOUDFLARE-MCP-41/", null, null, null);
    assertEquals(new IssueUrls.IssueRef("sentry-mcp-evals", "CLOUDFLARE-MCP-41"), r);
  }

  @Test
  void resolveNeedsAnOrganizationWhenTheUrlHasNone() {
    assertThrows(SentryMcpException.class, () -> IssueUrls.resolve("https://sentry.io/issues/1/", null, null, null));
    assertEquals(new IssueUrls.IssueRef("o", "1"),
        IssueUrls.resolve("https://sentry.io/issues/1/", null, "o", null));
  }

  @Test
  void urlOrganizationMustMatchTheSuppliedOne() {
    SentryMcpException e = assertThrows(SentryMcpException.class,
        () -> IssueUrls.resolve("https://other.sentry.io/issues/1/", null, "mine", null));
    assertTrue(e.getMessage().contains("does not match"), e.getMessage());
  }

  @Test
  void urlOrganizationMustMatchTheConstraint() {
    SentryMcpException e = assertThrows(SentryMcpException.class,
        () -> IssueUrls.resolve("https://other.sentry.io/issues/1/", null, "mine", "mine"));
    assertEquals("URL is outside the active organization constraint.", e.getMessage());
    assertEquals(new IssueUrls.IssueRef("mine", "1"),
        IssueUrls.resolve("https://mine.sentry.io/issues/1/", null, "mine", "mine"));
  }

  @Test
  void issueIdNeedsAnOrganization() {
    assertThrows(SentryMcpException.class, () -> IssueUrls.resolve(null, "PROJ-1", null, null));
    assertEquals(new IssueUrls.IssueRef("o", "PROJ-1"), IssueUrls.resolve(null, "proj-1", "o", null));
  }

  @Test
  void nothingGivenIsAnError() {
    assertThrows(SentryMcpException.class, () -> IssueUrls.resolve(null, null, "o", null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".", "-", "%%%", "ABC", "12345678901234567890123"})
  void invalidIssueIdsAreRefused(String id) {
    assertThrows(SentryMcpException.class, () -> IssueUrls.resolve(null, id, "o", null));
  }

  /** Ids that are not exactly valid: nothing is stripped or mapped to make them valid. */
  public static final String[] NOT_EXACTLY_VALID = {
      "CLOUDFLARE-MCP-4 1", // interior space
      "CLOUDFLARE-MCP-4\u200B1", "\u200BCLOUDFLARE-MCP-41", "CLOUDFLARE-MCP-41\u200B", // zero-width space
      "CLOUDFLARE-MCP-4\u200D1", "CLOUDFLARE\u200C-MCP-41", "CLOUDFLARE-MCP-41\u2060", // joiners, word joiner
      "\uFEFFCLOUDFLARE-MCP-41", // BOM
      "CLOUDFLARE-MCP-41\u00A0", "\u00A0CLOUDFLARE-MCP-41", "CLOUDFLARE-MCP-41\u3000", // no-break, ideographic
      "CLOUDFLARE-MCP-４１", "６５０７３７６９２５", // fullwidth digits
      "CLOUDFLАRE-MCP-41", "СLOUDFLARE-MCP-41", // Cyrillic А and С
      "\u0131d-1", "\u017Fhort-1", // dotless i and long s, which upper-case to I and S
      "CLOUDFLARE-MCP-41.", "PROJ-1!", "'PROJ-1'", "PROJ-1\u0000", "PROJ-1\u001F", // punctuation, controls
      "PROJ-1/../x", "PROJ%2D1",
  };

  @Test
  void issueIdsAreValidatedNotNormalised() {
    for (String id : NOT_EXACTLY_VALID) {
      assertNull(Params.canonicalIssueId(id), () -> Csv.printable(id, 60));
      SentryMcpException e = assertThrows(SentryMcpException.class, () -> IssueUrls.resolve(null, id, "o", null));
      assertEquals(ErrorKind.INVALID_INPUT, e.kind());
      assertEquals("The issueId must be a numeric issue id or a short id such as PROJECT-1Z43.", e.getMessage());
      SentryMcpException fromUrl = assertThrows(SentryMcpException.class,
          () -> IssueUrls.parse("https://sentry.io/organizations/o/issues/" + id + "/"), () -> Csv.printable(id, 60));
      assertEquals(ErrorKind.INVALID_INPUT, fromUrl.kind());
      assertFalse(fromUrl.getMessage().contains(id), fromUrl.getMessage());
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "CLOUDFLARE-MCP-41 | CLOUDFLARE-MCP-41",
      "cloudflare-mcp-41 | CLOUDFLARE-MCP-41",
      "6507376925 | 6507376925",
      "proj_a-1z43 | PROJ_A-1Z43",
  })
  void canonicalIdsUpperCaseAsciiLettersOnly(String id, String canonical) {
    assertEquals(canonical, Params.canonicalIssueId(id));
    for (String blank : List.of(" ", "\t", "\n", "\r\n", "\f")) {
      assertEquals(canonical, Params.canonicalIssueId(blank + id + blank), "ASCII whitespace around it is trimmed");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://sentry.io/organizations/o/issues/PROJ-1./",
      "https://sentry.io/organizations/o/issues/PROJ%201/",
      "https://sentry.io/organizations/o/issues/PROJ-4%E2%80%8B1/",
      "https://sentry.io/organizations/o/issues/PROJ-1%00/",
      "\u00A0https://sentry.io/organizations/o/issues/PROJ-1/",
      "https://sentry.io/organizations/o/issues/PROJ-1/\u200B",
  })
  void issueUrlsAreValidatedNotNormalised(String url) {
    SentryMcpException e = assertThrows(SentryMcpException.class, () -> IssueUrls.parse(url));
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
  }

  @Test
  void asciiWhitespaceAroundAnIssueUrlIsTrimmed() {
    assertEquals("PROJ-1", IssueUrls.parse(" \thttps://sentry.io/organizations/o/issues/proj-1/\n").issueId());
  }

  @Test
  void issueIdAndUrlMustAgree() {
    assertThrows(SentryMcpException.class,
        () -> IssueUrls.resolve("https://o.sentry.io/issues/PROJ-1/", "PROJ-2", null, null));
    assertEquals(new IssueUrls.IssueRef("o", "PROJ-1"),
        IssueUrls.resolve("https://o.sentry.io/issues/PROJ-1/", "proj-1", null, null));
  }

  @Test
  void invalidOrganizationSlugIsRefused() {
    assertThrows(SentryMcpException.class, () -> IssueUrls.resolve(null, "PROJ-1", "../x", null));
  }
}
