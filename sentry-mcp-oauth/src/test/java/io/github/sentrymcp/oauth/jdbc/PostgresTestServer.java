package io.github.sentrymcp.oauth.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL server for tests, shared by every test class of the JVM: the one named by the environment variable
 * {@code SENTRY_MCP_TEST_POSTGRES_URL} (a JDBC URL, with {@code SENTRY_MCP_TEST_POSTGRES_USER} and {@code
 * _PASSWORD}), or else a throwaway cluster started from the PostgreSQL binaries ({@code initdb} and {@code pg_ctl} on
 * the PATH, or the newest under {@code /usr/lib/postgresql/<version>/bin}): initdb into a temporary directory, started
 * on a free loopback port with its unix socket in that directory, one database created, and stopped and deleted when
 * the JVM exits. PostgreSQL refuses to run as root, so as root the binaries run as the user {@code postgres} (which
 * the Debian package creates) through {@code runuser}. Without a server URL or the binaries, {@link #get} fails with
 * what to install: the tests never skip.
 */
public final class PostgresTestServer {
  private static final String ENV_URL = "SENTRY_MCP_TEST_POSTGRES_URL";
  private static final String ENV_USER = "SENTRY_MCP_TEST_POSTGRES_USER";
  private static final String ENV_PASSWORD = "SENTRY_MCP_TEST_POSTGRES_PASSWORD";
  private static final String DATABASE = "sentry_mcp_test";
  private static final Object LOCK = new Object();
  static final String MISSING = "The JDBC store tests need PostgreSQL: install the Debian package postgresql"
      + " (apt-get install postgresql), so that initdb and pg_ctl are on the PATH or under"
      + " /usr/lib/postgresql/<version>/bin, or set " + ENV_URL + " (and " + ENV_USER + ", " + ENV_PASSWORD
      + ") to a server's JDBC URL.";
  private static volatile PostgresTestServer instance;

  private final String url;
  private final String user;
  private final String password;

  private PostgresTestServer(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /** The shared server, started on first use. */
  public static PostgresTestServer get() {
    PostgresTestServer s = instance;
    if (s == null) {
      synchronized (LOCK) {
        s = instance;
        if (s == null) {
          s = start();
          instance = s;
        }
      }
    }
    return s;
  }

  /** A new, non-pooling data source on the test database: every call is like another replica's. */
  public DataSource newDataSource() {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(url);
    ds.setUser(user);
    if (!password.isEmpty()) {
      ds.setPassword(password);
    }
    return ds;
  }

  /** Drops every table whose name starts with the prefix (the server may be a shared one). */
  public void dropTables(String prefix) {
    try (Connection c = newDataSource().getConnection(); Statement st = c.createStatement()) {
      List<String> names = new ArrayList<>();
      try (var rs = st.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")) {
        while (rs.next()) {
          if (rs.getString(1).startsWith(prefix)) {
            names.add(rs.getString(1));
          }
        }
      }
      for (String n : names) {
        st.execute("DROP TABLE IF EXISTS " + n + " CASCADE");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("dropping test tables failed: " + e.getMessage(), e);
    }
  }

  private static PostgresTestServer start() {
    String envUrl = System.getenv(ENV_URL);
    if (envUrl != null && !envUrl.isBlank()) {
      return new PostgresTestServer(envUrl, Optional.ofNullable(System.getenv(ENV_USER))
          .orElse("postgres"), Optional.ofNullable(System.getenv(ENV_PASSWORD)).orElse(""));
    }
    Path bin = findBinaries().orElseThrow(() -> new AssertionError(MISSING));
    try {
      return Cluster.start(bin);
    } catch (IOException e) {
      throw new UncheckedIOException("starting the PostgreSQL test cluster failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the PostgreSQL test cluster", e);
    }
  }

  /** The directory with initdb, pg_ctl and postgres. */
  static Optional<Path> findBinaries() {
    return findBinaries(System.getenv("PATH"), Path.of("/usr/lib/postgresql"));
  }

  /** The directory with initdb and pg_ctl: the first on the path, else the newest version under {@code lib}. */
  static Optional<Path> findBinaries(String path, Path lib) {
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        Path initdb = Path.of(dir, "initdb");
        if (!dir.isEmpty() && Files.isExecutable(initdb)) {
          try {
            Path real = initdb.toRealPath().getParent();
            if (Files.isExecutable(real.resolve("pg_ctl"))) {
              return Optional.of(real);
            }
          } catch (IOException e) {
            // a broken link: look further
          }
        }
      }
    }
    if (!Files.isDirectory(lib)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(lib)) {
      return versions.map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
          .max(Comparator.comparingInt(PostgresTestServer::majorVersion));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static int majorVersion(Path bin) {
    try {
      String[] parts = bin.getParent().getFileName().toString().split("\\.", -1);
      return Integer.parseInt(parts[0]) * 1000 + (parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** A throwaway cluster in a temporary directory. */
  private static final class Cluster {
    private final Path bin;
    private final Path dir;
    private final boolean asPostgres;

    private Cluster(Path bin, Path dir, boolean asPostgres) {
      this.bin = bin;
      this.dir = dir;
      this.asPostgres = asPostgres;
    }

    static PostgresTestServer start(Path bin) throws IOException, InterruptedException {
      Path dir = Files.createTempDirectory("sentry-mcp-pg");
      boolean root = "root".equals(Files.getOwner(dir).getName());
      Cluster cluster = new Cluster(bin, dir, root);
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "postgres-test-cluster-stop"));
      if (root) {
        UserPrincipal postgres;
        try {
          postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
        } catch (IOException e) {
          throw new AssertionError("PostgreSQL refuses to run as root, and there is no user postgres to run it as:"
              + " install the Debian package postgresql (it creates that user), or run the tests as another user");
        }
        Files.setOwner(dir, postgres);
      }
      cluster.run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres",
          "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync"), 120);
      IOException last = null;
      for (int attempt = 0; attempt < 3; attempt++) {
        int port = freePort();
        try {
          cluster.run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
              dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
              "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                  + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", "start"), 90);
        } catch (IOException e) {
          last = e; // most likely the port was taken meanwhile
          continue;
        }
        String admin = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        PostgresTestServer server = new PostgresTestServer(admin, "postgres", "");
        try (Connection c = server.newDataSource().getConnection(); Statement st = c.createStatement()) {
          st.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
          throw new IllegalStateException("creating the test database failed: " + e.getMessage(), e);
        }
        return new PostgresTestServer("jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE, "postgres", "");
      }
      throw last;
    }

    private void run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
      List<String> cmd = new ArrayList<>();
      if (asPostgres) {
        cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
      }
      cmd.addAll(command);
      Path log = Files.createTempFile("sentry-mcp-pg-cmd", ".log");
      try {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IOException(command.get(0) + " timed out");
        }
        if (p.exitValue() != 0) {
          String out = Files.readString(log, StandardCharsets.UTF_8);
          Path serverLog = dir.resolve("server.log");
          if (Files.isReadable(serverLog)) {
            out += "\nserver log:\n" + Files.readString(serverLog, StandardCharsets.UTF_8);
          }
          throw new IOException(String.join(" ", cmd) + " exited with " + p.exitValue() + ":\n" + out);
        }
      } finally {
        Files.deleteIfExists(log);
      }
    }

    void stop() {
      try {
        if (Files.exists(dir.resolve("data/postmaster.pid"))) {
          run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
              "-w", "stop"), 60);
        }
      } catch (IOException | InterruptedException e) {
        System.err.println("stopping the PostgreSQL test cluster failed: " + e.getMessage());
      }
      try (Stream<Path> all = Files.walk(dir)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        System.err.println("deleting the PostgreSQL test cluster failed: " + e.getMessage());
      }
    }

    private static int freePort() throws IOException {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      }
    }
  }
}
