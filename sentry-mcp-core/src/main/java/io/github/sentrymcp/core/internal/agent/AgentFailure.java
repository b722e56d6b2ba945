package io.github.sentrymcp.core.internal.agent;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.result.Untrusted;
import java.util.List;

/**
 * Why a translation gave no usable query: a bound was reached, or the model's answer was refused. The reason is
 * server text; the model's own words, if any, are details (untrusted-derived).
 */
final class AgentFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;
  private final transient List<Untrusted> details;

  AgentFailure(ErrorKind kind, String reason, List<Untrusted> details) {
    super(reason, null, false, false);
    this.kind = kind;
    this.details = List.copyOf(details);
  }

  AgentFailure(ErrorKind kind, String reason) {
    this(kind, reason, List.of());
  }

  ErrorKind kind() {
    return kind;
  }

  List<Untrusted> details() {
    return details;
  }
}
