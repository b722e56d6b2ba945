package io.github.sentrymcp.oauth.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.oauth.IssuedToken;
import io.github.sentrymcp.oauth.IssuedToken.Kind;
import io.github.sentrymcp.oauth.OAuthGrant;
import io.github.sentrymcp.oauth.OAuthStore;
import io.github.sentrymcp.oauth.OAuthStoreContract;
import io.github.sentrymcp.oauth.PendingAuthorization;
import io.github.sentrymcp.oauth.Redemption;
import io.github.sentrymcp.oauth.Redemption.Outcome;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JDBC store against the store contract on a real PostgreSQL ({@link PostgresTestServer}), each test on tables
 * of its own prefix; then what only a shared database shows: two stores on two data sources (two replicas), the
 * schema migrations, and that failures never show values.
 */
class JdbcOAuthStoreTest extends OAuthStoreContract {
  private static final PostgresTestServer PG = PostgresTestServer.get();
  private static final AtomicInteger PREFIXES = new AtomicInteger();

  private final List<String> prefixes = new ArrayList<>();
  private String prefix;

  private String newPrefix() {
    String p = "t" + ProcessHandle.current().pid() + "_" + PREFIXES.incrementAndGet() + "_";
    prefixes.add(p);
    return p;
  }

  @Override
  protected OAuthStore newStore() {
    prefix = newPrefix();
    return JdbcOAuthStore.builder(PG.newDataSource()).tablePrefix(prefix).build();
  }

  /** Another replica: its own data source, the same tables. */
  private OAuthStore replica() {
    return JdbcOAuthStore.builder(PG.newDataSource()).tablePrefix(prefix).build();
  }

  @Override
  protected ChronoUnit precision() {
    return ChronoUnit.MICROS;
  }

  @Override
  protected int concurrencyRounds() {
    return 8;
  }

  @AfterEach
  void dropTables() {
    prefixes.forEach(PG::dropTables);
  }

  // ---- two replicas ----

  @Test
  void codeRedeemedThroughOneReplicaIsAlreadyUsedThroughTheOther() {
    OAuthStore other = replica();
    OAuthGrant g = savedGrant();
    IssuedToken code = savedToken(Kind.AUTHORIZATION_CODE, g.id(), at(Duration.ofMinutes(1)));
    assertEquals(Optional.of(g), other.findGrant(g.id()));
    assertEquals(new Redemption(Outcome.REDEEMED, code), store.redeem(code.hash(), now()));
    assertEquals(new Redemption(Outcome.ALREADY_USED, code), other.redeem(code.hash(), now()));
    IssuedToken refresh = token(hash(), Kind.REFRESH_TOKEN, g.id(), at(Duration.ofDays(1)));
    other.saveToken(refresh);
    assertEquals(Outcome.REDEEMED, other.redeem(refresh.hash(), now()).outcome());
    assertEquals(Outcome.ALREADY_USED, store.redeem(refresh.hash(), now()).outcome());
  }

  @Test
  void pendingTakenByOneReplicaIsGoneForTheOther() {
    OAuthStore other = replica();
    PendingAuthorization p = pending(id("pending"), at(Duration.ofMinutes(10)));
    other.savePending(p);
    assertEquals(Optional.of(p), store.takePending(p.id(), now()));
    assertEquals(Optional.empty(), other.takePending(p.id(), now()));
  }

  @Test
  void grantDeletedByOneReplicaRevokesItsTokensForTheOther() {
    OAuthStore other = replica();
    OAuthGrant g = savedGrant();
    IssuedToken refresh = savedToken(Kind.REFRESH_TOKEN, g.id(), at(Duration.ofDays(1)));
    assertTrue(other.deleteGrant(g.id()));
    assertEquals(Redemption.of(Outcome.NOT_FOUND), store.redeem(refresh.hash(), now()));
    assertFalse(store.updateUpstream(g.id(), 0, new byte[] {1}, now()));
  }

