package io.github.sentrymcp.server;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command-line flags. Environment fallbacks are resolved in {@link Main}, never through picocli defaults, so
 * {@code --help} never shows a value taken from the environment (the access token in particular).
 */
@Command(
    name = "sentry-mcp-server",
    sortOptions = false,
    usageHelpAutoWidth = true,
    headerHeading = "",
    header = "Sentry MCP server (stdio): Sentry tools for AI assistants over the Model Context Protocol.",
    synopsisHeading = "%nUsage: ",
    customSynopsis = {
      "sentry-mcp-server [OPTIONS]",
      "       sentry-mcp-server auth [login|status|logout]",
      "           [--host=<host[:port]>|--url=<https-url>] [--insecure-http]"
    },
    descriptionHeading = "%n",
    description = {
      "Speaks MCP (newline-delimited JSON-RPC) on stdin/stdout; logs go to stderr. A flag beats its environment"
          + " variable. Exit codes: 0 = stdin closed or terminated, 1 = invalid arguments or configuration."
    },
    optionListHeading = "%nOptions:%n",
    footerHeading = "%n",
    footer = {
      "Environment only: SENTRY_ALLOWED_REGION_DOMAINS, comma-separated extra region",
      "host names that may receive the token (besides sentry.io, us.sentry.io and",
      "de.sentry.io).",
      "",
      "Natural-language search (off unless --agent-provider or EMBEDDED_AGENT_PROVIDER",
      "names a provider; never chosen from the API keys set): OPENROUTER_MODEL and",
      "OPENROUTER_REASONING_EFFORT (openrouter), OPENAI_API_VERSION (azure-openai",
      "deployment URLs), OPENAI_TOKEN_LIMIT_PARAMETER=max_completion_tokens|max_tokens",
      "(OpenAI-compatible APIs).",
      "",
      "Device login: 'sentry-mcp-server auth login' logs in through the browser",
      "(OAuth device flow) and caches the token, mode 0600, in ~/.sentry/mcp.json",
      "(env SENTRY_MCP_AUTH_CACHE). A stdio start without a token then uses the",
      "cached token, refreshes it when it is near expiry, or (only when stderr is a",
      "terminal) runs the login itself. 'auth status' shows the cached login, 'auth",
      "logout' deletes it. For sentry.io; another host needs SENTRY_CLIENT_ID (the",
      "client id of a public OAuth application of that Sentry).",
      "SENTRY_MCP_NO_BROWSER=1: never open a browser.",
      "",
      "Examples:",
      "  SENTRY_ACCESS_TOKEN=... sentry-mcp-server",
      "  sentry-mcp-server auth login && sentry-mcp-server",
      "  sentry-mcp-server --access-token-file=token.txt --host=sentry.example.com",
      "  sentry-mcp-server --sandbox          # fake sample data, no account needed",
      "  OPENAI_API_KEY=... sentry-mcp-server --agent-provider=openai"
    })
final class ServerOptions {

  @Option(
      names = "--access-token",
      paramLabel = "<token>",
      description =
          "Sentry user auth token (env SENTRY_ACCESS_TOKEN). Visible in process listings: prefer the environment"
              + " variable or --access-token-file. Without any token: the device login (see below).")
  @Nullable String accessToken;

  @Option(
      names = "--access-token-file",
      paramLabel = "<path>",
      description = "Read the token from this file (surrounding whitespace and the trailing newline are ignored).")
  @Nullable String accessTokenFile;

  @Option(
      names = "--host",
      paramLabel = "<host[:port]>",
      description = "Sentry host name, no scheme (env SENTRY_HOST; default sentry.io).")
  @Nullable String host;

  @Option(
      names = "--url",
      paramLabel = "<https-url>",
      description = "Sentry base URL, must be https:// (env SENTRY_URL). A URL (flag or env) beats a host (flag or env).")
  @Nullable String url;

  @Option(
      names = "--insecure-http",
      description = "Use http:// for a self-hosted Sentry (not with --url, not for sentry.io).")
  boolean insecureHttp;

  @Option(
      names = "--mcp-url",
      paramLabel = "<url>",
      description = "Base URL of the documentation search backend (env MCP_URL; default https://mcp.sentry.dev).")
  @Nullable String mcpUrl;

  @Option(
      names = "--docs-url",
      paramLabel = "<url>",
      description = "Base URL get_doc reads documentation pages from, for a mirror (env MCP_DOCS_URL; default"
          + " https://docs.sentry.io).")
  @Nullable String docsUrl;

  @Option(
      names = "--sentry-dsn",
      paramLabel = "<dsn>",
      description = "Send traces of the tool calls to this Sentry project through its OTLP ingestion (env"
          + " SENTRY_DSN), unless OTEL_EXPORTER_OTLP_ENDPOINT sends them elsewhere. Telemetry is off without a DSN"
          + " or OTEL_* settings; see README, Observability.")
  @Nullable String sentryDsn;

  @Option(
      names = "--organization-slug",
      paramLabel = "<slug>",
      description = "Restrict the session to this organization.")
  @Nullable String organizationSlug;

