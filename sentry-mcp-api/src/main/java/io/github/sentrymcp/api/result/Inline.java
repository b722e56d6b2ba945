package io.github.sentrymcp.api.result;

import java.util.Objects;

/** A run of text inside a block: server-written text, server-written code, or a Sentry value. */
public sealed interface Inline permits Inline.Text, Inline.Code, Inline.Data {

  /** Server-written prose. */
  record Text(String text) implements Inline {
    public Text {
      Objects.requireNonNull(text, "text");
    }
  }

  /** Server-written inline code, such as a tool name or a suggested call. */
  record Code(String code) implements Inline {
    public Code {
      Objects.requireNonNull(code, "code");
    }
  }

  /** A Sentry value: always rendered inside an untrusted-data region. */
  record Data(Untrusted value) implements Inline {
    public Data {
      Objects.requireNonNull(value, "value");
    }
  }

  static Inline text(String text) {
    return new Text(text);
  }

  static Inline code(String code) {
    return new Code(code);
  }

  static Inline data(Untrusted value) {
    return new Data(value);
  }
}
