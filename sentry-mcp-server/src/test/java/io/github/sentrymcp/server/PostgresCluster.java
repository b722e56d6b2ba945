package io.github.sentrymcp.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * For the ITs: a PostgreSQL server, the one named by {@code SENTRY_MCP_TEST_POSTGRES_URL} (with {@code _USER} and
 * {@code _PASSWORD}), or else a throwaway cluster (initdb into a temporary directory, started on a free loopback
 * port, one database, stopped and deleted when the JVM exits). A trimmed copy of the oauth module's test helper
 * {@code io.github.sentrymcp.oauth.jdbc.PostgresTestServer}, whose test classes this module cannot see. As root the
 * binaries run as the user {@code postgres} (PostgreSQL refuses root). Without PostgreSQL the test fails with what
 * to install: it never skips.
 */
final class PostgresCluster {
  private static final String DATABASE = "sentry_mcp_it";
  private static PostgresCluster instance;

  final String url;
  final String user;
  final String password;

  private PostgresCluster(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  static synchronized PostgresCluster get() throws Exception {
    if (instance == null) {
      String envUrl = System.getenv("SENTRY_MCP_TEST_POSTGRES_URL");
      if (envUrl != null && !envUrl.isBlank()) {
        instance = new PostgresCluster(envUrl,
            Optional.ofNullable(System.getenv("SENTRY_MCP_TEST_POSTGRES_USER")).orElse("postgres"),
            Optional.ofNullable(System.getenv("SENTRY_MCP_TEST_POSTGRES_PASSWORD")).orElse(""));
      } else {
        instance = start(binaries().orElseThrow(() -> new AssertionError("this test needs PostgreSQL: install the"
            + " Debian package postgresql (initdb and pg_ctl on the PATH or under /usr/lib/postgresql/<v>/bin),"
            + " or set SENTRY_MCP_TEST_POSTGRES_URL")));
      }
    }
    return instance;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  private static Optional<Path> binaries() {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        Path initdb = Path.of(dir.isEmpty() ? "." : dir, "initdb");
        try {
          if (!dir.isEmpty() && Files.isExecutable(initdb)
              && Files.isExecutable(initdb.toRealPath().getParent().resolve("pg_ctl"))) {
            return Optional.of(initdb.toRealPath().getParent());
          }
        } catch (IOException e) {
          // a broken link: look further
        }
      }
    }
    Path lib = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(lib)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(lib)) {
      return versions.map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
          .max(Comparator.comparing(b -> b.getParent().getFileName().toString()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static PostgresCluster start(Path bin) throws Exception {
    Path dir = Files.createTempDirectory("sentry-mcp-it-pg");
    boolean root = "root".equals(Files.getOwner(dir).getName());
    if (root) {
      Files.setOwner(dir, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres"));
    }
    Path data = dir.resolve("data");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        if (Files.exists(data.resolve("postmaster.pid"))) {
          run(root, dir, List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w",
              "stop"));
        }
      } catch (Exception e) {
        System.err.println("stopping the PostgreSQL test cluster failed: " + e.getMessage());
      }
      try (Stream<Path> all = Files.walk(dir)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // best effort
      }
    }, "postgres-it-cluster-stop"));
    run(root, dir, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
        "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync"));
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    run(root, dir, List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
        dir.resolve("server.log").toString(), "-w", "-t", "60", "-o", "-p " + port + " -k " + dir
            + " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off", "start"));
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
        "postgres", ""); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + DATABASE);
    }
    return new PostgresCluster("jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE, "postgres", "");
  }

  private static void run(boolean asPostgres, Path dir, List<String> command) throws Exception {
    List<String> cmd = new ArrayList<>();
    if (asPostgres) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.addAll(command);
    // output to a file, not a pipe: the server pg_ctl starts would keep a pipe open
    Path log = Files.createTempFile("sentry-mcp-it-pg-cmd", ".log");
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", cmd) + " failed:\n" + Files.readString(log, StandardCharsets.UTF_8));
      }
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
