package io.github.sentrymcp.core.internal.tools.projects;

import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.ORG;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.PROJECT;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.assertConforms;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.assertData;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.available;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.call;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.descriptor;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.engine;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.failure;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.list;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.map;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.onlyGet;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.projectConstrained;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.session;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.structured;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FindDsnsToolTest {
  private static final String KEY_ID = "d20df0a1ab5031c7f3c7edca9c02814d";
  private static final String PUBLIC_DSN =
      "https://d20df0a1ab5031c7f3c7edca9c02814d@o4509106732793856.ingest.us.sentry.io/4509109104082945";
  private static final String SECRET = "154001fd3dfe38130e1c7948a323fad8";

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
    ToolDescriptor d = descriptor(mcp, "find_dsns");
    ToolTestSupport.assertHouseStyle(d);
    assertEquals(Set.of(Scope.PROJECT_READ), d.requiredScopes());
    assertEquals(Set.of(Skill.PROJECT_MANAGEMENT), d.skills());
    assertEquals(Set.of("organizationSlug", "regionUrl", "projectSlug", "cursor"),
        map(d.inputSchema().get("properties")).keySet());
    assertEquals(List.of("organizationSlug", "projectSlug"), d.inputSchema().get("required"));
  }

  @Test
  void listsPublicDsnsOnly() {
    RenderedResult r = call(mcp, "find_dsns", args("organizationSlug", ORG, "projectSlug", PROJECT), session());

    assertNull(onlyGet(fake, "/api/0/projects/sentry-mcp-evals/cloudflare-mcp/keys/").rawQuery());
    String text = r.text();
    assertTrue(text.contains("# DSNs in sentry-mcp-evals/cloudflare-mcp\n"));
    // a table: Name, ID, DSN; the id is a hex id, here inside the row's region
    assertTrue(text.contains("\nName | ID | DSN\nDefault | " + KEY_ID + " | " + PUBLIC_DSN + "\n"), text);
    assertData(text, "Default");
    assertData(text, PUBLIC_DSN);
    Sanitized.assertNotOutsideData(text, PUBLIC_DSN);
    Sanitized.assertShown(text, KEY_ID);
    ToolTestSupport.assertRegionsMatchMeta(r);

    Map<String, Object> sc = structured(r);
    assertEquals(List.of(Map.of("id", KEY_ID, "name", "Default", "dsn", PUBLIC_DSN)), sc.get("dsns"));
    assertConforms(descriptor(mcp, "find_dsns").outputSchema(), sc);

    assertFalse(text.contains(SECRET), "secret key in text");
    assertFalse(String.valueOf(sc).contains(SECRET), "secret key in structured content");
    assertFalse(String.valueOf(r.meta()).contains(SECRET), "secret key in meta");
  }

  @Test
  void projectConstraintIsInjected() {
    call(mcp, "find_dsns", args("organizationSlug", "x", "projectSlug", "y"), projectConstrained(ORG, PROJECT));
    onlyGet(fake, "/api/0/projects/sentry-mcp-evals/cloudflare-mcp/keys/");
    assertTrue(available(mcp, projectConstrained(ORG, PROJECT)).contains("find_dsns"));
  }

  @Test
  void notAvailableWithoutProjectManagement() {
    Session inspectOnly = session(b -> b.skills(Set.of(Skill.INSPECT)));
    assertFalse(available(mcp, inspectOnly).contains("find_dsns"));
    assertEquals(ErrorKind.PERMISSION_DENIED,
        failure(mcp, "find_dsns", args("organizationSlug", ORG, "projectSlug", PROJECT), inspectOnly).kind());
  }

  @Test
  void projectIsRequired() {
    assertEquals(ErrorKind.INVALID_INPUT, failure(mcp, "find_dsns", args("organizationSlug", ORG), session()).kind());
    assertTrue(fake.journal().isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"../victim", "a/b", ".."})
  void invalidSlugsAreRefusedBeforeAnyRequest(String slug) {
    assertEquals(ErrorKind.INVALID_INPUT,
        failure(mcp, "find_dsns", args("organizationSlug", slug, "projectSlug", PROJECT), session()).kind());
    assertEquals(ErrorKind.INVALID_INPUT,
        failure(mcp, "find_dsns", args("organizationSlug", ORG, "projectSlug", slug), session()).kind());
    assertTrue(fake.journal().isEmpty());
  }

  @Test
  void unknownProjectRendersNotFound() {
    RenderedResult r = mcp.callAndRender("find_dsns",
        args("organizationSlug", ORG, "projectSlug", "nonexistent-project"), session());
    assertTrue(r.isError());
    assertTrue(r.text().contains("projectSlug='nonexistent-project'"), r.text());
    assertEquals("not_found", map(map(r.structuredContent()).get("error")).get("kind"));
  }

  @Test
  void aKeyWithoutAPublicDsnSaysSoAndAKeyWithoutAnIdIsLeftOut() {
    fake.override("GET", "/api/0/projects/*/*/keys/",
        "[{\"id\": \"k1\", \"name\": \"Browser\", \"dsn\": {\"secret\": \"https://x:" + SECRET + "@o1/1\"}},"
            + " {\"name\": \"No id\", \"dsn\": {\"public\": \"https://y@o1/1\"}}]");
    RenderedResult r = call(mcp, "find_dsns", args("organizationSlug", ORG, "projectSlug", PROJECT), session());
    String text = r.text();
    // one row; the key has no public DSN, and the column says so
    assertTrue(text.contains("\nName | ID | DSN\nBrowser | k1 | not available\n"), text);
    assertFalse(text.contains("No id"), text);
    assertFalse(text.contains("https://y@o1/1"), text);
    assertFalse(text.contains(SECRET), text);
    Map<String, Object> dsn = new java.util.HashMap<>();
    dsn.put("id", "k1");
    dsn.put("name", "Browser");
    dsn.put("dsn", null);
    assertEquals(List.of(dsn), structured(r).get("dsns"));
    assertConforms(descriptor(mcp, "find_dsns").outputSchema(), structured(r));
  }

  @Test
  void aKeyWithoutAPublicDsnNextToOneWithASaysSo() {
    fake.override("GET", "/api/0/projects/*/*/keys/",
        "[{\"id\": \"k1\", \"name\": \"Browser\", \"dsn\": {\"secret\": \"https://x:" + SECRET + "@o1/1\"}},"
            + " {\"id\": \"k2\", \"name\": \"Server\", \"dsn\": {\"public\": \"https://y@o1/1\"}}]");
    RenderedResult r = call(mcp, "find_dsns", args("organizationSlug", ORG, "projectSlug", PROJECT), session());
    String text = r.text();
    assertTrue(text.contains("\nName | ID | DSN\nBrowser | k1 | not available\nServer | k2 | https://y@o1/1\n"), text);
    assertData(text, "https://y@o1/1");
    assertFalse(text.contains(SECRET), text);
  }

  @Test
  void emptyKeyList() {
    fake.override("GET", "/api/0/projects/*/*/keys/", "[]");
    RenderedResult r = call(mcp, "find_dsns", args("organizationSlug", ORG, "projectSlug", PROJECT), session());
    assertEquals(List.of(), structured(r).get("dsns"));
    assertTrue(r.text().contains("No client keys found"));
    assertTrue(list(structured(r).get("dsns")).isEmpty());
  }
}
