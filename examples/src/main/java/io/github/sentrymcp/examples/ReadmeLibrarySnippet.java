package io.github.sentrymcp.examples;

import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.core.SentryMcp;
import java.util.Map;
import java.util.Objects;

/** Lists a Sentry organization's projects: {@code SENTRY_ACCESS_TOKEN=... java ReadmeLibrarySnippet my-org}. */
public final class ReadmeLibrarySnippet {
  public static void main(String[] args) {
    String token = Objects.requireNonNull(System.getenv("SENTRY_ACCESS_TOKEN"), "set SENTRY_ACCESS_TOKEN");
    SentryMcpConfig config = SentryMcpConfig.builder().build(); // the engine's settings: sentry.io
    Session session = Session.builder(AccessToken.of(token)).build(); // one user: read-only scopes
    System.out.println(findProjects(config, session, args.length > 0 ? args[0] : "my-org"));
  }

  /** Calls the find_projects tool; the text fences Sentry's text as data, in {@code <d-NONCE>...</d>} regions. */
  static String findProjects(SentryMcpConfig config, Session session, String organizationSlug) {
    try (SentryMcp mcp = SentryMcp.create(config)) { // one engine serves any number of sessions
      ToolResult result = mcp.call("find_projects", Map.of("organizationSlug", organizationSlug), session);
      return mcp.sanitizer().render(result).text();
    }
  }
}