  @Test
  void concurrentRedeemsThroughBothReplicasHaveExactlyOneWinner() throws Exception {
    OAuthStore[] replicas = {store, replica()};
    OAuthGrant g = savedGrant();
    for (int round = 0; round < concurrencyRounds(); round++) {
      IssuedToken t = savedToken(Kind.REFRESH_TOKEN, g.id(), at(Duration.ofMinutes(1)));
      AtomicInteger turn = new AtomicInteger();
      List<Redemption> results = race(() -> replicas[turn.getAndIncrement() % 2].redeem(t.hash(), now()));
      assertEquals(1, results.stream().filter(r -> r.outcome() == Outcome.REDEEMED).count(), "round " + round);
      assertEquals(THREADS - 1, results.stream().filter(r -> r.outcome() == Outcome.ALREADY_USED).count());
    }
  }

  @Test
  void concurrentUpdatesThroughBothReplicasHaveExactlyOneWinner() throws Exception {
    OAuthStore[] replicas = {store, replica()};
    OAuthGrant g = savedGrant();
    for (int round = 0; round < concurrencyRounds(); round++) {
      long version = round;
      AtomicInteger turn = new AtomicInteger();
      List<Boolean> results = race(() -> {
        int i = turn.getAndIncrement();
        return replicas[i % 2].updateUpstream(g.id(), version, new byte[] {(byte) i}, now());
      });
      assertEquals(1, results.stream().filter(b -> b).count(), "round " + round);
      assertEquals(version + 1, store.findGrant(g.id()).orElseThrow().version());
    }
  }

  @Test
  void concurrentTakesThroughBothReplicasHaveExactlyOneWinner() throws Exception {
    OAuthStore[] replicas = {store, replica()};
    for (int round = 0; round < concurrencyRounds(); round++) {
      PendingAuthorization p = pending(id("pending"), at(Duration.ofMinutes(5)));
      store.savePending(p);
      AtomicInteger turn = new AtomicInteger();
      List<Optional<PendingAuthorization>> results =
          race(() -> replicas[turn.getAndIncrement() % 2].takePending(p.id(), now()));
      assertEquals(1, results.stream().filter(Optional::isPresent).count(), "round " + round);
    }
  }

  // ---- migrations ----

  @Test
  void migrationIsAppliedOnceAndASecondStartDoesNothing() throws SQLException {
    String p = newPrefix();
    DataSource ds = PG.newDataSource();
    assertEquals(SchemaMigrator.latestVersion(), new SchemaMigrator(ds, p).migrate());
    assertEquals(List.of(p + "clients", p + "grants", p + "pending", p + "schema_version", p + "tokens"), tables(p));
    OAuthStore first = JdbcOAuthStore.builder(ds).tablePrefix(p).build();
    OAuthGrant g = grant(id("grant"));
    first.saveGrant(g);
    assertEquals(0, new SchemaMigrator(PG.newDataSource(), p).migrate(), "second start");
    OAuthStore second = JdbcOAuthStore.builder(PG.newDataSource()).tablePrefix(p).build();
    assertEquals(Optional.of(g), second.findGrant(g.id()), "data kept");
    assertEquals(List.of("1 V1__oauth_store.sql"), versions(p));
  }

  @Test
  void concurrentFirstStartsMigrateOnce() throws Exception {
    String p = newPrefix();
    List<Integer> applied = race(() -> new SchemaMigrator(PG.newDataSource(), p).migrate());
    assertEquals(SchemaMigrator.latestVersion(), applied.stream().mapToInt(Integer::intValue).sum(), "" + applied);
    assertEquals(List.of("1 V1__oauth_store.sql"), versions(p));
    // and the stores of a concurrent start all work
    List<JdbcOAuthStore> stores = race(() -> JdbcOAuthStore.builder(PG.newDataSource()).tablePrefix(p).build());
    OAuthGrant g = grant(id("grant"));
    stores.get(0).saveGrant(g);
    assertEquals(Optional.of(g), stores.get(stores.size() - 1).findGrant(g.id()));
  }

