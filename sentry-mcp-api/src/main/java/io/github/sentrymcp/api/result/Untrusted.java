package io.github.sentrymcp.api.result;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A string that came from Sentry, tagged with where it came from ({@link #source()}, e.g. {@code
 * event.exception.values[0].value}) and how far it can be trusted.
 *
 * <p>Tools never see the text as a {@code String}: they render it (it then lands inside an untrusted-data region),
 * pass it to the API client as a path segment or query value, or test it with the predicates here. {@link
 * #toString()} deliberately does not return the text, so string concatenation cannot smuggle it into server-written
 * text. {@link #rawValue()} is for sanitizers and request encoding only; an architecture test restricts its callers.
 */
public final class Untrusted {
  private final String value;
  private final String source;
  private final TrustClass trust;

  private Untrusted(String value, String source, TrustClass trust) {
    this.value = Objects.requireNonNull(value, "value");
    this.source = Objects.requireNonNull(source, "source");
    this.trust = Objects.requireNonNull(trust, "trust");
  }

  /**
   * A Sentry value.
   *
   * @param value the text
   * @param source the source path in the Sentry response
   * @param trust how far it can be trusted
   * @return the value
   * @throws NullPointerException when an argument is null
   */
  public static Untrusted of(String value, String source, TrustClass trust) {
    return new Untrusted(value, source, trust);
  }

  /**
   * Event data anyone holding a public DSN can send ({@link TrustClass#UNTRUSTED_EXTERNAL}).
   *
   * @param value the text
   * @param source the source path in the Sentry response
   * @return the value
   */
  public static Untrusted external(String value, String source) {
    return new Untrusted(value, source, TrustClass.UNTRUSTED_EXTERNAL);
  }

  /**
   * Text written by organisation members ({@link TrustClass#UNTRUSTED_AUTHENTICATED}).
   *
   * @param value the text
   * @param source the source path in the Sentry response
   * @return the value
   */
  public static Untrusted authenticated(String value, String source) {
    return new Untrusted(value, source, TrustClass.UNTRUSTED_AUTHENTICATED);
  }

  /**
   * Source path in the Sentry response, e.g. {@code issue.title} or {@code event.tags[3].key}.
   *
   * @return the source path
   */
  public String source() {
    return source;
  }

  /**
   * How far the value can be trusted.
   *
   * @return the trust class
   */
  public TrustClass trust() {
    return trust;
  }

  /**
   * The same text under another source path (e.g. when a value is copied into a different structure).
   *
   * @param newSource the new source path
   * @return a copy with {@code newSource}
   */
  public Untrusted withSource(String newSource) {
    return new Untrusted(value, newSource, trust);
  }

  /**
   * The raw text. Only sanitizers (which fence it) and the API client (which percent-encodes it into a request) may
   * call this; {@code ArchitectureTest} in core enforces that.
   *
   * @return the text
   */
  public String rawValue() {
    return value;
  }

  /**
   * Whether the text is empty.
   *
   * @return true for an empty text
   */
  public boolean isEmpty() {
    return value.isEmpty();
  }

  /**
   * Whether the text is empty or whitespace only.
   *
   * @return true for a blank text
   */
  public boolean isBlank() {
    return value.isBlank();
  }

  /**
   * The text's length in UTF-16 units.
   *
   * @return the length
   */
  public int length() {
    return value.length();
  }

  /**
   * Exact comparison with a server-side constant.
   *
   * @param expected the constant
   * @return true when the text equals {@code expected}
   */
  public boolean contentEquals(String expected) {
    return value.equals(expected);
  }

  /**
   * Whether two Sentry values have the same text, whatever their sources and trust classes.
   *
   * @param other the other value
   * @return true for equal texts
   */
  public boolean sameText(Untrusted other) {
    return value.equals(other.value);
  }

  /**
   * Whole-string match against a server-side pattern.
   *
   * @param pattern the pattern
   * @return true when the whole text matches
   */
  public boolean matches(Pattern pattern) {
    return pattern.matcher(value).matches();
  }

  /**
   * The first {@code maxChars} characters (never splitting a surrogate pair), same source and trust.
   *
   * @param maxChars the most characters to keep
   * @return the value itself when it is short enough, else a truncated copy
   */
  public Untrusted truncate(int maxChars) {
    if (value.length() <= maxChars) {
      return this;
    }
    int end = maxChars;
    if (end > 0 && Character.isHighSurrogate(value.charAt(end - 1))) {
      end--;
    }
    return new Untrusted(value.substring(0, end), source, trust);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Untrusted u
        && u.value.equals(value)
        && u.source.equals(source)
        && u.trust == trust;
  }

  @Override
  public int hashCode() {
    return Objects.hash(value, source, trust);
  }

  /** Never the text itself. */
  @Override
  public String toString() {
    return "Untrusted[" + source + ", " + trust.id() + ", " + value.length() + " chars]";
  }
}
