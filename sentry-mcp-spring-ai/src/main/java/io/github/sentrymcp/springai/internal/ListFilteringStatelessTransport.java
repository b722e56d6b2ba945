package io.github.sentrymcp.springai.internal;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.server.McpSyncListFilter;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * A stateless transport that applies a {@code tools/list} filter to the server's answers. Spring AI builds its
 * stateless server without a way to add the SDK's list filter, so the filter sits between the server and the
 * transport instead: the server's handler is wrapped, and each {@code tools/list} result loses the tools the request's
 * context may not see. Everything else passes unchanged.
 */
public final class ListFilteringStatelessTransport implements McpStatelessServerTransport {
  private final McpStatelessServerTransport delegate;
  private final McpSyncListFilter<McpSchema.Tool> filter;

  /**
   * Wraps a transport.
   *
   * @param delegate the transport that serves the requests
   * @param filter which tools a request's {@code tools/list} shows
   */
  public ListFilteringStatelessTransport(McpStatelessServerTransport delegate,
      McpSyncListFilter<McpSchema.Tool> filter) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.filter = Objects.requireNonNull(filter, "filter");
  }

  @Override
  public void setMcpHandler(McpStatelessServerHandler handler) {
    Objects.requireNonNull(handler, "handler");
    delegate.setMcpHandler(new McpStatelessServerHandler() {
      @Override
      public Mono<McpSchema.JSONRPCResponse> handleRequest(McpTransportContext context,
          McpSchema.JSONRPCRequest request) {
        Mono<McpSchema.JSONRPCResponse> response = handler.handleRequest(context, request);
        if (!McpSchema.METHOD_TOOLS_LIST.equals(request.method())) {
          return response;
        }
        return response.map(r -> filtered(context, r));
      }

      @Override
      public Mono<Void> handleNotification(McpTransportContext context,
          McpSchema.JSONRPCNotification notification) {
        return handler.handleNotification(context, notification);
      }
    });
  }

  private McpSchema.JSONRPCResponse filtered(McpTransportContext context, McpSchema.JSONRPCResponse response) {
    if (!(response.result() instanceof McpSchema.ListToolsResult list)) {
      return response;
    }
    List<McpSchema.Tool> visible = list.tools().stream().filter(t -> filter.isVisible(context, t)).toList();
    return new McpSchema.JSONRPCResponse(response.jsonrpc(), response.id(),
        new McpSchema.ListToolsResult(visible, list.nextCursor(), list.meta()), response.error());
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public Mono<Void> closeGracefully() {
    return delegate.closeGracefully();
  }

  @Override
  public List<String> protocolVersions() {
    return delegate.protocolVersions();
  }
}
