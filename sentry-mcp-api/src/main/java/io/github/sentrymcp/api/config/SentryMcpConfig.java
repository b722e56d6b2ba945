package io.github.sentrymcp.api.config;

import io.github.sentrymcp.api.ConfigurationException;
import io.github.sentrymcp.api.Csv;
import io.github.sentrymcp.api.Surface;
import io.github.sentrymcp.api.result.RegionStyle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The engine's settings: how to reach Sentry (host, region allowlist, timeouts, retries, caps) and how to render
 * results. Who calls, with which token and grant, is a {@link io.github.sentrymcp.api.Session}, given per call, so one
 * engine serves any number of users. Build it with {@link #builder()}; {@link Builder#build()} reports every problem
 * at once in a {@link ConfigurationException}.
 */
public final class SentryMcpConfig {

  /** The SaaS host. */
  public static final String DEFAULT_HOST = "sentry.io";

  /** Region hosts allowed by default, besides the configured host. */
  public static final Set<String> DEFAULT_REGION_DOMAINS = Set.of("sentry.io", "us.sentry.io", "de.sentry.io");

  /** Default TCP connect timeout: {@value #DEFAULT_CONNECT_TIMEOUT_SECONDS} s. */
  public static final int DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;

  /** Default per-request timeout: {@value #DEFAULT_REQUEST_TIMEOUT_SECONDS} s. */
  public static final int DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;

  /** Default time limit of one tool call, every request and retry included: {@value #DEFAULT_CALL_TIMEOUT_SECONDS} s. */
  public static final int DEFAULT_CALL_TIMEOUT_SECONDS = 30;

  /** Default longest wait of {@code analyze_issue_with_seer} for Seer to finish: {@value #DEFAULT_SEER_MAX_WAIT_SECONDS} s. */
  public static final int DEFAULT_SEER_MAX_WAIT_SECONDS = 300;

  /** Default number of tool calls an engine runs at once: {@value #DEFAULT_MAX_CONCURRENT_CALLS}. */
  public static final int DEFAULT_MAX_CONCURRENT_CALLS = 64;

  /**
   * Default cap on the text of one tool result, in characters (about 20,000 tokens, below the limits common MCP
   * clients put on a tool's output).
   */
  public static final int DEFAULT_MAX_RESULT_CHARS = 80_000;

  /** Default number of retries of an idempotent request: {@value #DEFAULT_MAX_RETRIES}. */
  public static final int DEFAULT_MAX_RETRIES = 2;

  /** Docs search backend used when no {@link Builder#mcpUrl(String) MCP URL} is configured. */
  public static final String DEFAULT_MCP_URL = "https://mcp.sentry.dev";

  /** Where documentation pages are read from unless {@link Builder#docsUrl(String)} says otherwise. */
  public static final String DEFAULT_DOCS_URL = "https://docs.sentry.io";

  /** Default cap on a response body: {@value #DEFAULT_MAX_RESPONSE_BYTES} bytes. */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 32L * 1024 * 1024;

  // host[:port]: DNS name, IPv4 literal or bracketed IPv6 literal; no scheme, path, userinfo or trailing dot.
  private static final Pattern HOST_AND_PORT =
      Pattern.compile(
          "(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*"
              + "|\\[[0-9a-f:.]{2,45}\\])(?::[0-9]{1,5})?");
  private static final Pattern BARE_DOMAIN =
      Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+");
  private static final Pattern ALL_NUMERIC_LABELS = Pattern.compile("[0-9.]+");

  private final String host;
  private final boolean insecureHttp;
  private final Set<String> allowedRegionDomains;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final Duration callTimeout;
  private final Duration seerMaxWait;
  private final int maxConcurrentCalls;
  private final int maxResultChars;
  private final int maxRetries;
  private final Duration maxRetryAfter;
  private final long maxResponseBytes;
  private final @Nullable String mcpUrl;
  private final String docsUrl;
  private final boolean experimental;
  private final RegionStyle regionStyle;
  private final Surface surface;
  private final boolean sandbox;
  private final String userAgent;

  private SentryMcpConfig(Builder b, String host, @Nullable String mcpOrigin, String docsOrigin) {
    this.host = host;
    this.insecureHttp = b.insecureHttp;
    this.allowedRegionDomains = Collections.unmodifiableSet(new LinkedHashSet<>(b.regionDomains));
    this.connectTimeout = b.connectTimeout;
    this.requestTimeout = b.requestTimeout;
    this.callTimeout = b.callTimeout;
    this.seerMaxWait = b.seerMaxWait;
    this.maxConcurrentCalls = b.maxConcurrentCalls;
    this.maxResultChars = b.maxResultChars;
    this.maxRetries = b.maxRetries;
    this.maxRetryAfter = b.maxRetryAfter;
    this.maxResponseBytes = b.maxResponseBytes;
    this.mcpUrl = mcpOrigin;
    this.docsUrl = docsOrigin;
    this.experimental = b.experimental;
    this.regionStyle = b.regionStyle;
    this.surface = b.surface;
    this.sandbox = b.sandbox;
    this.userAgent = b.userAgent;
  }

  /**
   * Settings for sentry.io with the defaults; every setter is optional.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The Sentry host, lower-cased, with its port when one was given (e.g. {@code sentry.io}, {@code 127.0.0.1:9000}).
   *
   * @return the host, with its port when one was given
   */
  public String host() {
    return host;
  }

  /**
   * {@code https}, or {@code http} with {@code insecureHttp} for self-hosted Sentry.
   *
   * @return the scheme
   */
  public String scheme() {
    return insecureHttp ? "http" : "https";
  }

  /**
   * Whether plain {@code http} is used (self-hosted Sentry only).
   *
   * @return true for {@code http}
   */
  public boolean insecureHttp() {
    return insecureHttp;
  }

  /**
   * {@code <scheme>://<host>}.
   *
   * @return the base URL, without a trailing slash
   */
  public String baseUrl() {
    return scheme() + "://" + host;
  }

  /**
   * True for sentry.io and its subdomains.
   *
   * @return true for SaaS
   */
  public boolean isSaas() {
    String h = hostWithoutPort(host);
    return h.equals(DEFAULT_HOST) || h.endsWith("." + DEFAULT_HOST);
  }

  /**
   * Exact host names (besides {@link #host()}) that may receive the token as a region.
   *
   * @return an unmodifiable set of host names
   */
  public Set<String> allowedRegionDomains() {
    return allowedRegionDomains;
  }

  /**
   * TCP connect timeout of requests to Sentry.
   *
   * @return the timeout, positive
   */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * Time limit of one HTTP attempt (waiting for the response and reading it); shrinks to the call's time left.
   *
   * @return the timeout, positive
   */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /**
   * Time limit of one tool call, from its start to its result, every request, retry and wait included. Retries are
   * never scheduled past it.
   *
   * @return the time limit, positive
   */
  public Duration callTimeout() {
    return callTimeout;
  }

  /**
   * How long {@code analyze_issue_with_seer} waits for a Seer analysis to finish in one call; when Seer is still
   * running after it, the call answers with what is known so far and asks to be called again. That tool's time
   * limit is the longer of {@link #callTimeout()} and this wait plus a margin.
   *
   * @return the wait, positive
   */
  public Duration seerMaxWait() {
    return seerMaxWait;
  }

  /**
   * How many tool calls an engine runs at once; beyond that, calls are refused at once as busy.
   *
   * @return the limit, between 1 and 10000
   */
  public int maxConcurrentCalls() {
    return maxConcurrentCalls;
  }

  /**
   * Cap on the text of one tool result, in characters, for the default sanitizer: past it the rest is left out with
   * a note that says how to get it (the next page, a narrower call).
   *
   * @return the cap, at least 1024
   */
  public int maxResultChars() {
    return maxResultChars;
  }

  /**
   * How often an idempotent request is retried after a retryable failure.
   *
   * @return the number of retries, between 0 and 10
   */
  public int maxRetries() {
    return maxRetries;
  }

  /**
   * The longest {@code Retry-After} the client will honour; longer waits fail fast as rate-limited.
   *
   * @return the longest honoured wait, not negative
   */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /**
   * Cap on a response body in bytes.
   *
   * @return the cap, at least 1024
   */
  public long maxResponseBytes() {
    return maxResponseBytes;
  }

  /**
   * Origin ({@code scheme://host[:port]}) of the docs search backend, when configured; {@code search_docs} then
   * posts to {@code <mcpUrl>/api/search}, otherwise to {@value #DEFAULT_MCP_URL}.
   *
   * @return the origin, or null when not configured
   */
  public @Nullable String mcpUrl() {
    return mcpUrl;
  }

  /**
   * Origin ({@code scheme://host[:port]}) documentation pages are read from by {@code get_doc}: {@value
   * #DEFAULT_DOCS_URL} unless configured.
   *
   * @return the origin
   */
  public String docsUrl() {
    return docsUrl;
  }

  /**
   * The experimental-mode flag (the CLI's {@code --experimental}). No tool of this version reads it.
   *
   * @return whether experimental mode is on
   */
  public boolean experimental() {
    return experimental;
  }

  /**
   * How the default sanitizer marks untrusted data inside its regions ({@link RegionStyle#COMPACT} by default).
   *
   * @return the region style
   */
  public RegionStyle regionStyle() {
    return regionStyle;
  }

  /**
   * Which tools a server lists ({@link Surface#GATEWAY} by default).
   *
   * @return the surface
   */
  public Surface surface() {
    return surface;
  }

  /**
   * The product token sent as {@code User-Agent}.
   *
   * @return the token, printable ASCII
   */
  public String userAgent() {
    return userAgent;
  }

  /**
   * True for a sandbox: a fake Sentry with sample data on a loopback address (the builder refuses any other host), so
   * tools label their output as fake sample data.
   *
   * @return true for a sandbox
   */
  public boolean sandbox() {
    return sandbox;
  }

  @Override
  public String toString() {
    return "SentryMcpConfig[host=" + host + ", scheme=" + scheme() + ", callTimeout=" + callTimeout
        + ", maxConcurrentCalls=" + maxConcurrentCalls + ", maxResultChars=" + maxResultChars + ", surface="
        + surface.id() + "]";
  }

  static String hostWithoutPort(String hostAndPort) {
    if (hostAndPort.startsWith("[")) {
      int end = hostAndPort.indexOf(']');
      return end < 0 ? hostAndPort : hostAndPort.substring(0, end + 1);
    }
    int colon = hostAndPort.lastIndexOf(':');
    return colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
  }

  /**
   * Collects settings; {@link #build()} validates them together. The CLI decides flag-versus-environment precedence
   * before calling these setters.
   */
  public static final class Builder {
      private @Nullable String host;
    private @Nullable String url;
    private boolean insecureHttp;
    private final List<String> regionDomainsRaw = new ArrayList<>();
    private final Set<String> regionDomains = new LinkedHashSet<>(DEFAULT_REGION_DOMAINS);
    private Duration connectTimeout = Duration.ofSeconds(DEFAULT_CONNECT_TIMEOUT_SECONDS);
    private Duration requestTimeout = Duration.ofSeconds(DEFAULT_REQUEST_TIMEOUT_SECONDS);
    private Duration callTimeout = Duration.ofSeconds(DEFAULT_CALL_TIMEOUT_SECONDS);
    private Duration seerMaxWait = Duration.ofSeconds(DEFAULT_SEER_MAX_WAIT_SECONDS);
    private int maxConcurrentCalls = DEFAULT_MAX_CONCURRENT_CALLS;
    private int maxResultChars = DEFAULT_MAX_RESULT_CHARS;
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private Duration maxRetryAfter = Duration.ofSeconds(10);
    private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
    private @Nullable String mcpUrl;
    private @Nullable String docsUrl;
    private boolean experimental;
    private RegionStyle regionStyle = RegionStyle.COMPACT;
    private Surface surface = Surface.GATEWAY;
    private boolean sandbox;
    private String userAgent = "sentry-mcp-java";

    private Builder() {}

    /**
     * {@code host} or {@code host:port}, without a scheme. Default {@value SentryMcpConfig#DEFAULT_HOST}.
     *
     * @param host the host, or null for the default
     * @return this builder
     */
    public Builder host(@Nullable String host) {
      this.host = host;
      return this;
    }

    /**
     * An {@code https://} URL whose host is used; beats {@link #host(String)}.
     *
     * @param url the URL, or null
     * @return this builder
     */
    public Builder url(@Nullable String url) {
      this.url = url;
      return this;
    }

    /**
     * Use {@code http} (self-hosted only; never with {@link #url(String)} or a sentry.io host).
     *
     * @param insecureHttp true for {@code http}
     * @return this builder
     */
    public Builder insecureHttp(boolean insecureHttp) {
      this.insecureHttp = insecureHttp;
      return this;
    }













    /**
     * Extra region host names, comma-separated bare ASCII host names (no scheme, port, wildcard or IP).
     *
     * @param csv the host names, or null for none
     * @return this builder
     */
    public Builder allowedRegionDomains(@Nullable String csv) {
      if (csv != null) {
        for (String raw : csv.split(",", -1)) {
          if (!raw.isBlank()) {
            regionDomainsRaw.add(raw.strip());
          }
        }
      }
      return this;
    }

    /**
     * TCP connect timeout (default {@value SentryMcpConfig#DEFAULT_CONNECT_TIMEOUT_SECONDS} s); must be positive.
     *
     * @param timeout the timeout
     * @return this builder
     * @throws NullPointerException when {@code timeout} is null
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Time limit of one HTTP attempt (default {@value SentryMcpConfig#DEFAULT_REQUEST_TIMEOUT_SECONDS} s); must be
     * positive.
     *
     * @param timeout the timeout
     * @return this builder
     * @throws NullPointerException when {@code timeout} is null
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Time limit of one tool call, every request, retry and wait included (default {@value
     * SentryMcpConfig#DEFAULT_CALL_TIMEOUT_SECONDS} s). Keep it below the time your MCP clients wait for an answer.
     *
     * @param timeout the time limit, positive
     * @return this builder
     */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * How long {@code analyze_issue_with_seer} waits for Seer in one call (default {@value
     * SentryMcpConfig#DEFAULT_SEER_MAX_WAIT_SECONDS} s); must be positive.
     *
     * @param wait the wait
     * @return this builder
     */
    public Builder seerMaxWait(Duration wait) {
      this.seerMaxWait = Objects.requireNonNull(wait, "wait");
      return this;
    }

    /**
     * How many tool calls the engine runs at once (default {@value SentryMcpConfig#DEFAULT_MAX_CONCURRENT_CALLS});
     * further calls are refused at once with a "busy, retry" error instead of waiting behind slow ones.
     *
     * @param max the limit, between 1 and 10000
     * @return this builder
     */
    public Builder maxConcurrentCalls(int max) {
      this.maxConcurrentCalls = max;
      return this;
    }

    /**
     * Cap on the text of one tool result in characters (default {@value SentryMcpConfig#DEFAULT_MAX_RESULT_CHARS},
     * at least 1024).
     *
     * @param max the cap
     * @return this builder
     */
    public Builder maxResultChars(int max) {
      this.maxResultChars = max;
      return this;
    }

    /**
     * Retries of an idempotent request (default {@value SentryMcpConfig#DEFAULT_MAX_RETRIES}); 0 to 10.
     *
     * @param maxRetries the number of retries
     * @return this builder
     */
    public Builder maxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * The longest {@code Retry-After} the client will honour (default 10 s); must not be negative.
     *
     * @param maxRetryAfter the longest wait
     * @return this builder
     * @throws NullPointerException when {@code maxRetryAfter} is null
     */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
      return this;
    }

    /**
     * Cap on a response body (default {@value SentryMcpConfig#DEFAULT_MAX_RESPONSE_BYTES} bytes); at least 1024.
     *
     * @param maxResponseBytes the cap in bytes
     * @return this builder
     */
    public Builder maxResponseBytes(long maxResponseBytes) {
      this.maxResponseBytes = maxResponseBytes;
      return this;
    }

    /**
     * The docs search backend for {@code search_docs} (default {@value SentryMcpConfig#DEFAULT_MCP_URL}): an {@code
     * https} URL, or {@code http} together with {@link #insecureHttp(boolean)}; only its origin is used, no user
     * information is allowed.
     *
     * @param mcpUrl the URL, or null for the default
     * @return this builder
     */
    public Builder mcpUrl(@Nullable String mcpUrl) {
      this.mcpUrl = mcpUrl;
      return this;
    }

    /**
     * Where {@code get_doc} reads documentation pages (default {@value SentryMcpConfig#DEFAULT_DOCS_URL}), for a
     * mirror or a test double: same rules as {@link #mcpUrl(String)}.
     *
     * @param docsUrl the URL, or null for the default
     * @return this builder
     */
    public Builder docsUrl(@Nullable String docsUrl) {
      this.docsUrl = docsUrl;
      return this;
    }

    /**
     * Turns experimental mode on (default off); see {@link SentryMcpConfig#experimental()}.
     *
     * @param experimental true for experimental mode
     * @return this builder
     */
    public Builder experimental(boolean experimental) {
      this.experimental = experimental;
      return this;
    }

    /**
     * How the default sanitizer marks untrusted data: compact regions (default), a tag per value, or tags with datamarking. The
     * region boundary itself cannot be switched off.
     *
     * @param regionStyle the style
     * @return this builder
     */
    public Builder regionStyle(RegionStyle regionStyle) {
      this.regionStyle = Objects.requireNonNull(regionStyle, "regionStyle");
      return this;
    }

    /**
     * Which tools a server lists: the reference's small list plus the gateway ({@link Surface#GATEWAY}, default) or
     * every available tool ({@link Surface#DIRECT}).
     *
     * @param surface the surface
     * @return this builder
     */
    public Builder surface(Surface surface) {
      this.surface = Objects.requireNonNull(surface, "surface");
      return this;
    }

    /**
     * Declares that the Sentry host is a fake that serves sample data (for example {@code FakeSentry} from {@code
     * sentry-mcp-testkit}), so tools label their output as fake. It does not start a fake: the host must be a loopback
     * address ({@code 127.0.0.1}, {@code [::1]} or {@code localhost}) reached over plain http, otherwise {@link
     * #build()} refuses the configuration; a sandbox never talks to a real Sentry.
     *
     * @param sandbox true for a sandbox
     * @return this builder
     */
    public Builder sandbox(boolean sandbox) {
      this.sandbox = sandbox;
      return this;
    }

    /**
     * Product token sent as {@code User-Agent} (printable ASCII).
     *
     * @param userAgent the product token
     * @return this builder
     */
    public Builder userAgent(String userAgent) {
      this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
      return this;
    }

    /**
     * Validates everything and builds the configuration.
     *
     * @return the configuration
     * @throws ConfigurationException listing every problem found
     */
    public SentryMcpConfig build() {
      List<String> problems = new ArrayList<>();
      String effectiveHost = resolveHost(problems);
      for (String d : regionDomainsRaw) {
        String lower = d.toLowerCase(Locale.ROOT);
        if (!isPrintableAscii(d) || !BARE_DOMAIN.matcher(lower).matches()
            || ALL_NUMERIC_LABELS.matcher(lower).matches()) {
          problems.add("allowed region domain \"" + Csv.printable(d, 60)
              + "\" is not a bare host name (no scheme, port, wildcard, path or IP address)");
        } else {
          regionDomains.add(lower);
        }
      }
      if (connectTimeout.isNegative() || connectTimeout.isZero()) {
        problems.add("connect timeout must be positive");
      }
      if (requestTimeout.isNegative() || requestTimeout.isZero()) {
        problems.add("request timeout must be positive");
      }
      if (callTimeout.isNegative() || callTimeout.isZero()) {
        problems.add("call timeout must be positive");
      }
      if (seerMaxWait.isNegative() || seerMaxWait.isZero()) {
        problems.add("Seer max wait must be positive");
      }
      if (maxConcurrentCalls < 1 || maxConcurrentCalls > 10_000) {
        problems.add("max concurrent calls must be between 1 and 10000");
      }
      if (maxResultChars < 1024) {
        problems.add("max result chars must be at least 1024");
      }
      if (sandbox && !(insecureHttp && isLoopback(hostWithoutPort(effectiveHost)))) {
        problems.add("sandbox mode needs a fake Sentry on a loopback address over http (host 127.0.0.1, [::1] or"
            + " localhost with insecure http); it never talks to " + effectiveHost);
      }
      if (maxRetries < 0 || maxRetries > 10) {
        problems.add("max retries must be between 0 and 10");
      }
      if (maxRetryAfter.isNegative()) {
        problems.add("max Retry-After must not be negative");
      }
      if (maxResponseBytes < 1024) {
        problems.add("max response size must be at least 1024 bytes");
      }
      String mcpOrigin = mcpUrl == null ? null : serviceOrigin("MCP URL", mcpUrl, problems);
      String docsOrigin = docsUrl == null ? DEFAULT_DOCS_URL : serviceOrigin("docs URL", docsUrl, problems);
      if (!isPrintableAscii(userAgent) || userAgent.isBlank()) {
        problems.add("user agent must be printable ASCII");
      }
      if (!problems.isEmpty()) {
        throw new ConfigurationException(problems);
      }
      return new SentryMcpConfig(this, effectiveHost, mcpOrigin, Objects.requireNonNull(docsOrigin));
    }

    /**
     * The origin of a service URL ({@code scheme://host[:port]}, lower-case, path dropped), or null after adding a
     * problem: https only (http only with insecureHttp), printable ASCII, no user information, {@code %} or
     * backslash.
     */
    private @Nullable String serviceOrigin(String what, String raw, List<String> problems) {
      String u = raw.strip();
      String lower = u.toLowerCase(Locale.ROOT);
      String scheme = lower.startsWith("https://") ? "https" : lower.startsWith("http://") ? "http" : null;
      if (scheme == null || scheme.equals("http") && !insecureHttp) {
        problems.add(what + " must be an https URL (http only with insecure http)");
        return null;
      }
      if (!isPrintableAscii(u) || u.indexOf('@') >= 0 || u.indexOf('\\') >= 0) {
        problems.add(what + " must be printable ASCII without user information or backslashes");
        return null;
      }
      String rest = lower.substring(scheme.length() + 3);
      int cut = rest.length();
      for (char c : new char[] {'/', '?', '#'}) {
        int i = rest.indexOf(c);
        if (i >= 0 && i < cut) {
          cut = i;
        }
      }
      String authority = rest.substring(0, cut);
      if (!HOST_AND_PORT.matcher(authority).matches()) {
        problems.add(what + " has no valid host[:port] (no percent-encoding or trailing dot)");
        return null;
      }
      return scheme + "://" + authority;
    }

    private String resolveHost(List<String> problems) {
      String candidate;
      if (url != null) {
        String u = url.strip();
        if (insecureHttp) {
          problems.add("plain http (insecureHttp) cannot be combined with a Sentry URL; give the host instead");
        }
        if (!u.toLowerCase(Locale.ROOT).startsWith("https://")) {
          problems.add("Sentry URL must start with https://");
          return DEFAULT_HOST;
        }
        String rest = u.substring("https://".length());
        int cut = rest.length();
        for (char c : new char[] {'/', '?', '#'}) {
          int i = rest.indexOf(c);
          if (i >= 0 && i < cut) {
            cut = i;
          }
        }
        candidate = rest.substring(0, cut);
      } else if (host != null) {
        candidate = host.strip();
        String lower = candidate.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
          problems.add("Sentry host must be a host name without a scheme (give an https URL as the Sentry URL instead)");
          return DEFAULT_HOST;
        }
      } else {
        candidate = DEFAULT_HOST;
      }
      String lower = candidate.toLowerCase(Locale.ROOT);
      if (!isPrintableAscii(candidate) || !HOST_AND_PORT.matcher(lower).matches()) {
        problems.add("Sentry host \"" + Csv.printable(candidate, 60)
            + "\" is not a valid host[:port] (no userinfo, path or trailing dot)");
        return DEFAULT_HOST;
      }
      String bare = hostWithoutPort(lower);
      if (lower.length() > bare.length()) {
        int port = Integer.parseInt(lower.substring(bare.length() + 1));
        if (port < 1 || port > 65535) {
          problems.add("Sentry host port must be between 1 and 65535");
        }
      }
      if (insecureHttp && (bare.equals(DEFAULT_HOST) || bare.endsWith("." + DEFAULT_HOST))) {
        problems.add("plain http (insecureHttp) is only for self-hosted Sentry, not for sentry.io");
      }
      return lower;
    }






    private static boolean isLoopback(String host) {
      return host.equals("localhost") || host.equals("[::1]") || host.startsWith("127.")
          && host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    private static boolean isPrintableAscii(String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c < 0x21 || c > 0x7e) {
          return false;
        }
      }
      return true;
    }
  }
}
