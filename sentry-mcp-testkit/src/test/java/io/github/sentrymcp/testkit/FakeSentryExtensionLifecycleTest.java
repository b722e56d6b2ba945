package io.github.sentrymcp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs test classes that use {@link FakeSentryExtension} with the JUnit Platform launcher and checks what happens to
 * their servers afterwards: closed (the port refuses connections) after the class, or after each test when the
 * extension is registered on an instance field. The target classes run only inside this harness.
 */
class FakeSentryExtensionLifecycleTest {
  private static volatile boolean harnessRunning;
  static final List<FakeSentry> SEEN = new CopyOnWriteArrayList<>();

  static boolean harnessRunning() {
    return harnessRunning;
  }

  @Test
  void theClassesServerIsClosedAfterTheClass() throws IOException {
    TestExecutionSummary summary = run(Declarative.class);

    assertEquals(2, summary.getTestsSucceededCount(), () -> failures(summary));
    assertEquals(2, SEEN.size());
    assertEquals(SEEN.get(0), SEEN.get(1), "one server for the class");
    assertRefused(SEEN.get(0));
  }

  @Test
  void withOneInstanceForTheClassTheConstructorGetsTheClassesServer() throws IOException {
    TestExecutionSummary summary = run(PerClassInstance.class);

    assertEquals(2, summary.getTestsSucceededCount(), () -> failures(summary));
    assertEquals(List.of(SEEN.get(0), SEEN.get(0), SEEN.get(0)), SEEN, "constructor and both tests");
    assertRefused(SEEN.get(0));
  }

  @Test
  void onAnInstanceFieldEachTestHasItsOwnServerClosedAfterIt() throws IOException {
    TestExecutionSummary summary = run(PerTest.class);

    assertEquals(2, summary.getTestsSucceededCount(), () -> failures(summary));
    assertEquals(2, SEEN.size());
    assertNotEquals(SEEN.get(0).port(), SEEN.get(1).port(), "a server per test");
    assertRefused(SEEN.get(0));
    assertRefused(SEEN.get(1));
  }

  @Test
  void aStaticExtensionIsStartedAgainForASecondRun() throws IOException {
    TestExecutionSummary first = run(Registered.class);
    assertEquals(1, first.getTestsSucceededCount(), () -> failures(first));
    FakeSentry firstServer = SEEN.get(0);
    assertRefused(firstServer);
    assertEquals("FakeSentryExtension[not started]", Registered.SENTRY.toString());

    TestExecutionSummary second = run(Registered.class);
    assertEquals(1, second.getTestsSucceededCount(), () -> failures(second));
    assertNotEquals(firstServer, SEEN.get(0));
    assertRefused(SEEN.get(0));
  }

  private static TestExecutionSummary run(Class<?> testClass) {
    SEEN.clear();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    Launcher launcher = LauncherFactory.create();
    harnessRunning = true;
    try {
      launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(), listener);
    } finally {
      harnessRunning = false;
    }
    return listener.getSummary();
  }

  private static String failures(TestExecutionSummary summary) {
    StringBuilder out = new StringBuilder();
    summary.getFailures().forEach(f -> out.append(f.getTestIdentifier().getDisplayName()).append(": ")
        .append(f.getException().getMessage()).append('\n'));
    return out.toString();
  }

  private static void assertRefused(FakeSentry closed) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(closed.baseUrl() + "/api/0/organizations/"))
        .timeout(Duration.ofSeconds(5)).build();
    assertThrows(ConnectException.class, () -> client.send(request, HttpResponse.BodyHandlers.discarding()),
        "the server is closed");
  }

  private static void use(FakeSentry sentry) throws IOException {
    SEEN.add(sentry);
    assertEquals(200, new TestHttp(sentry).get("/api/0/organizations/", "Authorization", "Bearer t").statusCode());
  }

  @EnabledIf("io.github.sentrymcp.testkit.FakeSentryExtensionLifecycleTest#harnessRunning")
  @ExtendWith(FakeSentryExtension.class)
  static class Declarative {
    @Test
    void first(FakeSentry sentry) throws IOException {
      use(sentry);
    }

    @Test
    void second(FakeSentry sentry) throws IOException {
      use(sentry);
    }
  }

  @EnabledIf("io.github.sentrymcp.testkit.FakeSentryExtensionLifecycleTest#harnessRunning")
  @ExtendWith(FakeSentryExtension.class)
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class PerClassInstance {
    PerClassInstance(FakeSentry sentry) {
      SEEN.add(sentry);
    }

    @Test
    void first(FakeSentry sentry) throws IOException {
      use(sentry);
    }

    @Test
    void second(FakeSentry sentry) throws IOException {
      use(sentry);
    }
  }

  @EnabledIf("io.github.sentrymcp.testkit.FakeSentryExtensionLifecycleTest#harnessRunning")
  static class PerTest {
    @RegisterExtension
    final FakeSentryExtension sentry = new FakeSentryExtension();

    @Test
    void first() throws IOException {
      use(sentry.fake());
    }

    @Test
    void second() throws IOException {
      use(sentry.fake());
    }
  }

  @EnabledIf("io.github.sentrymcp.testkit.FakeSentryExtensionLifecycleTest#harnessRunning")
  static class Registered {
    @RegisterExtension
    static final FakeSentryExtension SENTRY = FakeSentryExtension.of(FakeSentry.builder());

    @Test
    void uses() throws IOException {
      use(SENTRY.fake());
    }
  }
}
