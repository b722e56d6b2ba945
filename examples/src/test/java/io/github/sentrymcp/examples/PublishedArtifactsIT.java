package io.github.sentrymcp.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Every published module (the artifacts the BOM lists) has a sources jar and a Javadoc jar after {@code package}, as
 * Maven Central requires, and every Javadoc page's footer states the licence. Runs in {@code verify} (failsafe), after every
 * published module has been packaged: this module depends on all of them, so the reactor builds them first.
 */
class PublishedArtifactsIT {
  private static final Path ROOT = Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent();
  private static final String VERSION = Objects.requireNonNull(System.getProperty("sentry.version"),
      "failsafe sets sentry.version");

  @Test
  void everyPublishedModuleHasSourcesAndJavadocJars() throws Exception {
    List<String> published = artifactsListedByTheBom();
    assertFalse(published.isEmpty(), "the BOM lists the published modules");
    for (String artifactId : published) {
      Path target = ROOT.resolve(artifactId).resolve("target");
      assertTrue(Files.isDirectory(target), artifactId + " is a module directory that was built: " + target);

      Path sources = target.resolve(artifactId + "-" + VERSION + "-sources.jar");
      assertTrue(Files.isRegularFile(sources), "sources jar: " + sources);
      try (ZipFile zip = new ZipFile(sources.toFile())) {
        assertTrue(zip.stream().anyMatch(e -> e.getName().startsWith("io/github/sentrymcp/")
            && e.getName().endsWith(".java")), "the sources jar holds the module's sources: " + sources);
      }

      Path javadoc = target.resolve(artifactId + "-" + VERSION + "-javadoc.jar");
      assertTrue(Files.isRegularFile(javadoc), "javadoc jar: " + javadoc);
      try (ZipFile zip = new ZipFile(javadoc.toFile())) {
        List<ZipEntry> pages = zip.stream()
            .filter(e -> e.getName().startsWith("io/github/sentrymcp/") && e.getName().endsWith(".html"))
            .collect(Collectors.toList());
        assertFalse(pages.isEmpty(), "the Javadoc jar documents the module's classes: " + javadoc);
        for (ZipEntry page : pages) {
          String html = text(zip, page);
          assertTrue(html.contains("Apache License, Version 2.0"), "the footer names the licence: " + page + " in "
              + javadoc);
          assertFalse(html.contains("All rights reserved"), "no 'All rights reserved' footer: " + page + " in "
              + javadoc);
        }
      }
    }
  }

  @Test
  void theBomPinsEveryMcpSdkModuleToTheVersionTheBuildUses() throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Element parent = factory.newDocumentBuilder().parse(ROOT.resolve("pom.xml").toFile()).getDocumentElement();
    Element bom = factory.newDocumentBuilder().parse(ROOT.resolve("sentry-mcp-bom/pom.xml").toFile())
        .getDocumentElement();
    String built = parent.getElementsByTagName("mcp.version").item(0).getTextContent().strip();
    String pinned = bom.getElementsByTagName("mcp.version").item(0).getTextContent().strip();
    assertEquals(built, pinned, "sentry-mcp-bom's mcp.version is the parent's");
    List<String> sdkModules = new ArrayList<>();
    NodeList dependencies = bom.getElementsByTagName("dependency");
    for (int i = 0; i < dependencies.getLength(); i++) {
      Element dependency = (Element) dependencies.item(i);
      if (dependency.getElementsByTagName("groupId").item(0).getTextContent().strip()
          .equals("io.modelcontextprotocol.sdk")) {
        sdkModules.add(dependency.getElementsByTagName("artifactId").item(0).getTextContent().strip());
        assertEquals("${mcp.version}", dependency.getElementsByTagName("version").item(0).getTextContent().strip());
      }
    }
    assertEquals(List.of("mcp-core", "mcp-json-jackson2", "mcp-json-jackson3", "mcp"), sdkModules);
  }

  private static List<String> artifactsListedByTheBom() throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Element bom = factory.newDocumentBuilder().parse(ROOT.resolve("sentry-mcp-bom/pom.xml").toFile())
        .getDocumentElement();
    List<String> artifactIds = new ArrayList<>();
    NodeList dependencies = bom.getElementsByTagName("dependency");
    for (int i = 0; i < dependencies.getLength(); i++) {
      Element dependency = (Element) dependencies.item(i);
      String groupId = dependency.getElementsByTagName("groupId").item(0).getTextContent().strip();
      if (groupId.equals("io.github.sentrymcp")) {
        artifactIds.add(dependency.getElementsByTagName("artifactId").item(0).getTextContent().strip());
      }
    }
    return artifactIds;
  }

  private static String text(ZipFile zip, ZipEntry entry) throws IOException {
    try (var in = zip.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
