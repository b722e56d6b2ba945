package io.github.sentrymcp.core.internal.tools.profiles;

import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.result.BinaryContent;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.core.internal.tools.Sanitized;
import io.github.sentrymcp.core.internal.tools.ToolTestSupport;
import io.github.sentrymcp.testkit.Fault;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.FaultRule;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GetProfileDetailsToolTest {
  static final String TOOL = "get_profile_details";
  static final String ORG = "sentry-mcp-evals";
  static final String PROFILE = "cfe78a5c892d4a64a962d837673398d2";
  static final String PROFILER = "041bde57b9844e36b8b7e5734efae5f7";
  static final String PROJECT_ID = "4509109104082945";
  static final String REGION = "GET /api/0/organizations/" + ORG + "/";
  static final String PROJECT = "GET /api/0/projects/" + ORG + "/backend/";
  static final String PROFILE_GET = "GET /api/0/projects/" + ORG + "/backend/profiling/profiles/" + PROFILE + "/";
  static final String CHUNKS = "GET /api/0/organizations/" + ORG + "/profiling/chunks/?profiler_id=" + PROFILER
      + "&project=" + PROJECT_ID + "&start=2024-01-01T00%3A00%3A00Z&end=2024-01-01T01%3A00%3A00Z";
  static final String START = "2024-01-01T00:00:00Z";
  static final String END = "2024-01-01T01:00:00Z";

  static FakeSentry fake;
  SentryMcp mcp;

  @BeforeAll
  static void startFake() {
    fake = FakeSentry.start();
  }

  @AfterAll
  static void stopFake() {
    fake.close();
  }

  @BeforeEach
  void setUp() {
    fake.reset();
    mcp = ToolTestSupport.engine(fake);
  }

  String call(Map<String, @Nullable Object> a) {
    return call(a, ToolTestSupport.session());
  }

  String call(Map<String, @Nullable Object> a, Session s) {
    String text = mcp.sanitizer().render(mcp.call(TOOL, a, s)).text();
    Sanitized.assertWellFormed(text);
    return text;
  }

  static List<String> requests() {
    return fake.journal().stream()
        .map(r -> r.method() + " " + r.rawPath() + (r.rawQuery() == null ? "" : "?" + r.rawQuery()))
        .sorted()
        .toList();
  }

  SentryMcpException refused(Map<String, @Nullable Object> a, Session s) {
    fake.reset();
    SentryMcpException e = assertThrows(SentryMcpException.class, () -> mcp.call(TOOL, a, s), a::toString);
    assertEquals(List.of(), requests(), "no request for " + a);
    return e;
  }

  @Test
  void aTransactionProfileShowsItsFacts() {
    String text = call(args("organizationSlug", ORG, "projectSlugOrId", "backend", "profileId", PROFILE));
    assertEquals(List.of(REGION, PROFILE_GET), requests());
    assertTrue(text.startsWith("# Profile " + PROFILE + " in " + ORG + "\n\nProject: backend\nProfile URL: "
        + fake.baseUrl() + "/organizations/" + ORG + "/explore/profiling/profile/backend/" + PROFILE
        + "/flamegraph/\n"), text);
    for (String v : List.of("/api/users", "python", "backend@1.2.3", "production", "MacBook Pro · high · arm64",
        "macOS 14.4", "sentry.python 2.24.1", "MainThread", "handle_request", "main.py", "execute_query")) {
      Sanitized.assertInData(text, v);
    }
    assertTrue(text.contains("Trace ID: a4d1aae7216b47ff8117cf4e09ce9d0a\nDuration: 120ms\n"), text);
    assertTrue(text.contains("Counts: 3 frames, 3 samples, 2 stacks, 1 threads"), text);
    assertTrue(text.contains("handle_request | main.py | 42 | 3 | app"), text);
    // focusOnUserCode (default true): no library frame among the top frames
    assertFalse(text.contains("cursor.execute"), text);
    assertTrue(Sanitized.outside(text).contains("`get_trace_details` with the Trace ID. Hot paths of the"
        + " transaction: `get_profile`."), text);

    fake.reset();
    text = call(args("organizationSlug", ORG, "projectSlugOrId", "backend", "profileId", PROFILE,
        "focusOnUserCode", false, "regionUrl", fake.baseUrl()));
    assertEquals(List.of(PROFILE_GET), requests());
    assertTrue(text.contains("cursor.execute"), text);
  }

  @Test
  void aNumericProjectIsLookedUpForItsSlug() {
    fake.override("GET", "/api/0/projects/*/42/", "{\"id\": \"42\", \"slug\": \"backend\"}");
    String text = call(args("organizationSlug", ORG, "projectSlugOrId", "42", "profileId", PROFILE));
    assertEquals(List.of(REGION, "GET /api/0/projects/" + ORG + "/42/", "GET /api/0/projects/" + ORG
        + "/42/profiling/profiles/" + PROFILE + "/"), requests());
    Sanitized.assertInData(text, "backend");
    assertFalse(text.contains("Profile URL"), text);
  }

  @Test
  void aContinuousProfileReadsTheChunk() {
    String text = call(args("organizationSlug", ORG, "projectSlugOrId", "backend", "profilerId", PROFILER,
        "start", START, "end", END));
    assertEquals(List.of(REGION, CHUNKS, PROJECT), requests());
    assertTrue(text.startsWith("# Continuous profile " + PROFILER + " in " + ORG + "\n"), text);
    assertTrue(text.contains("Time Range: " + START + " to " + END + "\n"), text);
    Sanitized.assertInData(text, "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4");
    Sanitized.assertInData(text, "BackgroundWorker");
    assertTrue(text.contains("Counts: 6 frames, 8 samples, 4 stacks, 2 threads"), text);
    assertTrue(text.contains("serialize_response | serializers.py | 55 | 2 | app"), text);
  }

  @Test
  void profileUrlsGiveEverything() {
    String text = call(args("profileUrl", fake.baseUrl() + "/organizations/" + ORG
        + "/explore/profiling/profile/backend/" + PROFILE + "/flamegraph/"));
    assertEquals(List.of(REGION, PROFILE_GET), requests());
    assertTrue(text.startsWith("# Profile " + PROFILE + " in " + ORG + "\n"), text);
    fake.reset();
    text = call(args("profileUrl", fake.baseUrl() + "/organizations/" + ORG
        + "/explore/profiling/profile/backend/flamegraph/?profilerId=" + PROFILER + "&start=" + START + "&end="
        + END));
    assertEquals(List.of(CHUNKS, PROJECT), requests());
    assertTrue(text.startsWith("# Continuous profile " + PROFILER + " in " + ORG + "\n"), text);
  }

  @Test
  void badInputIsRefusedBeforeAnyRequest() {
    Session s = ToolTestSupport.session();
    assertEquals("Pass profileUrl, or organizationSlug and projectSlugOrId.",
        refused(args("profileId", PROFILE), s).getMessage());
    assertEquals("Pass profileId for a transaction profile, or profilerId, start and end for a continuous profile.",
        refused(args("organizationSlug", ORG, "projectSlugOrId", "backend", "profilerId", PROFILER, "start",
            START), s).getMessage());
    assertEquals(ErrorKind.INVALID_INPUT, refused(args("organizationSlug", ORG, "projectSlugOrId", "backend",
        "profileId", PROFILE, "profilerId", PROFILER), s).kind());
    assertEquals(ErrorKind.INVALID_INPUT, refused(args("organizationSlug", ORG, "projectSlugOrId", "backend",
        "profilerId", PROFILER, "start", "yesterday", "end", END), s).kind());
    for (String bad : List.of("../x", "a/b", "%2e%2e", ".hidden", "x".repeat(101))) {
      SentryMcpException e = refused(args("organizationSlug", ORG, "projectSlugOrId", "backend", "profileId", bad),
          s);
      assertEquals(ErrorKind.INVALID_INPUT, e.kind());
      assertFalse(e.getMessage().contains(bad), e.getMessage());
      e = refused(args("organizationSlug", ORG, "projectSlugOrId", bad, "profileId", PROFILE), s);
      assertEquals(ErrorKind.INVALID_INPUT, e.kind());
      e = refused(args("organizationSlug", ORG, "projectSlugOrId", "backend", "profilerId", bad, "start", START,
          "end", END), s);
      assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    }
    SentryMcpException e = refused(args("profileUrl", fake.baseUrl() + "/organizations/" + ORG + "/issues/1/"), s);
    assertEquals("The profileUrl must be a Sentry profile URL (it names a issue).", e.getMessage());
    e = refused(args("profileUrl", fake.baseUrl() + "/organizations/" + ORG
        + "/explore/profiling/profile/backend/..%2F..%2Fx/flamegraph/"), s);
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    e = refused(args("profileUrl", "https://evil.example.com/organizations/" + ORG
        + "/explore/profiling/profile/backend/" + PROFILE + "/flamegraph/"), s);
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertFalse(e.getMessage().contains("evil"), e.getMessage());
  }

  @Test
  void theProjectConstraintHolds() {
    Session backend = ToolTestSupport.projectConstrained(ORG, "backend");
    String text = call(args("profileId", PROFILE), backend);
    assertTrue(requests().contains(PROFILE_GET), requests().toString());
    assertTrue(text.contains("## Top Frames"), text);
    SentryMcpException e = refused(args("profileUrl", fake.baseUrl() + "/organizations/" + ORG
        + "/explore/profiling/profile/other/" + PROFILE + "/flamegraph/"), backend);
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertEquals("URL is outside the active project constraint.", e.getMessage());
    // a numeric project that is not the constrained one: only the project is fetched, never the profile
    fake.reset();
    fake.override("GET", "/api/0/projects/*/42/", "{\"id\": \"42\", \"slug\": \"other\"}");
    e = assertThrows(SentryMcpException.class, () -> mcp.call(TOOL, args("profileUrl", fake.baseUrl()
        + "/organizations/" + ORG + "/explore/profiling/profile/42/" + PROFILE + "/flamegraph/"), backend));
    assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
    assertEquals("The profile is outside the active project constraint (expected project backend).",
        e.getMessage());
    assertEquals(List.of("GET /api/0/projects/" + ORG + "/42/"), requests());
    // continuous: only the project is fetched, never the chunks
    fake.reset();
    e = assertThrows(SentryMcpException.class, () -> mcp.call(TOOL, args("profileUrl", fake.baseUrl()
        + "/organizations/" + ORG + "/explore/profiling/profile/42/flamegraph/?profilerId=" + PROFILER + "&start="
        + START + "&end=" + END), backend));
    assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
    assertEquals(List.of("GET /api/0/projects/" + ORG + "/42/"), requests());
  }

  @Test
  void aBinaryAnswerIsAnEmbeddedResourceAndAnOversizedOneIsRefused() {
    // "x~y": '~' is not in the fence nonce's alphabet, so a random nonce cannot contain the marker
    byte[] bytes = {0x1f, (byte) 0x8b, 8, 0, 'x', '~', 'y', 0, (byte) 0xff};
    fake.stubFault(FaultRule.on("GET", "/api/0/projects/*/*/profiling/profiles/*/")
        .respond(Fault.body(200, "application/octet-stream", bytes)));
    ToolResult r = mcp.call(TOOL, args("organizationSlug", ORG, "projectSlugOrId", "backend", "profileId",
        PROFILE), ToolTestSupport.session());
    assertEquals(1, r.binaries().size());
    BinaryContent b = r.binaries().get(0);
    assertEquals(BinaryContent.Kind.RESOURCE, b.kind());
    assertArrayEquals(bytes, b.data());
    String text = mcp.sanitizer().render(r).text();
    assertTrue(text.contains("Answer: 9 bytes, not JSON"), text);
    assertFalse(text.contains("x~y"), text);

    fake.reset();
    String big = "{\"x\":\"" + "a".repeat((int) ProfileSupport.MAX_PROFILE_BYTES) + "\"}";
    fake.stubFault(FaultRule.on("GET", "/api/0/organizations/*/profiling/chunks/")
        .respond(Fault.body(200, "application/json", big.getBytes(StandardCharsets.UTF_8))));
    SentryMcpException e = assertThrows(SentryMcpException.class, () -> mcp.call(TOOL, args("organizationSlug",
        ORG, "projectSlugOrId", "backend", "profilerId", PROFILER, "start", START, "end", END),
        ToolTestSupport.session()));
    assertTrue(e.getMessage().contains("more than the limit of " + ProfileSupport.MAX_PROFILE_BYTES + " bytes"),
        e.getMessage());
  }

  @Test
  void anEmptyChunkListIsNotFoundAndOddShapesDoNotBreakTheTool() {
    fake.override("GET", "/api/0/organizations/*/profiling/chunks/", "{\"chunks\": []}");
    SentryMcpException e = assertThrows(SentryMcpException.class, () -> mcp.call(TOOL, args("organizationSlug",
        ORG, "projectSlugOrId", "backend", "profilerId", PROFILER, "start", START, "end", END),
        ToolTestSupport.session()));
    assertEquals(ErrorKind.NOT_FOUND, e.kind());

    fake.reset();
    fake.override("GET", "/api/0/projects/*/*/profiling/profiles/*/", "{\"transaction\": null, \"release\": 5,"
        + " \"device\": \"x\", \"profile\": {\"frames\": [null, {\"function\": null}], \"samples\": [{\"stack_id\":"
        + " 9}, null, {\"stack_id\": 0, \"thread_id\": null}], \"stacks\": [[0, 1, 7, -1]], \"thread_metadata\": 3}}");
    String text = call(args("organizationSlug", ORG, "projectSlugOrId", "backend", "profileId", PROFILE));
    assertTrue(text.startsWith("# Profile " + PROFILE), text);

    fake.reset();
    fake.override("GET", "/api/0/projects/*/*/profiling/profiles/*/", "{\"profile\": {\"frames\": [{\"function\":"
        + " \"f\", \"in_app\": true}], \"samples\": [{\"stack_id\": \"x\"}], \"stacks\": [[0]]}}");
    text = call(args("organizationSlug", ORG, "projectSlugOrId", "backend", "profileId", PROFILE));
    assertTrue(text.contains("The samples name no readable stack, so the top frames cannot be counted."), text);
  }
}