  @Option(
      names = "--project-slug",
      paramLabel = "<slug>",
      description = "Restrict the session to this project (needs --organization-slug).")
  @Nullable String projectSlug;

  @Option(
      names = "--skills",
      paramLabel = "<a,b>",
      description =
          "Skills to enable, replacing the default set (env MCP_SKILLS): inspect, seer, docs, triage,"
              + " project-management. Default: all but the deprecated docs.")
  @Nullable String skills;

  @Option(names = "--all-skills", description = "Enable every non-deprecated skill (not with --skills).")
  boolean allSkills;

  @Option(
      names = "--disable-skills",
      paramLabel = "<a,b>",
      description = "Skills to remove from the resolved set (env MCP_DISABLE_SKILLS).")
  @Nullable String disableSkills;

  @Option(
      names = "--scopes",
      paramLabel = "<a,b>",
      description =
          "Scopes granted to the session, replacing the default org:read,project:read,team:read,event:read"
              + " (env MCP_SCOPES).")
  @Nullable String scopes;

  @Option(
      names = "--add-scopes",
      paramLabel = "<a,b>",
      description = "Scopes added to the grant, e.g. event:write for triage (env MCP_ADD_SCOPES).")
  @Nullable String addScopes;

  @Option(
      names = "--tools",
      paramLabel = "<a,b>",
      description =
          "Only these tools may be listed and called, on top of skills and scopes (env MCP_TOOLS).")
  @Nullable String tools;

  @Option(
      names = "--disable-tools",
      paramLabel = "<a,b>",
      description = "These tools are never listed or called, whatever the skills and scopes (env MCP_DISABLE_TOOLS).")
  @Nullable String disableTools;

  @Option(
      names = "--region-style",
      paramLabel = "<compact|tags|datamarking>",
      description =
          "How Sentry data is marked in tool results: compact (default: nonce-tagged regions around runs of values,"
              + " closed-grammar values such as ids and timestamps bare), tags (a region with source and trust"
              + " around every value) or datamarking (tags, and inside them every space shown as \u02C6).")
  @Nullable String regionStyle;

  @Option(
      names = "--surface",
      paramLabel = "<gateway|direct>",
      description = "Which tools tools/list shows: gateway (default: the main tools plus search_sentry_tools,"
          + " execute_sentry_tool for read-only tools and execute_sentry_write_tool for tools that change data) or"
          + " direct (every available tool). Either way every available tool can be called (env MCP_SURFACE).")
  @Nullable String surface;

  @Option(names = "--experimental", description = "Enable experimental tools.")
  boolean experimental;

  @Option(
      names = "--no-warmup",
      description =
          "Skip the JIT warm-up: by default, right after start-up a background thread runs the call path a few"
              + " hundred times against a private in-process fake (never your Sentry), only while no request is"
              + " being answered, so later calls are fast. Costs about one second of CPU.")
  boolean noWarmup;

  @Option(
      names = "--sandbox",
      description =
          "Serve fake sample data from an in-process fake Sentry on 127.0.0.1: no token, no network. For trying"
              + " the server out.")
  boolean sandbox;

  @Option(
      names = "--request-timeout-ms",
      paramLabel = "<ms>",
      description = "Timeout of each Sentry API request attempt in milliseconds (default 30000).")
  @Nullable Long requestTimeoutMs;

  @Option(
      names = "--call-timeout-ms",
      paramLabel = "<ms>",
      description = "Time limit of a whole tool call in milliseconds, every request and retry included (default"
          + " 30000).")
  @Nullable Long callTimeoutMs;

  @Option(
      names = "--seer-max-wait",
      paramLabel = "<duration>",
      description = "How long analyze_issue_with_seer waits for Seer in one call: seconds, or with a unit"
          + " (500ms, 90s, 5m; default 5m). Then it answers with what is known and asks to be called again.")
  @Nullable String seerMaxWait;

  @Option(
      names = "--max-concurrent-calls",
      paramLabel = "<n>",
      description = "Tool calls run at once (default 64); further calls get a \"busy, retry\" error at once.")
  @Nullable Integer maxConcurrentCalls;

  @Option(
      names = "--max-result-chars",
      paramLabel = "<n>",
      description = "Cap on the text of one tool result (default 80000 characters); past it the rest is left out"
          + " with a note that says how to get it.")
  @Nullable Integer maxResultChars;

  @Option(
      names = "--structured-content",
      description = "Advertise output schemas and send structuredContent with results (for programmatic MCP"
          + " clients). Off by default: results come once, as text, with every Sentry value in a region.")
  boolean structuredContent;

  @Option(
      names = "--transport",
      paramLabel = "<stdio|http>",
      description = "stdio (default) or http: MCP Streamable HTTP on --bind:--port (env MCP_TRANSPORT).")
  @Nullable String transport;

  @Option(
      names = "--port",
      paramLabel = "<port>",
      description = "HTTP: the port to listen on (default 8765; 0 picks a free one).")
  @Nullable Integer port;

  @Option(
      names = "--bind",
      paramLabel = "<address>",
      description = "HTTP: the address to listen on (default 127.0.0.1). Without authentication only loopback.")
  @Nullable String bind;

