package io.github.sentrymcp.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.WebLinks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package rules that keep the library embeddable and the untrusted-data boundary closed. */
class ArchitectureTest {
  private static JavaClasses main;

  @BeforeAll
  static void importClasses() {
    main = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.github.sentrymcp.api", "io.github.sentrymcp.core");
  }

  @Test
  void apiAndCoreNeverSeeTheMcpSdkOrReactor() {
    noClasses()
        .should().dependOnClassesThat().resideInAnyPackage("io.modelcontextprotocol..", "io.projectreactor..",
            "reactor..", "tools.jackson..")
        .check(main);
  }

  @Test
  void apiDependsOnlyOnTheJdkAndJspecify() {
    classes().that().resideInAPackage("io.github.sentrymcp.api..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("io.github.sentrymcp.api..", "java..",
            "org.jspecify..")
        .check(main);
  }

  @Test
  void apiDoesNotDependOnCore() {
    noClasses().that().resideInAPackage("io.github.sentrymcp.api..")
        .should().dependOnClassesThat().resideInAPackage("io.github.sentrymcp.core..")
        .check(main);
  }

  @Test
  void noJdkWideTimerThreadIsStarted() {
    // CompletableFuture's delayed executor runs on a JDK-wide thread nobody can stop; the engine's Timers can be
    noClasses()
        .should().callMethod(java.util.concurrent.CompletableFuture.class, "orTimeout", long.class,
            java.util.concurrent.TimeUnit.class)
        .orShould().callMethod(java.util.concurrent.CompletableFuture.class, "completeOnTimeout", Object.class,
            long.class, java.util.concurrent.TimeUnit.class)
        .orShould().callMethod(java.util.concurrent.CompletableFuture.class, "delayedExecutor", long.class,
            java.util.concurrent.TimeUnit.class)
        .orShould().callMethod(java.util.concurrent.CompletableFuture.class, "delayedExecutor", long.class,
            java.util.concurrent.TimeUnit.class, java.util.concurrent.Executor.class)
        .check(main);
  }

  @Test
  void toolsNeverTouchJacksonOrRawHttp() {
    // tools read Sentry data only through SentryJson, which hands out strings as Untrusted
    noClasses().that().resideInAPackage("io.github.sentrymcp.core.internal.tools..")
        .should().dependOnClassesThat().resideInAnyPackage("com.fasterxml.jackson..", "java.net.http..")
        .check(main);
  }

  @Test
  void onlySanitizerAndRequestEncodingReadRawSentryText() {
    // the sanitizer: its facade and its package of internals (renderer, escaper, credential redactor)
    noClasses()
        .that().resideOutsideOfPackages("io.github.sentrymcp.api.result..",
            "io.github.sentrymcp.core.internal.client..", "io.github.sentrymcp.core.internal.render")
        .and().haveNameNotMatching(java.util.regex.Pattern.quote(DefaultToolResultSanitizer.class.getName()) + "(\\$.*)?")
        .and().doNotHaveFullyQualifiedName(WebLinks.class.getName())
        .should().callMethod(Untrusted.class, "rawValue")
        .because("Sentry text may leave an Untrusted only to be fenced by the sanitizer or encoded into a request")
        .check(main);
  }

  @Test
  void theCorePackageHoldsOnlyTheEngineAndTheDefaultImplementations() {
    // the fenced public surface: everything else of core lives under core.internal, which is not API
    classes().that().resideInAPackage("io.github.sentrymcp.core").and().arePublic()
        .should().haveNameMatching("io\\.github\\.sentrymcp\\.core\\.(SentryMcp|DefaultToolResultSanitizer"
            + "|DefaultRegionUrlValidator|DefaultScopeResolver|Redactor)(\\$.*)?")
        .because("hosts see SentryMcp and the default implementations; a new public type there is new API")
        .check(main);
  }

  @Test
  void toolClassesArePackagePrivateInTheirFeaturePackage() {
    classes().that().areAssignableTo(AbstractSentryTool.class)
        .and().doNotHaveFullyQualifiedName(AbstractSentryTool.class.getName())
        .should().resideInAPackage("io.github.sentrymcp.core.internal.tools.*")
        .andShould().notBePublic()
        .because("a feature's entry class registers its tools; nothing else creates or names them")
        .check(main);
  }

  @Test
  void featurePackagesDoNotDependOnEachOther() {
    // what two features share belongs in the kit (core.internal.tools)
    slices().matching("io.github.sentrymcp.core.internal.tools.(*)..")
        .should().notDependOnEachOther()
        .check(main);
  }

  @Test
  void nothingWritesToStdout() {
    noClasses()
        .should().accessField(System.class, "out")
        .because("stdout belongs to the MCP protocol in stdio mode")
        .check(main);
  }
}
