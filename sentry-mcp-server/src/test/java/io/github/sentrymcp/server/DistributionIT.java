package io.github.sentrymcp.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The release archive (target/sentry-mcp-server-VERSION.tar.gz) as a user installs it: its exact contents, and the
 * launcher run from an extracted copy under a path with spaces, through a symlink, from another working directory,
 * with the start-up archive it makes on the first run.
 */
class DistributionIT {
  private static final String VERSION = System.getProperty("sentry.version", "0.1.0-SNAPSHOT");
  private static final Path TARGET = Path.of(System.getProperty("sentry.server.dir", "target")).toAbsolutePath();
  private static final Path TAR =
      Path.of(System.getProperty("sentry.server.dist", TARGET.resolve("sentry-mcp-server-" + VERSION + ".tar.gz")
          .toString())).toAbsolutePath();
  private static final Path ZIP =
      Path.of(System.getProperty("sentry.server.dist.zip", TARGET.resolve("sentry-mcp-server-" + VERSION + ".zip")
          .toString())).toAbsolutePath();
  private static final String TOP = "sentry-mcp-server-" + VERSION + "/";
  private static final Duration ARCHIVE_WAIT = Duration.ofSeconds(180);

  private Path tmp;
  private Path movedTo;

  @BeforeAll
  static void built() {
    assertTrue(Files.isRegularFile(TAR), "run `mvn package` first: " + TAR);
  }

  @BeforeEach
  void tempDir() throws IOException {
    tmp = Files.createTempDirectory("sentry mcp dist ");
    movedTo = Files.createTempDirectory("sentry-mcp-dist-moved-");
    assertFalse(movedTo.toString().contains(" "), movedTo.toString());
  }

  @AfterEach
  void deleteTempDirs() throws IOException, InterruptedException {
    for (Path dir : List.of(tmp, movedTo)) {
      new ProcessBuilder("chmod", "-R", "u+w", dir.toString()).start().waitFor(30, TimeUnit.SECONDS);
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Test
  void archivesHoldExactlyTheInstallation() throws Exception {
    Map<String, TarEntry> tar = readTarGz(TAR);
    Set<String> files = new TreeSet<>();
    for (TarEntry e : tar.values()) {
      assertTrue(e.name.startsWith(TOP), "outside the top directory: " + e.name);
      if (!e.directory) {
        files.add(e.name);
      }
    }
    assertEquals(
        new TreeSet<>(List.of(TOP + "bin/sentry-mcp-server", TOP + "lib/sentry-mcp-server.jar", TOP + "README.md",
            TOP + "LICENSE", TOP + "NOTICE")),
        files);

    TarEntry launcher = tar.get(TOP + "bin/sentry-mcp-server");
    assertEquals(0755, launcher.mode & 0777, "launcher mode " + Integer.toOctalString(launcher.mode));
    assertEquals(0644, tar.get(TOP + "lib/sentry-mcp-server.jar").mode & 0777);
    assertArrayEquals(Files.readAllBytes(TARGET.resolve("sentry-mcp-server")), launcher.content);
    assertTrue(new String(launcher.content, StandardCharsets.UTF_8).startsWith("#!/bin/sh\n"));

    Path repo = TARGET.getParent().getParent();
    assertArrayEquals(Files.readAllBytes(repo.resolve("LICENSE")), tar.get(TOP + "LICENSE").content);
    assertArrayEquals(Files.readAllBytes(repo.resolve("NOTICE")), tar.get(TOP + "NOTICE").content);
    String readme = new String(tar.get(TOP + "README.md").content, StandardCharsets.UTF_8);
    assertTrue(readme.startsWith("# sentry-mcp-server " + VERSION + "\n"), readme);
    assertTrue(readme.contains("SENTRY_MCP_CDS") && readme.contains("claude mcp add"), readme);
    assertFalse(readme.contains("${project"), "unfiltered README");

    // the jar is the shaded server jar, with no test classes
    byte[] jar = tar.get(TOP + "lib/sentry-mcp-server.jar").content;
    assertEquals(sha256(Files.readAllBytes(TARGET.resolve("sentry-mcp-server.jar"))), sha256(jar));
    List<String> jarEntries = new ArrayList<>();
    try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(jar))) {
      for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
        jarEntries.add(e.getName());
      }
    }
    assertTrue(jarEntries.contains("io/github/sentrymcp/server/Main.class"), "no Main in the jar");
    for (String name : jarEntries) {
      assertFalse(name.startsWith("io/github/sentrymcp/server/")
              && (name.endsWith("IT.class") || name.endsWith("Test.class") || name.contains("ServerProcess")),
          "test class in the jar: " + name);
      assertFalse(name.endsWith(".jsa"), name);
    }

