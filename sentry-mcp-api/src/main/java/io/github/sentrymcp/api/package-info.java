/**
 * Tool contracts, scopes, skills, session constraints and the exception hierarchy of sentry-mcp-java.
 */
@NullMarked
package io.github.sentrymcp.api;

import org.jspecify.annotations.NullMarked;
