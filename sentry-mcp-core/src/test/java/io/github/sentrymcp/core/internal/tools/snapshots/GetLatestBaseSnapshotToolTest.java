package io.github.sentrymcp.core.internal.tools.snapshots;

import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.ORG;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.descriptor;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.engine;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.failure;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.map;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.onlyGet;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.query;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.core.internal.tools.Sanitized;
import io.github.sentrymcp.core.internal.tools.ToolTestSupport;
import io.github.sentrymcp.testkit.FakeSentry;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GetLatestBaseSnapshotToolTest {
  static final String TOOL = "get_latest_base_snapshot";
  static final String PATH = "/api/0/organizations/sentry-mcp-evals/preprodartifacts/snapshots/latest-base/";
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

  @BeforeEach
  void reset() {
    fake.reset();
  }

  private static RenderedResult render(Map<String, ?> args, Session session) {
    RenderedResult r = mcp.callAndRender(TOOL, args, session);
    assertFalse(r.isError(), r::text);
    return r;
  }

  @Test
  void descriptorMatchesTheReference() {
    ToolDescriptor d = descriptor(mcp, TOOL);
    assertTrue(d.description().length() < 2048);
    assertTrue(d.annotations().readOnly());
    assertFalse(d.annotations().destructive());
    assertNull(d.outputSchema());
    assertEquals(Set.of(Scope.PROJECT_READ), d.requiredScopes());
    assertEquals(EnumSet.of(Skill.INSPECT), d.skills());
    assertEquals(Set.of("organizationSlug", "appId", "branch", "project", "regionUrl"),
        map(d.inputSchema().get("properties")).keySet());
    assertEquals(List.of("organizationSlug", "appId"), d.inputSchema().get("required"));
  }

  @Test
  void theAppsImagesWithASlugProjectAndABranch() {
    RenderedResult r = render(args("organizationSlug", ORG, "appId", "com.example.mcp", "project", "cloudflare-mcp",
        "branch", "main"), session());
    assertEquals(Map.of("app_id", "com.example.mcp", "branch", "main", "projectSlug", "cloudflare-mcp",
        "compact_metadata", "true"), query(onlyGet(fake, PATH)));
    String text = r.text();
    Sanitized.assertWellFormed(text);
    assertTrue(text.startsWith("# Latest base snapshot in **sentry-mcp-evals**\n"), text);
    for (String v : List.of("com.example.mcp", "231900", "MCP Example", "ios", "main", "login_screen.png",
        "snapshots-iphone-16/auth_login_screen.png", "Auth login view", "Dark mode")) {
      Sanitized.assertNotOutsideData(text, v);
    }
    assertTrue(text.contains("\nImages: 3\n"), text);
    assertTrue(Sanitized.outside(text).contains("`get_snapshot_image` with the snapshot ID"), text);
  }

  @Test
  void aNumericProjectIsSentAsProjectAndNoBranchIsLeftOut() {
    render(args("organizationSlug", ORG, "appId", "com.example.mcp", "project", "4509109104082945"), session());
    assertEquals(Map.of("app_id", "com.example.mcp", "project", "4509109104082945", "compact_metadata", "true"),
        query(onlyGet(fake, PATH)));
  }

  @Test
  void aProjectConstraintIsUsedAndAnotherProjectRefusedBeforeAnyRequest() {
    Session pinned = ToolTestSupport.projectConstrained(ORG, "cloudflare-mcp");
    render(args("organizationSlug", ORG, "appId", "com.example.mcp"), pinned);
    assertEquals("cloudflare-mcp", query(onlyGet(fake, PATH)).get("projectSlug"));
    fake.reset();
    assertEquals(ErrorKind.PERMISSION_DENIED, failure(mcp, TOOL,
        args("organizationSlug", ORG, "appId", "com.example.mcp", "project", "other"), pinned).kind());
    assertTrue(fake.journal().isEmpty(), () -> "requests: " + fake.journal());
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "../x", "a/b", "%2e", "x y"})
  void badProjectsAreRefusedWithoutARequest(String project) {
    assertEquals(ErrorKind.INVALID_INPUT, failure(mcp, TOOL,
        args("organizationSlug", ORG, "appId", "com.example.mcp", "project", project), session()).kind());
    assertTrue(fake.journal().isEmpty(), () -> "requests: " + fake.journal());
  }

  @Test
  void anEmptyOrOddAnswerStillRenders() {
    fake.override("GET", "/api/0/organizations/*/preprodartifacts/snapshots/latest-base/",
        "{\"id\":null,\"images\":\"nope\",\"vcs_info\":null}");
    RenderedResult r = render(args("organizationSlug", ORG, "appId", "com.example.mcp"), session());
    assertTrue(r.text().contains("\nImages: 0\n") && r.text().contains("This snapshot lists no images."), r.text());
  }

  @Test
  void missingScopeIsRefused() {
    Session eventOnly = ToolTestSupport.session(b -> b.scopes(Set.of(Scope.EVENT_READ)).skills(Skill.active()));
    assertEquals(ErrorKind.PERMISSION_DENIED,
        failure(mcp, TOOL, args("organizationSlug", ORG, "appId", "com.example.mcp"), eventOnly).kind());
    assertTrue(fake.journal().isEmpty());
  }
}
