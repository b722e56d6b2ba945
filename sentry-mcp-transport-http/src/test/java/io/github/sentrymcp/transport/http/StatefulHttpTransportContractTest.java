package io.github.sentrymcp.transport.http;

import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.modelcontextprotocol.contract.McpConnection;
import io.github.sentrymcp.modelcontextprotocol.contract.McpTransportContract;

/** The transport contract over Streamable HTTP with sessions ({@code Mcp-Session-Id}), in Jetty 12. */
class StatefulHttpTransportContractTest extends McpTransportContract {

  @Override
  protected McpConnection connect(SentryMcp engine, Session session, boolean structuredContent) throws Exception {
    return StatelessHttpTransportContractTest.connect(engine, session, structuredContent, true);
  }
}
