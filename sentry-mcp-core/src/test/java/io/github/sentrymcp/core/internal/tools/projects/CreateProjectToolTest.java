package io.github.sentrymcp.core.internal.tools.projects;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.SLUG_TAKEN;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertNoWrites;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertRequests;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertSlugTaken;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.call;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.failure;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.json;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.render;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.internal.tools.Sanitized;
import io.github.sentrymcp.core.internal.tools.WireMockApi.Grant;
import io.github.sentrymcp.core.internal.tools.WireMockApi;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CreateProjectToolTest {
  private static final String ORG = "acme";
  private static final String CREATE = "/api/0/teams/acme/backend/projects/";
  private static final String KEYS = "/api/0/projects/acme/checkout/keys/";
  private static final String REPOS = "/api/0/organizations/acme/repos/";
  private static final String MAPPINGS = "/api/0/organizations/acme/code-mappings/bulk/";
  private static final String PROJECT = "{\"id\":\"4509109104082999\",\"slug\":\"checkout\",\"name\":\"Checkout\","
      + "\"platform\":\"python\",\"team\":{\"slug\":\"backend\"}}";
  private static final String DEFAULT_DSN = "https://default0123@o1.ingest.us.sentry.io/4509109104082999";
  private static final String OTHER_DSN = "https://other0123@o1.ingest.us.sentry.io/4509109104082999";
  private static final String SECRET = "s3cr3tkeymaterial";

  @RegisterExtension
  static final WireMockApi api = new WireMockApi(Grant.PROJECT_AND_TEAM_WRITE);

  private static String key(String name, boolean active, String publicDsn) {
    return "{\"id\":\"k-" + name + active + "\",\"name\":\"" + name + "\",\"isActive\":" + active
        + ",\"secret\":\"" + SECRET + "\",\"dsn\":{\"public\":\"" + publicDsn + "\",\"secret\":\"https://x:"
        + SECRET + "@o1.ingest.us.sentry.io/1\"}}";
  }

  private static void stubProjectAndKeys(String keysJson) {
    api.wm().stubFor(post(urlEqualTo(CREATE)).willReturn(json(201, PROJECT)));
    api.wm().stubFor(get(urlEqualTo(KEYS)).willReturn(okJson(keysJson)));
  }

  @Test
  void createsTheProjectAndShowsTheActiveDefaultKeysDsn() {
    stubProjectAndKeys("[" + key("Other", true, OTHER_DSN) + "," + key("Default", false, "https://off@x/1") + ","
        + key("Default", true, DEFAULT_DSN) + "]");
    RenderedResult r = call(api, "create_project", args("organizationSlug", ORG, "teamSlug", "backend",
        "name", "Checkout", "slug", "checkout", "platform", "Python"));
    assertRequests(api.wm(), "POST " + CREATE, "GET " + KEYS);
    api.wm().verify(postRequestedFor(urlEqualTo(CREATE))
        .withRequestBody(equalToJson("{\"name\":\"Checkout\",\"slug\":\"checkout\",\"platform\":\"python\"}")));

    assertNull(r.structuredContent(), "create_project answers in markdown only");
    String text = r.text();
    assertTrue(text.contains("# New Project in acme\n"), text);
    Sanitized.assertWellFormed(text);
    Sanitized.assertWholeValueInData(text, DEFAULT_DSN);
    Sanitized.assertNotOutsideData(text, DEFAULT_DSN);
    Sanitized.assertWholeValueInData(text, "checkout");
    Sanitized.assertWholeValueInData(text, "Checkout");
    // the project id is a number: shown bare
    Sanitized.assertShown(text, "4509109104082999");
    assertTrue(text.contains("\nID: 4509109104082999\n"), text);
    assertFalse(text.contains(OTHER_DSN), text);
    Sanitized.assertNotAnywhere(text, SECRET);
    assertTrue(text.contains("\nSENTRY_DSN: " + DEFAULT_DSN + "\n"), text);
    assertTrue(text.contains("\nTeam: backend\n"), text);
  }

  @Test
  void onlyTheNameIsSentWhenNothingElseIsGiven() {
    stubProjectAndKeys("[" + key("Default", true, DEFAULT_DSN) + "]");
    call(api, "create_project", args("organizationSlug", ORG, "teamSlug", "backend", "name", "Checkout",
        "slug", "", "platform", null, "repository", " "));
    api.wm().verify(postRequestedFor(urlEqualTo(CREATE)).withRequestBody(equalToJson("{\"name\":\"Checkout\"}")));
    assertRequests(api.wm(), "POST " + CREATE, "GET " + KEYS);
  }

  @Test
  void withoutAnActiveDefaultKeyTheFirstActiveKeyIsUsed() {
    stubProjectAndKeys("[" + key("Default", false, "https://off@x/1") + "," + key("Other", true, OTHER_DSN)
        + "]");
    RenderedResult r = call(api, "create_project",
        args("organizationSlug", ORG, "teamSlug", "backend", "name", "Checkout"));
    Sanitized.assertInData(r.text(), OTHER_DSN);
    assertRequests(api.wm(), "POST " + CREATE, "GET " + KEYS);
  }

  @Test
  void withoutAnyActiveKeyADefaultKeyIsCreated() {
    stubProjectAndKeys("[" + key("Default", false, "https://off@x/1") + "]");
    api.wm().stubFor(post(urlEqualTo(KEYS)).withRequestBody(equalToJson("{\"name\":\"Default\"}"))
        .willReturn(json(201, key("Default", true, DEFAULT_DSN))));
    RenderedResult r = call(api, "create_project",
        args("organizationSlug", ORG, "teamSlug", "backend", "name", "Checkout"));
    assertRequests(api.wm(), "POST " + CREATE, "GET " + KEYS, "POST " + KEYS);
    api.wm().verify(postRequestedFor(urlEqualTo(KEYS)).withRequestBody(equalToJson("{\"name\":\"Default\"}")));
    Sanitized.assertInData(r.text(), DEFAULT_DSN);
  }

  @Test
  void aDsnFailureDegradesToUnavailable() {
    api.wm().stubFor(post(urlEqualTo(CREATE)).willReturn(json(201, PROJECT)));
    api.wm().stubFor(get(urlEqualTo(KEYS)).willReturn(json(403, "{\"detail\":\"no keys for you\"}")));
    RenderedResult r = call(api, "create_project",
        args("organizationSlug", ORG, "teamSlug", "backend", "name", "Checkout"));
    assertTrue(Sanitized.outside(r.text()).contains("\nSENTRY_DSN: unavailable"), r.text());
    Sanitized.assertNotAnywhere(r.text(), "no keys for you");
  }

  @Test
  void aKeyListOfTheWrongShapeCreatesNoKey() {
    // an object where the list belongs must not read as "no active key" and create one
    stubProjectAndKeys("{\"keys\":[" + key("Default", true, DEFAULT_DSN) + "]}");
    RenderedResult r = call(api, "create_project",
        args("organizationSlug", ORG, "teamSlug", "backend", "name", "Checkout"));
    assertRequests(api.wm(), "POST " + CREATE, "GET " + KEYS);
    assertTrue(Sanitized.outside(r.text()).contains("\nSENTRY_DSN: unavailable"), r.text());
    Sanitized.assertNotAnywhere(r.text(), DEFAULT_DSN);
  }

  @Test
  void aProjectAnswerOfTheWrongShapeIsAnUpstreamError() {
    api.wm().stubFor(post(urlEqualTo(CREATE)).willReturn(json(201, "[" + PROJECT + "]")));
    SentryMcpException e = failure(api, "create_project",
        args("organizationSlug", ORG, "teamSlug", "backend", "name", "Checkout"), ErrorKind.UPSTREAM_ERROR);
    assertEquals("Sentry returned a JSON list where POST /teams/{org}/{team}/projects/ should return an object.",
        e.getMessage());
    assertRequests(api.wm(), "POST " + CREATE);
  }

  @Test
  void aTakenSlugIsAClearInputErrorWithSentrysTextFenced() {
    api.wm().stubFor(post(urlEqualTo(CREATE)).willReturn(json(400, SLUG_TAKEN)));
    RenderedResult r = assertSlugTaken(api, "create_project", args("organizationSlug", ORG,
        "teamSlug", "backend", "name", "Checkout", "slug", "checkout"));
    assertTrue(r.text().startsWith("Input Error: "), r.text());
    // no retry of the POST, no key lookup for a project that was not created
    assertRequests(api.wm(), "POST " + CREATE, "POST " + CREATE);
  }

  @Test
  void anUnknownTeamNamesTheParameters() {
    api.wm().stubFor(post(urlEqualTo("/api/0/teams/acme/nope/projects/"))
        .willReturn(json(404, "{\"detail\":\"Team not found\"}")));
    SentryMcpException e = failure(api, "create_project", args("organizationSlug", ORG, "teamSlug", "nope",
        "name", "Checkout"), ErrorKind.NOT_FOUND);
    assertTrue(e.getMessage().contains("teamSlug='nope'"), e.getMessage());
  }

  // ------------------------------------------------------------------ repository link

  private static final String REPO_PAGE_1 = "[{\"id\":\"1\",\"name\":\"acme/storefront\","
      + "\"provider\":{\"id\":\"integrations:github\",\"name\":\"GitHub\"}},"
      + "{\"id\":\"2\",\"name\":\"acme/checkout-web\","
      + "\"provider\":{\"id\":\"integrations:github\",\"name\":\"GitHub\"}}]";
  private static final String REPO_PAGE_2 = "[{\"id\":\"3\",\"name\":\"acme/checkout\","
      + "\"provider\":{\"id\":\"integrations:gitlab\",\"name\":\"GitLab\"}},"
      + "{\"id\":\"4\",\"name\":\"legacy/api\",\"provider\":{\"id\":\"integrations:github\",\"name\":\"GitHub\"}},"
      + "{\"id\":\"5\",\"name\":\"acme/api\",\"provider\":{\"id\":\"integrations:github\",\"name\":\"GitHub\"}}]";

  private static void stubRepos() {
    String next = "<http://127.0.0.1/api/0/organizations/acme/repos/?per_page=100&cursor=0:100:0>;"
        + " rel=\"next\"; results=\"true\"; cursor=\"0:100:0\"";
    api.wm().stubFor(get(urlPathEqualTo(REPOS)).willReturn(okJson(REPO_PAGE_1).withHeader("Link", next)));
    api.wm().stubFor(get(urlPathEqualTo(REPOS)).withQueryParam("cursor", equalTo("0:100:0"))
        .willReturn(okJson(REPO_PAGE_2)));
  }

  private static final String MAPPING_BODY = "{\"project\":\"checkout\",\"repository\":\"acme/checkout\","
      + "\"provider\":\"gitlab\",\"mappings\":[{\"stackRoot\":\"\",\"sourceRoot\":\"\"}]}";

  @Test
  void aRepositoryIsResolvedOverEveryPageBeforeTheProjectIsCreatedThenLinked() {
    stubRepos();
    stubProjectAndKeys("[" + key("Default", true, DEFAULT_DSN) + "]");
    api.wm().stubFor(post(urlEqualTo(MAPPINGS)).withRequestBody(equalToJson(MAPPING_BODY))
        .willReturn(okJson("{\"created\":1,\"updated\":0,\"errors\":0,\"mappings\":[{\"stackRoot\":\"\","
            + "\"sourceRoot\":\"\",\"status\":\"created\"}]}")));
    RenderedResult r = call(api, "create_project", args("organizationSlug", ORG, "teamSlug", "backend",
        "name", "Checkout", "repository", "acme/checkout"));
    assertRequests(api.wm(), "GET " + REPOS + "?per_page=100", "GET " + REPOS + "?per_page=100&cursor=0%3A100%3A0",
        "POST " + CREATE, "GET " + KEYS, "POST " + MAPPINGS);
    api.wm().verify(postRequestedFor(urlEqualTo(MAPPINGS)).withRequestBody(equalToJson(MAPPING_BODY)));
    api.wm().verify(postRequestedFor(urlEqualTo(CREATE)).withRequestBody(equalToJson("{\"name\":\"Checkout\"}")));
    Sanitized.assertInData(r.text(), "acme/checkout");
    assertTrue(r.text().contains("linked (code mapping created)"), r.text());
  }

  @Test
  void aBareNameMatchesTheOneRepositoryEndingInIt() {
    stubRepos();
    stubProjectAndKeys("[" + key("Default", true, DEFAULT_DSN) + "]");
    api.wm().stubFor(post(urlEqualTo(MAPPINGS)).willReturn(okJson("{\"created\":1,\"updated\":0,\"errors\":0}")));
    call(api, "create_project", args("organizationSlug", ORG, "teamSlug", "backend", "name", "Checkout",
        "repository", "checkout"));
    // acme/checkout-web does not end in /checkout
    api.wm().verify(postRequestedFor(urlEqualTo(MAPPINGS)).withRequestBody(equalToJson(MAPPING_BODY)));
  }

  @Test
  void anAmbiguousRepositoryFailsBeforeAnyWrite() {
    stubRepos();
    RenderedResult r = render(api, "create_project", args("organizationSlug", ORG, "teamSlug", "backend",
        "name", "Checkout", "repository", "api"));
    assertTrue(r.isError());
    assertTrue(r.text().contains("No project was created"), r.text());
    Sanitized.assertInData(r.text(), "legacy/api");
    Sanitized.assertInData(r.text(), "acme/api");
    Sanitized.assertNotOutsideData(r.text(), "legacy/api");
    assertNoWrites(api.wm());
    failure(api, "create_project", args("organizationSlug", ORG, "teamSlug", "backend", "name", "Checkout",
        "repository", "api"), ErrorKind.INVALID_INPUT);
  }

  @Test
  void anUnknownRepositoryFailsBeforeAnyWrite() {
    stubRepos();
    for (String repository : List.of("acme/nope", "nope", "ACME/CHECKOUT", "other/checkout")) {
      SentryMcpException e = failure(api, "create_project", args("organizationSlug", ORG, "teamSlug", "backend",
          "name", "Checkout", "repository", repository), ErrorKind.INVALID_INPUT);
      assertTrue(e.getMessage().contains("No project was created"), e.getMessage());
    }
    assertNoWrites(api.wm());
  }

  @Test
  void aFailedCodeMappingIsReportedButTheProjectStands() {
    stubRepos();
    stubProjectAndKeys("[" + key("Default", true, DEFAULT_DSN) + "]");
    api.wm().stubFor(post(urlEqualTo(MAPPINGS)).willReturn(json(400, "{\"detail\":\"bad mapping\"}")));
    RenderedResult r = call(api, "create_project", args("organizationSlug", ORG, "teamSlug", "backend",
        "name", "Checkout", "repository", "acme/checkout"));
    assertTrue(r.text().contains("not linked"), r.text());
    Sanitized.assertInData(r.text(), DEFAULT_DSN);
    Sanitized.assertNotAnywhere(r.text(), "bad mapping");
  }

  @Test
  void theOrganizationConstraintIsInjected() {
    api.wm().stubFor(post(urlEqualTo("/api/0/teams/pinned-org/backend/projects/")).willReturn(json(201, PROJECT)));
    api.wm().stubFor(get(urlEqualTo("/api/0/projects/pinned-org/checkout/keys/"))
        .willReturn(okJson("[" + key("Default", true, DEFAULT_DSN) + "]")));
    call(api, "create_project", args("teamSlug", "backend", "name", "Checkout"),
        api.constrained(new SessionConstraints("pinned-org", null, null)));
    assertRequests(api.wm(), "POST /api/0/teams/pinned-org/backend/projects/",
        "GET /api/0/projects/pinned-org/checkout/keys/");
  }
}
