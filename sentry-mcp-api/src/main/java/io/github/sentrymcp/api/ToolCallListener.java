package io.github.sentrymcp.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Observes every tool call an engine runs, under every transport and from plain Java: the seam for telemetry and
 * audit logs. Must be quick and must not throw (a throwing listener is logged and ignored). Never sees the credential,
 * and sees arguments only where it asks for them by name ({@link #recordedArguments()}); never the result.
 *
 * <p>{@link #callStarted} and {@link #callEnded} are called on the thread that runs the call, {@code callEnded} on the
 * same thread as {@code callStarted} and after everything the call did, so a listener may make something current for
 * the call's duration (a tracing span) and undo it when it ends. The other callbacks may come on any thread, during
 * the call. Every callback of one call gets the same {@link Call} instance.
 */
public interface ToolCallListener {
  /** A listener that does nothing. */
  ToolCallListener NONE = new ToolCallListener() {};

  /**
   * The names of the tool arguments this listener wants to see in {@link Call#arguments()} (default none). Asked once,
   * when the engine is built.
   *
   * @return the argument names (default empty)
   */
  default Set<String> recordedArguments() {
    return Set.of();
  }

  /**
   * A call is about to run (it passed the engine's concurrency limit).
   *
   * @param call the call
   */
  default void callStarted(Call call) {}

  /**
   * A call ended, successfully or not.
   *
   * @param call the call
   * @param outcome how it ended
   */
  default void callEnded(Call call, Outcome outcome) {}

  /**
   * One HTTP attempt of the call with Sentry ended.
   *
   * @param call the call
   * @param exchange the attempt
   */
  default void apiExchange(Call call, ApiExchange exchange) {}

  /**
   * One request of the call to a language model ended.
   *
   * @param call the call
   * @param exchange the request
   */
  default void modelExchange(Call call, ModelExchange exchange) {}

  /**
   * The library reports something about the call (a retry, a rate limit, a truncated result, a refusal).
   *
   * @param call the call
   * @param notice the notice, with server-written text only
   */
  default void notice(Call call, Notice notice) {}

  /**
   * An MCP session ended (a stdio connection closed, a Streamable HTTP session was deleted or expired), for the
   * session-duration metric. Reported by transports; not tied to a call.
   *
   * @param session the session that ended
   */
  default void sessionEnded(SessionEnded session) {}

  /**
   * An MCP request other than {@code tools/call} was answered ({@code initialize}, {@code tools/list}, {@code
   * logging/setLevel}, ...), for the operation metric and a span. Reported by transports for the requests they hand to
   * the MCP SDK; not tied to a call.
   *
   * @param request the request answered
   */
  default void requestServed(RequestServed request) {}

  /**
   * A call: the tool, the session's id (never its credential), the transport ({@code stdio}, {@code http}, {@code
   * java}), when it started, where it came from (null for plain-Java calls) and the arguments the listener asked for.
   *
   * @param arguments the values of the {@linkplain #recordedArguments() asked-for} arguments the call has, as
   *     compact text (strings as they are, other values as JSON), redacted and at most 256 characters each
   * @param toolName the tool's name
   * @param sessionId the session's id, never its credential
   * @param transport the transport's name: {@code stdio}, {@code http} or {@code java}
   * @param startedAt when the call started
   * @param origin the MCP request the call came from, or null for plain-Java calls
   */
  record Call(String toolName, String sessionId, String transport, Instant startedAt, @Nullable RequestOrigin origin,
      Map<String, String> arguments) {
    /**
     * Copies the arguments.
     *
     * @param arguments the values of the {@linkplain #recordedArguments() asked-for} arguments the call has, as
     *     compact text (strings as they are, other values as JSON), redacted and at most 256 characters each
     * @param toolName the tool's name
     * @param sessionId the session's id, never its credential
     * @param transport the transport's name: {@code stdio}, {@code http} or {@code java}
     * @param startedAt when the call started
     * @param origin the MCP request the call came from, or null for plain-Java calls
     * @throws NullPointerException when {@code toolName}, {@code sessionId}, {@code transport}, {@code startedAt} or
     *     {@code arguments} is null
     */
    public Call {
      Objects.requireNonNull(toolName, "toolName");
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(transport, "transport");
      Objects.requireNonNull(startedAt, "startedAt");
      arguments = Map.copyOf(arguments);
    }

    /**
     * A call without origin or arguments.
     *
     * @param toolName the tool's name
     * @param sessionId the session's id
     * @param transport the transport's name
     * @param startedAt when the call started
     */
    public Call(String toolName, String sessionId, String transport, Instant startedAt) {
      this(toolName, sessionId, transport, startedAt, null, Map.of());
    }
  }

  /**
   * How a call ended.
   *
   * @param errorKind null on success
   * @param duration from start to result
   * @param apiRequests HTTP requests sent to Sentry, retries included
   */
  record Outcome(@Nullable ErrorKind errorKind, Duration duration, int apiRequests) {
    /**
     * Whether the call succeeded.
     *
     * @return true when {@link #errorKind()} is null
     */
    public boolean success() {
      return errorKind == null;
    }

    /**
     * Whether this outcome should alert an operator: a failure whose kind is {@link ErrorKind#alerting()}.
     *
     * @return true for an alerting failure
     */
    public boolean alerting() {
      return errorKind != null && errorKind.alerting();
    }
  }

  /**
   * An answered MCP request other than {@code tools/call}.
   *
   * @param origin the request (its method, id, protocol version, session and network details)
   * @param transport the transport's name, as {@link Call#transport()}
   * @param startedAt when it was received
   * @param duration until its answer was sent
   * @param errorType null on success, else the JSON-RPC error code as text (or the HTTP status where the transport
   *     only knows that)
   */
  record RequestServed(RequestOrigin origin, String transport, Instant startedAt, Duration duration,
      @Nullable String errorType) {
    /**
     * Checks that the non-nullable components are present.
     *
     * @param origin the request (its method, id, protocol version, session and network details)
     * @param transport the transport's name, as {@link Call#transport()}
     * @param startedAt when it was received
     * @param duration until its answer was sent
     * @param errorType null on success, else the JSON-RPC error code as text (or the HTTP status where the transport
     *     only knows that)
     * @throws NullPointerException when {@code origin}, {@code transport}, {@code startedAt} or {@code duration} is
     *     null
     */
    public RequestServed {
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(transport, "transport");
      Objects.requireNonNull(startedAt, "startedAt");
      Objects.requireNonNull(duration, "duration");
    }
  }

  /**
   * An MCP session that ended.
   *
   * @param networkTransport {@code pipe} or {@code tcp}
   * @param protocolVersion the protocol version it spoke, when known
   * @param duration from its start ({@code initialize}) to its end
   * @param errorType null when it ended normally (closed, deleted), else a short low-cardinality reason such as
   *     {@code expired}
   */
  record SessionEnded(String networkTransport, @Nullable String protocolVersion, Duration duration,
      @Nullable String errorType) {
    /**
     * Checks that the non-nullable components are present.
     *
     * @param networkTransport {@code pipe} or {@code tcp}
     * @param protocolVersion the protocol version it spoke, when known
     * @param duration from its start ({@code initialize}) to its end
     * @param errorType null when it ended normally (closed, deleted), else a short low-cardinality reason such as
     *     {@code expired}
     * @throws NullPointerException when {@code networkTransport} or {@code duration} is null
     */
    public SessionEnded {
      Objects.requireNonNull(networkTransport, "networkTransport");
      Objects.requireNonNull(duration, "duration");
    }
  }
}
