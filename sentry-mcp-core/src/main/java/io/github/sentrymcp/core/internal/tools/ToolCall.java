package io.github.sentrymcp.core.internal.tools;

import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.core.internal.client.CallScope;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.schema.Args;

/**
 * One running tool call: who is calling ({@link #context()}), and the API client bound to this call, whose requests end
 * when the call is cancelled or runs out of time. Tools reach Sentry only through it.
 */
public final class ToolCall {
  private final CallContext context;
  private final CallScope scope;
  private final SentryApiClient api;

  ToolCall(CallContext context, CallScope scope, SentryApiClient api) {
    this.context = context;
    this.scope = scope;
    this.api = api;
  }

  public CallContext context() {
    return context;
  }

  public SessionConstraints constraints() {
    return context.constraints();
  }

  /** The cancellation signal and deadline of this call. */
  public CallScope scope() {
    return scope;
  }

  /** The client for the configured host, bound to this call. */
  public SentryApiClient api() {
    return api;
  }

  /** The client for the {@code regionUrl} argument, validated (or the configured host when absent). */
  public SentryApiClient api(Args args) {
    return api.forRegion(args.nonBlank("regionUrl"));
  }

  /** Throws when the call was cancelled or its time is up. */
  public void checkCancelled() {
    scope.check();
  }
}
