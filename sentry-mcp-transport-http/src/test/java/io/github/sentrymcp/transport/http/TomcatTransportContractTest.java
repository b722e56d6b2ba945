package io.github.sentrymcp.transport.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.modelcontextprotocol.contract.McpConnection;
import io.github.sentrymcp.modelcontextprotocol.contract.McpTransportContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.jspecify.annotations.Nullable;

/**
 * The transport contract with the servlet in a second container, embedded Tomcat 11 (Servlet 6.1), stateful: nothing
 * in the transport depends on Jetty.
 */
class TomcatTransportContractTest extends McpTransportContract {

  @Override
  protected McpConnection connect(SentryMcp engine, Session session, boolean structuredContent) throws Exception {
    SentryMcpHttpServlet servlet = SentryMcpHttpServlet.builder(engine,
            ApiKeyAuthenticator.builder().key(session.id(), StatelessHttpTransportContractTest.KEY, session).build())
        .stateful(true)
        .structuredContent(structuredContent)
        .build();
    Path base = Files.createTempDirectory("tomcat");
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", base.toString());
    Wrapper wrapper = Tomcat.addServlet(context, "mcp", servlet);
    wrapper.setAsyncSupported(true);
    context.addServletMappingDecoded("/mcp", "mcp");
    context.addServletMappingDecoded("/mcp/*", "mcp");
    tomcat.start();
    HttpConnection http = new HttpConnection("http://127.0.0.1:" + connector.getLocalPort() + "/mcp",
        StatelessHttpTransportContractTest.KEY);
    return new McpConnection() {
      @Override
      public void send(String message) throws Exception {
        http.send(message);
      }

      @Override
      public @Nullable JsonNode pollResponse(Object id, Duration timeout) throws Exception {
        return http.pollResponse(id, timeout);
      }

      @Override
      public void close() {
        http.close();
        servlet.close();
        try {
          tomcat.stop();
          tomcat.destroy();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }
}
