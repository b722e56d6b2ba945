package io.github.sentrymcp.core.tools;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.sentrymcp.core.tools.ToolTestSupport.assertConforms;
import static io.github.sentrymcp.core.tools.ToolTestSupport.descriptor;
import static io.github.sentrymcp.core.tools.ToolTestSupport.list;
import static io.github.sentrymcp.core.tools.ToolTestSupport.map;
import static io.github.sentrymcp.core.tools.ToolTestSupport.structured;
import static io.github.sentrymcp.core.tools.WireMockWriteSupport.ORG;
import static io.github.sentrymcp.core.tools.WireMockWriteSupport.PROJECT;
import static io.github.sentrymcp.core.tools.WireMockWriteSupport.assertConstraintChecks;
import static io.github.sentrymcp.core.tools.WireMockWriteSupport.assertOneRequest;
import static io.github.sentrymcp.core.tools.WireMockWriteSupport.assertPermissionChecks;
import static io.github.sentrymcp.core.tools.WireMockWriteSupport.assertSentryValidationError;
import static io.github.sentrymcp.core.tools.WireMockWriteSupport.call;
import static io.github.sentrymcp.core.tools.WireMockWriteSupport.json;
import static io.github.sentrymcp.core.tools.WireMockWriteSupport.rejected;
import static io.github.sentrymcp.core.tools.WireMockWriteSupport.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolAnnotations;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.testkit.FakeSentry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CreateUptimeMonitorToolTest {
  private static final String TOOL = "create_uptime_monitor";
  private static final String PATH = "/api/0/projects/sentry-mcp-evals/cloudflare-mcp/uptime/";
  private static final String MONITOR_ID = "4509100000001001";

  private static WireMockServer wm;
  private static SentryMcp mcp;

  @BeforeAll
  static void start() {
    wm = WireMockWriteSupport.startWireMock();
    mcp = WireMockWriteSupport.writeEngine(wm);
  }

  @AfterAll
  static void stop() {
    wm.stop();
  }

  @BeforeEach
  void reset() {
    wm.resetAll();
    // the fixture's headers hold an Authorization header, its body a token: neither may be shown
    wm.stubFor(post(urlEqualTo(PATH)).willReturn(json(201, FakeSentry.fixture("uptime-monitor"))));
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
    RenderedResult r = call(mcp, TOOL, args);
    assertOneRequest(wm);
    wm.verify(1, postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson(body)));
    return r;
  }

  @Test
  void descriptorMatchesTheReference() {
    ToolDescriptor d = descriptor(mcp, TOOL);
    assertEquals(new ToolAnnotations(false, false, null, true), d.annotations());
    assertEquals(Set.of(Scope.PROJECT_WRITE), d.requiredScopes());
    assertEquals(Set.of(Skill.PROJECT_MANAGEMENT), d.skills());
    Map<String, Object> props = map(d.inputSchema().get("properties"));
    assertEquals(List.of("organizationSlug", "regionUrl", "projectSlug", "name", "url", "intervalSeconds",
            "timeoutMs", "method", "headers", "body", "status", "owner", "environment", "traceSampling",
            "responseCaptureEnabled", "recoveryThreshold", "downtimeThreshold"),
        List.copyOf(props.keySet()));
    assertEquals(List.of("organizationSlug", "projectSlug", "name", "url", "intervalSeconds"),
        d.inputSchema().get("required"));
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
    assertConforms(descriptor(mcp, TOOL).outputSchema(), sc);
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
    assertEquals("http://127.0.0.1:" + wm.port() + "/organizations/sentry-mcp-evals/monitors/" + MONITOR_ID + "/",
        m.get("webUrl"));
    assertEquals(5000L, ((Number) m.get("timeoutMs")).longValue());
    assertEquals(1L, ((Number) m.get("recoveryThreshold")).longValue());
    assertEquals(3L, ((Number) m.get("downtimeThreshold")).longValue());
    assertEquals(false, m.get("traceSampling"));
    assertEquals(true, m.get("responseCaptureEnabled"));
    assertEquals(List.of(Map.of("name", "Accept", "value", "application/json"),
        Map.of("name", "Authorization", "value", "[REDACTED]")), list(m.get("headers")));

    String text = r.text();
    assertTrue(text.contains("# Created Uptime Monitor in **sentry-mcp-evals/cloudflare-mcp**"), text);
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
    wm.stubFor(post(urlEqualTo(PATH)).willReturn(json(201, "{\"id\":\"1\",\"headers\":[" + headersJson + "]}")));
    RenderedResult r = call(mcp, TOOL, monitor());
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
      rejected(wm, mcp, TOOL, monitor("intervalSeconds", interval));
    }
    for (int allowed : List.of(60, 300, 600, 1200, 1800, 3600)) {
      wm.resetRequests();
      call(mcp, TOOL, monitor("intervalSeconds", allowed));
    }
  }

  @Test
  void everyRuleIsCheckedBeforeAnyRequest() {
    rejected(wm, mcp, TOOL, monitor("timeoutMs", 999));
    rejected(wm, mcp, TOOL, monitor("timeoutMs", 60_001));
    rejected(wm, mcp, TOOL, monitor("method", "get"));
    rejected(wm, mcp, TOOL, monitor("method", "CONNECT"));
    rejected(wm, mcp, TOOL, monitor("status", "paused"));
    rejected(wm, mcp, TOOL, monitor("owner", "bob"));
    rejected(wm, mcp, TOOL, monitor("owner", "   "));
    rejected(wm, mcp, TOOL, monitor("owner", "team:"));
    rejected(wm, mcp, TOOL, monitor("environment", "e".repeat(65)));
    rejected(wm, mcp, TOOL, monitor("environment", " "));
    rejected(wm, mcp, TOOL, monitor("name", "n".repeat(129)));
    rejected(wm, mcp, TOOL, monitor("name", "  "));
    rejected(wm, mcp, TOOL, monitor("url", "not a url"));
    rejected(wm, mcp, TOOL, monitor("url", "ftp://example.com/"));
    rejected(wm, mcp, TOOL, monitor("url", "/health"));
    rejected(wm, mcp, TOOL, monitor("url", "https://"));
    rejected(wm, mcp, TOOL, monitor("recoveryThreshold", 0));
    rejected(wm, mcp, TOOL, monitor("downtimeThreshold", 0));
    rejected(wm, mcp, TOOL, monitor("traceSampling", "yes"));
    rejected(wm, mcp, TOOL, monitor("headers", List.of(List.of("Accept"))));
    rejected(wm, mcp, TOOL, monitor("headers", List.of(List.of("Accept", "a", "b"))));
    rejected(wm, mcp, TOOL, monitor("headers", List.of("Accept: a")));
    rejected(wm, mcp, TOOL, monitor("headers", Map.of("Accept", "a")));
    rejected(wm, mcp, TOOL, monitor("unknown", "x"));
    for (String required : List.of("name", "url", "intervalSeconds", "projectSlug", "organizationSlug")) {
      rejected(wm, mcp, TOOL, monitor(required, null));
    }
    // boundaries that are allowed
    call(mcp, TOOL, monitor("timeoutMs", 1000, "name", "n".repeat(128), "environment", "e".repeat(64),
        "headers", List.of(), "owner", "user:1", "url", "http://example.com:8080/x?y=1"));
    wm.verify(1, postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("{\"name\":\"" + "n".repeat(128)
        + "\",\"url\":\"http://example.com:8080/x?y=1\",\"intervalSeconds\":60,\"timeoutMs\":1000,"
        + "\"headers\":[],\"owner\":\"user:1\",\"environment\":\"" + "e".repeat(64) + "\"}")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"../victim", "..", "a/b", "%2e%2e"})
  void pathTraversalSendsNothing(String slug) {
    rejected(wm, mcp, TOOL, with(monitor(), "projectSlug", slug));
    rejected(wm, mcp, TOOL, with(monitor(), "organizationSlug", slug));
  }

  @Test
  void permissionIsCheckedBeforeAnyRequest() {
    assertPermissionChecks(wm, TOOL, monitor());
  }

  @Test
  void constraintsAreCheckedBeforeAnyRequest() {
    assertConstraintChecks(wm, TOOL, monitor());
  }

  @Test
  void constrainedSessionWritesIntoItsProject() {
    SentryMcp constrained = WireMockWriteSupport.projectConstrainedEngine(wm);
    Map<String, @Nullable Object> args = monitor("organizationSlug", null, "projectSlug", null);
    call(constrained, TOOL, args);
    wm.verify(1, postRequestedFor(urlEqualTo(PATH)));
  }

  @Test
  void sentryValidationErrorIsAnInputErrorWithSentrysTextAsData() {
    wm.stubFor(post(urlEqualTo(PATH)).willReturn(json(400, "{\"url\": [\"Enter a valid URL.\"]}")));
    assertSentryValidationError(mcp, TOOL, monitor("url", "https://intranet.invalid/"), "Enter a valid URL.");
  }
}
