package io.github.sentrymcp.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.FakeSentryExtension;
import io.github.sentrymcp.testkit.Fault;
import io.github.sentrymcp.testkit.FaultRule;
import io.github.sentrymcp.testkit.RecordedRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How to test your own code that uses the engine: {@link FakeSentryExtension} runs a fake Sentry for the class and
 * resets it before each test; the test builds an engine on it, runs the code and asserts on what Sentry was asked
 * (the fake's journal) and on how a failing Sentry is reported.
 */
class UserAgentExampleTest {
  private static final String TOKEN = "sntrys_example";
  private static final String PROJECTS = "/api/0/organizations/*/projects/";

  @RegisterExtension
  static final FakeSentryExtension SENTRY = FakeSentryExtension.of(FakeSentry.builder().requiredToken(TOKEN));

  /** The code under test: a piece of your application that asks the engine for an organization's projects. */
  record ProjectLister(SentryMcp engine, Session session) {
    /** The projects as text for a model; a failure is a {@link SentryMcpException} of the failure's kind. */
    String projects(String organization) {
      ToolResult result = engine.call("find_projects", Map.of("organizationSlug", organization), session);
      return engine.sanitizer().render(result).text();
    }
  }

  private SentryMcp engine;
  private ProjectLister lister;

  @BeforeEach
  void engineOnTheFake() {
    engine = SentryMcp.create(
        SentryMcpConfig.builder().host(SENTRY.hostAndPort()).insecureHttp(true).maxRetries(1).build());
    lister = new ProjectLister(engine, Session.of(AccessToken.of(TOKEN)));
  }

  @AfterEach
  void closeEngine() {
    engine.close();
  }

  @Test
  void asksSentryOnceWithTheUsersToken() {
    String projects = lister.projects("sentry-mcp-evals");

    assertTrue(projects.contains("cloudflare-mcp"), projects);
    List<RecordedRequest> asked = SENTRY.fake().requests("GET", PROJECTS);
    assertEquals(1, asked.size(), SENTRY.fake().arrivals().toString());
    assertEquals("/api/0/organizations/sentry-mcp-evals/projects/", asked.get(0).path());
    assertEquals("Bearer " + TOKEN, asked.get(0).header("Authorization"));
  }

  @Test
  void anUnavailableSentryIsAnUpstreamErrorAfterOneRetry() {
    SENTRY.fake().stubFault(FaultRule.on("GET", PROJECTS).respond(Fault.status(503)));

    SentryMcpException e = assertThrows(SentryMcpException.class, () -> lister.projects("sentry-mcp-evals"));

    assertEquals(ErrorKind.UPSTREAM_ERROR, e.kind());
    assertEquals(2, SENTRY.fake().requests("GET", PROJECTS).size(), "the first attempt and the one retry");
  }

  @Test
  void aRateLimitIsReportedAsSuch() {
    SENTRY.fake().stubFault(FaultRule.on("GET", PROJECTS).respond(Fault.status(429)));

    SentryMcpException e = assertThrows(SentryMcpException.class, () -> lister.projects("sentry-mcp-evals"));

    assertEquals(ErrorKind.RATE_LIMITED, e.kind());
  }
}
