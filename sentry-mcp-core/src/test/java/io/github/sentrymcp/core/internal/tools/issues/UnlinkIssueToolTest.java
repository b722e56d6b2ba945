package io.github.sentrymcp.core.internal.tools.issues;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
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
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertInputs;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertIssueIdRefused;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertNoRequests;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertNoWrites;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertRequests;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.call;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.failure;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.issue;
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

class UnlinkIssueToolTest {
  static final String TOOL = "unlink_issue";
  static final String NUMERIC = "/api/0/organizations/" + ORG + "/issues/6507376925/";
  static final String INTEGRATIONS = NUMERIC + "integrations/";
  static final String INTEGRATIONS_PAGE = INTEGRATIONS + "?per_page=100";
  static final String APP_LINKS = NUMERIC + "external-issues/";
  static final String APP_LINKS_PAGE = APP_LINKS + "?per_page=100";

  @RegisterExtension
  static final WireMockApi api = new WireMockApi(Grant.EVENT_WRITE);

  static String linked(String id, String url) {
    return "{\"id\":" + quote(id) + ",\"key\":\"acme/app#42\",\"url\":" + quote(url)
        + ",\"title\":\"Crash\",\"displayName\":\"acme/app#42\"}";
  }

  static String integration(String id, String provider, String... linked) {
    return "{\"id\":" + quote(id) + ",\"name\":\"acme\",\"domainName\":\"github.com/acme\",\"status\":\"disabled\","
        + "\"provider\":{\"key\":" + quote(provider) + "},\"externalIssues\":[" + String.join(",", linked) + "]}";
  }

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

  static void stubAppLinks(String... links) {
    api.wm().stubFor(get(urlEqualTo(APP_LINKS_PAGE)).willReturn(okJson("[" + String.join(",", links) + "]")));
  }

