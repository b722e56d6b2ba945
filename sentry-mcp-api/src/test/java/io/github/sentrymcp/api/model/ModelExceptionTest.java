package io.github.sentrymcp.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.model.ModelException.Failure;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelExceptionTest {
  @Test
  void httpStatusesMapToTheDocumentedFailures() {
    Map<Integer, Failure> expected = Map.ofEntries(
        Map.entry(400, Failure.INVALID_REQUEST), Map.entry(401, Failure.AUTHENTICATION),
        Map.entry(402, Failure.QUOTA_EXCEEDED), Map.entry(403, Failure.FORBIDDEN), Map.entry(404, Failure.NOT_FOUND),
        Map.entry(408, Failure.TIMEOUT), Map.entry(413, Failure.INVALID_REQUEST),
        Map.entry(422, Failure.INVALID_REQUEST), Map.entry(429, Failure.RATE_LIMITED),
        Map.entry(500, Failure.UNAVAILABLE), Map.entry(529, Failure.UNAVAILABLE), Map.entry(599, Failure.UNAVAILABLE),
        Map.entry(418, Failure.BAD_RESPONSE), Map.entry(302, Failure.BAD_RESPONSE), Map.entry(600, Failure.BAD_RESPONSE),
        Map.entry(0, Failure.BAD_RESPONSE));
    expected.forEach((status, failure) -> assertEquals(failure, Failure.ofHttpStatus(status), "status " + status));
  }

  @Test
  void everyFailureHasItsOwnFixedSentence() {
    Set<String> seen = new HashSet<>();
    for (Failure f : EnumSet.allOf(Failure.class)) {
      String m = f.message();
      assertTrue(m.endsWith("."), m);
      assertTrue(seen.add(m), "one sentence per failure: " + m);
    }
  }

  @Test
  void ofCarriesTheFixedMessageAndKeepsTheProviderTextInTheCauseOnly() {
    RuntimeException provider = new RuntimeException("429 from https://api.example/v1?key=sk-SECRET");
    ModelException e = ModelException.of(Failure.RATE_LIMITED, 429, provider);
    assertEquals(Failure.RATE_LIMITED.message(), e.getMessage());
    assertEquals(429, e.status());
    assertEquals(ErrorKind.RATE_LIMITED, e.kind());
    assertNull(e.retryAfter());
    assertSame(provider, e.getCause());
    assertFalse(e.getMessage().contains("SECRET"));
  }
}
