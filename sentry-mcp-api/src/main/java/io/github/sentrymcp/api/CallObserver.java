package io.github.sentrymcp.api;

/**
 * Receives what happens inside one tool call while it runs: each HTTP exchange with Sentry, each request to a
 * language model, and the library's {@link Notice}s. A transport gives one to a call through its {@link CallContext}
 * (the MCP binding sends the notices to the client as {@code notifications/message}); the engine adds the call's
 * {@link ToolCallListener}.
 *
 * <p>Called on any thread, possibly concurrently; implementations must be thread-safe, quick and must not throw
 * (what they throw is ignored).
 */
public interface CallObserver {
  /** An observer that ignores everything: the default of a {@link CallContext}. */
  CallObserver NONE = new CallObserver() {};

  /**
   * One HTTP attempt with Sentry ended (each retry is one more).
   *
   * @param exchange what was sent and how it ended
   */
  default void apiExchange(ApiExchange exchange) {}

  /**
   * One request to a language model ended.
   *
   * @param exchange what was sent and how it ended
   */
  default void modelExchange(ModelExchange exchange) {}

  /**
   * The library reports something about the call.
   *
   * @param notice the notice, with server-written text only
   */
  default void notice(Notice notice) {}
}