  @Test
  void aNewerSchemaThanKnownIsRefused() throws SQLException {
    String p = newPrefix();
    new SchemaMigrator(PG.newDataSource(), p).migrate();
    int newer = SchemaMigrator.latestVersion() + 1;
    execute("INSERT INTO " + p + "schema_version (version, name, applied_at) VALUES (" + newer
        + ", 'V" + newer + "__future.sql', now())");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> JdbcOAuthStore.builder(PG.newDataSource()).tablePrefix(p).build());
    assertEquals("the database's OAuth store schema (tables " + p + "*) is at version " + newer + ", newer than the "
        + SchemaMigrator.latestVersion() + " this version of sentry-mcp-oauth knows; upgrade sentry-mcp-oauth, or use"
        + " another table prefix", e.getMessage());
    assertEquals(List.of("1 V1__oauth_store.sql", newer + " V" + newer + "__future.sql"), versions(p), "unchanged");
  }

  @Test
  void withoutMigrateNoTableIsTouched() throws SQLException {
    String p = newPrefix();
    JdbcOAuthStore.builder(PG.newDataSource()).tablePrefix(p).migrate(false).build();
    assertEquals(List.of(), tables(p));
  }

  @Test
  void migrationStatementsAreSplitAndPrefixed() {
    List<String> sql = new SchemaMigrator(PG.newDataSource(), "x_").statements("V1__oauth_store.sql");
    assertEquals(8, sql.size(), String.join("\n---\n", sql));
    assertTrue(sql.get(0).startsWith("CREATE TABLE x_clients ("), sql.get(0));
    sql.forEach(s -> assertFalse(s.contains("${prefix}") || s.endsWith(";") || s.contains("--"), s));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Upper_", "1abc_", "_x", "a-b", "a b", "x;drop table y;", "a\"b",
      "abcdefghijabcdefghijabcdefghijabcdefghijk"})
  void invalidTablePrefixesAreRefused(String bad) {
    JdbcOAuthStore.Builder b = JdbcOAuthStore.builder(PG.newDataSource());
    assertThrows(IllegalArgumentException.class, () -> b.tablePrefix(bad));
  }

  @Test
  void aFortyCharacterPrefixWorks() {
    String p = "p" + "0123456789".repeat(4).substring(0, 38) + "_";
    assertEquals(40, p.length());
    prefixes.add(p);
    OAuthStore s = JdbcOAuthStore.builder(PG.newDataSource()).tablePrefix(p).build();
    assertEquals(Optional.empty(), s.findGrant("x"));
  }

  // ---- values ----

  @Test
  void unknownSkillIdsFromANewerReplicaAreLeftOut() throws SQLException {
    OAuthGrant g = savedGrant();
    execute("UPDATE " + prefix + "grants SET skills = 'inspect,skill-of-the-future' WHERE id = '" + g.id() + "'");
    assertEquals(Set.of(Skill.INSPECT), store.findGrant(g.id()).orElseThrow().consent().skills());
  }

  @Test
  void storedColumnsAreReadableByOperators() throws SQLException {
    OAuthGrant g = savedGrant();
    try (Connection c = PG.newDataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT permission_level, skills, pg_typeof(sealed_upstream)::text,"
            + " pg_typeof(created_at)::text FROM " + prefix + "grants WHERE id = '" + g.id() + "'")) {
      assertTrue(rs.next());
      assertEquals("issue-triage", rs.getString(1));
      assertEquals("inspect,triage", rs.getString(2));
      assertEquals("bytea", rs.getString(3));
      assertEquals("timestamp with time zone", rs.getString(4));
    }
  }

  // ---- failures ----

  @Test
  void databaseFailuresNameTheOperationAndSqlStateButNoValue() {
    String p = newPrefix();
    OAuthStore missing = JdbcOAuthStore.builder(PG.newDataSource()).tablePrefix(p).migrate(false).build();
    String secret = "deadbeef".repeat(8);
    JdbcOAuthStoreException e = assertThrows(JdbcOAuthStoreException.class, () -> missing.findToken(secret));
    assertEquals("JdbcOAuthStore.findToken failed (SQLState 42P01)", e.getMessage());
    assertEquals("42P01", e.sqlState());
    assertNull(e.getCause(), "the driver's exception may quote values");
    JdbcOAuthStoreException r = assertThrows(JdbcOAuthStoreException.class, () -> missing.redeem(secret, now()));
    assertEquals("JdbcOAuthStore.redeem failed (SQLState 42P01)", r.getMessage());
  }

  @Test
  void duplicateAndMissingGrantFailuresShowNoValue() {
    OAuthGrant g = savedGrant();
    IssuedToken t = savedToken(Kind.ACCESS_TOKEN, g.id(), at(Duration.ofHours(1)));
    IllegalStateException dup = assertThrows(IllegalStateException.class, () -> store.saveToken(t));
    assertEquals("a token with this hash exists", dup.getMessage());
    assertNull(dup.getCause());
    IllegalStateException orphan = assertThrows(IllegalStateException.class,
        () -> store.saveToken(token(hash(), Kind.ACCESS_TOKEN, "no-such-grant", now())));
    assertEquals("no such grant", orphan.getMessage());
    assertNull(orphan.getCause());
  }

  @Test
  void anUnreachableDatabaseFailsWithTheSqlStateOnly() {
    org.postgresql.ds.PGSimpleDataSource down = new org.postgresql.ds.PGSimpleDataSource();
    down.setUrl("jdbc:postgresql://127.0.0.1:1/nothing");
    down.setUser("someone");
    down.setPassword("s3cret-password");
    down.setConnectTimeout(2);
    JdbcOAuthStoreException e = assertThrows(JdbcOAuthStoreException.class,
        () -> JdbcOAuthStore.builder(down).build());
    assertEquals("JdbcOAuthStore schema migration failed (SQLState 08001)", e.getMessage());
    OAuthStore s = JdbcOAuthStore.builder(down).migrate(false).build();
    JdbcOAuthStoreException f = assertThrows(JdbcOAuthStoreException.class, () -> s.findClient("client-x"));
    assertEquals("JdbcOAuthStore.findClient failed (SQLState 08001)", f.getMessage());
  }

  @Test
  void operationsReturnTheirConnections() throws Exception {
    OAuthGrant g = savedGrant();
    IssuedToken t = savedToken(Kind.REFRESH_TOKEN, g.id(), at(Duration.ofHours(1)));
    store.redeem(t.hash(), now());
    store.redeem(t.hash(), now());
    store.redeem("nothing", now());
    store.findToken(t.hash());
    assertThrows(IllegalStateException.class, () -> store.saveGrant(g));
    assertThrows(IllegalStateException.class, () -> store.saveToken(t));
    store.takePending("nothing", now());
    store.updateUpstream(g.id(), 0, new byte[] {1}, now());
    store.purgeExpired(now());
    store.deleteGrant(g.id());
    long open = -1;
    for (int i = 0; i < 50 && open != 0; i++) {
      try (Connection c = PG.newDataSource().getConnection(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
              + " AND pid <> pg_backend_pid() AND backend_type = 'client backend'")) {
        rs.next();
        open = rs.getLong(1);
      }
      if (open != 0) {
        Thread.sleep(100);
      }
    }
    assertEquals(0, open, "connections left open");
  }

  // ---- helpers ----

  private static List<String> tables(String p) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = PG.newDataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            + " ORDER BY tablename")) {
      while (rs.next()) {
        if (rs.getString(1).startsWith(p)) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  private static List<String> versions(String p) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = PG.newDataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT version, name FROM " + p + "schema_version ORDER BY version")) {
      while (rs.next()) {
        out.add(rs.getInt(1) + " " + rs.getString(2));
      }
    }
    return out;
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = PG.newDataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
