/**
 * An MCP OAuth 2.1 authorization server in front of Sentry's OAuth, for the Streamable HTTP transport: {@link
 * io.github.sentrymcp.oauth.SentryOAuthServer} serves discovery, registration, authorization (with a consent page),
 * token and revocation endpoints, and authenticates MCP requests as an {@link
 * io.github.sentrymcp.transport.http.HttpAuthenticator}; its state lives in an {@link
 * io.github.sentrymcp.oauth.OAuthStore}.
 */
@NullMarked
package io.github.sentrymcp.oauth;

import org.jspecify.annotations.NullMarked;