  @Option(
      names = "--api-keys-file",
      paramLabel = "<file>",
      description = "HTTP: API keys mapped to Sentry tokens the server holds (env MCP_API_KEYS_FILE, or the keys"
          + " themselves in MCP_API_KEYS; see README).")
  @Nullable String apiKeysFile;

  @Option(
      names = "--allow-sentry-bearer",
      description = "HTTP: accept a client's own Sentry token as 'Authorization: Sentry-Bearer <token>'"
          + " (token pass-through; off by default).")
  boolean allowSentryBearer;

  @Option(
      names = "--allowed-hosts",
      paramLabel = "<hosts>",
      description = "HTTP: allowed Host headers, comma-separated (name, name:port or name:*; default loopback names).")
  @Nullable String allowedHosts;

  @Option(
      names = "--allowed-origins",
      paramLabel = "<origins>",
      description = "HTTP: allowed Origin headers, comma-separated (e.g. https://app.example.com; default loopback).")
  @Nullable String allowedOrigins;

  @Option(
      names = "--cors-origins",
      paramLabel = "<origins>",
      description = "HTTP: origins that get CORS headers, comma-separated (default none: CORS off).")
  @Nullable String corsOrigins;

  @Option(
      names = "--stateful",
      description = "HTTP: keep sessions (Mcp-Session-Id) in memory instead of serving stateless requests.")
  boolean stateful;

  @Option(
      names = "--oauth",
      description = "HTTP: be an MCP OAuth 2.1 authorization server in front of Sentry's OAuth: clients authorize in"
          + " a browser and never see the Sentry token (needs a Sentry OAuth app: --sentry-client-id and"
          + " SENTRY_CLIENT_SECRET; see README, Remote deployment).")
  boolean oauth;

  @Option(
      names = "--public-url",
      paramLabel = "<url>",
      description = "HTTP with --oauth: this server's public https origin, the OAuth issuer (env MCP_PUBLIC_URL;"
          + " default http://localhost:<port>, only on loopback).")
  @Nullable String publicUrl;

  @Option(
      names = "--sentry-client-id",
      paramLabel = "<id>",
      description = "HTTP with --oauth: the Sentry OAuth app's client id (env SENTRY_CLIENT_ID); its secret comes"
          + " from SENTRY_CLIENT_SECRET or --sentry-client-secret-file.")
  @Nullable String sentryClientId;

  @Option(
      names = "--sentry-client-secret-file",
      paramLabel = "<file>",
      description = "HTTP with --oauth: read the Sentry OAuth app's client secret from this file.")
  @Nullable String sentryClientSecretFile;

  @Option(
      names = "--oauth-secret-file",
      paramLabel = "<file>",
      description = "HTTP with --oauth: the master secret (base64, 32+ random bytes) that encrypts Sentry tokens at"
          + " rest and signs state (env MCP_OAUTH_SECRET). Same on every replica. Default with the memory store:"
          + " a random one per start.")
  @Nullable String oauthSecretFile;

  @Option(
      names = "--oauth-store",
      paramLabel = "<memory|jdbc-url>",
      description = "HTTP with --oauth: where grants and tokens are kept: memory (default) or a PostgreSQL JDBC"
          + " URL shared by replicas (env MCP_OAUTH_STORE; user and password from MCP_OAUTH_DB_USER and"
          + " MCP_OAUTH_DB_PASSWORD).")
  @Nullable String oauthStore;

  @Option(
      names = "--agent-provider",
      paramLabel = "<name>",
      description =
          "Turns on natural-language search with this model provider: openai (or any OpenAI-compatible server),"
              + " azure-openai, anthropic or openrouter (env EMBEDDED_AGENT_PROVIDER); its key comes from"
              + " OPENAI_API_KEY, ANTHROPIC_API_KEY or OPENROUTER_API_KEY. Never chosen from the keys set: without"
              + " it, search tools take Sentry search syntax only.")
  @Nullable String agentProvider;

  @Option(
      names = "--openai-base-url",
      paramLabel = "<url>",
      description = "openai and azure-openai: the API's base URL (env OPENAI_BASE_URL; default"
          + " https://api.openai.com/v1; https, or http to a loopback host). Azure: ending in /openai/v1 or"
          + " /openai/deployments/<name> (api-version from OPENAI_API_VERSION).")
  @Nullable String openaiBaseUrl;

  @Option(
      names = "--openai-model",
      paramLabel = "<model>",
      description = "openai and azure-openai: the model (env OPENAI_MODEL; default gpt-5).")
  @Nullable String openaiModel;

  @Option(
      names = "--anthropic-base-url",
      paramLabel = "<url>",
      description = "anthropic: the API's base URL (env ANTHROPIC_BASE_URL; default https://api.anthropic.com/v1).")
  @Nullable String anthropicBaseUrl;

  @Option(
      names = "--anthropic-model",
      paramLabel = "<model>",
      description = "anthropic: the model (env ANTHROPIC_MODEL; default claude-sonnet-4-5).")
  @Nullable String anthropicModel;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Option(
      names = {"-v", "--version"},
      versionHelp = true,
      description = "Print the version and exit.")
  boolean version;
}
