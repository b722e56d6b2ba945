package io.github.sentrymcp.core.tools;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import java.util.ArrayList;
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
    WireMockServer wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    wm.start();
    return wm;
  }

  /** An engine talking plain HTTP to WireMock. */
  static SentryMcp engine(WireMockServer wm, UnaryOperator<SentryMcpConfig.Builder> customize) {
    SentryMcpConfig.Builder b = SentryMcpConfig.builder(AccessToken.of("t"))
        .host("127.0.0.1:" + wm.port()).insecureHttp(true);
    return SentryMcp.create(customize.apply(b).build());
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
    List<ServeEvent> events = new ArrayList<>(wm.getAllServeEvents());
    java.util.Collections.reverse(events);
    List<String> out = new ArrayList<>();
    for (ServeEvent e : events) {
      out.add(e.getRequest().getMethod().getName() + " " + e.getRequest().getUrl());
    }
    return out;
  }

  static void assertNoRequests(WireMockServer wm) {
    assertEquals(List.of(), requests(wm), "no request may reach Sentry");
  }

  /** Only GETs were made: nothing was written. */
  static void assertNoWrites(WireMockServer wm) {
    List<String> all = requests(wm);
    assertTrue(all.stream().allMatch(r -> r.startsWith("GET ")), () -> "a write was sent: " + all);
  }
}
