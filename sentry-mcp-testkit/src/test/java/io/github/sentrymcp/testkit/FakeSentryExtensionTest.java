package io.github.sentrymcp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link FakeSentryExtension} used declaratively: a {@link FakeSentry} injected into the constructor, a
 * {@code @BeforeAll} and a {@code @BeforeEach} method and the tests, one server for the class, reset before each test.
 */
@ExtendWith(FakeSentryExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FakeSentryExtensionTest {
  private static final String ORGS = "/api/0/organizations/";
  private static @Nullable FakeSentry fromBeforeAll;
  private static @Nullable FakeSentry fromFirstTest;

  private final FakeSentry fromConstructor;
  private @Nullable FakeSentry fromBeforeEach;
  private int journalBeforeEach = -1;

  FakeSentryExtensionTest(FakeSentry sentry) {
    this.fromConstructor = sentry;
  }

  @BeforeAll
  static void startsBeforeAll(FakeSentry sentry) throws IOException {
    fromBeforeAll = sentry;
    // a request in @BeforeAll is forgotten by the reset before the first test
    assertEquals(200, new TestHttp(sentry).get(ORGS, "Authorization", "Bearer t").statusCode());
  }

  @BeforeEach
  void injectedBeforeEach(FakeSentry sentry) {
    fromBeforeEach = sentry;
    journalBeforeEach = sentry.journal().size();
  }

  @Test
  @Order(1)
  void aFaultStubbedInOneTest(FakeSentry sentry) throws IOException {
    assertNotNull(fromBeforeAll);
    assertSame(fromBeforeAll, sentry, "@BeforeAll and the test get the class's server");
    assertSame(sentry, fromConstructor);
    assertSame(sentry, fromBeforeEach);
    assertEquals(0, journalBeforeEach, "reset before the test: the @BeforeAll request is forgotten");
    fromFirstTest = sentry;

    sentry.stubFault(FaultRule.on("GET", ORGS).respond(Fault.status(503)));
    assertEquals(503, new TestHttp(sentry).get(ORGS, "Authorization", "Bearer t").statusCode());
    assertEquals(List.of("GET " + ORGS), sentry.arrivals());
  }

  @Test
  @Order(2)
  void doesNotLeakIntoTheNext(FakeSentry sentry) throws IOException {
    assertNotNull(fromFirstTest, "the ordered first test ran");
    assertSame(fromFirstTest, sentry, "the same server for every test of the class");
    assertTrue(sentry.journal().isEmpty(), "the journal of the test before was cleared");
    assertEquals(200, new TestHttp(sentry).get(ORGS, "Authorization", "Bearer t").statusCode(),
        "the fault of the test before was cleared");
    assertEquals(1, sentry.requests("GET", ORGS).size());
  }

  @Nested
  class NestedTests {
    @Test
    void shareTheEnclosingClassesServer(FakeSentry sentry) throws IOException {
      assertSame(fromBeforeAll, sentry);
      assertTrue(sentry.journal().isEmpty());
      assertEquals(200, new TestHttp(sentry).get(ORGS, "Authorization", "Bearer t").statusCode());
    }
  }
}