    // the zip holds the same files with the same bytes
    try (ZipFile zip = new ZipFile(ZIP.toFile())) {
      Set<String> zipFiles = new TreeSet<>();
      for (ZipEntry e : zip.stream().toList()) {
        if (!e.isDirectory()) {
          zipFiles.add(e.getName());
          try (InputStream in = zip.getInputStream(e)) {
            assertArrayEquals(tar.get(e.getName()).content, in.readAllBytes(), e.getName());
          }
        }
      }
      assertEquals(files, zipFiles);
    }
  }

  @Test
  void installedLauncherServesThroughASymlinkAndMakesItsStartupArchive() throws Exception {
    Path home = extract(tmp.resolve("opt dir"));
    Path link = symlink(home);
    Path cwd = Files.createDirectories(tmp.resolve("some other dir"));
    Path cache = tmp.resolve("cache home");
    Path lib = home.resolve("lib");
    Map<String, String> env = env(cache);

    // first run: no archive yet; the protocol works and stdout carries only JSON-RPC
    serveOneCall(link, cwd, env);
    Path archiveDir = Files.isWritable(lib) ? lib : cache.resolve("sentry-mcp-server");
    Path first = awaitArchive(archiveDir, Set.of());
    assertEquals(List.of(), archives(Files.isWritable(lib) ? cache.resolve("sentry-mcp-server") : lib),
        "an archive in the other place");

    // later runs load classes from it (JDK classes only: see assertUsesArchive)
    assertUsesArchive(link, cwd, env, false);

    // the installation moves (to a path without spaces): the old archive does not match the new path, a new one is
    // made for it, and it holds the server's classes too
    Path moved = movedTo.resolve(home.getFileName());
    Files.move(home, moved);
    Files.delete(link);
    Files.createSymbolicLink(link, moved.resolve("bin/sentry-mcp-server"));
    Path movedDir = archiveDir.equals(lib) ? moved.resolve("lib") : archiveDir;
    serveOneCall(link, cwd, env);
    Path second = awaitArchive(movedDir, Set.of(first.getFileName().toString()));
    assertNotEquals(first.getFileName(), second.getFileName());
    assertUsesArchive(link, cwd, env, true);

    // SENTRY_MCP_CDS=off: neither used nor made
    Map<String, String> off = new HashMap<>(env);
    off.put("SENTRY_MCP_CDS", "off");
    off.put("SENTRY_MCP_JAVA_OPTS", "-Xlog:class+load=info:stderr");
    String log = serveOneCall(link, cwd, off);
    assertFalse(log.contains("source: shared objects file (top)"), "an archive was used with SENTRY_MCP_CDS=off");
  }

  @Test
  void serverRunsWhenNoArchiveCanBeWritten() throws Exception {
    Path home = extract(tmp.resolve("read only"));
    Path link = symlink(home);
    Path cwd = Files.createDirectories(tmp.resolve("cwd"));
    Path lib = home.resolve("lib");
    // a cache directory that cannot be created (a regular file is in the way), and a read-only lib/
    Path file = Files.writeString(tmp.resolve("a file"), "x");
    Map<String, String> env = env(file.resolve("cache"));
    Files.setPosixFilePermissions(lib, PosixFilePermissions.fromString("r-xr-xr-x"));
    if (Files.isWritable(lib)) {
      // running as root: lib/ stays writable, so point the archive directory somewhere it cannot be created
      env.put("SENTRY_MCP_CDS_DIR", file.resolve("cds").toString());
    }
    for (int run = 0; run < 2; run++) {
      String log = serveOneCall(link, cwd, env);
      assertFalse(log.contains("Exception"), log);
    }
    Thread.sleep(4000); // the background maker waits 2 s, then gives up
    try (Stream<Path> all = Files.walk(tmp)) {
      assertEquals(List.of(), all.filter(p -> p.getFileName().toString().contains(".jsa")).toList());
    }
  }

  // --- helpers ---

  private static Map<String, String> env(Path cache) {
    Map<String, String> env = new HashMap<>();
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("XDG_CACHE_HOME", cache.toString());
    env.put("SENTRY_MCP_CDS", "");
    env.put("SENTRY_MCP_CDS_DIR", "");
    env.put("SENTRY_MCP_JAVA_OPTS", "");
    return env;
  }

  /** Extracts the tar.gz with tar(1), as the README says; returns the installation's top directory. */
  private static Path extract(Path into) throws IOException, InterruptedException {
    Files.createDirectories(into);
    Process tar = new ProcessBuilder("tar", "-xzf", TAR.toString(), "-C", into.toString()).inheritIO().start();
    assertTrue(tar.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, tar.exitValue());
    Path home = into.resolve(TOP.substring(0, TOP.length() - 1));
    assertTrue(Files.isExecutable(home.resolve("bin/sentry-mcp-server")), "launcher not executable after tar -x");
    return home;
  }

  /** A symlink to the launcher in another directory (like ~/.local/bin). */
  private Path symlink(Path home) throws IOException {
    Path bin = Files.createDirectories(tmp.resolve("local bin"));
    return Files.createSymbolicLink(bin.resolve("sentry-mcp-server"), home.resolve("bin/sentry-mcp-server"));
  }

  /**
   * Runs the launcher in sandbox mode: initialize, a real tool call, end of input; checks the answers and that every
   * stdout line is a JSON-RPC message. Returns stderr.
   */
  private static String serveOneCall(Path launcher, Path cwd, Map<String, String> env) throws Exception {
    try (ServerProcess child = new ServerProcess(List.of(launcher.toString(), "--sandbox"), env, cwd)) {
      JsonNode init = child.initialize();
      assertEquals("sentry-mcp-java", init.path("result").path("serverInfo").path("name").asText(), init.toString());
      child.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"find_projects\","
          + "\"arguments\":{\"organizationSlug\":\"sentry-mcp-evals\"}}}");
      JsonNode call = child.awaitMessage();
      assertEquals(2, call.path("id").asInt(), call.toString());
      JsonNode result = call.path("result");
      assertFalse(result.path("isError").asBoolean(false), call.toString());
      assertTrue(result.path("content").path(0).path("text").asText().contains("cloudflare-mcp"), call.toString());
      child.process.getOutputStream().close();
      assertEquals(0, child.exitWithin(Duration.ofSeconds(30)), child.stderr.getNow(""));
      String stdout = child.stdout();
      for (String line : stdout.split("\n")) {
        JsonNode message = ServerProcess.JSON.readTree(line);
        assertEquals("2.0", message.path("jsonrpc").asText(), "not JSON-RPC on stdout: " + line);
      }
      return child.stderr.get(10, TimeUnit.SECONDS);
    }
  }

  /**
   * A run loads classes from the start-up archive (the top layer, above the JDK's own archive): with appClasses the
   * server's own classes too. JDK 17 shares no application classes from a jar whose path contains a space (measured:
   * the archive is mapped and serves JDK classes only), so for such a path only JDK classes are expected.
   */
  private static void assertUsesArchive(Path launcher, Path cwd, Map<String, String> env, boolean appClasses)
      throws Exception {
    Map<String, String> logging = new HashMap<>(env);
    logging.put("SENTRY_MCP_JAVA_OPTS", "-Xlog:class+load=info:stderr -Xlog:cds=info:stderr");
    String log = serveOneCall(launcher, cwd, logging);
    String expected = appClasses ? "io.github.sentrymcp.server.Main source: shared objects file (top)"
        : " source: shared objects file (top)";
    assertTrue(log.contains(expected),
        "the server's classes were not loaded from the start-up archive; CDS log:\n"
            + log.lines().filter(l -> l.contains("[cds")).collect(Collectors.joining("\n")));
  }

  private static List<Path> archives(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().matches("sentry-mcp-server-[0-9]+\\.jsa")).sorted().toList();
    }
  }

  /** Waits for a complete archive in dir other than those named; fails after ARCHIVE_WAIT. */
  private static Path awaitArchive(Path dir, Set<String> old) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + ARCHIVE_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      for (Path p : archives(dir)) {
        if (!old.contains(p.getFileName().toString())) {
          return p;
        }
      }
      Thread.sleep(250);
    }
    String failed = "";
    try (Stream<Path> files = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
      for (Path p : files.filter(f -> f.toString().endsWith(".failed")).toList()) {
        failed += Files.readString(p);
      }
    }
    throw new AssertionError("no start-up archive in " + dir + " within " + ARCHIVE_WAIT + failed);
  }

  private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private record TarEntry(String name, int mode, boolean directory, byte[] content) {}

  /** A small reader of ustar/pax tar.gz files: name, mode, type and content of each entry. */
  private static Map<String, TarEntry> readTarGz(Path file) throws IOException {
    Map<String, TarEntry> entries = new LinkedHashMap<>();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      @Nullable String longName = null;
      while (true) {
        byte[] header = in.readNBytes(512);
        assertEquals(512, header.length, "truncated tar");
        if (header[0] == 0) {
          break; // end of archive
        }
        String name = field(header, 0, 100);
        int mode = (int) octal(header, 100, 8);
        long size = octal(header, 124, 12);
        char type = (char) header[156];
        String prefix = field(header, 345, 155);
        if (!prefix.isEmpty()) {
          name = prefix + "/" + name;
        }
        byte[] content = in.readNBytes((int) size);
        assertEquals(size, content.length, "truncated tar");
        in.readNBytes((int) ((512 - size % 512) % 512));
        if (type == 'x' || type == 'L') { // pax header or GNU long name: the next entry's path
          longName = type == 'L' ? new String(content, StandardCharsets.UTF_8).replace("\0", "") : paxPath(content);
          continue;
        }
        if (longName != null) {
          name = longName;
          longName = null;
        }
        assertNotNull(name);
        entries.put(name, new TarEntry(name, mode, type == '5' || name.endsWith("/"), content));
      }
    }
    return entries;
  }

  private static @Nullable String paxPath(byte[] content) {
    for (String record : new String(content, StandardCharsets.UTF_8).split("\n")) {
      int space = record.indexOf(' ');
      if (space > 0 && record.startsWith("path=", space + 1)) {
        return record.substring(space + 1 + "path=".length());
      }
    }
    return null;
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] header, int offset, int length) {
    String s = field(header, offset, length).trim();
    return s.isEmpty() ? 0 : Long.parseLong(s, 8);
  }
}
