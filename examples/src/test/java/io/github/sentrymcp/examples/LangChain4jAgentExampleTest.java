package io.github.sentrymcp.examples;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.testkit.Fault;
import io.github.sentrymcp.testkit.FaultRule;
import io.github.sentrymcp.testkit.FakeSentry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link LangChain4jAgentExample}'s assistant against FakeSentry: the run, and a failing Sentry. */
class LangChain4jAgentExampleTest {
  private static final String TOKEN = "lc4j-example-token";

  @Test
  void mainChecksItsOwnResults() {
    assertDoesNotThrow(() -> LangChain4jAgentExample.main(new String[0]));
  }

  @Test
  void aSentryFailureReachesTheModelAsAnErrorResultAndTheAssistantStillAnswers() {
    try (FakeSentry fake = FakeSentry.builder().requiredToken(TOKEN).build();
        SentryMcp engine = SentryMcp.create(SentryMcpConfig.builder().host(fake.hostAndPort()).insecureHttp(true)
            .maxRetries(0).build())) {
      fake.stubFault(FaultRule.on("GET", "/api/0/organizations/").respond(Fault.status(503)));
      LangChain4jAgentExample.ScriptedChatModel model = new LangChain4jAgentExample.ScriptedChatModel();
      String answer = LangChain4jAgentExample.ask(engine, Session.of(AccessToken.of(TOKEN)), model, "Projects?");
      assertEquals(List.of("find_organizations"), model.toolCalls);
      assertTrue(answer.startsWith("The tool find_organizations failed:"), answer);
    }
  }
}
