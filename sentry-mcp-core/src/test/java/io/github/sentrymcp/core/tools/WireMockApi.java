package io.github.sentrymcp.core.tools;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.core.SentryMcp;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension of the write-tool tests: a WireMock server standing in for Sentry, so that every request (method,
 * path, exact JSON body) can be checked and "nothing was sent" means nothing at all reached the server, plus the
 * engines the tests call against it.
 *
 * <p>Register it on a static field: {@code @RegisterExtension static final WireMockApi api = new
 * WireMockApi(Grant.PROJECT_WRITE);}. The server listens on a free port of 127.0.0.1 from before the first test of the
 * class until after the last; before each test its stubs and request log are reset (extension callbacks run before
 * the class's own {@code @BeforeEach} methods, so the stubs those add survive). The class's write engine, {@link
 * #mcp()}, is built once per class; every other engine is built afresh on each call. All engines talk plain HTTP to
 * the server with the grant's token, the default timeouts and the default retries.
 */
final class WireMockApi implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

  /** The write grant of a test class: the token and the scopes its write engines add to the default grant. */
  enum Grant {
    /** {@code event:write}: the triage tools ({@code update_issue}, {@code add_issue_note}). */
    EVENT_WRITE("t"),
    /** {@code project:write}: the DSN and uptime-monitor tools. */
    PROJECT_WRITE("sntrys_write_test"),
    /** {@link WriteToolTestSupport#WRITE_SCOPES}: the team and project tools of the project-management skill. */
    PROJECT_AND_TEAM_WRITE("t");

    private final String token;

    Grant(String token) {
      this.token = token;
    }

    /** Adds the grant's write scopes to {@code b}. */
    SentryMcpConfig.Builder addScopes(SentryMcpConfig.Builder b) {
      return switch (this) {
        case EVENT_WRITE -> b.addScopes(Set.of(Scope.EVENT_WRITE));
        case PROJECT_WRITE -> b.addScopes("project:write");
        case PROJECT_AND_TEAM_WRITE -> b.addScopes(WriteToolTestSupport.WRITE_SCOPES);
      };
    }
  }

  private final Grant grant;
  private final WireMockServer wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
  private @Nullable SentryMcp mcp;

  WireMockApi(Grant grant) {
    this.grant = grant;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    wm.start();
    mcp = writer(b -> b);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    wm.resetAll();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    mcp = null;
    wm.stop();
  }

  /** The server, to stub answers and inspect what it received. */
  WireMockServer wm() {
    return wm;
  }

  /** The class's write engine: every skill, the default scopes plus those of the grant; built once per class. */
  SentryMcp mcp() {
    SentryMcp m = mcp;
    if (m == null) {
      throw new IllegalStateException("WireMockApi is not started: register it with @RegisterExtension on a static"
          + " field");
    }
    return m;
  }

  /** An engine with nothing configured but the server and the token, configured further by {@code customize}. */
  SentryMcp engine(UnaryOperator<SentryMcpConfig.Builder> customize) {
    SentryMcpConfig.Builder b =
        SentryMcpConfig.builder(AccessToken.of(grant.token)).host("127.0.0.1:" + wm.port()).insecureHttp(true);
    return SentryMcp.create(customize.apply(b).build());
  }

  /** A new write engine (as {@link #mcp()}), configured further by {@code customize}. */
  SentryMcp writer(UnaryOperator<SentryMcpConfig.Builder> customize) {
    return engine(b -> customize.apply(grant.addScopes(b.allSkills(true))));
  }

  /** Every skill and the default (read-only) scopes: no write tool may be called. */
  SentryMcp readOnly() {
    return engine(b -> b.allSkills(true));
  }

  /** The grant's write scopes, but only the skills inspect, seer and triage: no project-management. */
  SentryMcp noProjectManagement() {
    return engine(b -> grant.addScopes(b.skills("inspect,seer,triage")));
  }

  /** A write engine constrained to the organization {@code org}. */
  SentryMcp orgConstrained(String org) {
    return writer(b -> b.organizationSlug(org));
  }

  /** A write engine constrained to the project {@code org}/{@code project}. */
  SentryMcp projectConstrained(String org, String project) {
    return writer(b -> b.organizationSlug(org).projectSlug(project));
  }
}
