package io.github.sentrymcp.core.internal.tools.organizations;

import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.assertConforms;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.assertData;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.call;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.constrained;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.descriptor;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.engine;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.map;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.onlyGet;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.orgConstrained;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.session;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.structured;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.SessionConstraints;
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

class WhoamiToolTest {
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

  @Test
  void descriptorMatchesTheReference() {
    ToolDescriptor d = descriptor(mcp, "whoami");
    ToolTestSupport.assertHouseStyle(d);
    assertEquals(Set.of(), d.requiredScopes());
    assertEquals(EnumSet.allOf(Skill.class), d.skills());
    assertEquals(Map.of(), d.inputSchema().get("properties"));
  }

  @Test
  void getsAuthAndRendersTheUser() {
    RenderedResult r = call(mcp, "whoami", Map.of(), session());

    var req = onlyGet(fake, "/api/0/auth/");
    assertNull(req.rawQuery());
    String text = r.text();
    assertData(text, "Test User");
    assertData(text, "test@example.com");
    Sanitized.assertNotOutsideData(text, "Test User");
    Sanitized.assertNotOutsideData(text, "test@example.com");
    // the numeric user id is shown bare
    Sanitized.assertShown(text, "123456");
    assertTrue(text.contains("\nUser ID: 123456"), text);
    assertEquals(List.of("user.id"), ToolTestSupport.provenance(r).get("bare"));
    // the region's trust class is in _meta, not in the text; there is no preamble any more
    Map<String, Object> meta = ToolTestSupport.regionMetaOf(r, "Test User");
    assertEquals(List.of("untrusted-authenticated"), meta.get("trust"));
    assertEquals(List.of("user.name", "user.email"), meta.get("sources"));
    assertTrue(text.startsWith("# Authenticated User\n"), text);
    assertFalse(text.contains("Every value from Sentry"), text);
    assertFalse(text.contains("SANDBOX"));
    // nothing is said about what is not set
    assertFalse(text.contains("Session Constraints"), text);
    assertFalse(text.contains("Sandbox"), text);

    Map<String, Object> sc = structured(r);
    assertEquals(Map.of("id", "123456", "name", "Test User", "email", "test@example.com"), sc.get("user"));
    assertTrue(sc.containsKey("sessionConstraints"));
    assertNull(sc.get("sessionConstraints"));
    assertEquals(false, sc.get("sandbox"));
    assertConforms(descriptor(mcp, "whoami").outputSchema(), sc);
  }

  @Test
  void needsNoScopes() {
    RenderedResult r = call(mcp, "whoami", Map.of(), session(b -> b.scopes(Set.of()).skills(Set.of(Skill.DOCS))));
    assertEquals("123456", map(structured(r).get("user")).get("id"));
  }

  @Test
  void reportsOnlyTheSetConstraints() {
    RenderedResult r = call(mcp, "whoami", Map.of(), orgConstrained("my-org"));
    Map<String, Object> sc = structured(r);
    assertEquals(Map.of("organizationSlug", "my-org"), sc.get("sessionConstraints"));
    assertTrue(r.text().contains("\n## Session Constraints\n"), r.text());
    assertTrue(r.text().contains("\nOrganization: my-org"), r.text());
    assertFalse(r.text().contains("Project:"), r.text());
    assertConforms(descriptor(mcp, "whoami").outputSchema(), sc);

    r = call(mcp, "whoami", Map.of(), constrained(new SessionConstraints("my-org", "my-project", null)));
    assertEquals(Map.of("organizationSlug", "my-org", "projectSlug", "my-project"),
        structured(r).get("sessionConstraints"));
    assertTrue(r.text().contains("\nOrganization: my-org\nProject: my-project"), r.text());
  }

  @Test
  void sandboxModeIsSpelledOut() {
    SentryMcp sandbox = engine(fake, b -> b.sandbox(true));
    RenderedResult r = call(sandbox, "whoami", Map.of(), session());
    assertTrue(r.text().contains("**SANDBOX MODE**"));
    assertTrue(r.text().contains("fake sample data"));
    assertEquals(true, structured(r).get("sandbox"));
    assertConforms(descriptor(sandbox, "whoami").outputSchema(), structured(r));
  }

  @Test
  void rejectsArguments() {
    var e = ToolTestSupport.failure(mcp, "whoami", Map.of("organizationSlug", "x"), session());
    assertEquals(io.github.sentrymcp.api.ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(fake.journal().isEmpty());
  }
}
