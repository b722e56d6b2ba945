package io.github.sentrymcp.langchain4j;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module's main code uses LangChain4j's public types, our API and core's public types, Jackson and the JDK: never
 * the MCP SDK, the test kit, core's internals or LangChain4j's own {@code internal} package (which may change in any
 * release).
 */
class LangChain4jDependenciesTest {
  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.github.sentrymcp.langchain4j");
    assertTrue(main.contain(SentryToolProvider.class), "main classes imported");
    assertTrue(main.contain(io.github.sentrymcp.langchain4j.internal.JsonSchemas.class), "main classes imported");
  }

  @Test
  void mainCodeDependsOnlyOnLangChain4jOurApiCoreJacksonAndTheJdk() {
    classes().that().resideInAPackage("io.github.sentrymcp.langchain4j..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("dev.langchain4j..", "io.github.sentrymcp..",
            "com.fasterxml.jackson..", "java..", "org.jspecify..")
        .check(main);
  }

  @Test
  void neverTheMcpSdkTheTestKitCoreInternalsOrLangChain4jInternals() {
    noClasses().that().resideInAPackage("io.github.sentrymcp.langchain4j..")
        .should().dependOnClassesThat().resideInAnyPackage("io.modelcontextprotocol..", "reactor..",
            "io.github.sentrymcp.testkit..", "io.github.sentrymcp.core.internal..", "dev.langchain4j.internal..")
        .check(main);
  }
}
