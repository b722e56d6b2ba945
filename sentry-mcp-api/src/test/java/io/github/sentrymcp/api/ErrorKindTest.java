package io.github.sentrymcp.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The alerting classification of failures, as its documented table says. */
class ErrorKindTest {

  @Test
  void callersMistakesAndRefusalsDoNotAlertEverythingElseDoes() {
    Set<ErrorKind> quiet = EnumSet.of(ErrorKind.INVALID_INPUT, ErrorKind.NOT_FOUND, ErrorKind.PERMISSION_DENIED,
        ErrorKind.AUTHENTICATION, ErrorKind.CANCELLED);
    for (ErrorKind k : ErrorKind.values()) {
      assertEquals(!quiet.contains(k), k.alerting(), k.id());
    }
    assertTrue(ErrorKind.RATE_LIMITED.alerting(), "429 is the one 4xx that alerts");
  }

  @Test
  void anOutcomeAlertsOnlyForAnAlertingFailure() {
    assertFalse(new ToolCallListener.Outcome(null, Duration.ZERO, 1).alerting());
    assertFalse(new ToolCallListener.Outcome(ErrorKind.INVALID_INPUT, Duration.ZERO, 0).alerting());
    assertTrue(new ToolCallListener.Outcome(ErrorKind.UPSTREAM_ERROR, Duration.ZERO, 3).alerting());
  }
}
