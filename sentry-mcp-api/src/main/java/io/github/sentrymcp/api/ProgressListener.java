package io.github.sentrymcp.api;

import org.jspecify.annotations.Nullable;

/**
 * Receives the progress of one long-running tool call, for example as MCP {@code notifications/progress} when the
 * client asked for them with a {@code progressToken}. Tools report only server-written text: a message never carries
 * text that came from Sentry.
 *
 * <p>Implementations must be thread-safe, quick and must not throw (a tool ignores what a listener throws).
 */
@FunctionalInterface
public interface ProgressListener {

  /** A listener that ignores every report: the default of a {@link CallContext}. */
  ProgressListener NONE = (progress, total, message) -> {};

  /**
   * Reports progress.
   *
   * @param progress how far the call is; increases with every report of a call
   * @param total the value {@code progress} reaches when done, or null when not known
   * @param message a short server-written description of the current step
   */
  void progress(double progress, @Nullable Double total, String message);
}
