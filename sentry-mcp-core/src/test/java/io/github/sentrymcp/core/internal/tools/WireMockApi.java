package io.github.sentrymcp.core.internal.tools;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.SessionConstraints;
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
 * engine the tests call against it and the sessions they call it for.
 *
 * <p>Register it on a static field: {@code @RegisterExtension static final WireMockApi api = new
 * WireMockApi(Grant.PROJECT_WRITE);}. The server listens on a free port of 127.0.0.1 from before the first test of the
 * class until after the last; before each test its stubs and request log are reset (extension callbacks run before
 * the class's own {@code @BeforeEach} methods, so the stubs those add survive). The class's engine, {@link #mcp()},
 * is built once per class with the default timeouts and retries and talks plain HTTP to the server; it serves every
 * session of the class, as one engine serves many users. Every session carries the grant's token.
 */
public final class WireMockApi implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

  /** The write grant of a test class: the token and the scopes its write sessions add to the default grant. */
  public enum Grant {
    /** {@code event:write}: the triage tools ({@code update_issue}, {@code add_issue_note}). */
    EVENT_WRITE("t"),
    /** {@code project:write}: the DSN and uptime-monitor tools. */
    PROJECT_WRITE("sntrys_write_test"),
    /** {@link WriteToolTestSupport#WRITE_SCOPES}: the team and project tools of the project-management skill. */
    PROJECT_AND_TEAM_WRITE("t"),
    /** {@code alerts:write}: the alert rule and metric monitor write tools. */
    ALERTS_WRITE("t");

    private final String token;

    Grant(String token) {
      this.token = token;
    }

    /** Adds the grant's write scopes to {@code b}. */
    Session.Builder addScopes(Session.Builder b) {
      return switch (this) {
        case EVENT_WRITE -> b.addScopes(Set.of(Scope.EVENT_WRITE));
        case PROJECT_WRITE -> b.addScopes("project:write");
        case PROJECT_AND_TEAM_WRITE -> b.addScopes(WriteToolTestSupport.WRITE_SCOPES);
        case ALERTS_WRITE -> b.addScopes("alerts:write");
      };
    }
  }

  private final Grant grant;
  private final WireMockServer wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
  private @Nullable SentryMcp mcp;

  public WireMockApi(Grant grant) {
    this.grant = grant;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    wm.start();
    mcp = engine(b -> b);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    wm.resetAll();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    SentryMcp m = mcp;
    mcp = null;
    if (m != null) {
      m.close();
    }
    wm.stop();
  }

  /** The server, to stub answers and inspect what it received. */
  public WireMockServer wm() {
    return wm;
  }

  /** The class's engine (default settings); built once per class. */
  public SentryMcp mcp() {
    SentryMcp m = mcp;
    if (m == null) {
      throw new IllegalStateException("WireMockApi is not started: register it with @RegisterExtension on a static"
          + " field");
    }
    return m;
  }

  /** A new engine talking plain HTTP to the server, its settings changed by {@code customize}. */
  public SentryMcp engine(UnaryOperator<SentryMcpConfig.Builder> customize) {
    SentryMcpConfig.Builder b = SentryMcpConfig.builder().host("127.0.0.1:" + wm.port()).insecureHttp(true);
    return SentryMcp.create(customize.apply(b).build());
  }

  /** A session with the grant's token and nothing else configured, its grant set by {@code customize}. */
  public Session session(UnaryOperator<Session.Builder> customize) {
    return customize.apply(Session.builder(AccessToken.of(grant.token))).build();
  }

  /** The class's write session: every skill, the default scopes plus those of the grant. */
  public Session writer() {
    return writer(b -> b);
  }

  /** A write session (as {@link #writer()}), its grant changed further by {@code customize}. */
  public Session writer(UnaryOperator<Session.Builder> customize) {
    return session(b -> customize.apply(grant.addScopes(b.allSkills(true))));
  }

  /** Every skill and the default (read-only) scopes: no write tool may be called. */
  public Session readOnly() {
    return session(b -> b.allSkills(true));
  }

  /** The grant's write scopes, but only the skills inspect, seer and triage: no project-management. */
  public Session noProjectManagement() {
    return session(b -> grant.addScopes(b.skills("inspect,seer,triage")));
  }

  /** The write session under these constraints. */
  public Session constrained(SessionConstraints constraints) {
    return writer(b -> b.constraints(constraints));
  }

  /** The write session constrained to the organization {@code org}. */
  public Session orgConstrained(String org) {
    return writer(b -> b.organizationSlug(org));
  }

  /** The write session constrained to the project {@code org}/{@code project}. */
  public Session projectConstrained(String org, String project) {
    return writer(b -> b.organizationSlug(org).projectSlug(project));
  }
}