  @Test
  void descriptorMatchesTheReferenceRow() {
    // W X ID OW: removes an association; a repeat answers not_linked
    ToolDescriptor d = assertDescriptor(api.mcp(), TOOL, new ToolAnnotations(false, true, true, true),
        Set.of(Scope.EVENT_WRITE, Scope.ORG_READ), Set.of(Skill.TRIAGE));
    assertInputs(d, List.of("organizationSlug", "regionUrl", "issueId", "issueUrl", "externalIssueUrl",
        "integrationId", "appSlug"), List.of("externalIssueUrl"));
    assertNotNull(d.outputSchema());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // the caller's URL | the URL Sentry stored
      "https://github.com/acme/app/pull/42/files|https://github.com/Acme/App/pull/42",
      "https://github.com/acme/app/issues/42|https://github.com/acme/app/issues/42/",
      "https://acme.atlassian.net/jira/software/projects/ENG/issues/ENG-42|https://acme.atlassian.net/browse/ENG-42",
      "https://acme.atlassian.net/browse/eng-42|https://acme.atlassian.net/browse/ENG-42"})
  void aStoredNativeLinkOfTheSameIssueIsDeletedByItsSentryId(String url, String stored) {
    String provider = url.contains("atlassian") ? "jira" : "github";
    stubIntegrations(integration("11", provider, linked("777", "https://github.com/acme/app/issues/1"),
        linked("778", stored)));
    api.wm().stubFor(delete(urlEqualTo(INTEGRATIONS + "11/?externalIssue=778")).willReturn(aResponse().withStatus(204)));
    RenderedResult r = call(api, TOOL, byId(url));
    assertRequests(api.wm(), "GET " + ISSUE_PATH, "GET " + INTEGRATIONS_PAGE,
        "DELETE " + INTEGRATIONS + "11/?externalIssue=778");
    Map<String, Object> sc = map(r.structuredContent());
    assertConforms(IssueLinking.OUTPUT_SCHEMA, sc);
    assertEquals("not_linked", sc.get("status"));
    assertEquals(Map.of("url", stored, "displayName", "acme/app#42", "provider", provider), sc.get("externalIssue"));
    Sanitized.assertWellFormed(r.text());
    Sanitized.assertNotOutsideData(r.text(), "acme/app#42");
  }

  @Test
  void withoutANativeMatchTheSentryAppLinksAreSearched() {
    stubIntegrations(integration("11", "github", linked("777", "https://github.com/acme/app/issues/1")));
    String url = "https://tracker.example.com/t/9";
    stubAppLinks("{\"id\":\"31\",\"issueId\":\"6507376925\",\"serviceType\":\"tracker\",\"displayName\":\"T-9\","
        + "\"webUrl\":" + quote(url) + "}");
    api.wm().stubFor(delete(urlEqualTo(APP_LINKS + "31/")).willReturn(aResponse().withStatus(204)));
    Map<String, Object> sc = map(call(api, TOOL, byId(url)).structuredContent());
    assertRequests(api.wm(), "GET " + ISSUE_PATH, "GET " + INTEGRATIONS_PAGE, "GET " + APP_LINKS_PAGE,
        "DELETE " + APP_LINKS + "31/");
    assertEquals(Map.of("url", url, "displayName", "T-9", "provider", "tracker"), sc.get("externalIssue"));
    assertConforms(IssueLinking.OUTPUT_SCHEMA, sc);
  }

  @Test
  void aLinearUrlGoesStraightToTheAppLinksAndMatchesWithoutItsTitle() {
    stubIssue(PROJECT);
    stubAppLinks("{\"id\":\"32\",\"serviceType\":\"linear\",\"displayName\":\"ENG-42\","
        + "\"webUrl\":\"https://linear.app/acme/issue/ENG-42/fix-the-crash\"}");
    api.wm().stubFor(delete(urlEqualTo(APP_LINKS + "32/")).willReturn(aResponse().withStatus(204)));
    Map<String, Object> sc = map(call(api, TOOL, byId("https://linear.app/acme/issue/eng-42")).structuredContent());
    assertRequests(api.wm(), "GET " + ISSUE_PATH, "GET " + APP_LINKS_PAGE, "DELETE " + APP_LINKS + "32/");
    assertEquals("linear", map(sc.get("externalIssue")).get("provider"));
  }

  @Test
  void nothingLinkedIsNotLinkedWithoutAWrite() {
    stubIntegrations(integration("11", "github", linked("777", "https://github.com/acme/app/issues/1")));
    stubAppLinks();
    String url = "https://github.com/acme/app/issues/2";
    Map<String, Object> sc = map(call(api, TOOL, byId(url)).structuredContent());
    assertEquals("not_linked", sc.get("status"));
    assertEquals(url, map(sc.get("externalIssue")).get("url"));
    assertConforms(IssueLinking.OUTPUT_SCHEMA, sc);
    assertNoWrites(api.wm());
    api.wm().resetRequests();
    // with an integrationId the App links are not consulted
    call(api, TOOL, with(byId(url), "integrationId", "11"));
    assertRequests(api.wm(), "GET " + ISSUE_PATH, "GET " + INTEGRATIONS_PAGE);
    assertEquals(ErrorKind.INVALID_INPUT, failure(api, TOOL, with(byId(url), "integrationId", "99")).kind());
    assertNoWrites(api.wm());
  }

  @Test
  void aStoredUrlThatIsNotTextIsAnUpstreamErrorNotNotLinked() {
    stubIntegrations("{\"id\":\"11\",\"provider\":{\"key\":\"github\"},\"externalIssues\":[{\"id\":\"5\",\"url\":42}]}");
    assertEquals(ErrorKind.UPSTREAM_ERROR, failure(api, TOOL, byId("https://github.com/acme/app/issues/42")).kind());
    assertNoWrites(api.wm());
  }

  @Test
  void severalMatchingLinksAreRefused() {
    String url = "https://github.com/acme/app/issues/42";
    stubIntegrations(integration("11", "github", linked("1", url)), integration("12", "github", linked("2", url)));
    SentryMcpException e = failure(api, TOOL, byId(url));
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().contains("11, 12"), e.getMessage());
    assertNoWrites(api.wm());
  }

  @Test
  void badUrlsConstraintsAndIdsAreRefusedEarly() {
    assertEquals(ErrorKind.INVALID_INPUT, failure(api, TOOL, byId("http://github.com/acme/app/issues/1")).kind());
    assertEquals(ErrorKind.INVALID_INPUT, failure(api, TOOL,
        with(byId("https://github.com/acme/app/issues/1"), "appSlug", "linear", "integrationId", "3")).kind());
    assertNoRequests(api.wm());
    assertIssueIdRefused(api, TOOL, "../../victim-org/issues/1", "externalIssueUrl", "https://github.com/a/b/issues/1");
    assertDenied(api, api.readOnly(), TOOL, byId("https://github.com/a/b/issues/1"), "event:write");
    stubIssue("other-project");
    failure(api, TOOL, byId("https://github.com/a/b/issues/1"), api.projectConstrained(ORG, PROJECT),
        ErrorKind.PERMISSION_DENIED);
    assertRequests(api.wm(), "GET " + ISSUE_PATH);
  }
}
