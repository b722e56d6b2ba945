package io.github.sentrymcp.core.internal.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.ApiException;
import io.github.sentrymcp.api.CallMetrics;
import io.github.sentrymcp.api.CancellationSignal;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.core.DefaultRegionUrlValidator;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.CallScope;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.Fault;
import io.github.sentrymcp.testkit.FaultRule;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requests in flight together: required answers, best-effort answers, and nothing left running afterwards. */
class FanOutTest {
  static final ApiPath AUTH = ApiPath.of("/auth/");
  static final ApiPath ISSUE = ApiPath.of("/organizations/{org}/issues/{id}/", ToolTestSupport.ORG,
      "CLOUDFLARE-MCP-41");

  static FakeSentry fake;
  SentryApiClient api;
  CallScope scope;

  @BeforeAll
  static void start() {
    fake = FakeSentry.start();
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  @BeforeEach
  void bind() {
    fake.reset();
    SentryMcpConfig config = SentryMcpConfig.builder().host(fake.hostAndPort()).insecureHttp(true).maxRetries(0)
        .build();
    scope = CallScope.start(CancellationSignal.never(), Duration.ofMinutes(1), AccessToken.of("t"),
        new CallMetrics());
    api = SentryApiClient.create(config, new DefaultRegionUrlValidator(config.host(), config.allowedRegionDomains()))
        .bind(scope);
  }

  @AfterEach
  void unbind() {
    scope.close();
  }

  @Test
  void requiredAnswersAreAwaitedAndTheirFailureIsThrown() {
    fake.override("GET", "/api/0/auth/", 404, "{\"detail\": \"gone\"}");
    try (FanOut requests = FanOut.open()) {
      FanOut.Pending issue = requests.get(api, ISSUE);
      FanOut.Pending user = requests.get(api, AUTH);
      assertTrue(issue.started());
      assertEquals("CLOUDFLARE-MCP-41", issue.await().jsonObject("issue").get("shortId").text().rawValue());
      ApiException e = assertThrows(ApiException.class, user::await);
      assertEquals(404, e.status());
    }
    assertEquals(2, fake.journal().size());
  }

  @Test
  void bestEffortAnswersAreNullOnFailureOrWhenNotJson() {
    fake.stubFault(FaultRule.on("GET", "/api/0/auth/").respond(Fault.status(500)));
    fake.stubFault(FaultRule.on("GET", "/api/0/organizations/*/issues/*/").respond(Fault.malformedBody()));
    try (FanOut requests = FanOut.open()) {
      FanOut.Deadline deadline = FanOut.Deadline.in(Duration.ofSeconds(10));
      assertNull(requests.get(api, AUTH).orNull("user", TrustClass.UNTRUSTED_AUTHENTICATED, deadline));
      assertNull(requests.get(api, ISSUE).orNull("issue", TrustClass.UNTRUSTED_AUTHENTICATED, deadline));
    }
  }

  @Test
  void aBestEffortAnswerIsWaitedForUntilTheDeadlineOnly() {
    fake.stubFault(FaultRule.on("GET", "/api/0/auth/").respond(Fault.delay(Duration.ofSeconds(5))));
    assertTimeoutPreemptively(Duration.ofSeconds(3), () -> {
      try (FanOut requests = FanOut.open()) {
        FanOut.Pending slow = requests.get(api, AUTH);
        FanOut.Pending fast = requests.get(api, ISSUE);
        FanOut.Deadline deadline = FanOut.Deadline.in(Duration.ofMillis(300));
        assertNotNull(fast.orNull("issue", TrustClass.UNTRUSTED_AUTHENTICATED, deadline));
        assertNull(slow.orNull("user", TrustClass.UNTRUSTED_AUTHENTICATED, deadline));
      }
    });
  }

  @Test
  void leavingTheBlockCancelsWhatIsStillRunning() {
    fake.stubFault(FaultRule.on("GET", "/api/0/auth/").respond(Fault.delay(Duration.ofSeconds(5))));
    FanOut.Pending slow;
    try (FanOut requests = FanOut.open()) {
      slow = requests.get(api, AUTH);
    }
    FanOut.Pending cancelled = slow;
    assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
      assertThrows(SentryMcpException.class, cancelled::await);
      assertNull(cancelled.orNull("user", TrustClass.UNTRUSTED_AUTHENTICATED,
          FanOut.Deadline.in(Duration.ofSeconds(10))));
    });
  }

  @Test
  void aRequestThatWasNotNeededIsNone() {
    assertFalse(FanOut.Pending.NONE.started());
    assertNull(FanOut.Pending.NONE.orNull("x", TrustClass.UNTRUSTED_AUTHENTICATED,
        FanOut.Deadline.in(Duration.ofSeconds(1))));
    assertThrows(IllegalStateException.class, FanOut.Pending.NONE::await);
  }
}
