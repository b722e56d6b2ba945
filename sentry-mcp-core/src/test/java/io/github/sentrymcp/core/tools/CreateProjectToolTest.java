package io.github.sentrymcp.core.tools;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.github.sentrymcp.core.tools.ToolTestSupport.args;
import static io.github.sentrymcp.core.tools.ProjectWriteSupport.SLUG_TAKEN;
import static io.github.sentrymcp.core.tools.ProjectWriteSupport.assertNoWrites;
import static io.github.sentrymcp.core.tools.ProjectWriteSupport.call;
import static io.github.sentrymcp.core.tools.ProjectWriteSupport.constrained;
import static io.github.sentrymcp.core.tools.ProjectWriteSupport.failure;
import static io.github.sentrymcp.core.tools.ProjectWriteSupport.requests;
import static io.github.sentrymcp.core.tools.ProjectWriteSupport.startServer;
import static io.github.sentrymcp.core.tools.ProjectWriteSupport.writer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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

  private static WireMockServer wm;
  private static SentryMcp mcp;

  @BeforeAll
  static void start() {
    wm = startServer();
    mcp = writer(wm);
  }

  @AfterAll
  static void stop() {
    wm.stop();
  }

  @BeforeEach
  void reset() {
    wm.resetAll();
  }

  private static String key(String name, boolean active, String publicDsn) {
    return "{\"id\":\"k-" + name + active + "\",\"name\":\"" + name + "\",\"isActive\":" + active
        + ",\"secret\":\"" + SECRET + "\",\"dsn\":{\"public\":\"" + publicDsn + "\",\"secret\":\"https://x:"
        + SECRET + "@o1.ingest.us.sentry.io/1\"}}";
  }

  private static ResponseDefinitionBuilder created(String body) {
    return aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(body);
  }

  private static void stubProjectAndKeys(String keysJson) {
    wm.stubFor(post(urlEqualTo(CREATE)).willReturn(created(PROJECT)));
    wm.stubFor(get(urlEqualTo(KEYS)).willReturn(okJson(keysJson)));
  }

  @Test
  void createsTheProjectAndShowsTheActiveDefaultKeysDsn() {
    stubProjectAndKeys("[" + key("Other", true, OTHER_DSN) + "," + key("Default", false, "https://off@x/1") + ","
        + key("Default", true, DEFAULT_DSN) + "]");
    RenderedResult r = call(mcp, "create_project", args("organizationSlug", ORG, "teamSlug", "backend",
        "name", "Checkout", "slug", "checkout", "platform", "Python"));
    assertEquals(List.of("POST " + CREATE, "GET " + KEYS), requests(wm));
    wm.verify(postRequestedFor(urlEqualTo(CREATE))
        .withRequestBody(equalToJson("{\"name\":\"Checkout\",\"slug\":\"checkout\",\"platform\":\"python\"}")));

    assertNull(r.structuredContent(), "create_project answers in markdown only");
    String text = r.text();
    assertTrue(text.contains("# New Project in **acme**"), text);
    Sanitized.assertInData(text, DEFAULT_DSN);
    Sanitized.assertNotOutsideData(text, DEFAULT_DSN);
    Sanitized.assertInData(text, "4509109104082999");
    Sanitized.assertInData(text, "checkout");
    assertFalse(text.contains(OTHER_DSN), text);
    Sanitized.assertNotAnywhere(text, SECRET);
    assertTrue(text.contains("**SENTRY_DSN**"), text);
    assertTrue(text.contains("**Team**: backend"), text);
  }

  @Test
  void onlyTheNameIsSentWhenNothingElseIsGiven() {
    stubProjectAndKeys("[" + key("Default", true, DEFAULT_DSN) + "]");
    call(mcp, "create_project", args("organizationSlug", ORG, "teamSlug", "backend", "name", "Checkout",
        "slug", "", "platform", null, "repository", " "));
    wm.verify(postRequestedFor(urlEqualTo(CREATE)).withRequestBody(equalToJson("{\"name\":\"Checkout\"}")));
    assertEquals(List.of("POST " + CREATE, "GET " + KEYS), requests(wm));
  }

  @Test
  void withoutAnActiveDefaultKeyTheFirstActiveKeyIsUsed() {
    stubProjectAndKeys("[" + key("Default", false, "https://off@x/1") + "," + key("Other", true, OTHER_DSN)
        + "]");
    RenderedResult r = call(mcp, "create_project",
        args("organizationSlug", ORG, "teamSlug", "backend", "name", "Checkout"));
    Sanitized.assertInData(r.text(), OTHER_DSN);
    assertEquals(List.of("POST " + CREATE, "GET " + KEYS), requests(wm));
  }

  @Test
  void withoutAnyActiveKeyADefaultKeyIsCreated() {
    stubProjectAndKeys("[" + key("Default", false, "https://off@x/1") + "]");
    wm.stubFor(post(urlEqualTo(KEYS)).withRequestBody(equalToJson("{\"name\":\"Default\"}"))
        .willReturn(created(key("Default", true, DEFAULT_DSN))));
    RenderedResult r = call(mcp, "create_project",
        args("organizationSlug", ORG, "teamSlug", "backend", "name", "Checkout"));
    assertEquals(List.of("POST " + CREATE, "GET " + KEYS, "POST " + KEYS), requests(wm));
    wm.verify(postRequestedFor(urlEqualTo(KEYS)).withRequestBody(equalToJson("{\"name\":\"Default\"}")));
    Sanitized.assertInData(r.text(), DEFAULT_DSN);
  }

  @Test
  void aDsnFailureDegradesToUnavailable() {
    wm.stubFor(post(urlEqualTo(CREATE)).willReturn(created(PROJECT)));
    wm.stubFor(get(urlEqualTo(KEYS)).willReturn(aResponse().withStatus(403)
        .withHeader("Content-Type", "application/json").withBody("{\"detail\":\"no keys for you\"}")));
    RenderedResult r = call(mcp, "create_project",
        args("organizationSlug", ORG, "teamSlug", "backend", "name", "Checkout"));
    assertTrue(r.text().contains("**SENTRY_DSN**: unavailable"), r.text());
    Sanitized.assertNotAnywhere(r.text(), "no keys for you");
  }

  @Test
  void aTakenSlugIsAClearInputErrorWithSentrysTextFenced() {
    wm.stubFor(post(urlEqualTo(CREATE)).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json").withBody(SLUG_TAKEN)));
    SentryMcpException e = failure(mcp, "create_project", args("organizationSlug", ORG, "teamSlug", "backend",
        "name", "Checkout", "slug", "checkout"), mcp.defaultContext(), ErrorKind.INVALID_INPUT);
    assertFalse(e.getMessage().contains("already in use"), e.getMessage());
    RenderedResult r = mcp.callAndRender("create_project", args("organizationSlug", ORG, "teamSlug", "backend",
        "name", "Checkout", "slug", "checkout"), mcp.defaultContext());
    assertTrue(r.isError());
    assertTrue(r.text().contains("**Input Error**"), r.text());
    Sanitized.assertInData(r.text(), "slug: This slug is already in use");
    Sanitized.assertNotOutsideData(r.text(), "already in use");
    // no retry of the POST, no key lookup for a project that was not created
    assertEquals(List.of("POST " + CREATE, "POST " + CREATE), requests(wm));
  }

  @Test
  void anUnknownTeamNamesTheParameters() {
    wm.stubFor(post(urlEqualTo("/api/0/teams/acme/nope/projects/")).willReturn(aResponse().withStatus(404)
        .withHeader("Content-Type", "application/json").withBody("{\"detail\":\"Team not found\"}")));
    SentryMcpException e = failure(mcp, "create_project", args("organizationSlug", ORG, "teamSlug", "nope",
        "name", "Checkout"), mcp.defaultContext(), ErrorKind.NOT_FOUND);
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
    wm.stubFor(get(urlPathEqualTo(REPOS)).willReturn(okJson(REPO_PAGE_1).withHeader("Link", next)));
    wm.stubFor(get(urlPathEqualTo(REPOS)).withQueryParam("cursor", equalTo("0:100:0"))
        .willReturn(okJson(REPO_PAGE_2)));
  }

  private static final String MAPPING_BODY = "{\"project\":\"checkout\",\"repository\":\"acme/checkout\","
      + "\"provider\":\"gitlab\",\"mappings\":[{\"stackRoot\":\"\",\"sourceRoot\":\"\"}]}";

  @Test
  void aRepositoryIsResolvedOverEveryPageBeforeTheProjectIsCreatedThenLinked() {
    stubRepos();
    stubProjectAndKeys("[" + key("Default", true, DEFAULT_DSN) + "]");
    wm.stubFor(post(urlEqualTo(MAPPINGS)).withRequestBody(equalToJson(MAPPING_BODY))
        .willReturn(okJson("{\"created\":1,\"updated\":0,\"errors\":0,\"mappings\":[{\"stackRoot\":\"\","
            + "\"sourceRoot\":\"\",\"status\":\"created\"}]}")));
    RenderedResult r = call(mcp, "create_project", args("organizationSlug", ORG, "teamSlug", "backend",
        "name", "Checkout", "repository", "acme/checkout"));
    assertEquals(List.of("GET " + REPOS + "?per_page=100", "GET " + REPOS + "?per_page=100&cursor=0%3A100%3A0",
        "POST " + CREATE, "GET " + KEYS, "POST " + MAPPINGS), requests(wm));
    wm.verify(postRequestedFor(urlEqualTo(MAPPINGS)).withRequestBody(equalToJson(MAPPING_BODY)));
    wm.verify(postRequestedFor(urlEqualTo(CREATE)).withRequestBody(equalToJson("{\"name\":\"Checkout\"}")));
    Sanitized.assertInData(r.text(), "acme/checkout");
    assertTrue(r.text().contains("linked (code mapping created)"), r.text());
  }

  @Test
  void aBareNameMatchesTheOneRepositoryEndingInIt() {
    stubRepos();
    stubProjectAndKeys("[" + key("Default", true, DEFAULT_DSN) + "]");
    wm.stubFor(post(urlEqualTo(MAPPINGS)).willReturn(okJson("{\"created\":1,\"updated\":0,\"errors\":0}")));
    call(mcp, "create_project", args("organizationSlug", ORG, "teamSlug", "backend", "name", "Checkout",
        "repository", "checkout"));
    // acme/checkout-web does not end in /checkout
    wm.verify(postRequestedFor(urlEqualTo(MAPPINGS)).withRequestBody(equalToJson(MAPPING_BODY)));
  }

  @Test
  void anAmbiguousRepositoryFailsBeforeAnyWrite() {
    stubRepos();
    RenderedResult r = mcp.callAndRender("create_project", args("organizationSlug", ORG, "teamSlug", "backend",
        "name", "Checkout", "repository", "api"), mcp.defaultContext());
    assertTrue(r.isError());
    assertTrue(r.text().contains("No project was created"), r.text());
    Sanitized.assertInData(r.text(), "legacy/api");
    Sanitized.assertInData(r.text(), "acme/api");
    Sanitized.assertNotOutsideData(r.text(), "legacy/api");
    assertNoWrites(wm);
    failure(mcp, "create_project", args("organizationSlug", ORG, "teamSlug", "backend", "name", "Checkout",
        "repository", "api"), mcp.defaultContext(), ErrorKind.INVALID_INPUT);
  }

  @Test
  void anUnknownRepositoryFailsBeforeAnyWrite() {
    stubRepos();
    for (String repository : List.of("acme/nope", "nope", "ACME/CHECKOUT", "other/checkout")) {
      SentryMcpException e = failure(mcp, "create_project", args("organizationSlug", ORG, "teamSlug", "backend",
          "name", "Checkout", "repository", repository), mcp.defaultContext(), ErrorKind.INVALID_INPUT);
      assertTrue(e.getMessage().contains("No project was created"), e.getMessage());
    }
    assertNoWrites(wm);
  }

  @Test
  void aFailedCodeMappingIsReportedButTheProjectStands() {
    stubRepos();
    stubProjectAndKeys("[" + key("Default", true, DEFAULT_DSN) + "]");
    wm.stubFor(post(urlEqualTo(MAPPINGS)).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json").withBody("{\"detail\":\"bad mapping\"}")));
    RenderedResult r = call(mcp, "create_project", args("organizationSlug", ORG, "teamSlug", "backend",
        "name", "Checkout", "repository", "acme/checkout"));
    assertTrue(r.text().contains("not linked"), r.text());
    Sanitized.assertInData(r.text(), DEFAULT_DSN);
    Sanitized.assertNotAnywhere(r.text(), "bad mapping");
  }

  @Test
  void theOrganizationConstraintIsInjected() {
    wm.stubFor(post(urlEqualTo("/api/0/teams/pinned-org/backend/projects/")).willReturn(created(PROJECT)));
    wm.stubFor(get(urlEqualTo("/api/0/projects/pinned-org/checkout/keys/"))
        .willReturn(okJson("[" + key("Default", true, DEFAULT_DSN) + "]")));
    call(mcp, "create_project", args("teamSlug", "backend", "name", "Checkout"),
        constrained(mcp, new SessionConstraints("pinned-org", null, null)));
    assertEquals(List.of("POST /api/0/teams/pinned-org/backend/projects/",
        "GET /api/0/projects/pinned-org/checkout/keys/"), requests(wm));
  }
}
