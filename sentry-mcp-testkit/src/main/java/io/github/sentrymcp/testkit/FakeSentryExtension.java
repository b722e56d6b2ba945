package io.github.sentrymcp.testkit;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit Jupiter extension that runs a {@link FakeSentry} for a test class.
 *
 * <p>One server per test class (nested classes share their enclosing class's): it starts on first use (a parameter
 * to inject or a call to {@link #fake()}), is {@linkplain FakeSentry#reset() reset} before each test so neither the
 * journal nor stubbed faults or overrides leak from one test into the next, and is closed after the class. Registered
 * on an instance field ({@code @RegisterExtension} without {@code static}), it lives for one test instead.
 *
 * <p>Declaratively, with default settings: a {@link FakeSentry} parameter of a test method, the test class's
 * constructor or a {@code @BeforeEach}/{@code @BeforeAll} method is injected.
 *
 * <pre>{@code
 * @ExtendWith(FakeSentryExtension.class)
 * class MyAgentTest {
 *   @Test
 *   void readsTheOrganizations(FakeSentry sentry) {
 *     try (SentryMcp engine = SentryMcp.create(
 *         SentryMcpConfig.builder().host(sentry.hostAndPort()).insecureHttp(true).build())) {
 *       engine.call("find_organizations", Map.of(), Session.of(AccessToken.of("any-token")));
 *     }
 *     assertEquals(1, sentry.requests("GET", "/api/0/organizations/").size());
 *   }
 * }
 * }</pre>
 *
 * <p>Programmatically, with the {@link FakeSentry.Builder}'s options (here a token the fake requires, it answers 401
 * without it):
 *
 * <pre>{@code
 * class MyAgentTest {
 *   @RegisterExtension
 *   static final FakeSentryExtension SENTRY =
 *       FakeSentryExtension.of(FakeSentry.builder().requiredToken("sntrys_test"));
 *
 *   @Test
 *   void reportsAnUnavailableSentry() {
 *     SENTRY.fake().stubFault(FaultRule.on("GET", "/api/0/organizations/").respond(Fault.status(503)));
 *     SentryMcpConfig config = SentryMcpConfig.builder().host(SENTRY.hostAndPort()).insecureHttp(true).build();
 *     // ... run your code against config, assert on SENTRY.fake().journal()
 *   }
 * }
 * }</pre>
 *
 * <p>The test kit does not depend on the engine: build its configuration from {@link #hostAndPort()} (or {@link
 * #baseUrl()}) with plain HTTP allowed, as above.
 *
 * <p>The test kit's dependency on {@code junit-jupiter-api} is optional: a project that uses this extension has
 * JUnit Jupiter on its test class path already; one that uses only {@link FakeSentry} does not get JUnit from the
 * test kit. Tests of one class that run concurrently share the class's server, and a reset before one test clears
 * what another recorded; register a separate extension (or start a {@link FakeSentry} per test) for those. Register
 * at most one {@code FakeSentryExtension} per class when parameters are injected, or JUnit cannot tell which one
 * resolves them.
 */
public final class FakeSentryExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private final FakeSentry.Builder builder;
  private final Object lock = new Object();
  private @Nullable FakeSentry fake;
  /** How many class lifecycles (a class and its nested classes) are running; 0: none, or per-test use. */
  private int classDepth;

  /** With default {@link FakeSentry} settings; the constructor {@code @ExtendWith} uses. */
  public FakeSentryExtension() {
    this(FakeSentry.builder());
  }

  private FakeSentryExtension(FakeSentry.Builder builder) {
    this.builder = builder;
  }

  /**
   * An extension that starts its servers with this builder's settings. The builder is used when a server starts (once
   * per test class), so change it no more after registering the extension.
   *
   * @param builder the settings of the servers it starts
   * @return the extension
   */
  public static FakeSentryExtension of(FakeSentry.Builder builder) {
    return new FakeSentryExtension(Objects.requireNonNull(builder, "builder"));
  }

  /**
   * The running fake, started now if it was not yet. Call it during a test or a test class's lifecycle: the extension
   * closes the server after the class (or, registered on an instance field, after the test).
   *
   * @return the running fake
   */
  public FakeSentry fake() {
    synchronized (lock) {
      if (fake == null) {
        fake = builder.build();
      }
      return fake;
    }
  }

  /**
   * {@code http://127.0.0.1:PORT} of the {@linkplain #fake() running fake}.
   *
   * @return the base URL
   */
  public String baseUrl() {
    return fake().baseUrl();
  }

  /**
   * {@code 127.0.0.1:PORT} of the {@linkplain #fake() running fake}, for {@code SentryMcpConfig.Builder.host}.
   *
   * @return the host and port
   */
  public String hostAndPort() {
    return fake().hostAndPort();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    synchronized (lock) {
      classDepth++;
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    synchronized (lock) {
      classDepth = Math.max(0, classDepth - 1);
      if (classDepth == 0) {
        closeFake();
      }
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    FakeSentry running;
    synchronized (lock) {
      running = fake;
    }
    if (running != null) {
      running.reset();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    synchronized (lock) {
      if (classDepth == 0) {
        closeFake();
      }
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == FakeSentry.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return fake();
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "FakeSentryExtension[" + (fake == null ? "not started" : fake.baseUrl()) + "]";
    }
  }

  private void closeFake() {
    FakeSentry running = fake;
    fake = null;
    if (running != null) {
      running.close();
    }
  }
}
