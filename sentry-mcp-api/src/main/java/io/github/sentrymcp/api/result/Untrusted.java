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

  public static Untrusted of(String value, String source, TrustClass trust) {
    return new Untrusted(value, source, trust);
  }

  public static Untrusted external(String value, String source) {
    return new Untrusted(value, source, TrustClass.UNTRUSTED_EXTERNAL);
  }

  public static Untrusted authenticated(String value, String source) {
    return new Untrusted(value, source, TrustClass.UNTRUSTED_AUTHENTICATED);
  }

  /** Source path in the Sentry response, e.g. {@code issue.title} or {@code event.tags[3].key}. */
  public String source() {
    return source;
  }

  public TrustClass trust() {
    return trust;
  }

  /** The same text under another source path (e.g. when a value is copied into a different structure). */
  public Untrusted withSource(String newSource) {
    return new Untrusted(value, newSource, trust);
  }

  /**
   * The raw text. Only sanitizers (which fence it) and the API client (which percent-encodes it into a request) may
   * call this; {@code ArchitectureTest} in core enforces that.
   */
  public String rawValue() {
    return value;
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  public boolean isBlank() {
    return value.isBlank();
  }

  public int length() {
    return value.length();
  }

  /** Exact comparison with a server-side constant. */
  public boolean contentEquals(String expected) {
    return value.equals(expected);
  }

  /** Whether two Sentry values have the same text, whatever their sources and trust classes. */
  public boolean sameText(Untrusted other) {
    return value.equals(other.value);
  }

  /** Whole-string match against a server-side pattern. */
  public boolean matches(Pattern pattern) {
    return pattern.matcher(value).matches();
  }

  /** The first {@code maxChars} characters (never splitting a surrogate pair), same source and trust. */
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
