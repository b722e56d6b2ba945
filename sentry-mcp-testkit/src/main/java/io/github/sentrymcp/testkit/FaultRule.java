package io.github.sentrymcp.testkit;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * When {@link FakeSentry} applies a {@link Fault}: a method, a path pattern, optional query
 * parameter conditions and how many times the rule may fire.
 *
 * <pre>
 * fake.stubFault(FaultRule.on("GET", "/api/0/organizations/*&#47;issues/*&#47;")
 *     .times(2)
 *     .respond(Fault.status(503).retryAfterSeconds(1)));
 * </pre>
 *
 * <p>Path patterns are matched against the raw (still percent-encoded) request path, segment by
 * segment: {@code *} matches exactly one segment, {@code **} matches any rest (including nothing).
 * A trailing slash is optional on both sides. Method {@code "*"} matches any method.
 *
 * @param method the HTTP method (upper case) or {@code "*"}
 * @param pathPattern the path pattern
 * @param queryParams query parameters the request must carry with exactly these (decoded) values
 * @param times how often the rule fires; {@link #ALWAYS} (negative) for no limit
 * @param fault what happens when the rule fires
 */
public record FaultRule(
    String method, String pathPattern, Map<String, String> queryParams, int times, Fault fault) {

  /** {@link #times()} value for a rule that never runs out. */
  public static final int ALWAYS = -1;

  /**
   * Validates and copies.
   *
   * @param method the HTTP method (upper case) or {@code "*"}
   * @param pathPattern the path pattern
   * @param queryParams query parameters the request must carry with exactly these (decoded) values
   * @param times how often the rule fires; {@link #ALWAYS} (negative) for no limit
   * @param fault what happens when the rule fires
   * @throws IllegalArgumentException if the path pattern is not valid or {@code times} is neither positive nor {@link
   *     #ALWAYS}
   */
  public FaultRule {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(pathPattern, "pathPattern");
    Objects.requireNonNull(fault, "fault");
    method = method.toUpperCase(Locale.ROOT);
    PathPattern.compile(pathPattern); // validates
    queryParams = Map.copyOf(queryParams);
    if (times == 0 || times < ALWAYS) {
      throw new IllegalArgumentException("times must be positive or ALWAYS: " + times);
    }
  }

  /**
   * Starts a rule for requests with this method ({@code "*"} for any) and path pattern.
   *
   * @param method the HTTP method, or {@code "*"}
   * @param pathPattern the path pattern
   * @return a new builder
   */
  public static Builder on(String method, String pathPattern) {
    return new Builder(method, pathPattern);
  }

  /**
   * Whether the rule fires at most a limited number of times.
   *
   * @return true when {@link #times()} is positive
   */
  public boolean limited() {
    return times > 0;
  }

  /** Builds a {@link FaultRule}; finish with {@link #respond(Fault)}. */
  public static final class Builder {
    private final String method;
    private final String pathPattern;
    private final Map<String, String> queryParams = new LinkedHashMap<>();
    private int times = ALWAYS;

    private Builder(String method, String pathPattern) {
      this.method = Objects.requireNonNull(method, "method");
      this.pathPattern = Objects.requireNonNull(pathPattern, "pathPattern");
      PathPattern.compile(pathPattern);
    }

    /**
     * Fire only the first {@code n} times the rule matches (default: every time).
     *
     * @param n how often, positive
     * @return this builder
     * @throws IllegalArgumentException if {@code n} is not positive
     */
    public Builder times(int n) {
      if (n <= 0) {
        throw new IllegalArgumentException("times must be positive: " + n);
      }
      this.times = n;
      return this;
    }

    /**
     * Fire only for requests whose query parameter {@code name} has (decoded) value {@code value}.
     *
     * @param name the parameter's name
     * @param value the decoded value
     * @return this builder
     */
    public Builder queryParam(String name, String value) {
      queryParams.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Completes the rule.
     *
     * @param fault what happens when the rule fires
     * @return the rule
     */
    public FaultRule respond(Fault fault) {
      return new FaultRule(method, pathPattern, queryParams, times, fault);
    }
  }
}
