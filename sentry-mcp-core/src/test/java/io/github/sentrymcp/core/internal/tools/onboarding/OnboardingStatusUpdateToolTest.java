package io.github.sentrymcp.core.internal.tools.onboarding;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertNoRequests;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertRequests;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.call;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.failure;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolAnnotations;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.internal.tools.WireMockApi;
import io.github.sentrymcp.core.internal.tools.WireMockApi.Grant;
import io.github.sentrymcp.core.internal.tools.WriteToolTestSupport;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OnboardingStatusUpdateToolTest {
  static final String TOOL = "onboarding_status_update";
  static final String ORG = "acme";
  static final String PATH = "/api/0/organizations/acme/onboarding/agent/status/";
  static final String TOKEN = "AbC123xYz9";
  static final String RUN = "{\"schemaVersion\":1,\"runId\":\"2d27f6654b754dcaa2d26af18274d142\",\"sequence\":1,"
      + "\"continueUpdates\":true,\"runStatus\":\"active\",\"stages\":[]}";

  @RegisterExtension
  static final WireMockApi api = new WireMockApi(Grant.EVENT_WRITE);

  static Map<String, @Nullable Object> update(@Nullable Object... kv) {
    return args(kv);
  }

  static Map<String, @Nullable Object> withUpdate(Map<String, ?> update) {
    return args("organizationSlug", ORG, "runToken", TOKEN, "update", update);
  }

  @Test
  void descriptorMatchesTheReference() {
    ToolDescriptor d = WriteToolTestSupport.assertDescriptor(api.mcp(), TOOL,
        new ToolAnnotations(false, false, true, true), Set.of(Scope.ORG_READ), EnumSet.allOf(Skill.class));
    WriteToolTestSupport.assertInputs(d, List.of("organizationSlug", "regionUrl", "runToken", "update"),
        List.of("organizationSlug", "runToken", "update"));
    assertNull(d.outputSchema());
    assertTrue(d.description().length() < 1024, d.description());
  }

  @Test
  void postsTheUpdateOnceAndSaysWhetherToContinue() {
    String body = "{\"schemaVersion\":1,\"runToken\":\"" + TOKEN + "\",\"stage\":\"connect_mcp\","
        + "\"status\":\"completed\"}";
    api.wm().stubFor(post(urlEqualTo(PATH)).withRequestBody(equalToJson(body)).willReturn(json(200, RUN)));
    RenderedResult r = call(api, TOOL, withUpdate(update("stage", "connect_mcp", "status", "completed")));
    assertRequests(api.wm(), "POST " + PATH);
    api.wm().verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson(body)));
    assertEquals("Onboarding status updated. Continue updates: yes.", r.text().strip());

    api.wm().resetAll();
    api.wm().stubFor(post(urlEqualTo(PATH)).willReturn(json(200, RUN.replace("true", "false"))));
    r = call(api, TOOL, withUpdate(update("stage", "prepare_production", "status", "completed", "runStatus",
        "completed", "eventNote", "  All done. ")));
    api.wm().verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("{\"schemaVersion\":1,"
        + "\"runToken\":\"" + TOKEN + "\",\"stage\":\"prepare_production\",\"status\":\"completed\","
        + "\"runStatus\":\"completed\",\"eventNote\":\"All done.\"}")));
    assertTrue(r.text().contains("Continue updates: no."), r.text());
  }

  @Test
  void extraGoesWithItsStageOnly() {
    api.wm().stubFor(post(urlEqualTo(PATH)).willReturn(json(200, RUN)));
    call(api, TOOL, withUpdate(update("stage", "create_project", "status", "active", "extra",
        Map.of("projectSlugs", List.of(" backend ", "web")))));
    api.wm().verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("{\"schemaVersion\":1,"
        + "\"runToken\":\"" + TOKEN + "\",\"stage\":\"create_project\",\"status\":\"active\","
        + "\"extra\":{\"projectSlugs\":[\"backend\",\"web\"]}}")));
    api.wm().resetRequests();
    call(api, TOOL, withUpdate(update("stage", "receive_verification_error", "status", "completed", "extra",
        Map.of("issueIds", List.of("PROJ-1")))));
    api.wm().verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("{\"schemaVersion\":1,"
        + "\"runToken\":\"" + TOKEN + "\",\"stage\":\"receive_verification_error\",\"status\":\"completed\","
        + "\"extra\":{\"issueIds\":[\"PROJ-1\"]}}")));
  }

  @Test
  void aRunThatDoesNotSayIsToleratedAndAServerErrorIsNotRetried() {
    api.wm().stubFor(post(urlEqualTo(PATH)).willReturn(json(200, "{\"continueUpdates\":null}")));
    RenderedResult r = call(api, TOOL, withUpdate(update("stage", "analyze_project", "status", "active")));
    assertTrue(r.text().contains("Continue updates: not stated by Sentry."), r.text());
    api.wm().resetAll();
    api.wm().stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(503)));
    failure(api, TOOL, withUpdate(update("stage", "analyze_project", "status", "active")), ErrorKind.UPSTREAM_ERROR);
    assertRequests(api.wm(), "POST " + PATH);
  }

  @Test
  void badArgumentsSendNothing() {
    List<Map<String, @Nullable Object>> bad = new ArrayList<>();
    for (String token : List.of("short", "AbC123xYz9x", "AbC123xYz!", "../../../x", "")) {
      bad.add(args("organizationSlug", ORG, "runToken", token, "update",
          update("stage", "connect_mcp", "status", "active")));
    }
    bad.add(args("organizationSlug", ORG, "runToken", TOKEN));
    bad.add(args("organizationSlug", ORG, "runToken", TOKEN, "update", "connect_mcp"));
    bad.add(args("organizationSlug", "../victim", "runToken", TOKEN, "update",
        update("stage", "connect_mcp", "status", "active")));
    for (Map<String, @Nullable Object> u : List.of(
        update("status", "active"),
        update("stage", "connect_mcp"),
        update("stage", "nope", "status", "active"),
        update("stage", "connect_mcp", "status", "cancelled"),
        update("stage", "connect_mcp", "status", "active", "runStatus", "active"),
        update("stage", "connect_mcp", "status", "failed"),
        update("stage", "connect_mcp", "status", "active", "eventNote", "   "),
        update("stage", "connect_mcp", "status", "active", "eventNote", "x".repeat(257)),
        update("stage", "connect_mcp", "status", "active", "eventNote", 5),
        update("stage", "connect_mcp", "status", "active", "other", 1),
        update("stage", "connect_mcp", "status", "active", "extra", Map.of("projectSlugs", List.of("a"))),
        update("stage", "create_project", "status", "active", "extra", Map.of("issueIds", List.of("a"))),
        update("stage", "create_project", "status", "active", "extra", Map.of("projectSlugs", List.of())),
        update("stage", "create_project", "status", "active", "extra", Map.of("projectSlugs", List.of(" "))),
        update("stage", "create_project", "status", "active", "extra",
            Map.of("projectSlugs", java.util.Collections.nCopies(101, "a"))),
        update("stage", "create_project", "status", "active", "extra", "backend"))) {
      bad.add(withUpdate(u));
    }
    for (Map<String, @Nullable Object> a : bad) {
      SentryMcpException e = failure(api, TOOL, a, ErrorKind.INVALID_INPUT);
      assertFalse(e.getMessage().contains("xxxxxxxxxx"), e.getMessage());
    }
    assertNoRequests(api.wm());
  }

  @Test
  void aFailedStageNeedsANote() {
    SentryMcpException e = failure(api, TOOL, withUpdate(update("stage", "instrument_app", "status", "failed")),
        ErrorKind.INVALID_INPUT);
    assertTrue(e.getMessage().contains("eventNote is required when status is failed"), e.getMessage());
    assertNoRequests(api.wm());
  }

  @Test
  void theReadGrantIsEnoughAndAConstrainedSessionWritesOnlyInItsOrganization() {
    api.wm().stubFor(post(urlEqualTo(PATH)).willReturn(json(200, RUN)));
    Session readOnly = api.readOnly();
    call(api, TOOL, withUpdate(update("stage", "connect_mcp", "status", "active")), readOnly);
    assertRequests(api.wm(), "POST " + PATH);
    api.wm().resetRequests();
    call(api, TOOL, args("runToken", TOKEN, "update", update("stage", "connect_mcp", "status", "active")),
        api.orgConstrained(ORG));
    assertRequests(api.wm(), "POST " + PATH);
    api.wm().resetRequests();
    failure(api, TOOL, args("organizationSlug", "victim-org", "runToken", TOKEN, "update",
        update("stage", "connect_mcp", "status", "active")), api.orgConstrained(ORG), ErrorKind.PERMISSION_DENIED);
    assertNoRequests(api.wm());
  }

  @Test
  void noSurfaceListsItButTheWriteExecutorReachesIt() {
    for (Session s : List.of(api.readOnly(), api.writer())) {
      assertTrue(names(api.mcp().availableTools(s)).contains(TOOL));
      for (io.github.sentrymcp.api.Surface surface : io.github.sentrymcp.api.Surface.values()) {
        List<String> listed = names(api.mcp().listedTools(s, surface));
        assertFalse(listed.contains(TOOL), surface + ": " + listed);
      }
    }
    // the read grant lists nothing that changes data, so not the write executor either
    assertFalse(names(api.mcp().listedTools(api.readOnly(), io.github.sentrymcp.api.Surface.GATEWAY))
        .contains("execute_sentry_write_tool"));
    api.wm().stubFor(post(urlEqualTo(PATH)).willReturn(json(200, RUN)));
    Map<String, @Nullable Object> exec = args("name", TOOL, "arguments",
        withUpdate(update("stage", "connect_mcp", "status", "active")));
    RenderedResult r = call(api, "execute_sentry_write_tool", exec, api.writer());
    assertTrue(r.text().contains("Continue updates: yes."), r.text());
    assertRequests(api.wm(), "POST " + PATH);
  }

  static List<String> names(List<ToolDescriptor> tools) {
    return tools.stream().map(ToolDescriptor::name).toList();
  }

  @Test
  void withoutOrgReadNothingIsSent() {
    Session noOrg = api.session(b -> b.scopes("event:read"));
    WriteToolTestSupport.assertDenied(api, noOrg, TOOL, withUpdate(update("stage", "connect_mcp", "status", "active")),
        "org:read");
  }
}
