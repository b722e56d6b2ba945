package io.github.sentrymcp.core.internal.tools.monitors;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.ORG;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.PROJECT;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.assertConforms;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.descriptor;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.list;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.map;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.structured;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertConstraintChecks;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertDescriptor;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertInputs;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertPermissionChecks;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.assertSentryValidationError;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.call;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.callWithOneRequest;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.json;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.rejected;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolAnnotations;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.internal.tools.Sanitized;
import io.github.sentrymcp.core.internal.tools.ToolTestSupport;
import io.github.sentrymcp.core.internal.tools.WireMockApi.Grant;
import io.github.sentrymcp.core.internal.tools.WireMockApi;
import io.github.sentrymcp.testkit.FakeSentry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CreateUptimeMonitorToolTest {
  private static final String TOOL = "create_uptime_monitor";
  private static final String PATH = "/api/0/projects/sentry-mcp-evals/cloudflare-mcp/uptime/";
  private static final String MONITOR_ID = "4509100000001001";

  @RegisterExtension
  static final WireMockApi api = new WireMockApi(Grant.PROJECT_WRITE);

  @BeforeEach
  void stub() {
    // the fixture's headers hold an Authorization header, its body a token: neither may be shown
    api.wm().stubFor(post(urlEqualTo(PATH)).willReturn(json(201, FakeSentry.fixture("uptime-monitor"))));
  }

  /** Organization, project, name, url and interval, then the given fields (a null value removes a field). */
  static Map<String, @Nullable Object> monitor(@Nullable Object... kv) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("organizationSlug", ORG);
    m.put("projectSlug", PROJECT);
    m.put("name", "API Health");
    m.put("url", "https://example.com/health");
    m.put("intervalSeconds", 60);
    Map<String, @Nullable Object> extra = ToolTestSupport.args(kv);
    extra.forEach((k, v) -> {
      if (v == null) {
        m.remove(k);
      } else {
        m.put(k, v);
      }
    });
    return m;
  }

  private static RenderedResult expectBody(String body, Map<String, ?> args) {
    return callWithOneRequest(api, TOOL, args, postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson(body)));
  }

  @Test
  void descriptorMatchesTheReference() {
    ToolDescriptor d = assertDescriptor(api.mcp(), TOOL, new ToolAnnotations(false, false, null, true),
        Set.of(Scope.PROJECT_WRITE), Set.of(Skill.PROJECT_MANAGEMENT));
    Map<String, Object> props = assertInputs(d, List.of("organizationSlug", "regionUrl", "projectSlug", "name",
            "url", "intervalSeconds", "timeoutMs", "method", "headers", "body", "status", "owner", "environment",
            "traceSampling", "responseCaptureEnabled", "recoveryThreshold", "downtimeThreshold"),
        List.of("organizationSlug", "projectSlug", "name", "url", "intervalSeconds"));
    assertEquals(5000L, map(props.get("timeoutMs")).get("default"));
    assertEquals("array", map(props.get("headers")).get("type"));
    assertEquals(List.of("GET", "POST", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"),
        map(props.get("method")).get("enum"));
  }

  @Test
  void requiredFieldsAndTheDefaultTimeoutAreAlwaysSent() {
    expectBody("{\"name\":\"API Health\",\"url\":\"https://example.com/health\",\"intervalSeconds\":60,"
        + "\"timeoutMs\":5000}", monitor());
  }

  @Test
  void everyProvidedFieldIsSent() {
    expectBody("{\"name\":\"Checkout\",\"url\":\"https://example.com/checkout\",\"intervalSeconds\":300,"
            + "\"timeoutMs\":10000,\"method\":\"POST\",\"headers\":[[\"Accept\",\"application/json\"],"
            + "[\"X-Api-Key\",\"k\"]],\"body\":\" {\\\"ping\\\":1} \",\"status\":\"disabled\","
            + "\"owner\":\"team:456\",\"environment\":\"production\",\"traceSampling\":true,"
            + "\"responseCaptureEnabled\":false,\"recoveryThreshold\":2,\"downtimeThreshold\":3}",
        monitor("name", "Checkout", "url", "https://example.com/checkout", "intervalSeconds", 300,
            "timeoutMs", 10000, "method", "POST",
            "headers", List.of(List.of("Accept", "application/json"), List.of("X-Api-Key", "k")),
            "body", " {\"ping\":1} ", "status", "disabled", "owner", " team:456 ", "environment", "production",
            "traceSampling", true, "responseCaptureEnabled", false, "recoveryThreshold", 2,
            "downtimeThreshold", 3));
  }

  @Test
  void returnsTheMonitorWithSecretHeadersRedactedAndNoBody() {
    RenderedResult r = expectBody("{\"name\":\"API Health\",\"url\":\"https://example.com/health\","
        + "\"intervalSeconds\":60,\"timeoutMs\":5000}", monitor());
    Map<String, Object> sc = structured(r);
    assertConforms(descriptor(api.mcp(), TOOL).outputSchema(), sc);
    Map<String, Object> m = map(sc.get("monitor"));
    assertEquals(MONITOR_ID, m.get("id"));
    assertEquals("API Health", m.get("name"));
    assertEquals(PROJECT, m.get("projectSlug"));
    assertEquals("active", m.get("status"));
    assertEquals("ok", m.get("uptimeStatus"));
    assertEquals("https://example.com/health", m.get("url"));
    assertEquals("GET", m.get("method"));
    assertEquals(60L, ((Number) m.get("intervalSeconds")).longValue());
    assertEquals("production", m.get("environment"));
    assertEquals("the-goats", m.get("owner"));
    assertEquals("http://127.0.0.1:" + api.wm().port() + "/organizations/sentry-mcp-evals/monitors/" + MONITOR_ID + "/",
        m.get("webUrl"));
    assertEquals(5000L, ((Number) m.get("timeoutMs")).longValue());
    assertEquals(1L, ((Number) m.get("recoveryThreshold")).longValue());
    assertEquals(3L, ((Number) m.get("downtimeThreshold")).longValue());
    assertEquals(false, m.get("traceSampling"));
    assertEquals(true, m.get("responseCaptureEnabled"));
    assertEquals(List.of(Map.of("name", "Accept", "value", "application/json"),
        Map.of("name", "Authorization", "value", "[REDACTED]")), list(m.get("headers")));

    String text = r.text();
    assertTrue(text.contains("# Created Uptime Monitor in sentry-mcp-evals/cloudflare-mcp\n"), text);
    Sanitized.assertInData(text, "API Health");
    Sanitized.assertInData(text, "Authorization");
    Sanitized.assertInData(text, "application/json");
    assertTrue(text.contains("[REDACTED]"), text);
    for (String secret : List.of("secret-token", "should-not-appear")) {
      assertFalse(text.contains(secret), "in text: " + secret);
      assertFalse(String.valueOf(sc).contains(secret), "in structured content: " + secret);
      assertFalse(String.valueOf(r.meta()).contains(secret), "in meta: " + secret);
    }
  }

  @Test
  void headerNamesThatLookSecretAreRedacted() {
    List<String> secretNames = List.of("X-API-KEY", " cookie ", "X-My-Secret-Header", "Proxy-Authorization",
        "x-sentry-auth", "X-Db-Password", "X-Access-Token");
    StringBuilder headersJson = new StringBuilder();
    for (int i = 0; i < secretNames.size(); i++) {
      headersJson.append("[\"").append(secretNames.get(i)).append("\",\"hidden-value-").append(i + 1)
          .append("\"],");
    }
    headersJson.append("[\"X-Request-Id\",\"visible\"],[\"malformed\"],[1,\"x\"]");
    api.wm().stubFor(post(urlEqualTo(PATH)).willReturn(json(201, "{\"id\":\"1\",\"headers\":[" + headersJson + "]}")));
    RenderedResult r = call(api, TOOL, monitor());
    List<Object> headers = list(map(structured(r).get("monitor")).get("headers"));
    assertEquals(8, headers.size(), headers::toString);
    for (int i = 0; i < 7; i++) {
      assertEquals("[REDACTED]", map(headers.get(i)).get("value"), headers::toString);
      assertFalse(r.text().contains("hidden-value-" + (i + 1)), r.text());
    }
    assertEquals(Map.of("name", "X-Request-Id", "value", "visible"), headers.get(7));
    Sanitized.assertInData(r.text(), "visible");
  }

  @Test
  void intervalMustBeAnAllowedValue() {
    for (Object interval : List.of(61, 30, 7200, 120, "60", 60.5)) {
      rejected(api, TOOL, monitor("intervalSeconds", interval));
    }
    for (int allowed : List.of(60, 300, 600, 1200, 1800, 3600)) {
      api.wm().resetRequests();
      call(api, TOOL, monitor("intervalSeconds", allowed));
    }
  }

  @Test
  void everyRuleIsCheckedBeforeAnyRequest() {
    rejected(api, TOOL, monitor("timeoutMs", 999));
    rejected(api, TOOL, monitor("timeoutMs", 60_001));
    rejected(api, TOOL, monitor("method", "get"));
    rejected(api, TOOL, monitor("method", "CONNECT"));
    rejected(api, TOOL, monitor("status", "paused"));
    rejected(api, TOOL, monitor("owner", "bob"));
    rejected(api, TOOL, monitor("owner", "   "));
    rejected(api, TOOL, monitor("owner", "team:"));
    rejected(api, TOOL, monitor("environment", "e".repeat(65)));
    rejected(api, TOOL, monitor("environment", " "));
    rejected(api, TOOL, monitor("name", "n".repeat(129)));
    rejected(api, TOOL, monitor("name", "  "));
    rejected(api, TOOL, monitor("url", "not a url"));
    rejected(api, TOOL, monitor("url", "ftp://example.com/"));
    rejected(api, TOOL, monitor("url", "/health"));
    rejected(api, TOOL, monitor("url", "https://"));
    rejected(api, TOOL, monitor("recoveryThreshold", 0));
    rejected(api, TOOL, monitor("downtimeThreshold", 0));
    rejected(api, TOOL, monitor("traceSampling", "yes"));
    rejected(api, TOOL, monitor("headers", List.of(List.of("Accept"))));
    rejected(api, TOOL, monitor("headers", List.of(List.of("Accept", "a", "b"))));
    rejected(api, TOOL, monitor("headers", List.of("Accept: a")));
    rejected(api, TOOL, monitor("headers", Map.of("Accept", "a")));
    rejected(api, TOOL, monitor("unknown", "x"));
    for (String required : List.of("name", "url", "intervalSeconds", "projectSlug", "organizationSlug")) {
      rejected(api, TOOL, monitor(required, null));
    }
    // boundaries that are allowed
    call(api, TOOL, monitor("timeoutMs", 1000, "name", "n".repeat(128), "environment", "e".repeat(64),
        "headers", List.of(), "owner", "user:1", "url", "http://example.com:8080/x?y=1"));
    api.wm().verify(1, postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("{\"name\":\"" + "n".repeat(128)
        + "\",\"url\":\"http://example.com:8080/x?y=1\",\"intervalSeconds\":60,\"timeoutMs\":1000,"
        + "\"headers\":[],\"owner\":\"user:1\",\"environment\":\"" + "e".repeat(64) + "\"}")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"../victim", "..", "a/b", "%2e%2e"})
  void pathTraversalSendsNothing(String slug) {
    rejected(api, TOOL, with(monitor(), "projectSlug", slug));
    rejected(api, TOOL, with(monitor(), "organizationSlug", slug));
  }

  @Test
  void permissionIsCheckedBeforeAnyRequest() {
    assertPermissionChecks(api, TOOL, monitor());
  }

  @Test
  void constraintsAreCheckedBeforeAnyRequest() {
    assertConstraintChecks(api, TOOL, monitor());
  }

  @Test
  void constrainedSessionWritesIntoItsProject() {
    Session constrained = api.projectConstrained(ORG, PROJECT);
    Map<String, @Nullable Object> args = monitor("organizationSlug", null, "projectSlug", null);
    call(api, TOOL, args, constrained);
    api.wm().verify(1, postRequestedFor(urlEqualTo(PATH)));
  }

  @Test
  void sentryValidationErrorIsAnInputErrorWithSentrysTextAsData() {
    api.wm().stubFor(post(urlEqualTo(PATH)).willReturn(json(400, "{\"url\": [\"Enter a valid URL.\"]}")));
    assertSentryValidationError(api, TOOL, monitor("url", "https://intranet.invalid/"), "Enter a valid URL.");
  }
}
