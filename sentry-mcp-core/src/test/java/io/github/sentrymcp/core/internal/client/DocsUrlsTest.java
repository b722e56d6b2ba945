package io.github.sentrymcp.core.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The outbound guard of the docs tools: only the allowed origins, only clean paths. */
class DocsUrlsTest {
  private final DocsUrls defaults = new DocsUrls(SentryMcpConfig.builder().build());

  @Test
  void defaultsAreTheReferenceHosts() {
    assertEquals("https://mcp.sentry.dev/api/search", defaults.searchUrl());
    assertEquals("https://docs.sentry.io/platforms/python.md", defaults.docUrl("/platforms/python.md"));
    assertEquals("https://docs.sentry.io", defaults.docsOrigin());
  }

  @Test
  void configuredOriginsAreUsed() {
    DocsUrls u = new DocsUrls(SentryMcpConfig.builder().host("127.0.0.1:9").insecureHttp(true)
        .mcpUrl("http://127.0.0.1:7/x").docsUrl("http://127.0.0.1:8").build());
    assertEquals("http://127.0.0.1:7/api/search", u.searchUrl());
    assertEquals("http://127.0.0.1:8/a.md", u.docUrl("/a.md"));
  }

  @Test
  void theGuardRefusesOtherHostsAndTrickyUrls() {
    for (String url : List.of(
        "https://docs.sentry.io.evil.com/a.md", "https://evil.com/a.md", "http://docs.sentry.io/a.md",
        "https://docs.sentry.io@evil.com/a.md", "https://evil.com\\@docs.sentry.io/a.md",
        "https://docs.sentry.io./a.md", "https://docs.sentry.io/%2e%2e/a.md", "https://docs.sentry.io/../a.md",
        "https://docs.sentry.io/a.md?x=1", "https://127.0.0.1/a.md", "https://docs.sentry.io:8443/a.md",
        "https://ｄocs.sentry.io/a.md", "https://mcp.sentry.dev/api/other")) {
      SentryMcpException e = assertThrows(SentryMcpException.class, () -> defaults.check(url), url);
      assertEquals(ErrorKind.INTERNAL, e.kind());
      assertEquals(-1, e.getMessage().indexOf("evil"), e.getMessage());
    }
    assertEquals("https://develop.sentry.io/x/y.md", defaults.check("https://develop.sentry.io/x/y.md"));
  }

  @Test
  void pathRules() {
    assertNull(DocsUrls.pathProblem("/platforms/ruby/guides/delayed_job.md"));
    for (String p : List.of("x.md", "/x", "/a/../b.md", "//a.md", "/a%2f.md", "/a\\b.md", "/a b.md", "/a?.md")) {
      assertNotNull(DocsUrls.pathProblem(p), p);
    }
    SentryMcpException e = assertThrows(SentryMcpException.class, () -> defaults.docUrl("https://evil.com/x.md"));
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
  }
}
