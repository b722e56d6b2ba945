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
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.core.internal.tools.Sanitized;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
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

class GetSnapshotToolTest {
  static final String TOOL = "get_snapshot";
  static final String PATH = "/api/0/organizations/sentry-mcp-evals/preprodartifacts/snapshots/231949/";
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

  static RenderedResult render(Map<String, ?> args, Session session) {
    RenderedResult r = mcp.callAndRender(TOOL, args, session);
    assertFalse(r.isError(), r::text);
    return r;
  }

  @Test
  void descriptorMatchesTheReference() {
    ToolDescriptor d = descriptor(mcp, TOOL);
    assertTrue(d.description().length() < 2048);
    assertTrue(d.description().endsWith("\n\n" + ToolSpec.REGIONS_NOTE));
    assertTrue(d.annotations().readOnly());
    assertFalse(d.annotations().destructive());
    assertTrue(d.annotations().openWorld());
    assertNull(d.outputSchema());
    assertEquals(Set.of(Scope.PROJECT_READ), d.requiredScopes());
    assertEquals(EnumSet.of(Skill.INSPECT), d.skills());
    assertEquals(Set.of("organizationSlug", "snapshotId", "showUnmodified", "regionUrl"),
        map(d.inputSchema().get("properties")).keySet());
    assertEquals(List.of("organizationSlug", "snapshotId"), d.inputSchema().get("required"));
  }

  @Test
  void summaryWithOneTablePerKindOfChange() {
    RenderedResult r = render(args("organizationSlug", ORG, "snapshotId", "231949"), session());
    assertEquals(Map.of("compact_metadata", "true"), query(onlyGet(fake, PATH)));
    String text = r.text();
    Sanitized.assertWellFormed(text);
    assertTrue(text.startsWith("# Snapshot 231949 in **sentry-mcp-evals**\n"), text);
    for (String v : List.of("diff", "visible", "feature/new-login", "getsentry/sentry-mcp", "requires_approval",
        "login_screen.png", "snapshots-iphone-16/auth_login_screen.png", "preferences_page.png", "settings_page.png",
        "new_modal.png", "old_banner.png")) {
      Sanitized.assertNotOutsideData(text, v);
    }
    Sanitized.assertShown(text, "789");
    String outside = Sanitized.outside(text);
    assertTrue(text.contains("\nImages: 2 changed, 1 added, 1 removed, 1 renamed, 1 unchanged\n"), text);
    assertTrue(text.contains("## Changed (2)"), text);
    assertTrue(text.contains("## Added (1)") && text.contains("## Removed (1)")
        && text.contains("## Renamed (1)"), text);
    assertTrue(text.contains("\npreferences_page.png | settings_page.png | settings |"
        + " snapshots-iphone-16/settings_page.png\n"), text);
    assertTrue(text.contains("\nold_banner.png | - | snapshots-iphone-16/old_banner.png\n"), text);
    assertTrue(text.contains("Sentry URL: " + fake.baseUrl()
        + "/organizations/sentry-mcp-evals/preprod/snapshots/231949/\n"), text);
    assertTrue(text.contains("12.5%") && text.contains("2.1%"), text);
    assertFalse(text.contains("## Unchanged"), text);
    assertFalse(text.contains("about.png"), text);
    assertTrue(outside.contains("`showUnmodified=true` lists them."), text);
    assertTrue(outside.contains("`get_snapshot_image` with its File as imageIdentifier."), text);
  }

  @Test
  void showUnmodifiedListsUnchangedImages() {
    RenderedResult r = render(args("organizationSlug", ORG, "snapshotId", "231949", "showUnmodified",
        true), session());
    onlyGet(fake, PATH);
    assertTrue(r.text().contains("## Unchanged (1)"), r.text());
    assertFalse(r.text().contains("## Skipped"), r.text());
    Sanitized.assertNotOutsideData(r.text(), "snapshots-iphone-16/about.png");
    assertFalse(r.text().contains("`showUnmodified=true`"), r.text());
  }

  @Test
  void unknownSnapshotIsNotFoundNamingTheParameters() {
    RenderedResult r = mcp.callAndRender(TOOL, args("organizationSlug", ORG, "snapshotId", "42"), session());
    assertTrue(r.isError());
    assertTrue(r.text().contains("snapshotId='42'"), r.text());
    onlyGet(fake, "/api/0/organizations/sentry-mcp-evals/preprodartifacts/snapshots/42/");
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".", "../1", "1/2", "%2e%2e", "1?x=1", " "})
  void pathTraversalIdsAreRefusedWithoutARequest(String id) {
    SentryMcpException e = failure(mcp, TOOL, args("organizationSlug", ORG, "snapshotId", id), session());
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(fake.journal().isEmpty(), () -> "requests: " + fake.journal());
  }

  @Test
  void organizationConstraintIsInjected() {
    render(args("snapshotId", "231949"), ToolTestSupport.orgConstrained("pinned-org"));
    onlyGet(fake, "/api/0/organizations/pinned-org/preprodartifacts/snapshots/231949/");
  }

  @Test
  void missingScopeIsRefused() {
    Session eventOnly = ToolTestSupport.session(b -> b.scopes(Set.of(Scope.EVENT_READ)).skills(Skill.active()));
    assertFalse(ToolTestSupport.available(mcp, eventOnly).contains(TOOL));
    assertEquals(ErrorKind.PERMISSION_DENIED,
        failure(mcp, TOOL, args("organizationSlug", ORG, "snapshotId", "231949"), eventOnly).kind());
    assertTrue(fake.journal().isEmpty());
  }
}
