package io.github.sentrymcp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link FakeSentryExtension} registered programmatically with the builder's options. */
class FakeSentryExtensionRegisterTest {
  private static final String TOKEN = "sntrys_test";

  @RegisterExtension
  static final FakeSentryExtension SENTRY = FakeSentryExtension.of(FakeSentry.builder().requiredToken(TOKEN));

  @Test
  void honoursTheRequiredToken() throws IOException {
    TestHttp http = new TestHttp(SENTRY.fake());
    assertEquals(401, http.get("/api/0/organizations/").statusCode());
    assertEquals(401, http.get("/api/0/organizations/", "Authorization", "Bearer wrong").statusCode());
    assertEquals(200, http.get("/api/0/organizations/", "Authorization", "Bearer " + TOKEN).statusCode());
    assertEquals(3, SENTRY.fake().journal().size());
  }

  @Test
  void offersTheAddressForAConfigurationAndInjectsTheSameServer(FakeSentry injected) {
    assertSame(SENTRY.fake(), injected);
    assertEquals("127.0.0.1:" + injected.port(), SENTRY.hostAndPort());
    assertEquals("http://" + SENTRY.hostAndPort(), SENTRY.baseUrl());
  }
}
