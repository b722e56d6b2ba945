package io.github.sentrymcp.core.internal.tools;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolAnnotations;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.core.internal.tools.issues.IssueUrlsTest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Shared helpers of the write-tool tests, which run against the WireMock Sentry of {@link WireMockApi} so that request
 * bodies can be matched exactly: calling a tool and expecting success or a failure, the request log and its
 * assertions, the checks every write tool must pass (permissions, constraints, identifiers that could walk the API
 * path, Sentry's validation errors shown only as data), and the issue fixtures of the triage tools.
 */
public final class WriteToolTestSupport {
  private WriteToolTestSupport() {}

  // ------------------------------------------------------------------ fixtures

  /** The organization of the issue fixtures (the DSN and uptime tests use {@link ToolTestSupport#ORG}). */
  public static final String ORG = "my-org";
  /** The project of the issue fixtures (the DSN and uptime tests use {@link ToolTestSupport#PROJECT}). */
  public static final String PROJECT = "backend";
  public static final String ISSUE = "PROJ-1";
  public static final String ISSUE_PATH = "/api/0/organizations/" + ORG + "/issues/" + ISSUE + "/";
  public static final String NOTES_PATH = ISSUE_PATH + "notes/";

  public static final String UNRESOLVED = "\"status\":\"unresolved\",\"substatus\":\"ongoing\",\"statusDetails\":{}";
  public static final String RESOLVED = "\"status\":\"resolved\",\"substatus\":null,\"statusDetails\":{}";
  public static final String JANE =
      "{\"type\":\"user\",\"id\":\"12345\",\"name\":\"Jane Developer\",\"email\":\"jane@example.com\"}";
  public static final String TEAM = "{\"type\":\"team\",\"id\":\"789\",\"name\":\"backend-team\"}";

  /** The scopes the project-management write tools need beyond the default grant. */
  public static final String WRITE_SCOPES = "project:write,team:write";

  /** A Sentry 400 with field details, as Sentry answers a taken slug. */
  public static final String SLUG_TAKEN = "{\"slug\":[\"This slug is already in use\"]}";

  /**
   * An issue as Sentry returns it.
   *
   * @param statusJson the {@code status}, {@code substatus} and {@code statusDetails} members, e.g. {@code
   *     "status":"unresolved","substatus":"ongoing","statusDetails":{}}
   * @param assignedToJson the {@code assignedTo} value, e.g. {@code null}
   */
  public static String issue(String statusJson, String assignedToJson) {
    return issue(PROJECT, "TypeError: Cannot read properties of undefined", statusJson, assignedToJson);
  }

  public static String issue(String project, String title, String statusJson, String assignedToJson) {
    return "{\"id\":\"6507376925\",\"shortId\":\"" + ISSUE + "\",\"title\":" + quote(title) + ","
        + statusJson + ",\"assignedTo\":" + assignedToJson + ","
        + "\"project\":{\"id\":\"4509062593708032\",\"slug\":\"" + project + "\",\"name\":\"" + project + "\"}}";
  }

  /** A note as Sentry returns it from {@code POST .../notes/}. */
  public static String note(String text) {
    return "{\"id\":\"4633816000\",\"user\":{\"id\":\"12345\",\"name\":\"Jane Developer\","
        + "\"email\":\"jane@example.com\"},\"sentry_app\":null,\"type\":\"note\",\"data\":{\"text\":"
        + quote(text) + "},\"dateCreated\":\"2025-04-14T12:00:00.000Z\"}";
  }

  /** {@code s} as a JSON string literal. */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
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

  /** A JSON answer with the given status. */
  public static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
  }

  /** A copy of {@code args} with the alternating names and values of {@code kv} put into it, in order. */
  public static Map<String, @Nullable Object> with(Map<String, ?> args, @Nullable Object... kv) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>(args);
    m.putAll(args(kv));
    return m;
  }

  // ------------------------------------------------------------------ calls

  /** Calls the class's engine for its write session and renders; a failure becomes an error result. */
  public static RenderedResult render(WireMockApi api, String tool, Map<String, ?> args) {
    return api.mcp().callAndRender(tool, args, api.writer());
  }

  /** Calls the class's engine for its write session and renders; the call must succeed. */
  public static RenderedResult call(WireMockApi api, String tool, Map<String, ?> args) {
    return call(api, tool, args, api.writer());
  }

  /** Calls the class's engine for {@code session} and renders; the call must succeed. */
  public static RenderedResult call(WireMockApi api, String tool, Map<String, ?> args, Session session) {
    RenderedResult r = api.mcp().callAndRender(tool, args, session);
    assertFalse(r.isError(), () -> tool + " failed: " + r.text());
    return r;
  }

  /** Calls for the write session and expects a {@link SentryMcpException} of any kind; returns it. */
  public static SentryMcpException failure(WireMockApi api, String tool, Map<String, ?> args) {
    return failure(api, tool, args, api.writer());
  }

  /** Calls for {@code session} and expects a {@link SentryMcpException} of any kind; returns it. */
  public static SentryMcpException failure(WireMockApi api, String tool, Map<String, ?> args, Session session) {
    return ToolTestSupport.failure(api.mcp(), tool, args, session);
  }

  /** Calls for the write session and expects a failure of {@code kind}; returns it. */
  public static SentryMcpException failure(WireMockApi api, String tool, Map<String, ?> args, ErrorKind kind) {
    return failure(api, tool, args, api.writer(), kind);
  }

  /** Calls for {@code session} and expects a failure of {@code kind}; returns it. */
  public static SentryMcpException failure(WireMockApi api, String tool, Map<String, ?> args, Session session,
      ErrorKind kind) {
    SentryMcpException e = failure(api, tool, args, session);
    assertEquals(kind, e.kind(), () -> "unexpected failure: " + e.getMessage());
    return e;
  }

  /** The class's write session refuses the call as invalid input and WireMock received nothing. */
  public static SentryMcpException rejected(WireMockApi api, String tool, Map<String, ?> args) {
    SentryMcpException e = failure(api, tool, args, ErrorKind.INVALID_INPUT);
    assertNoRequests(api.wm());
    return e;
  }

  /** The class's write session gets an answer and sent exactly one request, which matches {@code expected}. */
  public static RenderedResult callWithOneRequest(WireMockApi api, String tool, Map<String, ?> args,
      RequestPatternBuilder expected) {
    RenderedResult r = call(api, tool, args);
    assertOneRequest(api.wm());
    api.wm().verify(1, expected);
    return r;
  }

  // ------------------------------------------------------------------ the request log

  /** The requests WireMock received, oldest first, as {@code METHOD url}. */
  public static List<String> requests(WireMockServer wm) {
    List<ServeEvent> events = new ArrayList<>(wm.getAllServeEvents());
    // WireMock lists newest first; reversed, the stable sort keeps the order of receipt for requests logged within
    // the same millisecond (before, two such requests came out swapped now and then)
    java.util.Collections.reverse(events);
    events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
    List<String> out = new ArrayList<>();
    for (ServeEvent e : events) {
      out.add(e.getRequest().getMethod().getName() + " " + e.getRequest().getUrl());
    }
    return out;
  }

  /** WireMock received exactly these requests ({@code METHOD url}), in this order. */
  public static void assertRequests(WireMockServer wm, String... expected) {
    assertEquals(List.of(expected), requests(wm));
  }

  /** Nothing at all reached WireMock. */
  public static void assertNoRequests(WireMockServer wm) {
    assertEquals(List.of(), requests(wm), "no request may reach Sentry");
  }

  /** Exactly one request reached WireMock. */
  public static void assertOneRequest(WireMockServer wm) {
    List<LoggedRequest> all = wm.findAll(anyRequestedFor(anyUrl()));
    assertEquals(1, all.size(), () -> "requests: " + all);
  }

  /** No request other than GET reached WireMock: nothing was written. */
  public static void assertNoWrites(WireMockServer wm) {
    for (String r : requests(wm)) {
      assertTrue(r.startsWith("GET "), () -> "a write request was sent: " + requests(wm));
    }
  }

  // ------------------------------------------------------------------ descriptors

  /** The descriptor of {@code tool} has these annotations, required scopes and skills; returns it. */
  public static ToolDescriptor assertDescriptor(SentryMcp mcp, String tool, ToolAnnotations annotations,
      Set<Scope> scopes, Set<Skill> skills) {
    ToolDescriptor d = ToolTestSupport.descriptor(mcp, tool);
    assertEquals(annotations, d.annotations());
    assertEquals(scopes, d.requiredScopes());
    assertEquals(skills, d.skills());
    return d;
  }

  /**
   * The input schema declares exactly {@code properties}, in this order, and requires {@code required} (null: no
   * {@code required} member); returns the property schemas.
   */
  public static Map<String, Object> assertInputs(ToolDescriptor d, List<String> properties,
      @Nullable List<String> required) {
    Map<String, Object> props = ToolTestSupport.map(d.inputSchema().get("properties"));
    assertEquals(properties, List.copyOf(props.keySet()));
    assertEquals(required, d.inputSchema().get("required"));
    return props;
  }

  // ------------------------------------------------------------------ permissions and constraints

  /**
   * The class's engine does not list the tool to {@code session} and refuses a call as a permission error whose
   * message names each of {@code mentions}; no request reaches WireMock.
   */
  public static SentryMcpException assertDenied(WireMockApi api, Session session, String tool, Map<String, ?> args,
      String... mentions) {
    assertFalse(ToolTestSupport.available(api.mcp(), session).contains(tool), () -> tool + " is listed");
    SentryMcpException e = failure(api, tool, args, session, ErrorKind.PERMISSION_DENIED);
    for (String m : mentions) {
      assertTrue(e.getMessage().contains(m), e.getMessage());
    }
    assertNoRequests(api.wm());
    return e;
  }

  /**
   * The standard permission checks of the {@code project:write} tools: the read-only session is refused naming the
   * missing scope {@code project:write}; a session without the project-management skill is refused naming the skill;
   * the tool is listed to neither, but is to the class's write session; no request reaches WireMock.
   */
  public static void assertPermissionChecks(WireMockApi api, String tool, Map<String, ?> args) {
    assertDenied(api, api.readOnly(), tool, args, "needs the scope(s) project:write");
    assertDenied(api, api.noProjectManagement(), tool, args, "not enabled by the granted skills",
        "project-management");
    assertTrue(ToolTestSupport.available(api.mcp(), api.writer()).contains(tool));
    assertNoRequests(api.wm());
  }

  /**
   * Under a constraint to {@link ToolTestSupport#PROJECT}, naming another project or organization is refused as a
   * permission error (not echoing the other project) before any request; so is naming another organization under a
   * constraint to {@link ToolTestSupport#ORG}.
   */
  public static void assertConstraintChecks(WireMockApi api, String tool, Map<String, ?> args) {
    Session project = api.projectConstrained(ToolTestSupport.ORG, ToolTestSupport.PROJECT);
    String m = failure(api, tool, with(args, "projectSlug", "victim-project"), project, ErrorKind.PERMISSION_DENIED)
        .getMessage();
    assertTrue(m.contains(ToolTestSupport.PROJECT) && !m.contains("victim-project"), m);
    failure(api, tool, with(args, "organizationSlug", "victim-org"), project, ErrorKind.PERMISSION_DENIED);
    failure(api, tool, with(args, "organizationSlug", "victim-org"), api.orgConstrained(ToolTestSupport.ORG),
        ErrorKind.PERMISSION_DENIED);
    assertNoRequests(api.wm());
  }

  // ------------------------------------------------------------------ issue identifiers (triage tools)

  /**
   * Path syntax in the issue id, as given and in lower case, is refused as invalid input naming {@code issueId};
   * nothing is sent. {@code more} are the tool's other arguments.
   */
  public static void assertIssueIdRefused(WireMockApi api, String tool, String payload, @Nullable Object... more) {
    for (String id : List.of(payload, payload.toLowerCase(Locale.ROOT))) {
      SentryMcpException e = failure(api, tool, with(args("organizationSlug", ORG, "issueId", id), more));
      assertEquals(ErrorKind.INVALID_INPUT, e.kind(), e::getMessage);
      assertTrue(e.getMessage().contains("issueId"), e.getMessage());
    }
    assertNoRequests(api.wm());
  }

  /** A bare dot segment as the issue id or in an issue URL fails; nothing is sent. */
  public static void assertBareDotSegmentRefused(WireMockApi api, String tool, String payload,
      @Nullable Object... more) {
    failure(api, tool, with(args("organizationSlug", ORG, "issueId", payload), more));
    failure(api, tool, with(args("issueUrl", "https://sentry.io/organizations/" + ORG + "/issues/" + payload + "/"),
        more));
    failure(api, tool, with(args("issueUrl", "https://sentry.io/organizations/" + payload + "/issues/1/"), more));
    assertNoRequests(api.wm());
  }

  /**
   * An issue id (or issue URL) that is not exactly valid is invalid input, its message names {@code issueId} (or
   * {@code issueUrl}) without echoing the value, and nothing reaches Sentry: interior spaces, zero-width characters,
   * a BOM, no-break spaces, fullwidth digits, look-alike letters, trailing punctuation (see {@link
   * IssueUrlsTest#NOT_EXACTLY_VALID}).
   */
  public static void assertNotExactlyValidIdsRefused(WireMockApi api, String tool, @Nullable Object... more) {
    for (String id : IssueUrlsTest.NOT_EXACTLY_VALID) {
      SentryMcpException e = failure(api, tool, with(args("organizationSlug", ORG, "issueId", id), more),
          ErrorKind.INVALID_INPUT);
      assertTrue(e.getMessage().contains("issueId"), e.getMessage());
      assertFalse(e.getMessage().contains(id), e.getMessage());
      String url = "https://sentry.io/organizations/" + ORG + "/issues/" + id + "/";
      failure(api, tool, with(args("issueUrl", url), more), ErrorKind.INVALID_INPUT);
    }
    assertNoRequests(api.wm());
  }

  /**
   * The only changes an issue id gets: ASCII whitespace around it is trimmed and ASCII letters are upper-cased;
   * every request names the issue itself.
   */
  public static void assertCanonicalIdAccepted(WireMockApi api, String tool, @Nullable Object... more) {
    assertFalse(render(api, tool, with(args("organizationSlug", ORG, "issueId", " proj-1\n"), more)).isError());
    List<String> requests = requests(api.wm());
    assertFalse(requests.isEmpty());
    assertTrue(requests.stream().allMatch(r -> r.contains("/issues/" + ISSUE + "/")), requests::toString);
  }

  /** Under a constraint to {@link #ORG}, an issue URL of another organization is invalid input; nothing is sent. */
  public static void assertForeignIssueUrlRefused(WireMockApi api, String tool, @Nullable Object... more) {
    failure(api, tool, with(args("issueUrl", "https://victim-org.sentry.io/issues/VICTIM-1/"), more),
        api.orgConstrained(ORG), ErrorKind.INVALID_INPUT);
    assertNoRequests(api.wm());
  }

  // ------------------------------------------------------------------ Sentry's errors

  /**
   * The rendered call is an {@code Input Error: ...} that shows {@code sentryText} inside a data region and {@code
   * fragment} nowhere outside one; returns it.
   */
  public static RenderedResult assertInputErrorWithSentryTextAsData(WireMockApi api, String tool, Map<String, ?> args,
      String sentryText, String fragment) {
    RenderedResult r = render(api, tool, args);
    assertTrue(r.isError());
    assertTrue(r.text().startsWith("Input Error: "), r.text());
    Sanitized.assertInData(r.text(), sentryText);
    Sanitized.assertNotOutsideData(r.text(), fragment);
    return r;
  }

  /**
   * Sentry answers {@link #SLUG_TAKEN}: the call fails as invalid input whose message leaves Sentry's text out, and
   * rendered, that text is shown only as data; returns the rendered result.
   */
  public static RenderedResult assertSlugTaken(WireMockApi api, String tool, Map<String, ?> args) {
    SentryMcpException e = failure(api, tool, args, ErrorKind.INVALID_INPUT);
    assertFalse(e.getMessage().contains("already in use"), () -> "Sentry text only in details: " + e.getMessage());
    RenderedResult r = render(api, tool, args);
    assertTrue(r.isError());
    Sanitized.assertInData(r.text(), "slug: This slug is already in use");
    Sanitized.assertNotOutsideData(r.text(), "already in use");
    return r;
  }

  /** A Sentry 400 with field messages: an input error whose Sentry text stays inside data regions. */
  public static void assertSentryValidationError(WireMockApi api, String tool, Map<String, ?> args, String sentryText) {
    RenderedResult r = render(api, tool, args);
    assertTrue(r.isError(), r.text());
    assertTrue(r.text().startsWith("Input Error: "), r.text());
    assertTrue(r.text().contains("HTTP 400"), r.text());
    Sanitized.assertInData(r.text(), sentryText);
    Sanitized.assertNotOutsideData(r.text(), sentryText);
    Map<String, Object> error = ToolTestSupport.map(ToolTestSupport.map(r.structuredContent()).get("error"));
    assertEquals("invalid_input", error.get("kind"));
    assertEquals(400, error.get("status"));
    assertNotNull(r.meta());
  }
}
