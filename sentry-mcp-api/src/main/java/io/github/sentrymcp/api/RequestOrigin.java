package io.github.sentrymcp.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How an MCP request reached the engine, for telemetry: what transports and the MCP binding know of the request
 * beyond its session. Every part is optional; a plain-Java call has no origin at all.
 *
 * @param method the MCP method, such as {@code tools/call}
 * @param requestId the JSON-RPC id as text, or null when the transport does not know it
 * @param protocolVersion the MCP protocol version the connection speaks, such as {@code 2025-11-25}
 * @param mcpSessionId the MCP session id where the protocol has sessions (stateful Streamable HTTP), never a
 *     credential
 * @param networkTransport {@code pipe} (stdio) or {@code tcp} (HTTP)
 * @param networkProtocolName {@code http} for HTTP transports
 * @param networkProtocolVersion such as {@code 1.1} or {@code 2}
 * @param clientAddress the client's address as the transport saw it
 * @param clientPort the client's port, or null
 * @param traceContext the W3C trace context the request carried in {@code params._meta}: {@code traceparent},
 *     {@code tracestate} and {@code baggage}, each present only when sent
 */
public record RequestOrigin(
    String method,
    @Nullable String requestId,
    @Nullable String protocolVersion,
    @Nullable String mcpSessionId,
    @Nullable String networkTransport,
    @Nullable String networkProtocolName,
    @Nullable String networkProtocolVersion,
    @Nullable String clientAddress,
    @Nullable Integer clientPort,
    Map<String, String> traceContext) {

  /** The {@code params._meta} keys of {@link #traceContext()}. */
  public static final java.util.Set<String> TRACE_CONTEXT_KEYS = java.util.Set.of("traceparent", "tracestate",
      "baggage");

  /**
   * Copies the trace context.
   *
   * @param method the MCP method, such as {@code tools/call}
   * @param requestId the JSON-RPC id as text, or null when the transport does not know it
   * @param protocolVersion the MCP protocol version the connection speaks, such as {@code 2025-11-25}
   * @param mcpSessionId the MCP session id where the protocol has sessions (stateful Streamable HTTP), never a
   *     credential
   * @param networkTransport {@code pipe} (stdio) or {@code tcp} (HTTP)
   * @param networkProtocolName {@code http} for HTTP transports
   * @param networkProtocolVersion such as {@code 1.1} or {@code 2}
   * @param clientAddress the client's address as the transport saw it
   * @param clientPort the client's port, or null
   * @param traceContext the W3C trace context the request carried in {@code params._meta}: {@code traceparent},
   *     {@code tracestate} and {@code baggage}, each present only when sent
   * @throws NullPointerException when {@code method} or {@code traceContext} is null
   */
  public RequestOrigin {
    Objects.requireNonNull(method, "method");
    traceContext = Map.copyOf(traceContext);
  }

  /**
   * An origin of {@code method}, to be completed with the builder's optional parts.
   *
   * @param method the MCP method, such as {@code tools/call}
   * @return a builder
   * @throws NullPointerException when {@code method} is null
   */
  public static Builder builder(String method) {
    return new Builder(method);
  }

  /**
   * A builder holding this origin's parts, to change some.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(method);
    b.requestId = requestId;
    b.protocolVersion = protocolVersion;
    b.mcpSessionId = mcpSessionId;
    b.networkTransport = networkTransport;
    b.networkProtocolName = networkProtocolName;
    b.networkProtocolVersion = networkProtocolVersion;
    b.clientAddress = clientAddress;
    b.clientPort = clientPort;
    b.traceContext.putAll(traceContext);
    return b;
  }

  /** Builds a {@link RequestOrigin}. */
  public static final class Builder {
    private final String method;
    private @Nullable String requestId;
    private @Nullable String protocolVersion;
    private @Nullable String mcpSessionId;
    private @Nullable String networkTransport;
    private @Nullable String networkProtocolName;
    private @Nullable String networkProtocolVersion;
    private @Nullable String clientAddress;
    private @Nullable Integer clientPort;
    private final Map<String, String> traceContext = new LinkedHashMap<>();

    private Builder(String method) {
      this.method = Objects.requireNonNull(method, "method");
    }

    /**
     * Sets the JSON-RPC id as text.
     *
     * @param id the id, or null when unknown
     * @return this builder
     */
    public Builder requestId(@Nullable String id) {
      this.requestId = id;
      return this;
    }

    /**
     * Sets the MCP protocol version the connection speaks.
     *
     * @param version such as {@code 2025-11-25}, or null
     * @return this builder
     */
    public Builder protocolVersion(@Nullable String version) {
      this.protocolVersion = version;
      return this;
    }

    /**
     * Sets the MCP session id (stateful Streamable HTTP).
     *
     * @param id the session id, never a credential; or null
     * @return this builder
     */
    public Builder mcpSessionId(@Nullable String id) {
      this.mcpSessionId = id;
      return this;
    }

    /**
     * Sets the network transport.
     *
     * @param transport {@code pipe} (stdio) or {@code tcp} (HTTP), or null
     * @return this builder
     */
    public Builder networkTransport(@Nullable String transport) {
      this.networkTransport = transport;
      return this;
    }

    /**
     * Sets the network protocol.
     *
     * @param name {@code http} for HTTP transports, or null
     * @param version such as {@code 1.1} or {@code 2}, or null
     * @return this builder
     */
    public Builder networkProtocol(@Nullable String name, @Nullable String version) {
      this.networkProtocolName = name;
      this.networkProtocolVersion = version;
      return this;
    }

    /**
     * Sets the client's address and port as the transport saw them.
     *
     * @param address the client's address, or null
     * @param port the client's port, or null
     * @return this builder
     */
    public Builder client(@Nullable String address, @Nullable Integer port) {
      this.clientAddress = address;
      this.clientPort = port;
      return this;
    }

    /**
     * Adds one trace-context entry from {@code params._meta}; keys other than {@link #TRACE_CONTEXT_KEYS} and values
     * that are not short printable ASCII are ignored.
     *
     * @param key the {@code _meta} key
     * @param value its value, or null (ignored)
     * @return this builder
     */
    public Builder traceContext(String key, @Nullable Object value) {
      if (TRACE_CONTEXT_KEYS.contains(key) && value instanceof String s && s.length() <= 8192
          && s.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
        traceContext.put(key, s);
      }
      return this;
    }

    /**
     * Builds the origin.
     *
     * @return the origin
     */
    public RequestOrigin build() {
      return new RequestOrigin(method, requestId, protocolVersion, mcpSessionId, networkTransport,
          networkProtocolName, networkProtocolVersion, clientAddress, clientPort, traceContext);
    }
  }
}
