package io.github.sentrymcp.api.result;

import java.util.Objects;

/** A run of text inside a block: server-written text, server-written code, or a Sentry value. */
public sealed interface Inline permits Inline.Text, Inline.Code, Inline.Data {

  /**
   * Server-written prose.
   *
   * @param text the text
   */
  record Text(String text) implements Inline {
    /**
     * Checks the text.
     *
     * @param text the text
     * @throws NullPointerException when {@code text} is null
     */
    public Text {
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * Server-written inline code, such as a tool name or a suggested call.
   *
   * @param code the code
   */
  record Code(String code) implements Inline {
    /**
     * Checks the code.
     *
     * @param code the code
     * @throws NullPointerException when {@code code} is null
     */
    public Code {
      Objects.requireNonNull(code, "code");
    }
  }

  /**
   * A Sentry value: always rendered inside an untrusted-data region.
   *
   * @param value the Sentry value
   */
  record Data(Untrusted value) implements Inline {
    /**
     * Checks the value.
     *
     * @param value the Sentry value
     * @throws NullPointerException when {@code value} is null
     */
    public Data {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * Server-written prose.
   *
   * @param text the text
   * @return a {@link Text} run
   */
  static Inline text(String text) {
    return new Text(text);
  }

  /**
   * Server-written code.
   *
   * @param code the code
   * @return a {@link Code} run
   */
  static Inline code(String code) {
    return new Code(code);
  }

  /**
   * A Sentry value.
   *
   * @param value the value
   * @return a {@link Data} run
   */
  static Inline data(Untrusted value) {
    return new Data(value);
  }
}
