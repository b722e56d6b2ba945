package io.github.sentrymcp.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The boundaries between the modules, checked on the compiled main classes of all of them (this application module
 * has every other one on its class path). The enforcer checks the same boundaries on the dependency graph.
 *
 * <ul>
 *   <li>api, core and test kit: {@code io.github.sentrymcp.api}, {@code .core}, {@code .testkit};
 *   <li>the SDK binding: {@code io.github.sentrymcp.modelcontextprotocol};
 *   <li>the transports (stdio, HTTP): {@code io.github.sentrymcp.transport..};
 *   <li>the OAuth authorization server: {@code io.github.sentrymcp.oauth..};
 *   <li>this application: {@code io.github.sentrymcp.server}.
 * </ul>
 */
class ModuleBoundariesTest {
  private static final String API = "io.github.sentrymcp.api..";
  private static final String CORE = "io.github.sentrymcp.core..";
  private static final String TESTKIT = "io.github.sentrymcp.testkit..";
  private static final String BINDING = "io.github.sentrymcp.modelcontextprotocol..";
  private static final String TRANSPORTS = "io.github.sentrymcp.transport..";
  private static final String SERVER = "io.github.sentrymcp.server..";
  private static final String OAUTH = "io.github.sentrymcp.oauth..";
  private static final String[] MCP_SDK = {"io.modelcontextprotocol..", "reactor..", "org.reactivestreams.."};

  private static JavaClasses main;

  @BeforeAll
  static void importClasses() {
    main = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.github.sentrymcp");
    // the rules below mean something only if every module's classes were found (as directories or jars)
    for (String pkg : new String[] {"io.github.sentrymcp.api", "io.github.sentrymcp.core",
        "io.github.sentrymcp.testkit", "io.github.sentrymcp.modelcontextprotocol", "io.github.sentrymcp.transport.stdio",
        "io.github.sentrymcp.transport.http", "io.github.sentrymcp.oauth", "io.github.sentrymcp.oauth.jdbc",
        "io.github.sentrymcp.server"}) {
      if (main.stream().noneMatch(c -> c.getPackageName().equals(pkg))) {
        throw new AssertionError("no main classes found in " + pkg);
      }
    }
  }

  @Test
  void onlyTheBindingTheTransportsAndTheApplicationSeeTheMcpSdk() {
    noClasses().that().resideInAnyPackage(API, CORE, TESTKIT, OAUTH)
        .should().dependOnClassesThat().resideInAnyPackage(MCP_SDK)
        .check(main);
  }

  @Test
  void theOAuthServerNeedsOnlyTheServletApiAndTheHttpTransportsPublicSpi() {
    // a library for any container and any JDBC database: no container, no driver, no transport internals
    noClasses().that().resideInAPackage(OAUTH)
        .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.jetty..", "org.apache.catalina..",
            "org.postgresql..", "io.github.sentrymcp.transport.http.internal..", "io.github.sentrymcp.transport.stdio..",
            CORE, BINDING)
        .check(main);
  }

  @Test
  void noLibraryReachesTheTestKitPicocliOrTheApplication() {
    noClasses().that().resideInAnyPackage(API, CORE, BINDING, TRANSPORTS, OAUTH)
        .should().dependOnClassesThat().resideInAnyPackage(TESTKIT, "picocli..", SERVER)
        .check(main);
  }

  @Test
  void theHttpTransportNeedsOnlyTheServletApiNotAContainer() {
    // a servlet for any container: Jetty is the server application's choice, never the transport's
    noClasses().that().resideInAPackage("io.github.sentrymcp.transport.http..")
        .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.jetty..", "org.apache.catalina..",
            "io.github.sentrymcp.transport.stdio..")
        .check(main);
  }

  @Test
  void theBindingKnowsNoTransport() {
    noClasses().that().resideInAPackage(BINDING)
        .should().dependOnClassesThat().resideInAnyPackage(TRANSPORTS, SERVER)
        .check(main);
  }

  @Test
  void outsideCoreNothingDependsOnCoreInternalsExceptTheSharedHelpers() {
    // hosts, the binding and the transports use the engine, the sanitizer and the api: never the tools' base
    // class (no downcasts; SentryTool says what a host needs) or the client
    noClasses().that().resideOutsideOfPackage(CORE)
        .should().dependOnClassesThat()
        .haveFullyQualifiedName("io.github.sentrymcp.core.internal.tools.AbstractSentryTool")
        .orShould().dependOnClassesThat().resideInAPackage("io.github.sentrymcp.core.internal.client..")
        .check(main);
  }

  @Test
  void outsideCoreOnlyTheSharedHelpersOfCoreInternalAreUsed() {
    // core.internal itself holds the helpers the library's modules share (Failures); its sub-packages (the client,
    // the schemas, the tool kit and the tools) are core's implementation alone
    noClasses().that().resideOutsideOfPackage(CORE)
        .should().dependOnClassesThat().resideInAPackage("io.github.sentrymcp.core.internal.*..")
        .check(main);
  }

  @Test
  void inTheApplicationOnlyServerTelemetryUsesOpenTelemetry() {
    // so a start without telemetry loads no OpenTelemetry class (TelemetryIT checks the class log of a real start)
    noClasses().that().resideInAPackage(SERVER)
        .and().haveNameNotMatching("io\\.github\\.sentrymcp\\.server\\.ServerTelemetry(\\$.*)?")
        .should().dependOnClassesThat().resideInAPackage("io.opentelemetry..")
        .check(main);
  }

  @Test
  void theApiStandsAlone() {
    noClasses().that().resideInAPackage(API)
        .should().dependOnClassesThat().resideInAnyPackage(CORE, TESTKIT, BINDING, TRANSPORTS, SERVER, OAUTH)
        .check(main);
  }
}
