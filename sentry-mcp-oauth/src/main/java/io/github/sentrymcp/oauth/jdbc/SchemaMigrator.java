package io.github.sentrymcp.oauth.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Brings a {@link JdbcOAuthStore}'s tables up to the newest schema version this jar knows: the resources {@code
 * V<n>__<name>.sql} next to this class, in version order, each applied in its own transaction together with its row in
 * {@code <prefix>schema_version}. On PostgreSQL every transaction first takes a transaction-scoped advisory lock
 * derived from the prefix, so that replicas starting together apply each migration once; on other databases the
 * primary key of the version table makes a second, concurrent application fail instead.
 */
final class SchemaMigrator {
  /** The migrations, in order: version {@code i + 1} is {@code MIGRATIONS.get(i)}. */
  static final List<String> MIGRATIONS = List.of("V1__oauth_store.sql");

  private final DataSource dataSource;
  private final String prefix;
  private final String versionTable;

  SchemaMigrator(DataSource dataSource, String prefix) {
    this.dataSource = dataSource;
    this.prefix = prefix;
    this.versionTable = prefix + "schema_version";
  }

  static int latestVersion() {
    return MIGRATIONS.size();
  }

  /** Applies the missing migrations; returns how many it applied. */
  int migrate() {
    int applied = 0;
    try (Connection c = dataSource.getConnection()) {
      boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
      c.setAutoCommit(false);
      try {
        while (step(c, postgres)) {
          applied++;
        }
      } finally {
        c.setAutoCommit(true);
      }
      return applied;
    } catch (SQLException e) {
      throw new JdbcOAuthStoreException("JdbcOAuthStore schema migration failed", JdbcOAuthStore.sqlState(e));
    }
  }

  /** One transaction: applies the next migration if there is one; returns whether it did. */
  private boolean step(Connection c, boolean postgres) throws SQLException {
    try {
      if (postgres) {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
          ps.setLong(1, lockKey());
          ps.executeQuery().close();
        }
      }
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE IF NOT EXISTS " + versionTable + " (version INTEGER NOT NULL PRIMARY KEY,"
            + " name TEXT NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
      }
      int current = currentVersion(c);
      if (current > latestVersion()) {
        throw new IllegalStateException("the database's OAuth store schema (tables " + prefix + "*) is at version "
            + current + ", newer than the " + latestVersion() + " this version of sentry-mcp-oauth knows; upgrade"
            + " sentry-mcp-oauth, or use another table prefix");
      }
      if (current == latestVersion()) {
        c.commit();
        return false;
      }
      int next = current + 1;
      String name = MIGRATIONS.get(next - 1);
      try (Statement st = c.createStatement()) {
        for (String sql : statements(name)) {
          st.execute(sql);
        }
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + versionTable
          + " (version, name, applied_at) VALUES (?, ?, ?)")) {
        ps.setInt(1, next);
        ps.setString(2, name);
        ps.setObject(3, OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC));
        ps.executeUpdate();
      }
      c.commit();
      return true;
    } catch (SQLException | RuntimeException e) {
      try {
        c.rollback();
      } catch (SQLException ignored) {
        // the original failure is what matters
      }
      throw e;
    }
  }

  private int currentVersion(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT MAX(version) FROM " + versionTable)) {
      return rs.next() ? rs.getInt(1) : 0; // MAX of no rows is NULL, read as 0
    }
  }

  /** A lock key per prefix, so that stores with other prefixes in the same database do not wait for each other. */
  private long lockKey() {
    long h = 0x5e47_3c4d_0a07_0001L;
    for (byte b : ("sentry-mcp-oauth:" + prefix).getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ b) * 0x100_0000_01b3L;
    }
    return h;
  }

  /** The statements of a migration file: {@code --} comment lines dropped, split at ';' ending a line. */
  List<String> statements(String name) {
    String text;
    try (InputStream in = SchemaMigrator.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("migration resource missing: " + name);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("migration resource unreadable: " + name, e);
    }
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("--")) {
        continue;
      }
      current.append(line.replace("${prefix}", prefix)).append('\n');
      if (l.endsWith(";")) {
        String sql = current.toString().strip();
        out.add(sql.substring(0, sql.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      throw new IllegalStateException("migration " + name + " does not end with ';'");
    }
    return out;
  }
}
