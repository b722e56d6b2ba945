package io.github.sentrymcp.springai;

import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.ToolCallListener;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.api.model.LanguageModel;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.core.model.QueryTranslation;
import io.github.sentrymcp.modelcontextprotocol.SentryMcpToolSpecs;
import io.github.sentrymcp.modelcontextprotocol.SessionResolver;
import io.github.sentrymcp.springai.internal.ListFilteringStatelessTransport;
import io.github.sentrymcp.springai.internal.RequestContexts;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.util.List;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.mcp.customizer.McpAsyncServerCustomizer;
import org.springframework.ai.mcp.customizer.McpSyncServerCustomizer;
import org.springframework.ai.mcp.server.common.autoconfigure.properties.McpServerSseProperties;
import org.springframework.ai.mcp.server.common.autoconfigure.properties.McpServerStreamableHttpProperties;
import org.springframework.ai.mcp.server.webmvc.transport.WebMvcSseServerTransportProvider;
import org.springframework.ai.mcp.server.webmvc.transport.WebMvcStatelessServerTransport;
import org.springframework.ai.mcp.server.webmvc.transport.WebMvcStreamableServerTransportProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Adds the Sentry tools to Spring AI's MCP server ({@code spring-ai-starter-mcp-server-webmvc}, Spring AI 2.0 on
 * Spring Boot 4), each request running for its own {@link Session}.
 *
 * <p>Beans (each replaceable by defining your own of the same type):
 *
 * <ul>
 *   <li>{@link SentryMcp}, the engine, from {@link SentryMcpProperties} ({@code sentry.mcp.*}), with the application's
 *       {@link ToolCallListener} bean if it has exactly one, and natural-language search with its {@link
 *       LanguageModel} bean, or with its {@link ChatModel} when {@code sentry.mcp.language-model.enabled=true};
 *   <li>{@link SessionResolver}: which session a request runs for. The default takes {@code sentry.mcp.access-token}
 *       for every request, else (with {@code sentry.mcp.client-tokens=true}) the client's own {@code Authorization:
 *       Sentry-Bearer <token>}, else refuses the request. Applications with users define their own, reading what this
 *       configuration puts into each request's MCP transport context: the {@code Authorization} header under {@link
 *       #AUTHORIZATION_KEY} and the authenticated {@link java.security.Principal} (Spring Security's, say) under
 *       {@link #PRINCIPAL_KEY};
 *   <li>{@link SentryMcpToolSpecs} and the tool specification lists Spring AI's MCP server collects (sync, async,
 *       stateless), and a server customizer that shows each session the tools it may use in {@code tools/list} (the
 *       application's own tools are unaffected) and leaves argument checks to the engine, which reports every problem
 *       at once. It runs every other {@code McpSyncServerCustomizer}/{@code McpAsyncServerCustomizer} bean too, and
 *       keeps Spring AI's own choice for servlet applications (tool calls run on the request's thread);
 *   <li>the WebMVC transport Spring AI would create ({@code spring.ai.mcp.server.protocol=STREAMABLE}, {@code
 *       STATELESS}, or {@code SSE}, which Spring AI 2.0.1 runs when the property is not set; set {@code STREAMABLE}
 *       for current MCP clients), configured as Spring AI configures it ({@code spring.ai.mcp.server.streamable-http.*}
 *       and {@code spring.ai.mcp.server.sse.*}), plus the request context above.
 * </ul>
 *
 * <p>Stateless servers: Spring AI's stateless server takes no customizer, so the list filter sits in front of its
 * transport (a primary {@code McpStatelessServerTransport} bean wrapping the WebMVC one), and the SDK checks arguments
 * against the schemas before the engine does.
 *
 * <p>MCP SDK versions: Spring AI 2.0.1 brings the MCP Java SDK 2.0.0; this module is built and tested with the version
 * in {@code sentry-mcp-bom}. Import that BOM so that every SDK module ({@code mcp-core}, {@code mcp-json-jackson3},
 * {@code mcp}) has that one version.
 */
@AutoConfiguration(
    beforeName = {
      "org.springframework.ai.mcp.server.webmvc.autoconfigure.McpServerStreamableHttpWebMvcAutoConfiguration",
      "org.springframework.ai.mcp.server.webmvc.autoconfigure.McpServerStatelessWebMvcAutoConfiguration",
      "org.springframework.ai.mcp.server.common.autoconfigure.McpServerAutoConfiguration",
      "org.springframework.ai.mcp.server.common.autoconfigure.McpServerStatelessAutoConfiguration"
    })
