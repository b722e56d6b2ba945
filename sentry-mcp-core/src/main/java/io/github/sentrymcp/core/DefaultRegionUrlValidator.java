package io.github.sentrymcp.core;

import io.github.sentrymcp.api.Csv;
import io.github.sentrymcp.api.RegionUrlValidator;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.core.internal.client.UrlText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Strict, parser-independent region URL validation (see {@link #validate}).
 *
 * <p>No URL parser is involved: {@code java.net.URL}, {@code java.net.URI} and WHATWG parsers disagree on inputs
 * such as {@code https://sentry.io\@evil.com}, so the input is checked character by character and anything unusual
 * is rejected rather than normalised. Host names are compared with {@link String#equals} after lower-casing the
 * (already pure ASCII) input with {@link Locale#ROOT}; {@code equalsIgnoreCase} would accept {@code ſentry.io}.
 *
 * <p><b>The configured host.</b> It is accepted like an allowlist entry when it is a DNS name whose port is absent
 * or {@code 443}, since then {@code https://<host>} is exactly the configured origin. A configured host that is an
 * IP address or carries another port (self-hosted Sentry on {@code :9000}, or over plain http) can never be
 * produced by this validator, because its output is always {@code https://<host>} on the default port; {@code
 * SentryApiClient#forRegion} recognises a URL naming exactly the configured origin before calling the validator.
 */
public final class DefaultRegionUrlValidator implements RegionUrlValidator {
  private static final String HTTPS = "https://";
  private static final int MAX_HOST_LENGTH = 253;
  private static final int MAX_LABEL_LENGTH = 63;

  private final @Nullable String baseHost;
  private final Set<String> allowedHosts;

  /**
   * @param baseHost the configured Sentry host (lower-case, may carry a port); matched only when it is a DNS name
   *     whose port is absent or 443
   * @param allowedHosts exact host names allowed besides the base host: bare ASCII DNS names, no port, wildcard or IP
   * @throws IllegalArgumentException when an allowlist entry is not a bare host name
   */
  public DefaultRegionUrlValidator(String baseHost, Set<String> allowedHosts) {
    Objects.requireNonNull(baseHost, "baseHost");
    Objects.requireNonNull(allowedHosts, "allowedHosts");
    this.baseHost = matchableBaseHost(baseHost);
    Set<String> allowed = new LinkedHashSet<>();
    for (String entry : allowedHosts) {
      String h = entry.strip().toLowerCase(Locale.ROOT);
      if (!UrlText.isPrintableAscii(entry) || hostProblem(h) != null) {
        throw new IllegalArgumentException(
            "allowed region host \"" + Csv.printable(entry, 60) + "\" is not a bare ASCII host name");
      }
      allowed.add(h);
    }
    this.allowedHosts = Collections.unmodifiableSet(allowed);
  }

  /** The base host without port when it can be matched, else null. */
  private static @Nullable String matchableBaseHost(String configured) {
    String h = configured.strip().toLowerCase(Locale.ROOT);
    if (!UrlText.isPrintableAscii(h) || h.startsWith("[")) {
      return null;
    }
    int colon = h.indexOf(':');
    if (colon >= 0) {
      if (!h.substring(colon + 1).equals("443")) {
        return null;
      }
      h = h.substring(0, colon);
    }
    return hostProblem(h) == null ? h : null;
  }

  /**
   * Accepts {@code https://<host>[:443][/path][?query][#fragment]} where host is the configured host or on the
   * allowlist, and returns {@code https://<host>} (lower-case, no port, no path).
   *
   * <p>Rules, applied to the input after trimming ASCII whitespace: printable ASCII only; the literal prefix
   * {@code https://} (any case); no {@code @} or {@code \} anywhere; the authority (up to the first {@code /}, {@code
   * ?} or {@code #}) contains no {@code %}; port absent or exactly {@code 443}; the host is a DNS name (labels of
   * {@code [a-z0-9-]}, not starting or ending with {@code -}, no empty labels, no trailing dot), not an IP address in
   * any notation (dotted, integer, octal, hex, bracketed IPv6), not {@code http} or {@code https}; and it equals an
   * allowed host exactly (no subdomain matching).
   *
   * @throws SentryMcpException of kind invalid input naming the rule that failed and the allowed hosts; the rejected
   *     URL itself is not repeated
   */
  @Override
  public String validate(String regionUrl) {
    if (regionUrl == null) {
      throw reject("it is missing");
    }
    String s = UrlText.trimAsciiWhitespace(regionUrl);
    if (s.isEmpty()) {
      throw reject("it is empty");
    }
    if (!UrlText.isPrintableAscii(s)) {
      throw reject("it may contain only printable ASCII characters (no spaces, control characters or Unicode)");
    }
    if (s.indexOf('@') >= 0 || s.indexOf('\\') >= 0) {
      throw reject("it must not contain '@' (user information) or a backslash");
    }
    String lower = s.toLowerCase(Locale.ROOT);
    if (!lower.startsWith(HTTPS)) {
      throw reject("it must start with https://");
    }
    String authority = UrlText.authority(lower.substring(HTTPS.length()));
    if (authority.isEmpty()) {
      throw reject("it has no host");
    }
    if (authority.indexOf('%') >= 0) {
      throw reject("its host must not contain percent-encoding");
    }
    if (authority.startsWith("[")) {
      throw reject("IP addresses are not allowed");
    }
    String host = authority;
    int colon = authority.indexOf(':');
    if (colon >= 0) {
      if (authority.indexOf(':', colon + 1) >= 0) {
        throw reject("IP addresses are not allowed");
      }
      if (!authority.substring(colon + 1).equals("443")) {
        throw reject("its port must be absent or 443");
      }
      host = authority.substring(0, colon);
    }
    String problem = hostProblem(host);
    if (problem != null) {
      throw reject(problem);
    }
    if (!host.equals(baseHost) && !allowedHosts.contains(host)) {
      throw reject("its host is not allowed");
    }
    return HTTPS + host;
  }

  /**
   * The allowed hosts, base host first when it can match.
   *
   * @return the allowed host names
   */
  public List<String> allowedHosts() {
    List<String> out = new ArrayList<>();
    if (baseHost != null) {
      out.add(baseHost);
    }
    for (String h : allowedHosts) {
      if (!out.contains(h)) {
        out.add(h);
      }
    }
    return Collections.unmodifiableList(out);
  }

  private SentryMcpException reject(String reason) {
    return SentryMcpException.invalidInput("The region URL was rejected: " + reason
        + ". Allowed region URLs are https://<host> for these hosts: " + String.join(", ", allowedHosts()) + ".");
  }

  /** Why {@code host} (lower-case, no port) is not an acceptable DNS name, or null when it is. */
  static @Nullable String hostProblem(String host) {
    if (host.isEmpty()) {
      return "it has no host";
    }
    if (host.length() > MAX_HOST_LENGTH) {
      return "its host name is too long";
    }
    if (host.endsWith(".")) {
      return "its host must not end with a dot";
    }
    if (host.equals("http") || host.equals("https")) {
      return "its host is not a valid host name";
    }
    String[] labels = host.split("\\.", -1);
    boolean allNumeric = true;
    for (String label : labels) {
      if (label.isEmpty()) {
        return "its host must not contain empty labels";
      }
      if (label.length() > MAX_LABEL_LENGTH) {
        return "its host has a label longer than 63 characters";
      }
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
          return "its host may contain only letters, digits, hyphens and dots";
        }
      }
      if (label.startsWith("-") || label.endsWith("-")) {
        return "its host labels must not start or end with a hyphen";
      }
      if (!isNumericLabel(label)) {
        allNumeric = false;
      }
    }
    // WHATWG and inet_aton read a host whose last label is a number (decimal, octal or 0x-hex) as an IPv4 address:
    // 127.0.0.1, 2130706433, 017700000001, 0x7f.1, 0x7f000001, 1.0x2.3.
    if (allNumeric || isNumericLabel(labels[labels.length - 1])) {
      return "IP addresses are not allowed";
    }
    return null;
  }

  /** Decimal, octal or hex ({@code 0x...}, also a bare {@code 0x}) number, as IPv4 parsers read a label. */
  private static boolean isNumericLabel(String label) {
    if (label.startsWith("0x")) {
      for (int i = 2; i < label.length(); i++) {
        char c = label.charAt(i);
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
          return false;
        }
      }
      return true;
    }
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return !label.isEmpty();
  }
}
