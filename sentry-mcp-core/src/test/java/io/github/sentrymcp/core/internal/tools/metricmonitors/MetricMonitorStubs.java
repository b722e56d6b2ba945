package io.github.sentrymcp.core.internal.tools.metricmonitors;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.sentrymcp.core.internal.tools.WriteToolTestSupport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.core.internal.tools.ToolTestSupport;
import io.github.sentrymcp.core.internal.tools.WireMockApi;
import io.github.sentrymcp.core.internal.tools.WriteToolTestSupport;
import io.github.sentrymcp.testkit.FakeSentry;
import java.util.Map;

/** The Metric Monitor of the write-tool tests (the testkit's metric-monitor.json) and the stubs that serve it. */
final class MetricMonitorStubs {
  private MetricMonitorStubs() {}

  static final String ID = "4509100000002001";
  static final String DETECTOR = "/api/0/organizations/sentry-mcp-evals/detectors/" + ID + "/";
  static final String PROJECT = "/api/0/projects/sentry-mcp-evals/cloudflare-mcp/";
  static final String MONITOR = FakeSentry.fixture("metric-monitor");

  /** The fixture with {@code replacement} (top-level JSON fields) put in; later fields win. */
  static String monitorWith(String replacement) {
    String fixture = MONITOR.strip();
    return fixture.substring(0, fixture.length() - 1) + "," + replacement + "}";
  }

  /** GET of the monitor answers {@code json}, GET of the project answers the project fixture. */
  static void serve(WireMockApi api, String json) {
    api.wm().stubFor(get(urlEqualTo(DETECTOR)).willReturn(json(200, json)));
    api.wm().stubFor(get(urlEqualTo(PROJECT)).willReturn(json(200, FakeSentry.fixture("project"))));
  }

  /**
   * The permission checks of the alerts:write tools: refused without alerts:write (naming it), without the
   * project-management skill, and with project:write alone; nothing is sent.
   */
  static void assertPermissionChecks(WireMockApi api, String tool, Map<String, ?> args) {
    WriteToolTestSupport.assertDenied(api, api.readOnly(), tool, args, "alerts:write");
    WriteToolTestSupport.assertDenied(api, api.noProjectManagement(), tool, args, "project-management");
    WriteToolTestSupport.assertDenied(api, api.session(b -> b.allSkills(true).addScopes("project:write,org:write")),
        tool, args, "alerts:write");
    assertTrue(ToolTestSupport.available(api.mcp(), api.writer()).contains(tool));
    WriteToolTestSupport.assertNoRequests(api.wm());
  }

  /** Invalid input naming {@code field}, not repeating {@code secretValue}; nothing was sent. */
  static void assertRejected(WireMockApi api, String tool, Map<String, ?> args, String field) {
    SentryMcpException e = WriteToolTestSupport.rejected(api, tool, args);
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().contains(field), e.getMessage());
  }
}
