/**
 * The binding to the official MCP Java SDK ({@code io.modelcontextprotocol.sdk}): {@link
 * io.github.sentrymcp.modelcontextprotocol.SentryMcpToolSpecs} turns an engine into SDK tool specifications for sync,
 * async and stateless servers, resolving each request's {@link io.github.sentrymcp.api.Session} through a {@link
 * io.github.sentrymcp.modelcontextprotocol.SessionResolver}. Hosts that run their own SDK server (Spring AI, Quarkus, a
 * gateway) use this module alone; the transports of this project are built on it.
 */
@NullMarked
package io.github.sentrymcp.modelcontextprotocol;

import org.jspecify.annotations.NullMarked;
