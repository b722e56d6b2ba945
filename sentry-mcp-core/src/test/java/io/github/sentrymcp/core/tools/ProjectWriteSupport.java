package io.github.sentrymcp.core.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Shared helpers for the tests of the write tools, run against WireMock so that request bodies can be matched. */
final class ProjectWriteSupport {
  private ProjectWriteSupport() {}

  /** The scopes the project-management write tools need beyond the default grant. */
  static final String WRITE_SCOPES = "project:write,team:write";

  /** A Sentry 400 with field details, as Sentry answers a taken slug. */
  static final String SLUG_TAKEN = "{\"slug\":[\"This slug is already in use\"]}";

  static WireMockServer startServer() {
    return WriteToolTestSupport.started();
  }

  /** An engine talking plain HTTP to WireMock. */
  static SentryMcp engine(WireMockServer wm, UnaryOperator<SentryMcpConfig.Builder> customize) {
    return WriteToolTestSupport.engine(wm, customize);
  }

  /** Every skill, the default grant plus {@link #WRITE_SCOPES}. */
  static SentryMcp writer(WireMockServer wm) {
    return engine(wm, b -> b.allSkills(true).addScopes(WRITE_SCOPES));
  }

  /** The engine's grant and skills under other constraints. */
  static CallContext constrained(SentryMcp mcp, SessionConstraints constraints) {
    CallContext d = mcp.defaultContext();
    return new CallContext(d.grantedScopes(), d.grantedSkills(), constraints, () -> false);
  }

  /** Calls with the engine's default context and renders; the call must succeed. */
  static RenderedResult call(SentryMcp mcp, String tool, Map<String, ?> args) {
    return call(mcp, tool, args, mcp.defaultContext());
  }

  static RenderedResult call(SentryMcp mcp, String tool, Map<String, ?> args, CallContext ctx) {
    RenderedResult r = mcp.callAndRender(tool, args, ctx);
    assertFalse(r.isError(), () -> tool + " failed: " + r.text());
    return r;
  }

  /** Calls and expects a failure of the given kind; returns the exception. */
  static SentryMcpException failure(SentryMcp mcp, String tool, Map<String, ?> args, CallContext ctx,
      ErrorKind kind) {
    try {
      mcp.call(tool, args, ctx);
    } catch (SentryMcpException e) {
      assertEquals(kind, e.kind(), () -> "unexpected failure: " + e.getMessage());
      return e;
    }
    return fail("expected " + tool + " to fail");
  }

  /** {@code METHOD url} of every request WireMock received, oldest first. */
  static List<String> requests(WireMockServer wm) {
    return WriteToolTestSupport.requests(wm);
  }

  static void assertNoRequests(WireMockServer wm) {
    WriteToolTestSupport.assertNoRequests(wm);
  }

  /** Only GETs were made: nothing was written. */
  static void assertNoWrites(WireMockServer wm) {
    WriteToolTestSupport.assertNoWrite(wm);
  }
}
