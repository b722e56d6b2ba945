package io.github.sentrymcp.core.tools;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Shared set-up of the write-tool tests: a WireMock Sentry (so request bodies can be matched exactly with {@code
 * equalToJson}), engines, the request log and its assertions (used by every write-tool test, also through {@link
 * WireMockWriteSupport} and {@link ProjectWriteSupport}), plus the issue fixtures of the triage tools.
 */
final class WriteToolTestSupport {
  private WriteToolTestSupport() {}

  static final String ORG = "my-org";
  static final String PROJECT = "backend";
  static final String ISSUE = "PROJ-1";
  static final String ISSUE_PATH = "/api/0/organizations/" + ORG + "/issues/" + ISSUE + "/";
  static final String NOTES_PATH = ISSUE_PATH + "notes/";

  static WireMockServer server() {
    return new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
  }

  /** An engine talking to {@code wm}, configured further by {@code customize}. */
  static SentryMcp engine(WireMockServer wm, UnaryOperator<SentryMcpConfig.Builder> customize) {
    SentryMcpConfig.Builder b = SentryMcpConfig.builder(AccessToken.of("t"))
        .host("127.0.0.1:" + wm.port()).insecureHttp(true);
    return SentryMcp.create(customize.apply(b).build());
  }

  /** Every skill and the default scopes plus {@code event:write}: the write tools may be called. */
  static SentryMcp writer(WireMockServer wm) {
    return engine(wm, b -> b.allSkills(true).addScopes(Set.of(Scope.EVENT_WRITE)));
  }

  /** Calls with the engine's own context and renders; a failure becomes an error result. */
  static RenderedResult render(SentryMcp mcp, String tool, Map<String, ?> args) {
    return mcp.callAndRender(tool, args, mcp.defaultContext());
  }

  /** Calls and expects a {@link SentryMcpException}. */
  static SentryMcpException failure(SentryMcp mcp, String tool, Map<String, ?> args) {
    return assertThrows(SentryMcpException.class, () -> mcp.call(tool, args, mcp.defaultContext()));
  }

  /** The requests WireMock received, oldest first, as {@code METHOD url}. */
  static List<String> requests(WireMockServer wm) {
    List<ServeEvent> events = new ArrayList<>(wm.getAllServeEvents());
    events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
    List<String> out = new ArrayList<>();
    for (ServeEvent e : events) {
      out.add(e.getRequest().getMethod().getName() + " " + e.getRequest().getUrl());
    }
    return out;
  }

  /** No request other than GET reached WireMock. */
  static void assertNoWrite(WireMockServer wm) {
    for (String r : requests(wm)) {
      assertTrue(r.startsWith("GET "), () -> "a write request was sent: " + requests(wm));
    }
  }

  /** Nothing at all reached WireMock. */
  static void assertNoRequests(WireMockServer wm) {
    assertEquals(List.of(), requests(wm), "no request may reach Sentry");
  }

  /** A started WireMock server on a free loopback port. */
  static WireMockServer started() {
    WireMockServer wm = server();
    wm.start();
    return wm;
  }

  static void assertRequests(WireMockServer wm, String... expected) {
    assertEquals(List.of(expected), requests(wm));
  }

  /**
   * An issue as Sentry returns it.
   *
   * @param statusJson the {@code status}, {@code substatus} and {@code statusDetails} members, e.g. {@code
   *     "status":"unresolved","substatus":"ongoing","statusDetails":{}}
   * @param assignedToJson the {@code assignedTo} value, e.g. {@code null}
   */
  static String issue(String statusJson, String assignedToJson) {
    return issue(PROJECT, "TypeError: Cannot read properties of undefined", statusJson, assignedToJson);
  }

  static String issue(String project, String title, String statusJson, String assignedToJson) {
    return "{\"id\":\"6507376925\",\"shortId\":\"" + ISSUE + "\",\"title\":" + quote(title) + ","
        + statusJson + ",\"assignedTo\":" + assignedToJson + ","
        + "\"project\":{\"id\":\"4509062593708032\",\"slug\":\"" + project + "\",\"name\":\"" + project + "\"}}";
  }

  static final String UNRESOLVED = "\"status\":\"unresolved\",\"substatus\":\"ongoing\",\"statusDetails\":{}";
  static final String RESOLVED = "\"status\":\"resolved\",\"substatus\":null,\"statusDetails\":{}";
  static final String JANE =
      "{\"type\":\"user\",\"id\":\"12345\",\"name\":\"Jane Developer\",\"email\":\"jane@example.com\"}";
  static final String TEAM = "{\"type\":\"team\",\"id\":\"789\",\"name\":\"backend-team\"}";

  /** A note as Sentry returns it from {@code POST .../notes/}. */
  static String note(String text) {
    return "{\"id\":\"4633816000\",\"user\":{\"id\":\"12345\",\"name\":\"Jane Developer\","
        + "\"email\":\"jane@example.com\"},\"sentry_app\":null,\"type\":\"note\",\"data\":{\"text\":"
        + quote(text) + "},\"dateCreated\":\"2025-04-14T12:00:00.000Z\"}";
  }

  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
