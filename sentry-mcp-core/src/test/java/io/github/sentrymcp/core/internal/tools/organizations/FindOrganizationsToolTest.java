package io.github.sentrymcp.core.internal.tools.organizations;

import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.ORG;
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
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.orgConstrained;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.query;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.session;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.structured;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.RegionUrlValidator;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.DefaultScopeResolver;
import io.github.sentrymcp.core.DefaultToolResultSanitizer;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.tools.Sanitized;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolTestSupport;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.Fault;
import io.github.sentrymcp.testkit.FaultRule;
import io.github.sentrymcp.testkit.RecordedRequest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FindOrganizationsToolTest {
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

  private static String org(String slug) {
    return "{\"id\":\"1\",\"slug\":\"" + slug + "\",\"name\":\"" + slug.toUpperCase(java.util.Locale.ROOT)
        + "\",\"links\":{\"regionUrl\":\"https://us.sentry.io\",\"organizationUrl\":\"https://" + slug
        + ".sentry.io\"}}";
  }

  private static String link(String nextCursor, boolean more) {
    return "<" + fake.baseUrl() + "/api/0/organizations/?cursor=0:0:1>; rel=\"previous\"; results=\"false\";"
        + " cursor=\"0:0:1\", <" + fake.baseUrl() + "/api/0/organizations/?cursor=" + nextCursor
        + ">; rel=\"next\"; results=\"" + more + "\"; cursor=\"" + nextCursor + "\"";
  }

  @Test
  void descriptorMatchesTheReference() {
    ToolDescriptor d = descriptor(mcp, "find_organizations");
    ToolTestSupport.assertHouseStyle(d);
    assertEquals(Set.of(Scope.ORG_READ), d.requiredScopes());
    assertEquals(EnumSet.allOf(Skill.class), d.skills());
    assertEquals(Set.of("query", "cursor", "fields"), map(d.inputSchema().get("properties")).keySet());
    assertNull(d.inputSchema().get("required"));
  }

  @Test
  void selfHostedListsOrganizationsOnTheBaseHost() {
    RenderedResult r = call(mcp, "find_organizations", Map.of(), session());

    RecordedRequest req = onlyGet(fake, "/api/0/organizations/");
    assertEquals(Map.of("per_page", "25"), query(req));

    assertTrue(r.text().contains("# Organizations"));
    assertData(r.text(), ORG);
    String webUrl = fake.baseUrl() + "/organizations/sentry-mcp-evals/";
    assertData(r.text(), webUrl);

    Map<String, Object> sc = structured(r);
    List<Object> orgs = list(sc.get("organizations"));
    assertEquals(1, orgs.size());
    Map<String, Object> o = map(orgs.get(0));
    assertEquals(ORG, o.get("slug"));
    assertEquals(ORG, o.get("name"));
    assertEquals(webUrl, o.get("webUrl"));
    assertTrue(o.containsKey("regionUrl"));
    assertNull(o.get("regionUrl"), "the fake's empty regionUrl becomes null");
    assertEquals(false, sc.get("hasMore"));
    assertNull(sc.get("nextCursor"));
    assertConforms(descriptor(mcp, "find_organizations").outputSchema(), sc);
  }

  @Test
  void queryIsPassedThrough() {
    RenderedResult r = call(mcp, "find_organizations", args("query", "nothing-like-this"), session());
    assertEquals(Map.of("per_page", "25", "query", "nothing-like-this"),
        query(onlyGet(fake, "/api/0/organizations/")));
    assertEquals(List.of(), structured(r).get("organizations"));
    assertTrue(r.text().contains("No organizations matched the query."));
  }

  @Test
  void selfHostedPagesWithSentrysCursor() {
    fake.stubFault(FaultRule.on("GET", "/api/0/organizations/").queryParam("cursor", "0:25:0")
        .respond(Fault.body(200, "application/json", "[" + org("second-org") + "]")
            .header("Link", link("0:50:0", false))));
    fake.stubFault(FaultRule.on("GET", "/api/0/organizations/").times(1)
        .respond(Fault.body(200, "application/json", "[" + org("first-org") + "]")
            .header("Link", link("0:25:0", true))));

    RenderedResult first = call(mcp, "find_organizations", Map.of(), session());
    assertEquals("0:25:0", structured(first).get("nextCursor"));
    assertEquals(true, structured(first).get("hasMore"));
    // Sentry's cursor has a closed form (digits and colons): shown bare in the server's next-page line
    ToolTestSupport.assertCursorShown(first.text(), "0:25:0");
    assertTrue(Sanitized.outside(first.text()).contains(
        "\nNext page: more organizations are available with `cursor` = 0:25:0"), first.text());
    Map<String, Object> o = map(list(structured(first).get("organizations")).get(0));
    assertEquals("https://us.sentry.io", o.get("regionUrl"));
    assertEquals("https://first-org.sentry.io", o.get("webUrl"));
    assertConforms(descriptor(mcp, "find_organizations").outputSchema(), structured(first));

    fake.clearJournal();
    RenderedResult second = call(mcp, "find_organizations", args("cursor", "0:25:0"), session());
    assertEquals(Map.of("per_page", "25", "cursor", "0:25:0"), query(onlyGet(fake, "/api/0/organizations/")));
    assertEquals("second-org", map(list(structured(second).get("organizations")).get(0)).get("slug"));
    assertNull(structured(second).get("nextCursor"));
    assertEquals(false, structured(second).get("hasMore"));
  }

  @Test
  void anObjectInsteadOfTheListIsAnUpstreamErrorNotAnEmptyList() {
    fake.override("GET", "/api/0/organizations/", "{\"organizations\":[" + org("acme") + "]}");
    SentryMcpException e = failure(mcp, "find_organizations", Map.of(), session());
    assertEquals(ErrorKind.UPSTREAM_ERROR, e.kind());
    assertEquals("Sentry returned a JSON object where GET /organizations/ should return a list.", e.getMessage());
    RenderedResult r = mcp.callAndRender("find_organizations", Map.of(), session());
    assertTrue(r.isError());
    assertFalse(r.text().contains("No organizations found"), r.text());
  }

  @Test
  void hiddenUnderAnOrganizationConstraint() {
    var ctx = orgConstrained(ORG);
    assertFalse(available(mcp, ctx).contains("find_organizations"));
    assertTrue(available(mcp, session()).contains("find_organizations"));
    SentryMcpException e = failure(mcp, "find_organizations", Map.of(), ctx);
    assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
    assertTrue(fake.journal().isEmpty());
  }

  @Test
  void rejectsUnknownArguments() {
    assertEquals(ErrorKind.INVALID_INPUT,
        failure(mcp, "find_organizations", args("organizationSlug", ORG), session()).kind());
    assertTrue(fake.journal().isEmpty());
  }

  /** The SaaS behaviour (region discovery), run against the fake through the package-private constructor. */
  @Nested
  class Regions {
    private final List<String> validated = new CopyOnWriteArrayList<>();

    /** Accepts only the fake's own origin, like the real validator accepts only allow-listed hosts. */
    private final RegionUrlValidator validator = url -> {
      validated.add(url);
      if (url.equals(fake.baseUrl())) {
        return url;
      }
      throw SentryMcpException.invalidInput("The region URL is not allowed.");
    };

    private FindOrganizationsTool tool() {
      SentryMcpConfig config = SentryMcpConfig.builder().host(fake.hostAndPort()).insecureHttp(true).build();
      ToolEnvironment env = new ToolEnvironment(SentryApiClient.create(config, validator), config,
          DefaultScopeResolver.INSTANCE);
      return new FindOrganizationsTool(env, true);
    }

    private RenderedResult run(Map<String, ?> args) {
      return DefaultToolResultSanitizer.create().render(tool().call(args, CallContext.of(session())));
    }

    private void regions(String... urls) {
      StringBuilder sb = new StringBuilder("{\"regions\":[");
      for (int i = 0; i < urls.length; i++) {
        sb.append(i == 0 ? "" : ",").append("{\"name\":\"r").append(i).append("\",\"url\":\"").append(urls[i])
            .append("\"}");
      }
      fake.override("GET", "/api/0/users/me/regions/", sb.append("]}").toString());
    }

    private List<String> paths() {
      List<String> out = new ArrayList<>();
      for (RecordedRequest r : fake.journal()) {
        out.add(r.method() + " " + r.rawPath() + (r.rawQuery() == null ? "" : "?" + r.rawQuery()));
      }
      return out;
    }

    @Test
    void discoversRegionsAndSkipsRejectedOnes() {
      regions(fake.baseUrl(), "https://evil.example.com", "http://169.254.169.254");
      RenderedResult r = run(Map.of());

      assertEquals(List.of("GET /api/0/users/me/regions/", "GET /api/0/organizations/?per_page=25"), paths());
      // the configured origin needs no validation; every other region URL goes through the validator
      assertEquals(List.of("https://evil.example.com", "http://169.254.169.254"), validated);
      assertTrue(r.text().contains("Skipped 2 region(s)"), r.text());
      // the rejected region URLs are Sentry's text: inside the region, never outside it
      for (String rejected : List.of("https://evil.example.com", "http://169.254.169.254")) {
        Sanitized.assertInData(r.text(), "- region URL " + rejected + "\n");
        Sanitized.assertNotOutsideData(r.text(), rejected);
      }
      assertData(r.text(), ORG);
      Map<String, Object> sc = structured(r);
      assertEquals(1, list(sc.get("organizations")).size());
      assertEquals(false, sc.get("hasMore"));
      assertNull(sc.get("nextCursor"));
      assertConforms(FindOrganizationsTool.OUTPUT_SCHEMA, sc);
    }

    @Test
    void concatenatesRegionsWithinOnePage() {
      regions(fake.baseUrl(), fake.baseUrl());
      RenderedResult r = run(Map.of("query", "evals"));
      assertEquals(List.of("GET /api/0/users/me/regions/",
          "GET /api/0/organizations/?per_page=25&query=evals",
          "GET /api/0/organizations/?per_page=24&query=evals"), paths());
      assertEquals(2, list(structured(r).get("organizations")).size());
      assertEquals(false, structured(r).get("hasMore"));
    }

    @Test
    void cursorNamesTheRegionAndSentrysCursor() {
      regions(fake.baseUrl(), fake.baseUrl());
      fake.stubFault(FaultRule.on("GET", "/api/0/organizations/").times(1)
          .respond(Fault.body(200, "application/json", "[" + org("first-org") + "]")
              .header("Link", link("0:25:0", true))));
      RenderedResult first = run(Map.of());
      assertEquals("r0-0:25:0", structured(first).get("nextCursor"));
      assertEquals(true, structured(first).get("hasMore"));
      assertEquals(2, paths().size(), "stops at the region that has more");

      fake.clearJournal();
      RenderedResult second = run(Map.of("cursor", "r0-0:25:0"));
      assertEquals(List.of("GET /api/0/users/me/regions/",
          "GET /api/0/organizations/?per_page=25&cursor=0%3A25%3A0",
          "GET /api/0/organizations/?per_page=25"), paths());
      assertEquals(1, list(structured(second).get("organizations")).size());
      assertNull(structured(second).get("nextCursor"));

      fake.clearJournal();
      run(Map.of("cursor", "r1"));
      assertEquals(List.of("GET /api/0/users/me/regions/", "GET /api/0/organizations/?per_page=25"), paths());
    }

    @Test
    void aFullPageEndsBeforeTheNextRegion() {
      regions(fake.baseUrl(), fake.baseUrl());
      StringBuilder page = new StringBuilder("[");
      for (int i = 0; i < 25; i++) {
        page.append(i == 0 ? "" : ",").append(org("org-" + i));
      }
      fake.stubFault(FaultRule.on("GET", "/api/0/organizations/").times(1)
          .respond(Fault.body(200, "application/json", page.append(']').toString())
              .header("Link", link("0:25:0", false))));
      RenderedResult r = run(Map.of());
      assertEquals(List.of("GET /api/0/users/me/regions/", "GET /api/0/organizations/?per_page=25"), paths());
      assertEquals(25, list(structured(r).get("organizations")).size());
      assertEquals("r1", structured(r).get("nextCursor"));
      assertEquals(true, structured(r).get("hasMore"));
      ToolTestSupport.assertCursorShown(r.text(), "r1");
    }

    @Test
    void foreignCursorIsRefusedBeforeAnyRequest() {
      regions(fake.baseUrl());
      SentryMcpException e = assertThrows(SentryMcpException.class, () -> run(Map.of("cursor", "0:25:0")));
      assertEquals(ErrorKind.INVALID_INPUT, e.kind());
      assertTrue(fake.journal().isEmpty());

      e = assertThrows(SentryMcpException.class, () -> run(Map.of("cursor", "r7")));
      assertEquals(ErrorKind.INVALID_INPUT, e.kind());
      assertEquals(List.of("GET /api/0/users/me/regions/"), paths());
    }

    @Test
    void regionsNotFoundFallsBackToTheBaseHost() {
      fake.stubFault(FaultRule.on("GET", "/api/0/users/me/regions/").respond(Fault.status(404)));
      RenderedResult r = run(Map.of());
      assertEquals(List.of("GET /api/0/users/me/regions/", "GET /api/0/organizations/?per_page=25"), paths());
      assertEquals(ORG, map(list(structured(r).get("organizations")).get(0)).get("slug"));
    }

    @Test
    void regionsWithoutTheRegionsListAreAnUpstreamError() {
      for (String body : List.of("{}", "{\"regions\":{\"url\":\"" + fake.baseUrl() + "\"}}", "[]")) {
        fake.reset();
        fake.override("GET", "/api/0/users/me/regions/", body);
        SentryMcpException e = assertThrows(SentryMcpException.class, () -> run(Map.of()));
        assertEquals(ErrorKind.UPSTREAM_ERROR, e.kind(), body);
        assertTrue(e.getMessage().startsWith(body.equals("[]")
            ? "Sentry returned a JSON list where GET /users/me/regions/ should return an object."
            : "Sentry's answer to GET /users/me/regions/ has "), e.getMessage());
        assertEquals(List.of("GET /api/0/users/me/regions/"), paths(), body);
      }
    }

    @Test
    void otherRegionErrorsPropagate() {
      fake.stubFault(FaultRule.on("GET", "/api/0/users/me/regions/").respond(Fault.status(403)));
      SentryMcpException e = assertThrows(SentryMcpException.class, () -> run(Map.of()));
      assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
      assertEquals(List.of("GET /api/0/users/me/regions/"), paths());
    }
  }
}
