package io.github.sentrymcp.oauth.jdbc;

import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.oauth.Consent;
import io.github.sentrymcp.oauth.IssuedToken;
import io.github.sentrymcp.oauth.OAuthClient;
import io.github.sentrymcp.oauth.OAuthGrant;
import io.github.sentrymcp.oauth.OAuthStore;
import io.github.sentrymcp.oauth.PendingAuthorization;
import io.github.sentrymcp.oauth.PermissionLevel;
import io.github.sentrymcp.oauth.Redemption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * An {@link OAuthStore} in a SQL database over plain JDBC, for several server replicas sharing one database.
 *
 * <p><b>Database.</b> PostgreSQL is the supported database (tested with PostgreSQL 15). The SQL is kept portable where
 * that costs nothing (standard types and statements, the cutoff times computed here rather than with date
 * functions), but it relies on {@code DELETE/UPDATE ... RETURNING}, {@code BYTEA}, {@code TEXT} and, for the
 * migrations, PostgreSQL's advisory locks; other databases are not tested.
 *
 * <p><b>Connections.</b> Every operation takes a connection from the host's {@link DataSource} and returns it; use a
 * pooling data source in production. Nothing is cached in the store: every replica sees every change at once.
 *
 * <p><b>Single use across replicas.</b> Atomicity comes from the database, not from Java locks: {@link #takePending}
 * is one {@code DELETE ... RETURNING}, {@link #redeem} one {@code UPDATE ... SET used = TRUE WHERE used = FALSE ...
 * RETURNING} (a later read only tells the losers why), {@link #updateUpstream} a compare-and-set on the version
 * column, and a grant's codes and tokens go with it through a foreign key with {@code ON DELETE CASCADE}, which also
 * makes {@link #saveToken} for a missing grant fail.
 *
 * <p><b>Values.</b> Timestamps are {@code TIMESTAMP WITH TIME ZONE} and keep microseconds: finer digits are truncated
 * before they are written, so an instant read back is {@code instant.truncatedTo(MICROS)}. Hashes and ids are text,
 * sealed tokens bytes, the permission level its id, the skills a comma-separated list of skill ids, the token kind
 * its enum name.
 *
 * <p><b>Schema.</b> With {@code migrate(true)} (the default) {@link Builder#build} brings the schema up to date with
 * the versioned SQL files under {@code io/github/sentrymcp/oauth/jdbc/} (resources of this jar), recording each in
 * the table {@code <prefix>schema_version}; each migration runs in its own transaction under a PostgreSQL advisory
 * lock, so replicas starting together migrate once. It refuses to start when the database has a newer schema than
 * this version of the store knows. With {@code migrate(false)} the store touches no table at build and the host
 * applies the same files itself (replacing {@code ${prefix}} with the table prefix).
 *
 * <p><b>Errors.</b> A database failure becomes a {@link JdbcOAuthStoreException} naming the operation and the
 * SQLState, never a value; saving an existing id or hash, or a token for a missing grant, throws {@link
 * IllegalStateException} as the SPI's other stores do.
 */
public final class JdbcOAuthStore implements OAuthStore {
  /** Lower case letters, digits and underscores, starting with a letter; short enough for every index name. */
  static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,39}");

  private static final Duration KEEP_USED = Duration.ofDays(1);
  private static final Pattern SQL_STATE = Pattern.compile("[0-9A-Z]{5}");

  private static final String CLIENT_COLUMNS = "client_id, secret_hash, metadata_json, issued_at";
  private static final String PENDING_COLUMNS = "id, client_id, redirect_uri, code_challenge, client_state, resource,"
      + " permission_level, skills, organization_slug, project_slug, browser_binding, expires_at";
  private static final String GRANT_COLUMNS = "id, client_id, user_id, resource, permission_level, skills,"
      + " organization_slug, project_slug, sealed_upstream, upstream_expires_at, version, created_at";
  private static final String TOKEN_COLUMNS = "hash, kind, grant_id, client_id, resource, redirect_uri, code_challenge,"
      + " issued_at, expires_at";

  private final DataSource dataSource;
  private final String prefix;
  private final String clients;
  private final String pending;
  private final String grants;
  private final String tokens;

  private JdbcOAuthStore(Builder b) {
    this.dataSource = b.dataSource;
    this.prefix = b.tablePrefix;
    this.clients = prefix + "clients";
    this.pending = prefix + "pending";
    this.grants = prefix + "grants";
    this.tokens = prefix + "tokens";
  }

  /**
   * A builder for a store on this data source (the host's, typically pooling).
   *
   * @param dataSource the data source
   * @return a new builder
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** Options of a {@link JdbcOAuthStore}. */
  public static final class Builder {
    private final DataSource dataSource;
    private String tablePrefix = "sentry_mcp_oauth_";
    private boolean migrate = true;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * The prefix of every table and index name (default {@code sentry_mcp_oauth_}): lower case letters, digits and
     * underscores, starting with a letter, at most 40 characters.
     *
     * @param tablePrefix the prefix
     * @return this builder
     * @throws IllegalArgumentException when {@code tablePrefix} is not such a prefix
     */
    public Builder tablePrefix(String tablePrefix) {
      if (!PREFIX.matcher(tablePrefix).matches()) {
        throw new IllegalArgumentException("tablePrefix must be lower case letters, digits and underscores, starting"
            + " with a letter, at most 40 characters");
      }
      this.tablePrefix = tablePrefix;
      return this;
    }

    /**
     * Whether {@link #build} applies the schema migrations the database lacks (default true).
     *
     * @param migrate whether to migrate
     * @return this builder
     */
    public Builder migrate(boolean migrate) {
      this.migrate = migrate;
      return this;
    }

    /**
     * The store; with {@link #migrate} on, first brings the schema up to date (see the class documentation).
     *
     * @return the store
     * @throws JdbcOAuthStoreException when the database fails
     * @throws IllegalStateException when the database has a newer schema version than this store knows
     */
    public JdbcOAuthStore build() {
      if (migrate) {
        new SchemaMigrator(dataSource, tablePrefix).migrate();
      }
      return new JdbcOAuthStore(this);
    }
  }

  // ---- clients ----

  @Override
  public void saveClient(OAuthClient client) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO " + clients + " (" + CLIENT_COLUMNS
            + ") VALUES (?, ?, ?, ?)")) {
      ps.setString(1, client.clientId());
      ps.setString(2, client.secretHash());
      ps.setString(3, client.metadataJson());
      setInstant(ps, 4, client.issuedAt());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw failure("saveClient", e, "a client with this id exists");
    }
  }

  @Override
  public Optional<OAuthClient> findClient(String clientId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT " + CLIENT_COLUMNS + " FROM " + clients
            + " WHERE client_id = ?")) {
      ps.setString(1, clientId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new OAuthClient(rs.getString(1), rs.getString(2), rs.getString(3),
            instant(rs, 4))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure("findClient", e, null);
    }
  }

  // ---- pending authorizations ----

  @Override
  public void savePending(PendingAuthorization p) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO " + pending + " (" + PENDING_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, p.id());
      ps.setString(2, p.clientId());
      ps.setString(3, p.redirectUri());
      ps.setString(4, p.codeChallenge());
      ps.setString(5, p.clientState());
      ps.setString(6, p.resource());
      setConsent(ps, 7, p.consent());
      ps.setString(11, p.browserBinding());
      setInstant(ps, 12, p.expiresAt());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw failure("savePending", e, "a pending authorization with this id exists");
    }
  }

  @Override
  public Optional<PendingAuthorization> takePending(String id, Instant now) {
    // deleted whether expired or not: one statement, so exactly one caller gets the row
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM " + pending + " WHERE id = ? RETURNING "
            + PENDING_COLUMNS)) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        PendingAuthorization p = new PendingAuthorization(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getString(4), rs.getString(5), rs.getString(6), consent(rs, 7), rs.getString(11), instant(rs, 12));
        return micros(now).isBefore(p.expiresAt()) ? Optional.of(p) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure("takePending", e, null);
    }
  }

  // ---- grants ----

  @Override
  public void saveGrant(OAuthGrant g) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO " + grants + " (" + GRANT_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, g.id());
      ps.setString(2, g.clientId());
      ps.setString(3, g.userId());
      ps.setString(4, g.resource());
      setConsent(ps, 5, g.consent());
      ps.setBytes(9, g.sealedUpstream());
      setInstant(ps, 10, g.upstreamExpiresAt());
      ps.setLong(11, g.version());
      setInstant(ps, 12, g.createdAt());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw failure("saveGrant", e, "a grant with this id exists");
    }
  }

  @Override
  public Optional<OAuthGrant> findGrant(String grantId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT " + GRANT_COLUMNS + " FROM " + grants + " WHERE id = ?")) {
      ps.setString(1, grantId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new OAuthGrant(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            consent(rs, 5), rs.getBytes(9), instant(rs, 10), rs.getLong(11), instant(rs, 12)));
      }
    } catch (SQLException e) {
      throw failure("findGrant", e, null);
    }
  }

  @Override
  public boolean updateUpstream(String grantId, long expectedVersion, byte[] sealedUpstream,
      Instant upstreamExpiresAt) {
    Objects.requireNonNull(sealedUpstream, "sealedUpstream");
    Objects.requireNonNull(upstreamExpiresAt, "upstreamExpiresAt");
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("UPDATE " + grants + " SET sealed_upstream = ?,"
            + " upstream_expires_at = ?, version = version + 1 WHERE id = ? AND version = ?")) {
      ps.setBytes(1, sealedUpstream);
      setInstant(ps, 2, upstreamExpiresAt);
      ps.setString(3, grantId);
      ps.setLong(4, expectedVersion);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw failure("updateUpstream", e, null);
    }
  }

  @Override
  public boolean deleteGrant(String grantId) {
    // its codes and tokens go with it (foreign key ON DELETE CASCADE, same statement)
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM " + grants + " WHERE id = ?")) {
      ps.setString(1, grantId);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw failure("deleteGrant", e, null);
    }
  }

  // ---- tokens ----

  @Override
  public void saveToken(IssuedToken t) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO " + tokens + " (" + TOKEN_COLUMNS
            + ", used) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE)")) {
      ps.setString(1, t.hash());
      ps.setString(2, t.kind().name());
      ps.setString(3, t.grantId());
      ps.setString(4, t.clientId());
      ps.setString(5, t.resource());
      ps.setString(6, t.redirectUri());
      ps.setString(7, t.codeChallenge());
      setInstant(ps, 8, t.issuedAt());
      setInstant(ps, 9, t.expiresAt());
      ps.executeUpdate();
    } catch (SQLException e) {
      if ("23503".equals(e.getSQLState())) {
        throw new IllegalStateException("no such grant");
      }
      throw failure("saveToken", e, "a token with this hash exists");
    }
  }

  @Override
  public Optional<IssuedToken> findToken(String hash) {
    try (Connection c = dataSource.getConnection()) {
      return Optional.ofNullable(readToken(c, hash)).map(TokenRow::token);
    } catch (SQLException e) {
      throw failure("findToken", e, null);
    }
  }

  @Override
  public Redemption redeem(String hash, Instant now) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("UPDATE " + tokens + " SET used = TRUE WHERE hash = ?"
            + " AND used = FALSE AND kind <> ? AND expires_at > ? RETURNING " + TOKEN_COLUMNS)) {
      ps.setString(1, hash);
      ps.setString(2, IssuedToken.Kind.ACCESS_TOKEN.name());
      setInstant(ps, 3, now);
      // the second round covers a token saved between the update and the read
      for (int attempt = 0; attempt < 2; attempt++) {
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            return new Redemption(Redemption.Outcome.REDEEMED, token(rs));
          }
        }
        // lost: the read only says why (the row is never changed here)
        TokenRow row = readToken(c, hash);
        if (row == null || !row.token().kind().singleUse()) {
          return Redemption.of(Redemption.Outcome.NOT_FOUND);
        }
        if (row.used()) {
          return new Redemption(Redemption.Outcome.ALREADY_USED, row.token());
        }
        if (!micros(now).isBefore(row.token().expiresAt())) {
          return Redemption.of(Redemption.Outcome.EXPIRED);
        }
      }
      return Redemption.of(Redemption.Outcome.NOT_FOUND);
    } catch (SQLException e) {
      throw failure("redeem", e, null);
    }
  }

  private record TokenRow(IssuedToken token, boolean used) {}

  private @Nullable TokenRow readToken(Connection c, String hash) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + TOKEN_COLUMNS + ", used FROM " + tokens
        + " WHERE hash = ?")) {
      ps.setString(1, hash);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new TokenRow(token(rs), rs.getBoolean(10)) : null;
      }
    }
  }

  private static IssuedToken token(ResultSet rs) throws SQLException {
    IssuedToken.Kind kind;
    try {
      kind = IssuedToken.Kind.valueOf(rs.getString(2));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("a stored token has an unknown kind");
    }
    return new IssuedToken(rs.getString(1), kind, rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
        rs.getString(7), instant(rs, 8), instant(rs, 9));
  }

  // ---- purge ----

  @Override
  public int purgeExpired(Instant now) {
    Instant at = micros(now);
    Instant keepUntil = at.minus(KEEP_USED);
    try (Connection c = dataSource.getConnection()) {
      int n = 0;
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + pending + " WHERE expires_at <= ?")) {
        setInstant(ps, 1, at);
        n += ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + tokens + " WHERE expires_at < ?")) {
        setInstant(ps, 1, keepUntil);
        n += ps.executeUpdate();
      }
      // the grants' remaining (recently expired) tokens go with them and are not counted
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + grants + " WHERE created_at < ? AND NOT EXISTS"
          + " (SELECT 1 FROM " + tokens + " t WHERE t.grant_id = " + grants + ".id AND t.expires_at > ?)")) {
        setInstant(ps, 1, keepUntil);
        setInstant(ps, 2, at);
        n += ps.executeUpdate();
      }
      return n;
    } catch (SQLException e) {
      throw failure("purgeExpired", e, null);
    }
  }

  // ---- values ----

  private static Instant micros(Instant i) {
    return i.truncatedTo(ChronoUnit.MICROS);
  }

  private static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
    ps.setObject(index, OffsetDateTime.ofInstant(micros(instant), ZoneOffset.UTC));
  }

  private static Instant instant(ResultSet rs, int index) throws SQLException {
    OffsetDateTime t = rs.getObject(index, OffsetDateTime.class);
    if (t == null) {
      throw new IllegalStateException("a stored timestamp is missing");
    }
    return t.toInstant();
  }

  /** Sets the four consent columns from {@code index}: level, skills, organization, project. */
  private static void setConsent(PreparedStatement ps, int index, Consent consent) throws SQLException {
    StringJoiner skills = new StringJoiner(",");
    for (Skill s : EnumSet.copyOf(consent.skills())) {
      skills.add(s.id());
    }
    ps.setString(index, consent.level().id());
    ps.setString(index + 1, skills.toString());
    ps.setString(index + 2, consent.organizationSlug());
    ps.setString(index + 3, consent.projectSlug());
  }

  /**
   * The consent from the four columns at {@code index}. A skill id this version does not know (written by a newer
   * replica during a rolling upgrade) is left out, which only narrows the grant; an unknown permission level is an
   * error.
   */
  private static Consent consent(ResultSet rs, int index) throws SQLException {
    PermissionLevel level = PermissionLevel.fromId(rs.getString(index))
        .orElseThrow(() -> new IllegalStateException("a stored consent has an unknown permission level"));
    Set<Skill> skills = EnumSet.noneOf(Skill.class);
    for (String id : rs.getString(index + 1).split(",", -1)) {
      Skill.fromId(id).ifPresent(skills::add);
    }
    if (skills.isEmpty()) {
      throw new IllegalStateException("a stored consent has no skill this version knows");
    }
    return new Consent(level, skills, rs.getString(index + 2), rs.getString(index + 3));
  }

  /**
   * The exception for a failed operation: a unique-key violation (SQLState class 23, as in the SPI's other stores)
   * becomes an {@link IllegalStateException} with {@code duplicate}, anything else a {@link JdbcOAuthStoreException}.
   * Neither carries the driver's message or the driver's exception, which may quote values.
   */
  private static RuntimeException failure(String operation, SQLException e, @Nullable String duplicate) {
    String state = sqlState(e);
    if (duplicate != null && "23505".equals(state)) {
      return new IllegalStateException(duplicate);
    }
    return new JdbcOAuthStoreException("JdbcOAuthStore." + operation + " failed", state);
  }

  static @Nullable String sqlState(SQLException e) {
    String state = e.getSQLState();
    return state != null && SQL_STATE.matcher(state).matches() ? state : null;
  }

  @Override
  public String toString() {
    return "JdbcOAuthStore[prefix=" + prefix + "]";
  }
}
