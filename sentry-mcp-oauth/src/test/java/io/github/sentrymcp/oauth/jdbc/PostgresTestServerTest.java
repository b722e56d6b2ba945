package io.github.sentrymcp.oauth.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the test server finds the PostgreSQL binaries, and what it says when there are none. */
class PostgresTestServerTest {
  @TempDir Path tmp;

  private Path bin(String version) throws IOException {
    Path bin = Files.createDirectories(tmp.resolve("lib").resolve(version).resolve("bin"));
    for (String tool : new String[] {"initdb", "pg_ctl"}) {
      Files.createFile(bin.resolve(tool), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
          "rwxr-xr-x")));
    }
    return bin;
  }

  @Test
  void theNewestVersionUnderTheLibraryDirectory() throws IOException {
    bin("9.6");
    bin("13");
    Path newest = bin("16");
    bin("15");
    Files.createDirectories(tmp.resolve("lib/17/bin")); // no binaries
    assertEquals(Optional.of(newest), PostgresTestServer.findBinaries("", tmp.resolve("lib")));
  }

  @Test
  void thePathComesFirstThroughLinks() throws IOException {
    Path real = bin("12");
    bin("16");
    Path onPath = Files.createDirectories(tmp.resolve("usr-local-bin"));
    Files.createSymbolicLink(onPath.resolve("initdb"), real.resolve("initdb"));
    assertEquals(Optional.of(real.toRealPath()),
        PostgresTestServer.findBinaries(tmp.resolve("nothing") + ":" + onPath, tmp.resolve("lib")));
  }

  @Test
  void noBinariesFailWithWhatToInstall() {
    assertEquals(Optional.empty(), PostgresTestServer.findBinaries("/nonexistent", tmp.resolve("no-lib")));
    assertTrue(PostgresTestServer.MISSING.contains("install the Debian package postgresql"),
        PostgresTestServer.MISSING);
    assertTrue(PostgresTestServer.MISSING.contains("SENTRY_MCP_TEST_POSTGRES_URL (and SENTRY_MCP_TEST_POSTGRES_USER,"
        + " SENTRY_MCP_TEST_POSTGRES_PASSWORD)"), PostgresTestServer.MISSING);
  }
}