@ConditionalOnClass({SentryMcp.class, SentryMcpToolSpecs.class, McpSchema.class})
@ConditionalOnBooleanProperty(prefix = "sentry.mcp", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(SentryMcpProperties.class)
public class SentryMcpAutoConfiguration {
  /** Transport-context key of the request's {@code Authorization} header, for {@link SessionResolver}s. */
  public static final String AUTHORIZATION_KEY = RequestContexts.AUTHORIZATION_KEY;

  /** Transport-context key of the request's authenticated {@link java.security.Principal}, when it has one. */
  public static final String PRINCIPAL_KEY = RequestContexts.PRINCIPAL_KEY;

  /** Creates the configuration (Spring does). */
  public SentryMcpAutoConfiguration() {}

  /**
   * The engine, closed with the application context.
   *
   * @param properties the {@code sentry.mcp.*} settings
   * @param languageModel the application's language model, used when it has exactly one
   * @param listener the application's call listener, used when it has exactly one
   * @return the engine
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public SentryMcp sentryMcp(SentryMcpProperties properties, ObjectProvider<LanguageModel> languageModel,
      ObjectProvider<ToolCallListener> listener) {
    SentryMcpConfig.Builder config = SentryMcpConfig.builder().insecureHttp(properties.insecureHttp());
    if (properties.host() != null) {
      config.host(properties.host());
    }
    if (properties.url() != null) {
      config.url(properties.url());
    }
    if (properties.callTimeout() != null) {
      config.callTimeout(properties.callTimeout());
    }
    if (properties.maxConcurrentCalls() != null) {
      config.maxConcurrentCalls(properties.maxConcurrentCalls());
    }
    SentryMcp.Builder engine = SentryMcp.builder(config.build());
    LanguageModel model = languageModel.getIfUnique();
    if (model != null) {
      engine.queryTranslation(QueryTranslation.builder(model).build());
    }
    ToolCallListener l = listener.getIfUnique();
    if (l != null) {
      engine.listener(l);
    }
    return engine.build();
  }

  /**
   * Which session each request runs for (see the class comment).
   *
   * @param properties the {@code sentry.mcp.*} settings
   * @return the resolver
   */
  @Bean
  @ConditionalOnMissingBean
  public SessionResolver sentryMcpSessionResolver(SentryMcpProperties properties) {
    String token = properties.accessToken();
    if (token != null && !token.isBlank()) {
      return SessionResolver.fixed(Session.of(AccessToken.of(token.strip())));
    }
    if (properties.clientTokens()) {
      return RequestContexts::clientTokenSession;
    }
    return context -> {
      throw new SentryMcpException(ErrorKind.AUTHENTICATION,
          "This server has no Sentry session for the request: it needs sentry.mcp.access-token, "
              + "sentry.mcp.client-tokens=true or a SessionResolver bean.");
    };
  }

  /**
   * The engine's tools as MCP Java SDK tool specifications.
   *
   * @param engine the engine
   * @param sessions which session each request runs for
   * @param properties the {@code sentry.mcp.*} settings
   * @return the specifications
   */
  @Bean
  @ConditionalOnMissingBean
  public SentryMcpToolSpecs sentryMcpToolSpecs(SentryMcp engine, SessionResolver sessions,
      SentryMcpProperties properties) {
    return SentryMcpToolSpecs.builder(engine, sessions).transportName("http")
        .structuredContent(properties.structuredContent()).build();
  }

  /**
   * The tools for Spring AI's sync server ({@code spring.ai.mcp.server.type=SYNC}, its default).
   *
   * @param specs the engine's tool specifications
   * @return one specification per tool of the engine
   */
  @Bean
  public List<McpServerFeatures.SyncToolSpecification> sentryMcpSyncTools(SentryMcpToolSpecs specs) {
    return specs.sync();
  }

  /**
   * The tools for Spring AI's async server.
   *
   * @param specs the engine's tool specifications
   * @return one specification per tool of the engine
   */
  @Bean
  public List<McpServerFeatures.AsyncToolSpecification> sentryMcpAsyncTools(SentryMcpToolSpecs specs) {
    return specs.async();
  }

  /**
   * The tools for Spring AI's stateless sync server.
   *
   * @param specs the engine's tool specifications
   * @return one specification per tool of the engine
   */
  @Bean
  public List<McpStatelessServerFeatures.SyncToolSpecification> sentryMcpStatelessSyncTools(
      SentryMcpToolSpecs specs) {
    return specs.statelessSync();
  }

  /**
   * The tools for Spring AI's stateless async server.
   *
   * @param specs the engine's tool specifications
   * @return one specification per tool of the engine
   */
  @Bean
  public List<McpStatelessServerFeatures.AsyncToolSpecification> sentryMcpStatelessAsyncTools(
      SentryMcpToolSpecs specs) {
    return specs.statelessAsync();
  }

  /** The application's {@link ChatModel} as the engine's language model. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(ChatModel.class)
  @ConditionalOnBooleanProperty(prefix = "sentry.mcp.language-model", name = "enabled")
  public static class LanguageModelConfiguration {
    /** Creates the configuration (Spring does). */
    public LanguageModelConfiguration() {}

    /**
     * The application's single {@link ChatModel}, adapted.
     *
     * @throws IllegalStateException when the application has no single {@code ChatModel} bean
     * @param chatModel the application's chat models
     * @param properties the {@code sentry.mcp.*} settings
     * @return the adapted chat model
     */
    @Bean
    @ConditionalOnMissingBean(LanguageModel.class)
    public LanguageModel sentryMcpLanguageModel(ObjectProvider<ChatModel> chatModel, SentryMcpProperties properties) {
      ChatModel model = chatModel.getIfUnique();
      if (model == null) {
        throw new IllegalStateException(
            "sentry.mcp.language-model.enabled=true needs exactly one ChatModel bean (or a LanguageModel bean)");
      }
      String provider = properties.languageModel().provider();
      return provider == null || provider.isBlank()
          ? SpringAiLanguageModel.of(model) : SpringAiLanguageModel.of(model, provider);
    }
  }

  /** The session-aware tool list and Spring AI's servlet behaviour for its sync and async servers. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(McpSyncServerCustomizer.class)
  public static class ServerCustomizerConfiguration {
    /** Creates the configuration (Spring does). */
    public ServerCustomizerConfiguration() {}

    /**
     * Spring AI's sync server takes one customizer: this one, which applies every other customizer bean, then the
     * Sentry tools' list filter.
     *
     * @param others every customizer bean of the application (this one is skipped)
     * @param specs the engine's tool specifications
     * @return the customizer
     */
    @Bean
    @Primary
    public McpSyncServerCustomizer sentryMcpSyncServerCustomizer(ObjectProvider<McpSyncServerCustomizer> others,
        SentryMcpToolSpecs specs) {
      return new McpSyncServerCustomizer() {
        @Override
        public void customize(McpServer.SyncSpecification<?> server) {
          others.orderedStream().filter(c -> c != this).forEach(c -> c.customize(server));
          server.validateToolInputs(false).addToolFilter(specs.syncListFilter());
        }
      };
    }

    /**
     * The same for Spring AI's async server.
     *
     * @param others every customizer bean of the application (this one is skipped)
     * @param specs the engine's tool specifications
     * @return the customizer
     */
    @Bean
    @Primary
    public McpAsyncServerCustomizer sentryMcpAsyncServerCustomizer(ObjectProvider<McpAsyncServerCustomizer> others,
        SentryMcpToolSpecs specs) {
      return new McpAsyncServerCustomizer() {
        @Override
        public void customize(McpServer.AsyncSpecification<?> server) {
          others.orderedStream().filter(c -> c != this).forEach(c -> c.customize(server));
          server.validateToolInputs(false).addToolFilter(specs.asyncListFilter());
        }
      };
    }
  }

  /** Spring AI's WebMVC transports, with each request's authorization and principal in its MCP context. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({WebMvcStreamableServerTransportProvider.class, JacksonMcpJsonMapper.class, JsonMapper.class})
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @EnableConfigurationProperties({McpServerStreamableHttpProperties.class, McpServerSseProperties.class})
  @SuppressWarnings("removal") // WebMvcSseServerTransportProvider: deprecated, and still Spring AI's default
  public static class WebMvcTransportConfiguration {
    /** Creates the configuration (Spring does). */
    public WebMvcTransportConfiguration() {}

    /**
     * The streamable HTTP transport ({@code spring.ai.mcp.server.protocol=STREAMABLE}).
     *
     * @param jsonMapper Spring AI's JSON mapper for MCP
     * @param properties {@code spring.ai.mcp.server.streamable-http.*}
     * @return the transport
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "spring.ai.mcp.server", name = "protocol", havingValue = "STREAMABLE")
    public WebMvcStreamableServerTransportProvider webMvcStreamableServerTransportProvider(
        @Qualifier("mcpServerJsonMapper") JsonMapper jsonMapper, McpServerStreamableHttpProperties properties) {
      return WebMvcStreamableServerTransportProvider.builder()
          .jsonMapper(new JacksonMcpJsonMapper(jsonMapper))
          .mcpEndpoint(properties.getMcpEndpoint())
          .keepAliveInterval(properties.getKeepAliveInterval())
          .disallowDelete(properties.isDisallowDelete())
          .contextExtractor(RequestContexts::of)
          .build();
    }

    /**
     * The HTTP+SSE transport of MCP 2024-11-05 ({@code spring.ai.mcp.server.protocol=SSE}, which is what Spring AI
     * 2.0.1 runs when the property is not set).
     *
     * @param jsonMapper Spring AI's JSON mapper for MCP
     * @param properties {@code spring.ai.mcp.server.sse.*}
     * @return the transport
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "spring.ai.mcp.server", name = "protocol", havingValue = "SSE",
        matchIfMissing = true)
    public WebMvcSseServerTransportProvider webMvcSseServerTransportProvider(
        @Qualifier("mcpServerJsonMapper") JsonMapper jsonMapper, McpServerSseProperties properties) {
      return WebMvcSseServerTransportProvider.builder()
          .jsonMapper(new JacksonMcpJsonMapper(jsonMapper))
          .baseUrl(properties.getBaseUrl())
          .sseEndpoint(properties.getSseEndpoint())
          .messageEndpoint(properties.getSseMessageEndpoint())
          .keepAliveInterval(properties.getKeepAliveInterval())
          .contextExtractor(RequestContexts::of)
          .build();
    }

    /**
     * The routes of the HTTP+SSE transport: Spring AI skips its whole SSE configuration, routes included, once another
     * transport provider bean exists.
     *
     * @param transport the HTTP+SSE transport
     * @return its routes
     */
    @Bean
    @ConditionalOnMissingBean(name = "webMvcSseServerRouterFunction")
    @ConditionalOnProperty(prefix = "spring.ai.mcp.server", name = "protocol", havingValue = "SSE",
        matchIfMissing = true)
    public RouterFunction<ServerResponse> webMvcSseServerRouterFunction(WebMvcSseServerTransportProvider transport) {
      return transport.getRouterFunction();
    }

    /**
     * The stateless HTTP transport ({@code spring.ai.mcp.server.protocol=STATELESS}).
     *
     * @param jsonMapper Spring AI's JSON mapper for MCP
     * @param properties {@code spring.ai.mcp.server.streamable-http.*}
     * @return the transport
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "spring.ai.mcp.server", name = "protocol", havingValue = "STATELESS")
    public WebMvcStatelessServerTransport webMvcStatelessServerTransport(
        @Qualifier("mcpServerJsonMapper") JsonMapper jsonMapper, McpServerStreamableHttpProperties properties) {
      return WebMvcStatelessServerTransport.builder()
          .jsonMapper(new JacksonMcpJsonMapper(jsonMapper))
          .messageEndpoint(properties.getMcpEndpoint())
          .contextExtractor(RequestContexts::of)
          .build();
    }

    /**
     * What Spring AI's stateless server talks to: the stateless transport, with each request's {@code tools/list}
     * answer narrowed to the tools its session may use (that server takes no list filter of its own).
     *
     * @param transport the stateless transport that serves the requests
     * @param specs the engine's tool specifications
     * @return the transport the server is built on
     */
    @Bean
    @Primary
    @ConditionalOnProperty(prefix = "spring.ai.mcp.server", name = "protocol", havingValue = "STATELESS")
    public McpStatelessServerTransport sentryMcpStatelessServerTransport(WebMvcStatelessServerTransport transport,
        SentryMcpToolSpecs specs) {
      return new ListFilteringStatelessTransport(transport, specs.syncListFilter());
    }
  }

  @Override
  public String toString() {
    return "SentryMcpAutoConfiguration";
  }
}
