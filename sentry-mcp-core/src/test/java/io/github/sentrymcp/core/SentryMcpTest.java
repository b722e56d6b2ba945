package io.github.sentrymcp.core;

import io.github.sentrymcp.api.ConfigurationException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SentryTool;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolAnnotations;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.testkit.FakeSentry;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Availability and enforcement: skills, scopes and constraints decide what is listed and what may be called. */
class SentryMcpTest {
  private static final List<String> ALL_TOOLS = List.of("whoami", "find_organizations", "find_teams",
      "find_projects", "find_releases", "find_dsns", "get_issue_details", "get_trace_details",
      "get_event_attachment", "search_issue_events");

  private static FakeSentry fake;

  @BeforeAll
  static void start() {
    fake = FakeSentry.builder().build();
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  @BeforeEach
  void clear() {
    fake.reset();
  }

  private static SentryMcp engine(UnaryOperator<SentryMcpConfig.Builder> customize) {
    SentryMcpConfig config = customize.apply(SentryMcpConfig.builder(AccessToken.of("sntrys_test"))
        .host(fake.hostAndPort()).insecureHttp(true)).build();
    return SentryMcp.create(config);
  }

  private static List<String> names(List<ToolDescriptor> tools) {
    return tools.stream().map(ToolDescriptor::name).toList();
  }

  @Test
  void defaultGrantListsEveryReadTool() {
    SentryMcp mcp = engine(b -> b);
    assertEquals(ALL_TOOLS, names(mcp.availableTools()));
    for (ToolDescriptor d : mcp.availableTools()) {
      assertTrue(d.annotations().readOnly(), d.name());
      assertFalse(d.annotations().destructive(), d.name());
      assertTrue(d.description().length() < 2048, d.name());
      assertEquals("object", d.inputSchema().get("type"), d.name());
    }
  }

  @Test
  void toolsWhoseScopesAreNotGrantedAreNeitherListedNorCallable() {
    SentryMcp mcp = engine(b -> b.scopes("org:read"));
    List<String> listed = names(mcp.availableTools());
    assertTrue(listed.contains("whoami"));
    assertTrue(listed.contains("find_organizations"));
    assertFalse(listed.contains("find_projects"));
    assertFalse(listed.contains("get_issue_details"));

    SentryMcpException e = assertThrows(SentryMcpException.class,
        () -> mcp.call("find_projects", Map.of("organizationSlug", "sentry-mcp-evals")));
    assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
    assertTrue(e.getMessage().contains("project:read"), e.getMessage());
    assertTrue(e.getMessage().contains("--add-scopes=project:read"), e.getMessage());
    assertTrue(fake.journal().isEmpty(), "no request may be made for a denied call");
  }

  @Test
  void higherScopesImplyLowerOnesOfTheSameResourceOnly() {
    SentryMcp mcp = engine(b -> b.scopes("org:admin,project:write"));
    List<String> listed = names(mcp.availableTools());
    assertTrue(listed.contains("find_organizations"));
    assertTrue(listed.contains("find_projects"));
    assertFalse(listed.contains("find_teams"), "team:read is not implied by org:admin");
    assertFalse(listed.contains("get_issue_details"), "event:read is not implied by project:write");
  }

  @Test
  void skillsGateToolsToo() {
    SentryMcp mcp = engine(b -> b.skills("project-management"));
    List<String> listed = names(mcp.availableTools());
    assertTrue(listed.contains("find_dsns"));
    assertFalse(listed.contains("get_issue_details"));
    assertFalse(listed.contains("find_releases"));
    SentryMcpException e = assertThrows(SentryMcpException.class, () -> mcp.call("get_issue_details",
        Map.of("organizationSlug", "sentry-mcp-evals", "issueId", "CLOUDFLARE-MCP-41")));
    assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
    assertTrue(e.getMessage().contains("--skills"), e.getMessage());
    assertTrue(fake.journal().isEmpty());
  }

  @Test
  void organizationConstraintHidesParametersInjectsValuesAndHidesFindOrganizations() {
    SentryMcp mcp = engine(b -> b.organizationSlug("sentry-mcp-evals"));
    List<ToolDescriptor> tools = mcp.availableTools();
    assertFalse(names(tools).contains("find_organizations"));
    for (ToolDescriptor d : tools) {
      @SuppressWarnings("unchecked")
      Map<String, Object> props = (Map<String, Object>) d.inputSchema().get("properties");
      assertFalse(props.containsKey("organizationSlug"), d.name());
    }
    // a caller that still sends another org is overridden by the constraint
    mcp.call("find_projects", Map.of("organizationSlug", "victim-org"));
    assertTrue(fake.journal().stream().allMatch(r -> r.rawPath().startsWith("/api/0/organizations/sentry-mcp-evals/")),
        () -> fake.journal().toString());
    SentryMcpException e = assertThrows(SentryMcpException.class, () -> mcp.call("find_organizations", Map.of()));
    assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
  }

  @Test
  void unknownToolsAndBadArgumentsAreClearInputErrors() {
    SentryMcp mcp = engine(b -> b);
    SentryMcpException unknown = assertThrows(SentryMcpException.class, () -> mcp.call("drop_database", Map.of()));
    assertEquals(ErrorKind.INVALID_INPUT, unknown.kind());
    assertTrue(unknown.getMessage().contains("drop_database"));

    SentryMcpException bad = assertThrows(SentryMcpException.class,
        () -> mcp.call("find_projects", Map.of("organizationSlug", "../evil", "bogus", 1)));
    assertEquals(ErrorKind.INVALID_INPUT, bad.kind());
    assertTrue(bad.getMessage().contains("organizationSlug"), bad.getMessage());
    assertTrue(bad.getMessage().contains("\"bogus\": unknown parameter"), bad.getMessage());
    assertTrue(fake.journal().isEmpty());
  }

  @Test
  void callAndRenderNeverThrowsAndNeverLeaksExceptionText() {
    SentryMcp mcp = SentryMcp.builder(SentryMcpConfig.builder(AccessToken.of("sntrys_test"))
            .host(fake.hostAndPort()).insecureHttp(true).build())
        .tool(env -> new SentryTool() {
          @Override
          public ToolDescriptor descriptor() {
            return new ToolDescriptor("boom", "Boom", "Always fails.", Map.of("type", "object"), null,
                ToolAnnotations.READ_ONLY, Set.of(), EnumSet.of(Skill.INSPECT));
          }

          @Override
          public ToolResult call(Map<String, ?> arguments, CallContext context) {
            throw new IllegalStateException("secret internal detail sntrys_test");
          }
        })
        .build();
    RenderedResult r = mcp.callAndRender("boom", Map.of(), mcp.defaultContext());
    assertTrue(r.isError());
    assertFalse(r.text().contains("secret internal detail"));
    assertFalse(r.text().contains("sntrys_test"));
    assertEquals(Map.of("kind", "internal"), r.structuredContent().get("error"));

    RenderedResult unknown = mcp.callAndRender("nope", Map.of(), mcp.defaultContext());
    assertTrue(unknown.isError());
    assertTrue(unknown.text().startsWith("**Input Error**"), unknown.text());
  }

  @Test
  void anUnavailableHostToolIsNeverInvoked() {
    java.util.concurrent.atomic.AtomicInteger invoked = new java.util.concurrent.atomic.AtomicInteger();
    SentryMcp mcp = SentryMcp.builder(SentryMcpConfig.builder(AccessToken.of("sntrys_test"))
            .host(fake.hostAndPort()).insecureHttp(true).skills("inspect").build())
        .tool(env -> new SentryTool() {
          @Override
          public ToolDescriptor descriptor() {
            return new ToolDescriptor("host_write", "Host write", "Writes something.", Map.of("type", "object"),
                null, new ToolAnnotations(false, true, false, true), Set.of(Scope.EVENT_WRITE),
                EnumSet.of(Skill.TRIAGE));
          }

          @Override
          public ToolResult call(Map<String, ?> arguments, CallContext context) {
            invoked.incrementAndGet(); // this host tool does no permission check of its own
            return ToolResult.builder().paragraph("done").build();
          }
        })
        .build();
    assertFalse(names(mcp.availableTools()).contains("host_write"));
    SentryMcpException e = assertThrows(SentryMcpException.class, () -> mcp.call("host_write", Map.of()));
    assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
    assertTrue(e.getMessage().contains("--skills"), e.getMessage());
    assertEquals(0, invoked.get(), "an unavailable tool must not run");
  }

  @Test
  void contextsCanNarrowTheGrantPerCall() {
    SentryMcp mcp = engine(b -> b);
    CallContext narrow = new CallContext(EnumSet.of(Scope.ORG_READ), EnumSet.of(Skill.INSPECT),
        SessionConstraints.NONE, io.github.sentrymcp.api.CancellationSignal.never());
    assertFalse(names(mcp.availableTools(narrow)).contains("find_teams"));
    assertThrows(SentryMcpException.class,
        () -> mcp.call("find_teams", Map.of("organizationSlug", "sentry-mcp-evals"), narrow));
    assertTrue(fake.journal().isEmpty());
  }

  @Test
  void toolAllowListLimitsListingAndCalling() {
    SentryMcp mcp = engine(b -> b.tools("whoami, find_projects"));
    assertEquals(List.of("whoami", "find_projects"), names(mcp.availableTools()));
    SentryMcpException e = assertThrows(SentryMcpException.class,
        () -> mcp.call("find_teams", Map.of("organizationSlug", "sentry-mcp-evals")));
    assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
    assertTrue(e.getMessage().contains("--tools"), e.getMessage());
    assertTrue(fake.journal().isEmpty(), "a refused call makes no request");
    mcp.call("find_projects", Map.of("organizationSlug", "sentry-mcp-evals"));
    assertEquals(1, fake.journal().size());
  }

  @Test
  void toolDenyListWinsAndIsEnforcedAtCallTimeForDirectToolCallsToo() {
    SentryMcp mcp = engine(b -> b.tools("whoami,find_projects").disableTools("find_projects"));
    assertEquals(List.of("whoami"), names(mcp.availableTools()));
    SentryMcpException e = assertThrows(SentryMcpException.class,
        () -> mcp.call("find_projects", Map.of("organizationSlug", "sentry-mcp-evals")));
    assertTrue(e.getMessage().contains("--disable-tools"), e.getMessage());
    // the tool object itself refuses too, for hosts that call it without the engine
    SentryTool tool = mcp.tool("find_projects").orElseThrow();
    assertThrows(SentryMcpException.class,
        () -> tool.call(Map.of("organizationSlug", "sentry-mcp-evals"), mcp.defaultContext()));
    assertTrue(fake.journal().isEmpty());
  }

  @Test
  void unknownOrMalformedToolNamesAreConfigurationErrors() {
    ConfigurationException unknown = assertThrows(ConfigurationException.class,
        () -> engine(b -> b.tools("whoami,find_everything").disableTools("nope")));
    assertTrue(unknown.problems().get(0).contains("\"find_everything\", \"nope\""), unknown.problems().toString());
    assertTrue(unknown.problems().get(0).contains("available tools: whoami"), unknown.problems().toString());
    ConfigurationException malformed = assertThrows(ConfigurationException.class,
        () -> SentryMcpConfig.builder(AccessToken.of("t")).tools("Who Am I").disableTools("x;y").build());
    assertEquals(2, malformed.problems().size(), malformed.problems().toString());
  }

  @Test
  void builtinToolNamesMatchTheCatalog() {
    assertEquals(io.github.sentrymcp.core.tools.BuiltinTools.names(),
        engine(b -> b).allTools().stream().map(t -> t.descriptor().name()).toList());
  }

  @Test
  void everyAdvertisedParameterDeclaresItsType() {
    SentryMcp mcp = engine(b -> b.allSkills(true).scopes("org:admin,project:admin,team:admin,event:admin"));
    for (SentryTool t : mcp.allTools()) {
      @SuppressWarnings("unchecked")
      Map<String, Map<String, Object>> props =
          (Map<String, Map<String, Object>>) t.descriptor().inputSchema().get("properties");
      props.forEach((name, schema) -> assertTrue(schema.containsKey("type") || schema.containsKey("anyOf"),
          t.descriptor().name() + "." + name + " has no type: " + schema));
    }
  }
}
