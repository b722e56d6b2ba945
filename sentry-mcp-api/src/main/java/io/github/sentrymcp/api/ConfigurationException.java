package io.github.sentrymcp.api;

import java.util.List;

/** Invalid configuration: lists every problem found, not just the first. */
public final class ConfigurationException extends SentryMcpException {
  private static final long serialVersionUID = 1L;

  /** Every problem found, one sentence each. */
  private final List<String> problems;

  /**
   * Creates an exception of kind {@link ErrorKind#CONFIGURATION} whose message joins the problems with {@code "; "}.
   *
   * @param problems every problem found, server-written text; copied
   */
  public ConfigurationException(List<String> problems) {
    super(ErrorKind.CONFIGURATION, String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /**
   * The problems found, in the order they were found.
   *
   * @return an unmodifiable list
   */
  public List<String> problems() {
    return problems;
  }
}
