package io.github.sentrymcp.modelcontextprotocol;

import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Surface;
import io.modelcontextprotocol.common.McpTransportContext;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which {@link Session} a request runs for, decided per request from the SDK's transport context: a fixed session
 * for stdio, or one looked up from what an HTTP transport put into the context (an {@code Authorization} header, an
 * authenticated principal). Called for {@code tools/list} and for every {@code tools/call}.
 */
@FunctionalInterface
public interface SessionResolver {

  /**
   * The session of the request.
   *
   * @param context the request's transport context
   * @return the session
   * @throws SentryMcpException (usually {@link io.github.sentrymcp.api.ErrorKind#AUTHENTICATION}) when the request has
   *     none; a call then gets that error result, and {@code tools/list} shows no tool
   */
  Session resolve(McpTransportContext context);

  /**
   * The surface {@code tools/list} shows this request (for example narrowed by an HTTP request's {@code ?surface=}),
   * or null for the engine's configured surface. Either way every tool the session may use stays callable by name.
   *
   * @param context the request's transport context
   * @return the surface, or null
   */
  default @Nullable Surface surface(McpTransportContext context) {
    return null;
  }

  /**
   * Every request runs for this one session (stdio, or a single-user host).
   *
   * @param session the session
   * @return a resolver that always returns {@code session}
   */
  static SessionResolver fixed(Session session) {
    Objects.requireNonNull(session, "session");
    return context -> session;
  }
}
