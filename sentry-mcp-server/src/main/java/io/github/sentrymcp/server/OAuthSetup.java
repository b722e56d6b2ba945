package io.github.sentrymcp.server;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.sentrymcp.api.ConfigurationException;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.oauth.InMemoryOAuthStore;
import io.github.sentrymcp.oauth.OAuthStore;
import io.github.sentrymcp.oauth.SentryOAuthServer;
import io.github.sentrymcp.oauth.UpstreamSentry;
import io.github.sentrymcp.oauth.jdbc.JdbcOAuthStore;
import io.github.sentrymcp.oauth.jdbc.JdbcOAuthStoreException;
import io.github.sentrymcp.testkit.FakeSentry;
import java.io.PrintStream;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;

/** The OAuth authorization server of {@code --oauth}: its store, its Sentry OAuth app and its issuer. */
final class OAuthSetup implements AutoCloseable {
  private final SentryOAuthServer server;
  private final URI issuer;
  private final @Nullable HikariDataSource pool;

  private OAuthSetup(SentryOAuthServer server, URI issuer, @Nullable HikariDataSource pool) {
    this.server = server;
    this.issuer = issuer;
    this.pool = pool;
  }

  static OAuthSetup create(OAuthPlan plan, SentryMcpConfig config, @Nullable FakeSentry fake, int port,
      PrintStream err) {
    URI issuer = plan.publicUrl() != null ? plan.publicUrl() : URI.create("http://localhost:" + port);
    UpstreamSentry upstream;
    if (fake != null) {
      URI base = URI.create(fake.baseUrl());
      upstream = new UpstreamSentry(base, OAuthPlan.SANDBOX_CLIENT_ID, OAuthPlan.SANDBOX_CLIENT_SECRET,
          base.resolve("/oauth/revoke/"));
    } else {
      try {
        upstream = UpstreamSentry.of(URI.create(config.baseUrl()), String.valueOf(plan.clientId()),
            String.valueOf(plan.clientSecret()));
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(List.of("--oauth: " + e.getMessage()));
      }
    }
    OAuthStore store;
    HikariDataSource pool = null;
    if (plan.storeUrl() == null) {
      store = new InMemoryOAuthStore();
    } else {
      PGSimpleDataSource ds = new PGSimpleDataSource();
      ds.setURL(plan.storeUrl());
      if (plan.dbUser() != null) {
        ds.setUser(plan.dbUser());
      }
      if (plan.dbPassword() != null) {
        ds.setPassword(plan.dbPassword());
      }
      try {
        store = JdbcOAuthStore.builder(ds).build(); // migrates (and fails early) on a plain connection
      } catch (RuntimeException e) {
        throw new ConfigurationException(List.of("--oauth-store: the database cannot be used (" + why(e) + ")"));
      }
      HikariConfig hc = new HikariConfig();
      hc.setDataSource(ds);
      hc.setPoolName("sentry-mcp-oauth");
      hc.setMaximumPoolSize(10);
      hc.setMinimumIdle(1);
      hc.setConnectionTimeout(5_000);
      hc.setInitializationFailTimeout(-1); // reachable a moment ago; a later outage is each request's problem
      pool = new HikariDataSource(hc);
      store = JdbcOAuthStore.builder(pool).migrate(false).build();
      err.println("OAuth store: PostgreSQL (schema migrated), up to 10 pooled connections");
    }
    SentryOAuthServer server = SentryOAuthServer.builder(issuer, upstream, plan.keys()).store(store).build();
    return new OAuthSetup(server, issuer, pool);
  }

  /** Why the store could not be opened, from the SQLState (a code, never a value); else in general terms. */
  static String why(RuntimeException e) {
    String state = e instanceof JdbcOAuthStoreException j ? j.sqlState() : null;
    if (state == null || state.length() < 2) {
      return io.github.sentrymcp.core.internal.Failures.describe(e);
    }
    return switch (state.substring(0, 2)) {
      case "08" -> "the connection failed, SQLState " + state;
      case "28" -> "the login was refused: check MCP_OAUTH_DB_USER and MCP_OAUTH_DB_PASSWORD, SQLState " + state;
      case "3D" -> "the database does not exist, SQLState " + state;
      case "42" -> "the schema could not be created or read (permissions?), SQLState " + state;
      default -> "SQLState " + state;
    };
  }

  SentryOAuthServer server() {
    return server;
  }

  URI issuer() {
    return issuer;
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.close();
    }
  }
}
