package io.github.sentrymcp.examples;

import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.testkit.FakeSentry;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Calls Sentry tools from plain Java: no MCP library involved. Runs against an in-process {@link FakeSentry} so it
 * needs no account; point the config at your own Sentry ({@code host}, token) to use real data.
 *
 * <p>The build runs this program and fails if a result is not what the sample data says.
 */
public final class PlainJavaExample {
  private PlainJavaExample() {}

  public static void main(String[] args) {
    // An example program, not an MCP server: printing results to stdout is its purpose.
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
        StandardCharsets.UTF_8);
    try (FakeSentry fake = FakeSentry.builder().build()) {
      SentryMcpConfig config = SentryMcpConfig.builder()
          .host(fake.hostAndPort())
          .insecureHttp(true) // the fake speaks plain http on 127.0.0.1
          .build();
      // one engine, built once; every call says for which session (credential and grant) it runs
      SentryMcp mcp = SentryMcp.create(config);
      Session session = Session.builder(AccessToken.of("example-token")).id("example").build();

      out.println("Tools available with the default (read-only) grant:");
      for (ToolDescriptor d : mcp.availableTools(session)) {
        out.println("  " + d.name() + " - " + d.title());
      }

      // 1. Call a tool and render its result through the sanitizer: Sentry values end up fenced as data.
      ToolResult whoami = mcp.call("whoami", Map.of(), session);
      String text = mcp.sanitizer().render(whoami).text();
      out.println();
      out.println(text);
      require(text.contains("test@example.com"), "whoami shows the sample user");

      // 2. Structured content is plain Java maps, with the provenance of every Sentry value in _meta.
      RenderedResult projects = mcp.sanitizer().render(
          mcp.call("find_projects", Map.of("organizationSlug", "sentry-mcp-evals"), session));
      out.println();
      out.println("find_projects structured content: " + projects.structuredContent());
      require(String.valueOf(projects.structuredContent()).contains("cloudflare-mcp"), "the sample project");

      // 3. Failures are exceptions with a machine-readable kind; callAndRender turns them into error results.
      try {
        mcp.call("get_issue_details", Map.of("organizationSlug", "sentry-mcp-evals", "issueId", "../../x"),
            session);
        throw new IllegalStateException("a traversal payload must be refused");
      } catch (SentryMcpException e) {
        out.println();
        out.println("Refused as " + e.kind() + ": " + e.getMessage());
      }
      RenderedResult issue = mcp.callAndRender("get_issue_details",
          Map.of("organizationSlug", "sentry-mcp-evals", "issueId", "CLOUDFLARE-MCP-41"), session);
      require(!issue.isError() && issue.text().contains("7ca573c0f4814912aaa9bdc77d1a7d51"),
          "get_issue_details shows the latest event");
      out.println();
      out.println("get_issue_details: " + issue.text().length() + " characters, Sentry's text fenced.");
      mcp.close();
    }
  }

  private static void require(boolean condition, String what) {
    if (!condition) {
      throw new IllegalStateException("example check failed: " + what);
    }
  }
}
