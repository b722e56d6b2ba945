package io.github.sentrymcp.core.tools;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.ToolAnnotations;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Shared helpers for the write tool tests, which run against WireMock so that every request (method, path, exact
 * JSON body) can be checked, and so that "no request was sent" means nothing at all reached the server.
 */
final class WireMockWriteSupport {
  private WireMockWriteSupport() {}

  static final String ORG = ToolTestSupport.ORG;
  static final String PROJECT = ToolTestSupport.PROJECT;

  static WireMockServer startWireMock() {
    return WriteToolTestSupport.started();
  }

  private static SentryMcpConfig.Builder base(WireMockServer wm) {
    return SentryMcpConfig.builder(AccessToken.of("sntrys_write_test"))
        .host("127.0.0.1:" + wm.port())
        .insecureHttp(true);
  }

  /** Every skill, the default read grant plus {@code project:write}. */
  static SentryMcp writeEngine(WireMockServer wm) {
    return writeEngine(wm, b -> b);
  }

  static SentryMcp writeEngine(WireMockServer wm, UnaryOperator<SentryMcpConfig.Builder> customize) {
    return SentryMcp.create(customize.apply(base(wm).allSkills(true).addScopes("project:write")).build());
  }

  /** Every skill, the default (read-only) grant. */
  static SentryMcp readOnlyEngine(WireMockServer wm) {
    return SentryMcp.create(base(wm).allSkills(true).build());
  }

  /** {@code project:write} granted, but without the project-management skill. */
  static SentryMcp noProjectManagementEngine(WireMockServer wm) {
    return SentryMcp.create(base(wm).skills("inspect,seer,triage").addScopes("project:write").build());
  }

  /** Write engine constrained to {@link #ORG} / {@link #PROJECT}. */
  static SentryMcp projectConstrainedEngine(WireMockServer wm) {
    return writeEngine(wm, b -> b.organizationSlug(ORG).projectSlug(PROJECT));
  }

  /** Write engine constrained to {@link #ORG}. */
  static SentryMcp orgConstrainedEngine(WireMockServer wm) {
    return writeEngine(wm, b -> b.organizationSlug(ORG));
  }

  static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
  }

  /** Calls with the engine's default context and renders; the call must succeed. */
  static RenderedResult call(SentryMcp mcp, String tool, Map<String, ?> args) {
    RenderedResult r = mcp.sanitizer().render(mcp.call(tool, args));
    assertFalse(r.isError(), r.text());
    return r;
  }

  /** Calls and expects a failure of {@code kind}; returns it. */
  static SentryMcpException failure(SentryMcp mcp, String tool, Map<String, ?> args, ErrorKind kind) {
    try {
      mcp.call(tool, args);
    } catch (SentryMcpException e) {
      assertEquals(kind, e.kind(), e::getMessage);
      return e;
    }
    return fail("expected " + tool + " to fail with " + kind);
  }

  /** The call fails as invalid input and WireMock received nothing. */
  static SentryMcpException rejected(WireMockServer wm, SentryMcp mcp, String tool, Map<String, ?> args) {
    SentryMcpException e = failure(mcp, tool, args, ErrorKind.INVALID_INPUT);
    assertNoRequests(wm);
    return e;
  }

  static void assertNoRequests(WireMockServer wm) {
    WriteToolTestSupport.assertNoRequests(wm);
  }

  static void assertOneRequest(WireMockServer wm) {
    List<LoggedRequest> all = wm.findAll(anyRequestedFor(anyUrl()));
    assertEquals(1, all.size(), () -> "requests: " + all);
  }

  /**
   * The standard permission checks: the read-only grant is refused naming {@code project:write} and the flag that
   * grants it; without the project-management skill the tool is refused naming the skill; the tool is not listed
   * in either case; no request reaches WireMock.
   */
  static void assertPermissionChecks(WireMockServer wm, String tool, Map<String, ?> args) {
    SentryMcp readOnly = readOnlyEngine(wm);
    assertFalse(ToolTestSupport.available(readOnly, readOnly.defaultContext()).contains(tool));
    String scopeMessage = failure(readOnly, tool, args, ErrorKind.PERMISSION_DENIED).getMessage();
    assertTrue(scopeMessage.contains("project:write") && scopeMessage.contains("--add-scopes=project:write"),
        scopeMessage);

    SentryMcp noSkill = noProjectManagementEngine(wm);
    assertFalse(ToolTestSupport.available(noSkill, noSkill.defaultContext()).contains(tool));
    String skillMessage = failure(noSkill, tool, args, ErrorKind.PERMISSION_DENIED).getMessage();
    assertTrue(skillMessage.contains("project-management") && skillMessage.contains("--skills"), skillMessage);

    SentryMcp write = writeEngine(wm);
    assertTrue(ToolTestSupport.available(write, write.defaultContext()).contains(tool));
    assertNoRequests(wm);
  }

  /**
   * Under a project constraint, naming another project or organization is refused as a permission error before any
   * request; so is naming another organization under an organization constraint.
   */
  static void assertConstraintChecks(WireMockServer wm, String tool, Map<String, ?> args) {
    SentryMcp project = projectConstrainedEngine(wm);
    Map<String, Object> otherProject = with(args, "projectSlug", "victim-project");
    String m = failure(project, tool, otherProject, ErrorKind.PERMISSION_DENIED).getMessage();
    assertTrue(m.contains(PROJECT) && !m.contains("victim-project"), m);
    failure(project, tool, with(args, "organizationSlug", "victim-org"), ErrorKind.PERMISSION_DENIED);
    failure(orgConstrainedEngine(wm), tool, with(args, "organizationSlug", "victim-org"),
        ErrorKind.PERMISSION_DENIED);
    assertNoRequests(wm);
  }

  static Map<String, Object> with(Map<String, ?> args, String key, Object value) {
    Map<String, Object> m = new java.util.LinkedHashMap<>(args);
    m.put(key, value);
    return m;
  }

  static void assertAnnotations(SentryMcp mcp, String tool, ToolAnnotations expected) {
    ToolAnnotations a = ToolTestSupport.descriptor(mcp, tool).annotations();
    assertEquals(expected, a, tool);
  }

  /** A Sentry 400 with field messages: an input error whose Sentry text stays inside data regions. */
  static void assertSentryValidationError(SentryMcp mcp, String tool, Map<String, ?> args, String sentryText) {
    RenderedResult r = mcp.callAndRender(tool, args, mcp.defaultContext());
    assertTrue(r.isError(), r.text());
    assertTrue(r.text().contains("Input Error"), r.text());
    assertTrue(r.text().contains("HTTP 400"), r.text());
    Sanitized.assertInData(r.text(), sentryText);
    Sanitized.assertNotOutsideData(r.text(), sentryText);
    Map<String, Object> error = ToolTestSupport.map(ToolTestSupport.map(r.structuredContent()).get("error"));
    assertEquals("invalid_input", error.get("kind"));
    assertEquals(400, error.get("status"));
    assertNotNull(r.meta());
  }
}
