package io.github.sentrymcp.transport.stdio;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.modelcontextprotocol.contract.McpConnection;
import io.github.sentrymcp.modelcontextprotocol.contract.McpTransportContract;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** The transport contract over the stdio transport: a {@link SentryMcpStdioServer} on in-memory pipes. */
class StdioTransportContractTest extends McpTransportContract {

  @Override
  protected McpConnection connect(SentryMcp engine, Session session, boolean structuredContent) throws Exception {
    PipedStdio io = new PipedStdio(SentryMcpStdioServer.builder(engine, session),
        b -> {
          if (structuredContent) {
            b.structuredContent(true);
          }
        });
    return new McpConnection() {
      @Override
      public void send(String message) throws Exception {
        io.sendLine(message);
      }

      @Override
      public @Nullable JsonNode pollResponse(Object id, Duration timeout) throws Exception {
        return io.pollResponse(id, timeout);
      }

      @Override
      public void close() {
        io.close();
      }
    };
  }
}
