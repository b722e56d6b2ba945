package io.github.sentrymcp.langchain4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolProvider;
import dev.langchain4j.service.tool.ToolProviderRequest;
import dev.langchain4j.service.tool.ToolProviderResult;
import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.Surface;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.langchain4j.internal.JsonSchemas;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The Sentry tools of a {@link SentryMcp} engine as a LangChain4j {@link ToolProvider}, for {@code
 * AiServices.builder(...).toolProvider(...)}:
 *
 * <pre>{@code
 * SentryToolProvider tools = SentryToolProvider.builder(engine, request -> sessionOf(request.chatMemoryId())).build();
 * Assistant assistant = AiServices.builder(Assistant.class).chatModel(model).toolProvider(tools).build();
 * }</pre>
 *
 * <p>For each request the provider asks the session function for the caller's {@link Session} and provides the tools
 * {@link SentryMcp#listedTools(Session, Surface)} lists for it in the {@linkplain Builder#surface surface} chosen
 * (by default the engine's configured one, as an MCP server would list them): tools outside the session's grant are
 * never provided, and with {@link Surface#GATEWAY} the rest of the session's tools are reached through the gateway
 * tools. Each tool's parameters are its input schema, converted without loss (a schema node LangChain4j has no typed
 * element for is passed as a raw schema; only the root's {@code $schema}, {@code $id}, {@code title} and {@code
 * $comment} and an empty root {@code properties} or {@code required} are left out).
 *
 * <p>An executor parses the model's JSON arguments and calls {@link SentryMcp#callAndRender(String, Map,
 * CallContext)} for the session the tools were provided for; it returns the rendered text (passed through the
 * engine's sanitizer, Sentry's values fenced as untrusted data) and marks failures as errors. It never throws:
 * arguments that are not a JSON object and every failure of the call become an error text.
 */
public final class SentryToolProvider implements ToolProvider {
  /** The transport name calls made through this provider report to listeners and telemetry. */
  public static final String TRANSPORT = "langchain4j";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SentryMcp engine;
  private final Function<? super ToolProviderRequest, Session> sessions;
  private final Surface surface;

  private SentryToolProvider(Builder b) {
    this.engine = b.engine;
    this.sessions = b.sessions;
    this.surface = b.surface == null ? engine.config().surface() : b.surface;
  }

  /**
   * A builder of a provider whose calls run as the session the function gives for each LangChain4j request (for
   * example by its chat memory id or its invocation parameters).
   *
   * @param engine the engine whose tools are provided
   * @param sessions gives the session of each request
   * @return a new builder
   */
  public static Builder builder(SentryMcp engine, Function<? super ToolProviderRequest, Session> sessions) {
    return new Builder(engine, sessions);
  }

  /**
   * A builder of a provider whose calls all run as one session.
   *
   * @param engine the engine whose tools are provided
   * @param session the session every call runs as
   * @return a new builder
   */
  public static Builder builder(SentryMcp engine, Session session) {
    Objects.requireNonNull(session, "session");
    return new Builder(engine, request -> session);
  }

  /**
   * The surface whose listing this provider provides.
   *
   * @return the surface
   */
  public Surface surface() {
    return surface;
  }

  @Override
  public ToolProviderResult provideTools(ToolProviderRequest request) {
    Session session = Objects.requireNonNull(sessions.apply(request), "the session function returned null");
    ToolProviderResult.Builder result = ToolProviderResult.builder();
    for (ToolDescriptor d : engine.listedTools(session, surface)) {
      result.add(specification(d), new SentryToolExecutor(engine, d.name(), session));
    }
    return result.build();
  }

  /**
   * The LangChain4j specification of a tool: its name, its description and its input schema as parameters.
   *
   * @param tool the tool's descriptor
   * @return the specification
   * @throws IllegalArgumentException when the input schema's root is not an object schema
   */
  public static ToolSpecification specification(ToolDescriptor tool) {
    return ToolSpecification.builder()
        .name(tool.name())
        .description(tool.description())
        .parameters(JsonSchemas.parameters(tool.inputSchema()))
        .build();
  }

  /** Builds a {@link SentryToolProvider}. */
  public static final class Builder {
    private final SentryMcp engine;
    private final Function<? super ToolProviderRequest, Session> sessions;
    private @Nullable Surface surface;

    private Builder(SentryMcp engine, Function<? super ToolProviderRequest, Session> sessions) {
      this.engine = Objects.requireNonNull(engine, "engine");
      this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    /**
     * Which listing to provide: {@link Surface#DIRECT} for every tool the session may use, {@link Surface#GATEWAY}
     * for the top-level tools and the gateway; by default the engine's {@link
     * io.github.sentrymcp.api.config.SentryMcpConfig#surface() configured surface}.
     *
     * @param value the surface
     * @return this builder
     */
    public Builder surface(Surface value) {
      this.surface = Objects.requireNonNull(value, "surface");
      return this;
    }

    /**
     * The provider.
     *
     * @return the provider
     */
    public SentryToolProvider build() {
      return new SentryToolProvider(this);
    }
  }

  /** Runs one tool for the session it was provided for. */
  private static final class SentryToolExecutor implements ToolExecutor {
    private final SentryMcp engine;
    private final String toolName;
    private final Session session;

    SentryToolExecutor(SentryMcp engine, String toolName, Session session) {
      this.engine = engine;
      this.toolName = toolName;
      this.session = session;
    }

    @Override
    public String execute(ToolExecutionRequest request, @Nullable Object memoryId) {
      return run(request).text();
    }

    @Override
    public ToolExecutionResult executeWithContext(ToolExecutionRequest request, @Nullable InvocationContext context) {
      RenderedResult rendered = run(request);
      return ToolExecutionResult.builder().resultText(rendered.text()).isError(rendered.isError()).build();
    }

    private RenderedResult run(ToolExecutionRequest request) {
      Map<String, @Nullable Object> arguments = arguments(request.arguments());
      if (arguments == null) {
        return engine.sanitizer().renderError(SentryMcpException.invalidInput("The arguments of " + toolName
            + " must be a JSON object of its parameters, such as {} when it needs none."));
      }
      CallContext context = CallContext.of(session).withTransport(TRANSPORT);
      return engine.callAndRender(toolName, arguments, context);
    }

    /** The arguments as a map, or null when they are not a JSON object (no arguments at all are an empty one). */
    private static @Nullable Map<String, @Nullable Object> arguments(@Nullable String json) {
      if (json == null || json.isBlank()) {
        return Map.of();
      }
      Object parsed;
      try {
        parsed = JSON.readValue(json, Object.class);
      } catch (JsonProcessingException e) {
        return null;
      }
      if (!(parsed instanceof Map<?, ?> map)) {
        return null;
      }
      Map<String, @Nullable Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), v));
      return out;
    }
  }

  @Override
  public String toString() {
    return "SentryToolProvider[surface=" + surface.id() + "]";
  }

  /**
   * The names of the tools this provider would provide for a session, in order.
   *
   * @param session the session
   * @return the tool names
   */
  public List<String> toolNames(Session session) {
    return engine.listedTools(session, surface).stream().map(ToolDescriptor::name).toList();
  }
}
