package io.github.sentrymcp.core.internal.tools.issues;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.assertConforms;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.map;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.ISSUE;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.ISSUE_PATH;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.ORG;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.PROJECT;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.UNRESOLVED;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertDenied;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertDescriptor;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertInputErrorWithSentryTextAsData;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertInputs;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertIssueIdRefused;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertNoRequests;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertNoWrites;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertRequests;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.call;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.failure;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.issue;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.json;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.quote;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolAnnotations;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.internal.tools.Sanitized;
import io.github.sentrymcp.core.internal.tools.WireMockApi;
import io.github.sentrymcp.core.internal.tools.WireMockApi.Grant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LinkIssueToolTest {
  static final String TOOL = "link_issue";
  static final String NUMERIC = "/api/0/organizations/" + ORG + "/issues/6507376925/";
  static final String INTEGRATIONS = NUMERIC + "integrations/";
  static final String INTEGRATIONS_PAGE = INTEGRATIONS + "?per_page=100";
  static final String GH_URL = "https://github.com/acme/app/pull/42";

  @RegisterExtension
  static final WireMockApi api = new WireMockApi(Grant.EVENT_WRITE);

  static String integration(String id, String provider, @Nullable String name, @Nullable String domainName,
      String externalIssues) {
    return "{\"id\":" + quote(id) + ",\"name\":" + (name == null ? "null" : quote(name)) + ",\"domainName\":"
        + (domainName == null ? "null" : quote(domainName)) + ",\"provider\":{\"key\":" + quote(provider)
        + ",\"name\":\"P\"},\"externalIssues\":" + externalIssues + "}";
  }

  static final String GITHUB = integration("11", "github", "acme", "github.com/acme", "[]");

  static Map<String, @Nullable Object> byId(String url) {
    return args("organizationSlug", ORG, "issueId", ISSUE, "externalIssueUrl", url);
  }

  static void stubIssue(String project) {
    api.wm().stubFor(get(urlEqualTo(ISSUE_PATH)).willReturn(okJson(issue(project, "Boom", UNRESOLVED, "null"))));
  }

  static void stubIntegrations(String... integrations) {
    stubIssue(PROJECT);
    api.wm().stubFor(get(urlEqualTo(INTEGRATIONS_PAGE))
        .willReturn(okJson("[" + String.join(",", integrations) + "]")));
  }

  static void stubLink(String integrationId, String url, int status) {
    api.wm().stubFor(put(urlEqualTo(INTEGRATIONS + integrationId + "/"))
        .withRequestBody(equalToJson("{\"externalIssue\":" + quote(url) + "}"))
        .willReturn(json(status, "{\"id\":\"501\",\"key\":\"acme/app#42\",\"url\":" + quote(url)
            + ",\"integrationId\":\"" + integrationId + "\",\"displayName\":\"acme/app#42\"}")));
  }

  @Test
  void descriptorMatchesTheReferenceRow() {
    // W ID OW: written, not destructive, idempotent (a repeat answers already_linked), open world
    ToolDescriptor d = assertDescriptor(api.mcp(), TOOL, new ToolAnnotations(false, false, true, true),
        Set.of(Scope.EVENT_WRITE, Scope.ORG_READ), Set.of(Skill.TRIAGE));
    assertInputs(d, List.of("organizationSlug", "regionUrl", "issueId", "issueUrl", "externalIssueUrl",
        "integrationId", "appSlug", "fields"), List.of("externalIssueUrl"));
    assertNotNull(d.outputSchema());
    assertTrue(d.description().length() < 1024, d.description());
  }

  @Test
  void linksThroughTheOneMatchingInstallation() {
    stubIntegrations(integration("10", "jira", "Acme Jira", "acme.atlassian.net", "[]"), GITHUB);
    stubLink("11", GH_URL, 201);
    RenderedResult r = call(api, TOOL, byId("  " + GH_URL + " "));
    assertRequests(api.wm(), "GET " + ISSUE_PATH, "GET " + INTEGRATIONS_PAGE, "PUT " + INTEGRATIONS + "11/");
    api.wm().verify(1, putRequestedFor(urlEqualTo(INTEGRATIONS + "11/"))
        .withRequestBody(equalToJson("{\"externalIssue\":\"" + GH_URL + "\"}")));
    Map<String, Object> sc = map(r.structuredContent());
    assertConforms(IssueLinking.OUTPUT_SCHEMA, sc);
    assertEquals(ORG, sc.get("organizationSlug"));
    assertEquals(ISSUE, sc.get("issueId"));
    assertTrue(String.valueOf(sc.get("issueUrl")).endsWith("/issues/" + ISSUE + "/"), sc.toString());
    assertEquals(Map.of("url", GH_URL, "displayName", "acme/app#42", "provider", "github"), sc.get("externalIssue"));
    assertEquals("linked", sc.get("status"));
    String text = r.text();
    assertTrue(text.contains("# Linked External Issue"), text);
    assertTrue(text.contains("\nStatus: linked\n"), text);
    assertTrue(text.contains("\nProvider: github\n"), text);
    Sanitized.assertWellFormed(text);
    Sanitized.assertWholeValueInData(text, "acme/app#42");
    Sanitized.assertNotOutsideData(text, "acme/app#42");
  }

  @Test
  void sentryAnswering200MeansAlreadyLinked() {
    stubIntegrations(GITHUB);
    stubLink("11", GH_URL, 200);
    Map<String, Object> sc = map(call(api, TOOL, byId(GH_URL)).structuredContent());
    assertEquals("already_linked", sc.get("status"));
    assertConforms(IssueLinking.OUTPUT_SCHEMA, sc);
  }

  @Test
  void severalMatchingInstallationsAreRefusedUntilIntegrationIdPicksOne() {
    String second = integration("12", "github", "ACME", null, "[]");
    stubIntegrations(GITHUB, second);
    SentryMcpException e = failure(api, TOOL, byId(GH_URL));
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().contains("integrationId") && e.getMessage().contains("11, 12"), e.getMessage());
    assertNoWrites(api.wm());
    api.wm().resetRequests();
    stubLink("12", GH_URL, 201);
    call(api, TOOL, with(byId(GH_URL), "integrationId", "12"));
    assertRequests(api.wm(), "GET " + ISSUE_PATH, "GET " + INTEGRATIONS_PAGE, "PUT " + INTEGRATIONS + "12/");
  }

  @Test
  void aUrlNoInstallationHoldsIsRefusedWithoutAWrite() {
    stubIntegrations(GITHUB,
        integration("13", "github", "other", "github.com/other", "[]"),
        "{\"id\":\"14\",\"name\":\"acme\",\"status\":\"disabled\",\"provider\":{\"key\":\"github\"}}",
        integration("15", "slack", "acme", "github.com/acme", "[]"));
    for (String url : List.of("https://gitlab.com/acme/app/-/issues/1", "https://github.com/someone/app/issues/1")) {
      assertEquals(ErrorKind.INVALID_INPUT, failure(api, TOOL, byId(url)).kind());
    }
    // the chosen installation must match too
    assertEquals(ErrorKind.INVALID_INPUT,
        failure(api, TOOL, with(byId(GH_URL), "integrationId", "13")).kind());
    assertNoWrites(api.wm());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "jira|acme.atlassian.net|https://acme.atlassian.net/browse/ENG-42",
      "jira_server|jira.example.com/jira|https://jira.example.com/jira/browse/ENG-42",
      "gitlab|gitlab.example.com/platform|https://gitlab.example.com/platform/api/-/issues/7",
      "gitlab|https://gitlab.com|https://gitlab.com/acme/app/-/issues/7",
      "github_enterprise|ghe.example.com/acme|https://ghe.example.com/acme/app/issues/3",
      "bitbucket|bitbucket.org/acme|https://bitbucket.org/acme/app/issues/9",
      "vsts|https://acme.visualstudio.com/|https://dev.azure.com/acme/Proj/_workitems/edit/77"})
  void eachNativeProviderMatchesItsInstallation(String provider, String domainName, String url) {
    stubIntegrations(GITHUB, integration("20", provider, "whatever", domainName, "[]"));
    stubLink("20", url, 201);
    Map<String, Object> sc = map(call(api, TOOL, byId(url)).structuredContent());
    assertEquals(provider, map(sc.get("externalIssue")).get("provider"));
    assertRequests(api.wm(), "GET " + ISSUE_PATH, "GET " + INTEGRATIONS_PAGE, "PUT " + INTEGRATIONS + "20/");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://github.com/acme/app/pull/42", "https://user:pw@github.com/acme/app/pull/42",
      "https://github.com/acme/../app/pull/42", "https://github.com/acme//app/pull/42", "javascript:alert(1)",
      "https://github.com/acme/app pull/42", "github.com/acme/app/pull/42", "https:///acme/app",
      "https://github.com/acme\\app/pull/42", "https://github.com/acme/%2e%2e/pull/42", "ftp://github.com/a/b"})
  void aUrlThatIsNotAPlainHttpsUrlIsRefusedBeforeAnyRequest(String url) {
    SentryMcpException e = failure(api, TOOL, byId(url));
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().contains("externalIssueUrl"), e.getMessage());
    assertNoRequests(api.wm());
  }

  @Test
  void fieldsWithoutAnAppAndAnAppWithAnIntegrationIdAreRefusedBeforeAnyRequest() {
    // Sentry App links themselves: LinkIssueToolSentryAppTest
    SentryMcpException e = failure(api, TOOL, with(byId(GH_URL), "fields", Map.of("project", "x")));
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().contains("appSlug"), e.getMessage());
    assertEquals(ErrorKind.INVALID_INPUT, failure(api, TOOL,
        with(byId("https://linear.app/acme/issue/ENG-42"), "integrationId", "11")).kind());
    assertEquals(ErrorKind.INVALID_INPUT, failure(api, TOOL,
        with(byId(GH_URL), "appSlug", "linear", "integrationId", "11")).kind());
    assertNoRequests(api.wm());
  }

  @Test
  void anIssueOutsideTheConstrainedProjectIsRefusedAfterTheLookupOnly() {
    stubIssue("other-project");
    SentryMcpException e = failure(api, TOOL, byId(GH_URL), api.projectConstrained(ORG, PROJECT),
        ErrorKind.PERMISSION_DENIED);
    assertTrue(e.getMessage().contains(PROJECT), e.getMessage());
    assertRequests(api.wm(), "GET " + ISSUE_PATH);
  }

  @Test
  void pathSyntaxInTheIssueIdIsRefused() {
    assertIssueIdRefused(api, TOOL, "../../victim-org/issues/1", "externalIssueUrl", GH_URL);
  }

  @Test
  void theReadOnlySessionIsDenied() {
    assertDenied(api, api.readOnly(), TOOL, byId(GH_URL), "event:write");
  }

  @Test
  void sentryRejectingTheLinkIsAnInputErrorWithItsTextAsData() {
    stubIntegrations(GITHUB);
    api.wm().stubFor(put(urlEqualTo(INTEGRATIONS + "11/"))
        .willReturn(json(400, "{\"detail\":\"Could not find that issue on GitHub\"}")));
    assertInputErrorWithSentryTextAsData(api, TOOL, byId(GH_URL), "Could not find that issue on GitHub",
        "Could not find");
  }
}
