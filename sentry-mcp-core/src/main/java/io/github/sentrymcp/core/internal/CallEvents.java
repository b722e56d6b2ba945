package io.github.sentrymcp.core.internal;

import io.github.sentrymcp.api.ApiExchange;
import io.github.sentrymcp.api.CallObserver;
import io.github.sentrymcp.api.ModelExchange;
import io.github.sentrymcp.api.Notice;
import io.github.sentrymcp.api.ToolCallListener;
import io.github.sentrymcp.core.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call's observer as the engine hands it to tools: everything goes to the engine's {@link ToolCallListener} (with
 * the call) and to the observer the transport gave the call. Nothing either of them throws reaches the tool. Notice
 * texts are redacted ({@link Redactor#redactForTelemetry}) before anyone sees them.
 */
public final class CallEvents implements CallObserver {
  private static final Logger LOG = LoggerFactory.getLogger(CallEvents.class);

  private final ToolCallListener listener;
  private final ToolCallListener.Call call;
  private final CallObserver transport;

  public CallEvents(ToolCallListener listener, ToolCallListener.Call call, CallObserver transport) {
    this.listener = listener;
    this.call = call;
    this.transport = transport;
  }

  /** Sends a notice to {@code observer}, redacted, never throwing. */
  public static void notice(CallObserver observer, Notice.Level level, String logger, String message) {
    if (observer == CallObserver.NONE) {
      return;
    }
    try {
      observer.notice(new Notice(level, logger, redacted(message)));
    } catch (RuntimeException e) {
      LOG.debug("a call observer failed on a notice: {}", Failures.describe(e));
    }
  }

  /** Reports an API exchange to {@code observer}, never throwing. */
  public static void apiExchange(CallObserver observer, ApiExchange exchange) {
    if (observer == CallObserver.NONE) {
      return;
    }
    try {
      observer.apiExchange(exchange);
    } catch (RuntimeException e) {
      LOG.debug("a call observer failed on an API exchange: {}", Failures.describe(e));
    }
  }

  /** Reports a model exchange to {@code observer}, never throwing. */
  public static void modelExchange(CallObserver observer, ModelExchange exchange) {
    if (observer == CallObserver.NONE) {
      return;
    }
    try {
      observer.modelExchange(exchange);
    } catch (RuntimeException e) {
      LOG.debug("a call observer failed on a model exchange: {}", Failures.describe(e));
    }
  }

  private static String redacted(String message) {
    String r = Redactor.redactForTelemetry(message);
    return r == null ? "" : r;
  }

  @Override
  public void apiExchange(ApiExchange exchange) {
    try {
      listener.apiExchange(call, exchange);
    } catch (RuntimeException e) {
      LOG.warn("a tool call listener failed on an API exchange: {}", Failures.describe(e));
    }
    apiExchange(transport, exchange);
  }

  @Override
  public void modelExchange(ModelExchange exchange) {
    try {
      listener.modelExchange(call, exchange);
    } catch (RuntimeException e) {
      LOG.warn("a tool call listener failed on a model exchange: {}", Failures.describe(e));
    }
    modelExchange(transport, exchange);
  }

  @Override
  public void notice(Notice notice) {
    Notice n = new Notice(notice.level(), notice.logger(), redacted(notice.message()));
    try {
      listener.notice(call, n);
    } catch (RuntimeException e) {
      LOG.warn("a tool call listener failed on a notice: {}", Failures.describe(e));
    }
    if (transport != CallObserver.NONE) {
      try {
        transport.notice(n);
      } catch (RuntimeException e) {
        LOG.debug("a call observer failed on a notice: {}", Failures.describe(e));
      }
    }
  }
}
