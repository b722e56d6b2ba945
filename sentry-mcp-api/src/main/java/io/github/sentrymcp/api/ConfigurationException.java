package io.github.sentrymcp.api;

import java.util.List;

/** Invalid configuration: lists every problem found, not just the first. */
public final class ConfigurationException extends SentryMcpException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public ConfigurationException(List<String> problems) {
    super(ErrorKind.CONFIGURATION, String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
