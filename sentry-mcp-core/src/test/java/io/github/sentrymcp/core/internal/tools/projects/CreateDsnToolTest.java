package io.github.sentrymcp.core.internal.tools.projects;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.ORG;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.PROJECT;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.assertConforms;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.descriptor;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.structured;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertConstraintChecks;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertDescriptor;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertInputs;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertPermissionChecks;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertSentryValidationError;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.call;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.callWithOneRequest;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.failure;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.json;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.rejected;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolAnnotations;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.internal.tools.Sanitized;
import io.github.sentrymcp.core.internal.tools.WireMockApi.Grant;
import io.github.sentrymcp.core.internal.tools.WireMockApi;
import io.github.sentrymcp.testkit.FakeSentry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CreateDsnToolTest {
  private static final String TOOL = "create_dsn";
  private static final String PATH = "/api/0/projects/sentry-mcp-evals/cloudflare-mcp/keys/";
  private static final String KEY_ID = "d20df0a1ab5031c7f3c7edca9c02814d";
  private static final String PUBLIC_DSN =
      "https://d20df0a1ab5031c7f3c7edca9c02814d@o4509106732793856.ingest.us.sentry.io/4509109104082945";
  private static final String SECRET = "154001fd3dfe38130e1c7948a323fad8";
  private static final String PRODUCTION = "{\"name\":\"Production\"}";

  @RegisterExtension
  static final WireMockApi api = new WireMockApi(Grant.PROJECT_WRITE);

  private static Map<String, Object> valid() {
    return Map.of("organizationSlug", ORG, "projectSlug", PROJECT, "name", "Production");
  }

  private static void stubCreated() {
    api.wm().stubFor(post(urlEqualTo(PATH)).willReturn(json(201,
        FakeSentry.fixture("client-key").replace("\"name\": \"Default\"", "\"name\": \"Production\""))));
  }

  @Test
  void descriptorMatchesTheReference() {
    ToolDescriptor d = assertDescriptor(api.mcp(), TOOL, new ToolAnnotations(false, false, null, true),
        Set.of(Scope.PROJECT_WRITE), Set.of(Skill.PROJECT_MANAGEMENT));
    assertInputs(d, List.of("organizationSlug", "regionUrl", "projectSlug", "name"),
        List.of("organizationSlug", "projectSlug", "name"));
    assertNotNull(d.outputSchema());
    assertTrue(d.description().contains("<examples>") && d.description().contains("<hints>"));
  }

  @Test
  void postsExactlyTheNameAndReturnsThePublicDsn() {
    stubCreated();
    RenderedResult r = callWithOneRequest(api, TOOL, args("organizationSlug", ORG, "projectSlug", PROJECT,
        "name", "  Production  "), postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson(PRODUCTION)));
    Map<String, Object> sc = structured(r);
    assertEquals(Map.of("dsn", Map.of("id", KEY_ID, "name", "Production", "dsn", PUBLIC_DSN)), sc);
    assertConforms(descriptor(api.mcp(), TOOL).outputSchema(), sc);
    Sanitized.assertWellFormed(r.text());
    Sanitized.assertWholeValueInData(r.text(), PUBLIC_DSN);
    Sanitized.assertNotOutsideData(r.text(), PUBLIC_DSN);
    Sanitized.assertWholeValueInData(r.text(), "Production");
    assertTrue(r.text().contains(KEY_ID), r.text());
    assertTrue(r.text().contains("# New DSN in sentry-mcp-evals/cloudflare-mcp\n"), r.text());
    assertFalse(r.text().contains(SECRET), "secret key in text");
    assertFalse(String.valueOf(sc).contains(SECRET), "secret key in structured content");
    assertFalse(String.valueOf(r.meta()).contains(SECRET), "secret key in meta");
  }

  @Test
  void constrainedSessionWritesIntoItsProject() {
    stubCreated();
    Session constrained = api.projectConstrained(ORG, PROJECT);
    call(api, TOOL, Map.of("name", "Production"), constrained);
    // repeating the constrained values is fine too
    call(api, TOOL, valid(), constrained);
    api.wm().verify(2, postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson(PRODUCTION)));
  }

  @Test
  void permissionIsCheckedBeforeAnyRequest() {
    assertPermissionChecks(api, TOOL, valid());
  }

  @Test
  void constraintsAreCheckedBeforeAnyRequest() {
    assertConstraintChecks(api, TOOL, valid());
  }

  @Test
  void sentryValidationErrorIsAnInputErrorWithSentrysTextAsData() {
    api.wm().stubFor(post(urlEqualTo(PATH)).willReturn(json(400,
        "{\"name\":[\"Ensure this field has no more than 64 characters.\"]}")));
    assertSentryValidationError(api, TOOL, valid(), "Ensure this field has no more than 64 characters.");
  }

  @Test
  void unknownProjectIsNotFoundNamingTheParameters() {
    api.wm().stubFor(post(urlEqualTo(PATH))
        .willReturn(json(404, "{\"detail\":\"The requested resource does not exist\"}")));
    String m = failure(api, TOOL, valid(), ErrorKind.NOT_FOUND).getMessage();
    assertTrue(m.contains("projectSlug='cloudflare-mcp'"), m);
  }

  @Test
  void nameIsRequired() {
    rejected(api, TOOL, Map.of("organizationSlug", ORG, "projectSlug", PROJECT));
  }

  @ParameterizedTest
  @ValueSource(strings = {"../victim", "..", "a/b", "%2e%2e"})
  void pathTraversalSendsNothing(String slug) {
    rejected(api, TOOL, with(valid(), "projectSlug", slug));
    rejected(api, TOOL, with(valid(), "organizationSlug", slug));
  }
}
