package io.github.sentrymcp.api.result;

/** How far a Sentry-sourced value can be trusted. None of them is ever an instruction. */
public enum TrustClass {
  /** Event data anyone holding a public DSN can send: messages, exceptions, tags, contexts, frames, user fields. */
  UNTRUSTED_EXTERNAL("untrusted-external"),
  /** Text written by organisation members: notes, project and team names, release names. */
  UNTRUSTED_AUTHENTICATED("untrusted-authenticated"),
  /** Content computed from untrusted data, such as Seer or LLM summaries. */
  UNTRUSTED_DERIVED("untrusted-derived");

  private final String id;

  TrustClass(String id) {
    this.id = id;
  }

  /**
   * The wire name, such as {@code untrusted-external}.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  @Override
  public String toString() {
    return id;
  }
}
