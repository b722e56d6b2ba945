package io.github.sentrymcp.api;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A parsed comma-separated list: the recognised values in input order and the tokens that were not recognised.
 * Tokens are trimmed; empty tokens are ignored.
 *
 * @param valid the recognised values, in input order without duplicates
 * @param invalid the unrecognised tokens, trimmed, in input order
 * @param <T> the type of the recognised values
 */
public record Csv<T>(Set<T> valid, List<String> invalid) {

  /**
   * Copies both lists; the recognised values keep their order.
   *
   * @param valid the recognised values, in input order without duplicates
   * @param invalid the unrecognised tokens, trimmed, in input order
   */
  public Csv {
    valid = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(valid));
    invalid = List.copyOf(invalid);
  }

  /**
   * Splits {@code csv} at commas, trims the tokens, skips empty ones and looks up the others.
   *
   * @param csv the comma-separated input
   * @param lookup finds the value of one trimmed token, empty when it is not recognised
   * @param <T> the type of the recognised values
   * @return the recognised values and the unrecognised tokens
   */
  public static <T> Csv<T> parse(String csv, Function<String, Optional<T>> lookup) {
    Set<T> valid = new LinkedHashSet<>();
    List<String> invalid = new ArrayList<>();
    for (String raw : csv.split(",", -1)) {
      String token = raw.strip();
      if (token.isEmpty()) {
        continue;
      }
      lookup.apply(token).ifPresentOrElse(valid::add, () -> invalid.add(token));
    }
    return new Csv<>(valid, invalid);
  }

  /**
   * Printable form of invalid tokens for error messages: quoted, non-printable characters escaped.
   *
   * @return the invalid tokens, each quoted and made printable, separated by {@code ", "}
   */
  public String invalidQuoted() {
    StringBuilder sb = new StringBuilder();
    for (String t : invalid) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append('"').append(printable(t, 40)).append('"');
    }
    return sb.toString();
  }

  /**
   * Replaces anything outside printable ASCII with {@code \\uXXXX} and caps the length.
   *
   * @param s the text
   * @param max the most characters written, escapes included; {@code ...} is appended when {@code s} is longer
   * @return the printable form, in which quotes and backslashes are escaped too
   */
  public static String printable(String s, int max) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && sb.length() < max; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        sb.append(c);
      } else {
        sb.append(String.format("\\u%04x", (int) c));
      }
    }
    if (s.length() > max) {
      sb.append("...");
    }
    return sb.toString();
  }
}
