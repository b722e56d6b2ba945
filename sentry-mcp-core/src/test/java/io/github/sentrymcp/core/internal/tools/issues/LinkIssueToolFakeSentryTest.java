package io.github.sentrymcp.core.internal.tools.issues;

import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.ORG;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.assertConforms;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.call;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.engine;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.map;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.session;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.structured;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code link_issue} through the fake Sentry's Linear App (the route the bench workload uses). */
class LinkIssueToolFakeSentryTest {
  private static FakeSentry fake;
  private static SentryMcp mcp;

  @BeforeAll
  static void start() {
    fake = FakeSentry.start();
    mcp = engine(fake);
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  @Test
  void aLinearUrlLinksThroughTheFakesLinearInstallation() {
    String url = "https://linear.app/sentry-mcp-evals/issue/ENG-41/crash-in-the-search-tool";
    Map<String, Object> sc = structured(call(mcp, "link_issue",
        args("organizationSlug", ORG, "issueId", "CLOUDFLARE-MCP-41", "externalIssueUrl", url),
        session(b -> b.addScopes(Set.of(Scope.EVENT_WRITE)))));
    assertConforms(IssueLinking.OUTPUT_SCHEMA, sc);
    assertEquals("linked", sc.get("status"));
    assertEquals(Map.of("url", url, "displayName", "ENG-41", "provider", "linear"), map(sc.get("externalIssue")));
    List<RecordedRequest> journal = fake.journal();
    assertTrue(journal.stream().allMatch(RecordedRequest::matched), journal::toString);
    RecordedRequest post = journal.get(journal.size() - 1);
    assertEquals("POST", post.method());
    assertEquals("/api/0/sentry-app-installations/7f1d3d62-2a3e-4a3c-9a56-0a7c5f1e8b42/external-issue-actions/",
        post.rawPath());
    assertEquals(url, post.queryParam("expectedExternalIssueUrl"));
    assertTrue(post.body().contains("\"issueId\":\"2f9c0b8e-5d4a-4f1b-9e63-1c7a8d2b4e90\""), post.body());
  }
}
