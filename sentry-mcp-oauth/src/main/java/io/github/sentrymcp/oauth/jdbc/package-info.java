/**
 * {@link io.github.sentrymcp.oauth.jdbc.JdbcOAuthStore}: the grant and token store in a SQL database (PostgreSQL),
 * shared by several server replicas, with its schema migrations.
 */
@NullMarked
package io.github.sentrymcp.oauth.jdbc;

import org.jspecify.annotations.NullMarked;
