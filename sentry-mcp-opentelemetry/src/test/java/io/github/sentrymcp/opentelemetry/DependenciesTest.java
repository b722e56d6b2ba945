package io.github.sentrymcp.opentelemetry;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module's main code needs {@code opentelemetry-api} only: the host brings the SDK (or the agent), so nothing
 * here may reach the SDK, the MCP SDK, the test kit or core's internals.
 */
class DependenciesTest {
  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.github.sentrymcp.opentelemetry");
    // the rules mean something only if the main classes were found
    assertTrue(main.contain(SentryMcpTelemetry.class), "main classes imported");
    assertTrue(main.contain(io.github.sentrymcp.opentelemetry.internal.OpenCalls.class), "main classes imported");
  }

  @Test
  void mainCodeDependsOnlyOnTheOpenTelemetryApiOurApiCoreAndTheJdk() {
    classes().that().resideInAPackage("io.github.sentrymcp.opentelemetry..")
        .should().onlyDependOnClassesThat().resideInAnyPackage(
            "io.opentelemetry.api..", "io.opentelemetry.context..", "io.github.sentrymcp..", "java..",
            "org.jspecify..")
        .check(main);
  }

  @Test
  void neverTheSdkTheMcpSdkTheTestKitOrCoreInternals() {
    noClasses().that().resideInAPackage("io.github.sentrymcp.opentelemetry..")
        .should().dependOnClassesThat().resideInAnyPackage("io.opentelemetry.sdk..", "io.modelcontextprotocol..",
            "reactor..", "io.github.sentrymcp.testkit..", "io.github.sentrymcp.core.internal..", "org.slf4j..")
        .check(main);
  }
}
