package io.github.sentrymcp.transport.http;

import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.modelcontextprotocol.contract.McpConnection;
import io.github.sentrymcp.modelcontextprotocol.contract.McpTransportContract;

/**
 * The transport contract over Streamable HTTP, stateless (the default): a {@link SentryMcpHttpServlet} in Jetty 12,
 * the session coming from an API key.
 */
class StatelessHttpTransportContractTest extends McpTransportContract {
  static final String KEY = "contract-api-key-0123456789";

  static McpConnection connect(SentryMcp engine, Session session, boolean structuredContent, boolean stateful)
      throws Exception {
    SentryMcpHttpServlet servlet = SentryMcpHttpServlet.builder(engine,
            ApiKeyAuthenticator.builder().key(session.id(), KEY, session).build())
        .stateful(stateful)
        .structuredContent(structuredContent)
        .build();
    Jetty jetty = new Jetty(servlet);
    HttpConnection http = new HttpConnection(jetty.url("/mcp"), KEY);
    return new McpConnection() {
      @Override
      public void send(String message) throws Exception {
        http.send(message);
      }

      @Override
      public com.fasterxml.jackson.databind.@org.jspecify.annotations.Nullable JsonNode pollResponse(Object id,
          java.time.Duration timeout) throws Exception {
        return http.pollResponse(id, timeout);
      }

      @Override
      public void close() {
        http.close();
        servlet.close();
        jetty.close();
      }
    };
  }

  @Override
  protected McpConnection connect(SentryMcp engine, Session session, boolean structuredContent) throws Exception {
    return connect(engine, session, structuredContent, false);
  }
}
