package io.github.sentrymcp.core;

import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.ConfigurationException;
import io.github.sentrymcp.api.Csv;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.RegionUrlValidator;
import io.github.sentrymcp.api.ScopeResolver;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SentryTool;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.ToolFilter;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.ToolResultSanitizer;
import io.github.sentrymcp.core.client.SentryApiClient;
import io.github.sentrymcp.core.tools.AbstractSentryTool;
import io.github.sentrymcp.core.tools.BuiltinTools;
import io.github.sentrymcp.core.tools.ToolEnvironment;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine: the tool catalog for one configuration, with availability decided by skills, scopes and session
 * constraints. Use it from plain Java ({@link #call}) or hand it to a transport ({@link #callAndRender}).
 *
 * <pre>{@code
 * SentryMcp mcp = SentryMcp.create(SentryMcpConfig.builder(AccessToken.of(token)).build());
 * ToolResult r = mcp.call("find_projects", Map.of("organizationSlug", "my-org"));
 * System.err.println(mcp.sanitizer().render(r).text());
 * }</pre>
 */
public final class SentryMcp {
  private static final Logger LOG = LoggerFactory.getLogger(SentryMcp.class);

  private final SentryMcpConfig config;
  private final ToolResultSanitizer sanitizer;
  private final Map<String, SentryTool> tools;
  private final CallContext defaultContext;
  private final ScopeResolver scopeResolver;

  private SentryMcp(Builder b) {
    this.config = b.config;
    this.scopeResolver = b.scopeResolver;
    RegionUrlValidator validator = b.validator != null ? b.validator
        : new DefaultRegionUrlValidator(config.host(), config.allowedRegionDomains());
    SentryApiClient client = b.httpClient != null
        ? SentryApiClient.create(config, validator, b.httpClient)
        : SentryApiClient.create(config, validator);
    ToolEnvironment env = new ToolEnvironment(client, config, b.scopeResolver);
    this.sanitizer = b.sanitizer != null
        ? b.sanitizer
        : DefaultToolResultSanitizer.builder().style(config.regionStyle()).build();
    Map<String, SentryTool> all = new LinkedHashMap<>();
    List<SentryTool> candidates = new ArrayList<>(BuiltinTools.create(env));
    for (Function<ToolEnvironment, SentryTool> f : b.extraTools) {
      candidates.add(f.apply(env));
    }
    for (SentryTool t : candidates) {
      if (all.putIfAbsent(t.descriptor().name(), t) != null) {
        throw new IllegalArgumentException("duplicate tool name " + t.descriptor().name());
      }
    }
    this.tools = Collections.unmodifiableMap(all);
    String unknown = unknownToolNames(config.toolFilter(), all.keySet());
    if (unknown != null) {
      throw new ConfigurationException(List.of(unknown));
    }
    this.defaultContext = new CallContext(config.grantedScopes(), config.skills(), config.constraints(),
        config.toolFilter(), () -> false);
  }

  /**
   * The problem with the tool names a filter mentions that are not in {@code catalog} (listing the catalog), or null
   * when all are known. The engine checks its own tools with it; a CLI can check {@code BuiltinTools.names()} before
   * building one.
   */
  public static @Nullable String unknownToolNames(ToolFilter filter, Collection<String> catalog) {
    List<String> unknown = new ArrayList<>();
    for (String name : filter.mentioned()) {
      if (!catalog.contains(name)) {
        unknown.add("\"" + name + "\"");
      }
    }
    return unknown.isEmpty() ? null : "unknown tool(s) " + String.join(", ", unknown)
        + " in --tools/--disable-tools; available tools: " + String.join(", ", catalog);
  }

  /** An engine with the default HTTP client, validator, sanitizer and the built-in tools. */
  public static SentryMcp create(SentryMcpConfig config) {
    return builder(config).build();
  }

  public static Builder builder(SentryMcpConfig config) {
    return new Builder(config);
  }

  public SentryMcpConfig config() {
    return config;
  }

  public ToolResultSanitizer sanitizer() {
    return sanitizer;
  }

  /** The context built from the configuration: its grant, skills and constraints. */
  public CallContext defaultContext() {
    return defaultContext;
  }

  /** Every registered tool, available or not. */
  public List<SentryTool> allTools() {
    return List.copyOf(tools.values());
  }

  public Optional<SentryTool> tool(String name) {
    return Optional.ofNullable(tools.get(name));
  }

  /** The tools the default context may list and call, with constraint-filtered schemas. */
  public List<ToolDescriptor> availableTools() {
    return availableTools(defaultContext);
  }

  /** The tools this context may list and call, with constraint-filtered schemas. */
  public List<ToolDescriptor> availableTools(CallContext context) {
    List<ToolDescriptor> out = new ArrayList<>();
    for (SentryTool t : tools.values()) {
      if (isAvailable(t, context)) {
        out.add(t instanceof AbstractSentryTool a ? a.descriptorFor(context.constraints()) : t.descriptor());
      }
    }
    return List.copyOf(out);
  }

  private boolean isAvailable(SentryTool t, CallContext context) {
    return AbstractSentryTool.permissionProblem(t.descriptor(), context, scopeResolver) == null
        && !(t instanceof AbstractSentryTool a && a.hiddenUnder(context.constraints()));
  }

  /** Calls a tool with the default context. */
  public ToolResult call(String name, Map<String, ? extends @Nullable Object> arguments) {
    return call(name, arguments, defaultContext);
  }

  /**
   * Calls a tool.
   *
   * @throws SentryMcpException for an unknown or unavailable tool, invalid input, missing permission or API failure
   */
  public ToolResult call(String name, Map<String, ? extends @Nullable Object> arguments, CallContext context) {
    Objects.requireNonNull(name, "name");
    SentryTool t = tools.get(name);
    if (t == null) {
      throw SentryMcpException.invalidInput(
          "Unknown tool \"" + Csv.printable(name, 64) + "\". Call tools/list for the available tools.");
    }
    // checked here for every tool, host-defined ones included: an unavailable tool is never invoked
    SentryMcpException denied = AbstractSentryTool.permissionProblem(t.descriptor(), context, scopeResolver);
    if (denied != null) {
      throw denied;
    }
    if (t instanceof AbstractSentryTool a && a.hiddenUnder(context.constraints())) {
      throw SentryMcpException.permissionDenied(
          "The tool " + name + " is not available in this constrained session.");
    }
    return t.call(arguments, context);
  }

  /**
   * Calls a tool and renders the outcome through the sanitizer. Never throws: every failure becomes an error result
   * with a fixed-template message; unexpected exceptions are logged (class and stack to stderr, no message text that
   * might hold data) and reported generically.
   */
  public RenderedResult callAndRender(
      String name, Map<String, ? extends @Nullable Object> arguments, CallContext context) {
    try {
      return sanitizer.render(call(name, arguments, context));
    } catch (SentryMcpException e) {
      if (e.kind() == ErrorKind.INTERNAL || e.kind() == ErrorKind.UPSTREAM_ERROR) {
        LOG.warn("tool {} failed: {} ({})", safeName(name), e.kind(), e.getClass().getSimpleName());
      }
      return sanitizer.renderError(e);
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      LOG.error("tool {} failed unexpectedly: {}", safeName(name), e.getClass().getName());
      return sanitizer.renderError(new SentryMcpException(ErrorKind.INTERNAL,
          "An unexpected error occurred while running the tool."));
    }
  }

  private static String safeName(String name) {
    return Csv.printable(name, 64);
  }

  /** Configures an engine. */
  public static final class Builder {
    private final SentryMcpConfig config;
    private @Nullable HttpClient httpClient;
    private @Nullable RegionUrlValidator validator;
    private @Nullable ToolResultSanitizer sanitizer;
    private ScopeResolver scopeResolver = DefaultScopeResolver.INSTANCE;
    private final List<Function<ToolEnvironment, SentryTool>> extraTools = new ArrayList<>();

    private Builder(SentryMcpConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /** A JDK client to share (for example one with a virtual-thread executor). Its redirect policy must be NEVER. */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    public Builder regionUrlValidator(RegionUrlValidator validator) {
      this.validator = Objects.requireNonNull(validator, "validator");
      return this;
    }

    public Builder sanitizer(ToolResultSanitizer sanitizer) {
      this.sanitizer = Objects.requireNonNull(sanitizer, "sanitizer");
      return this;
    }

    public Builder scopeResolver(ScopeResolver resolver) {
      this.scopeResolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** Adds a host-defined tool, built with the shared environment. */
    public Builder tool(Function<ToolEnvironment, SentryTool> factory) {
      extraTools.add(Objects.requireNonNull(factory, "factory"));
      return this;
    }

    public SentryMcp build() {
      return new SentryMcp(this);
    }
  }
}
