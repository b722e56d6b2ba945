package io.github.sentrymcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.result.RegionStyle;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolFilter;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: parsing, environment precedence, validation and what it prints. No server is started. */
class MainTest {
  private static final String SECRET = "sntrys_SuperSecretValue123";

  /** One run of {@link Main#run} with a launcher that only records the plan. */
  private static final class Run {
    final int exit;
    final String out;
    final String err;
    final @Nullable LaunchPlan plan;

    Run(int exit, String out, String err, @Nullable LaunchPlan plan) {
      this.exit = exit;
      this.out = out;
      this.err = err;
      this.plan = plan;
    }

    Session session() {
      assertNotNull(plan, "no plan; stderr: " + err);
      return plan.session();
    }

    SentryMcpConfig config() {
      assertNotNull(plan, "no plan; stderr: " + err);
      return plan.config();
    }
  }

  private static Run run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    LaunchPlan[] captured = new LaunchPlan[1];
    int exit;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exit =
          Main.run(
              args,
              env,
              o,
              e,
              (plan, stderr) -> {
                captured[0] = plan;
                for (String n : plan.notices()) {
                  stderr.println(n);
                }
                return 0;
              });
    }
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), captured[0]);
  }

  private static Run run(String... args) {
    return run(Map.of(), args);
  }

  private static void assertNoSecret(Run r) {
    assertFalse(r.out.contains(SECRET), "stdout leaks the token: " + r.out);
    assertFalse(r.err.contains(SECRET), "stderr leaks the token: " + r.err);
    assertFalse(r.err.contains("SuperSecret"), r.err);
  }

  @Test
  void helpListsEveryFlagAndItsEnvironmentVariable() {
    for (String flag : new String[] {"--help", "-h"}) {
      Run r = run(Map.of("SENTRY_ACCESS_TOKEN", SECRET), flag);
      assertEquals(0, r.exit);
      assertNull(r.plan);
      for (String s :
          new String[] {
            "--access-token", "SENTRY_ACCESS_TOKEN", "--access-token-file", "--host", "SENTRY_HOST", "--url",
            "SENTRY_URL", "--insecure-http", "--mcp-url", "MCP_URL", "--docs-url", "MCP_DOCS_URL", "--sentry-dsn", "SENTRY_DSN",
            "--openai-base-url", "--openai-model", "--anthropic-base-url", "--anthropic-model", "--agent-provider",
            "EMBEDDED_AGENT_PROVIDER", "--organization-slug", "--project-slug", "--skills", "MCP_SKILLS",
            "--all-skills", "--disable-skills", "MCP_DISABLE_SKILLS", "--scopes", "MCP_SCOPES", "--add-scopes",
            "MCP_ADD_SCOPES", "--experimental", "--sandbox", "--no-warmup", "--request-timeout-ms", "--region-style",
            "<compact|tags|datamarking>", "--tools", "MCP_TOOLS", "--disable-tools", "MCP_DISABLE_TOOLS",
            "--max-result-chars", "default 80000", "--structured-content", "--call-timeout-ms",
            "--max-concurrent-calls", "--seer-max-wait",
            "SENTRY_ALLOWED_REGION_DOMAINS",
            "sentry-mcp-server auth [login|status|logout]", "SENTRY_CLIENT_ID", "SENTRY_MCP_AUTH_CACHE",
            "~/.sentry/mcp.json", "SENTRY_MCP_NO_BROWSER",
            "--oauth", "--public-url", "MCP_PUBLIC_URL", "--sentry-client-id", "SENTRY_CLIENT_SECRET",
            "--sentry-client-secret-file", "--oauth-secret-file", "MCP_OAUTH_SECRET", "--oauth-store",
            "MCP_OAUTH_STORE", "MCP_OAUTH_DB_USER", "MCP_OAUTH_DB_PASSWORD",
            "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "OPENROUTER_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_BASE_URL",
            "OPENAI_MODEL", "ANTHROPIC_MODEL", "OPENROUTER_MODEL", "OPENROUTER_REASONING_EFFORT", "OPENAI_API_VERSION",
            "OPENAI_TOKEN_LIMIT_PARAMETER",
            "--version"
          }) {
        assertTrue(r.out.contains(s), "help misses " + s + ":\n" + r.out);
      }
      assertNoSecret(r);
      assertEquals("", r.err);
    }
  }

  @Test
  void versionPrintsTheProductAndVersion() {
    for (String flag : new String[] {"--version", "-v"}) {
      Run r = run(flag);
      assertEquals(0, r.exit);
      assertEquals("sentry-mcp-java " + Version.get(), r.out.strip());
      assertFalse(Version.get().isBlank());
    }
  }

  @Test
  void unknownFlagIsAnErrorThatNeverEchoesItsValue() {
    Run r = run("--acess-token=" + SECRET);
    assertEquals(1, r.exit);
    assertNull(r.plan);
    assertTrue(r.err.contains("Error: unknown option '--acess-token'"), r.err);
    assertTrue(r.err.contains("--help"), r.err);
    assertNoSecret(r);
  }

  @Test
  void positionalArgumentIsAnErrorThatNeverEchoesIt() {
    Run r = run("--access-token=abc", SECRET);
    assertEquals(1, r.exit);
    assertTrue(r.err.contains("Error: unexpected argument"), r.err);
    assertNoSecret(r);
  }

  @Test
  void missingTokenIsAnError() {
    Run r = run("--host=sentry.example.com");
    assertEquals(1, r.exit);
    assertTrue(r.err.contains("Error: no Sentry access token"), r.err);
    assertTrue(r.err.contains("'sentry-mcp-server auth login'"), r.err);
    assertTrue(r.err.contains("for sentry.example.com set SENTRY_CLIENT_ID"), r.err);
    assertNull(r.plan);
    // over HTTP, device login is no option
    Run http = run("--transport=http");
    assertEquals(1, http.exit);
    assertTrue(http.err.contains("Error: no Sentry access token"), http.err);
    assertFalse(http.err.contains("auth login"), http.err);
  }

  @Test
  void theAuthCommandComesFirst() {
    Run r = run("--host=sentry.example.com", "auth", "login");
    assertEquals(1, r.exit);
    assertTrue(r.err.contains("Error: 'auth' must come first: sentry-mcp-server auth [login|status|logout]"), r.err);
    Run help = run("auth", "--help");
    assertEquals(0, help.exit);
    assertTrue(help.out.startsWith("Usage: sentry-mcp-server auth [login|status|logout]"), help.out);
  }

  @Test
  void aTokenlessStdioStartOnSentryIoLooksForTheCachedLogin(@TempDir Path dir) {
    // the plan's placeholder never reaches a launcher: without a cache (and stderr not a terminal) the start fails
    Run r = run(Map.of("SENTRY_MCP_AUTH_CACHE", dir.resolve("mcp.json").toString()));
    org.junit.jupiter.api.Assumptions.assumeFalse(StoredLogin.stderrIsTerminal());
    assertEquals(1, r.exit);
    assertNull(r.plan);
    assertTrue(r.err.contains("no usable cached login for sentry.io"), r.err);
  }

  @Test
  void configurationErrorsAreAllListedAndNeverShowTheToken() {
    Run r =
        run(
            "--access-token=" + SECRET,
            "--skills=inspect,bogus-skill",
            "--scopes=org:read,not:a-scope",
            "--host=http://bad.example.com",
            "--agent-provider=openai",
            "--openai-base-url=ftp://x",
            "--request-timeout-ms=0",
            "--region-style=none",
            "--max-result-chars=1023");
    assertEquals(1, r.exit);
    String[] lines = r.err.strip().split("\n");
    long errors = java.util.Arrays.stream(lines).filter(l -> l.startsWith("Error: ")).count();
    assertEquals(8, errors, r.err);
    assertTrue(r.err.contains("--region-style must be compact, tags or datamarking"), r.err);
    assertTrue(r.err.contains("--max-result-chars must be at least 1024"), r.err);
    assertTrue(r.err.contains("bogus-skill"), r.err);
    assertTrue(r.err.contains("not:a-scope"), r.err);
    assertTrue(r.err.contains("Error: --agent-provider=openai needs OPENAI_API_KEY; it is not set"), r.err);
    assertTrue(r.err.contains("Error: the openai base URL must use https"), r.err);
    assertTrue(r.err.contains("--request-timeout-ms"), r.err);
    assertTrue(r.err.contains("scheme"), r.err);
    assertTrue(lines[lines.length - 1].contains("--help"), r.err);
    assertNoSecret(r);
  }

  @Test
  void toolListsComeFromFlagsOrEnvironmentAndFlagsWin() {
    Map<String, String> env = Map.of("SENTRY_ACCESS_TOKEN", "t", "MCP_TOOLS", "whoami,find_teams",
        "MCP_DISABLE_TOOLS", "find_teams");
    ToolFilter fromEnv = run(env).session().toolFilter();
    assertEquals(java.util.Set.of("whoami", "find_teams"), fromEnv.only());
    assertFalse(fromEnv.allows("find_teams"));
    ToolFilter fromFlags = run(env, "--tools=find_projects", "--disable-tools=whoami").session().toolFilter();
    assertEquals(java.util.Set.of("find_projects"), fromFlags.only());
    assertEquals(java.util.Set.of("whoami"), fromFlags.disabled());
    assertEquals(ToolFilter.ALL, run("--access-token=t").session().toolFilter());
  }

  @Test
  void unknownToolNamesAreAStartupError() {
    Run r = run("--access-token=t", "--tools=whoami,get_everything", "--disable-tools=find_all");
    assertEquals(1, r.exit);
    assertNull(r.plan);
    assertTrue(r.err.contains("Error: unknown tool(s) \"get_everything\", \"find_all\""), r.err);
    assertTrue(r.err.contains("available tools: whoami"), r.err);
    Run malformed = run("--access-token=t", "--disable-tools=Bad Name");
    assertEquals(1, malformed.exit);
    assertTrue(malformed.err.contains("\"Bad Name\" is not a tool name"), malformed.err);
  }

  @Test
  void regionStyleReachesTheConfiguration() {
    assertEquals(RegionStyle.COMPACT, run("--access-token=t").config().regionStyle());
    assertEquals(RegionStyle.COMPACT, run("--access-token=t", "--region-style=compact").config().regionStyle());
    assertEquals(RegionStyle.TAGS, run("--access-token=t", "--region-style=tags").config().regionStyle());
    assertEquals(RegionStyle.TAGS, run("--access-token=t", "--region-style", "Tags").config().regionStyle());
    assertEquals(RegionStyle.DATAMARKING, run("--access-token=t", "--region-style=datamarking").config()
        .regionStyle());
    assertEquals(RegionStyle.DATAMARKING, run("--access-token=t", "--region-style", "DataMarking").config()
        .regionStyle());
    // the sandbox configuration gets it too
    assertEquals(RegionStyle.TAGS, java.util.Objects.requireNonNull(run("--sandbox", "--region-style=tags").plan)
        .sandboxConfig().apply("127.0.0.1:1").regionStyle());
    for (String bad : new String[] {"--region-style=", "--region-style=compacts", "--region-style=none"}) {
      Run r = run("--access-token=t", bad);
      assertEquals(1, r.exit, bad);
      assertNull(r.plan, bad);
      assertTrue(r.err.contains("--region-style must be compact, tags or datamarking"), bad + ": " + r.err);
    }
  }

  @Test
  void seerMaxWaitReachesTheConfigurationAndIsValidated() {
    assertEquals(java.time.Duration.ofMinutes(5), run("--access-token=t").config().seerMaxWait());
    assertEquals(java.time.Duration.ofSeconds(90), run("--access-token=t", "--seer-max-wait=90").config().seerMaxWait());
    assertEquals(java.time.Duration.ofSeconds(45), run("--access-token=t", "--seer-max-wait", "45s").config()
        .seerMaxWait());
    assertEquals(java.time.Duration.ofMinutes(2), run("--access-token=t", "--seer-max-wait=2m").config().seerMaxWait());
    assertEquals(java.time.Duration.ofMillis(500), run("--access-token=t", "--seer-max-wait=500ms").config()
        .seerMaxWait());
    assertEquals(java.time.Duration.ofSeconds(7), java.util.Objects.requireNonNull(
        run("--sandbox", "--seer-max-wait=7").plan).sandboxConfig().apply("127.0.0.1:1").seerMaxWait());
    for (String bad : new String[] {"--seer-max-wait=0", "--seer-max-wait=-5", "--seer-max-wait=5h",
        "--seer-max-wait=abc", "--seer-max-wait=", "--seer-max-wait=1.5s"}) {
      Run r = run("--access-token=t", bad);
      assertEquals(1, r.exit, bad);
      assertNull(r.plan, bad);
      assertTrue(r.err.contains("Error: --seer-max-wait must be a positive duration"), bad + ": " + r.err);
    }
  }

  @Test
  void maxResultCharsReachesTheConfigurationAndIsValidated() {
    assertEquals(SentryMcpConfig.DEFAULT_MAX_RESULT_CHARS, run("--access-token=t").config().maxResultChars());
    assertEquals(80_000, SentryMcpConfig.DEFAULT_MAX_RESULT_CHARS);
    assertEquals(1024, run("--access-token=t", "--max-result-chars=1024").config().maxResultChars());
    assertEquals(250_000, run("--access-token=t", "--max-result-chars", "250000").config().maxResultChars());
    assertEquals(4096, java.util.Objects.requireNonNull(run("--sandbox", "--max-result-chars=4096").plan)
        .sandboxConfig().apply("127.0.0.1:1").maxResultChars());
    for (String bad : new String[] {"--max-result-chars=1023", "--max-result-chars=0", "--max-result-chars=-5"}) {
      Run r = run("--access-token=" + SECRET, bad);
      assertEquals(1, r.exit, bad);
      assertNull(r.plan, bad);
      assertTrue(r.err.contains("Error: --max-result-chars must be at least 1024"), bad + ": " + r.err);
      assertNoSecret(r);
    }
    for (String bad : new String[] {"--max-result-chars=abc", "--max-result-chars=1.5e4", "--max-result-chars="}) {
      Run r = run("--access-token=" + SECRET, bad);
      assertEquals(1, r.exit, bad);
      assertNull(r.plan, bad);
      assertTrue(r.err.startsWith("Error: ") && r.err.contains("--max-result-chars"), bad + ": " + r.err);
      assertNoSecret(r);
    }
  }

  @Test
  void structuredContentIsOffByDefaultAndAFlagTurnsItOn() {
    assertFalse(java.util.Objects.requireNonNull(run("--access-token=t").plan).structuredContent());
    assertTrue(java.util.Objects.requireNonNull(run("--access-token=t", "--structured-content").plan)
        .structuredContent());
    assertTrue(java.util.Objects.requireNonNull(run("--sandbox", "--structured-content").plan).structuredContent());
    // like every boolean flag, it also takes an explicit true or false (picocli), and nothing else
    assertFalse(java.util.Objects.requireNonNull(run("--access-token=t", "--structured-content=false").plan)
        .structuredContent());
    assertTrue(java.util.Objects.requireNonNull(run("--access-token=t", "--structured-content=true").plan)
        .structuredContent());
    Run bogus = run("--access-token=" + SECRET, "--structured-content=yes-please");
    assertEquals(1, bogus.exit, bogus.err);
    assertNull(bogus.plan);
    assertTrue(bogus.err.startsWith("Error: ") && bogus.err.contains("--structured-content"), bogus.err);
    assertNoSecret(bogus);
  }

  @Test
  void problemsWithoutATokenAreListedTogetherWithTheMissingToken() {
    // a self-hosted host without SENTRY_CLIENT_ID: no device login is possible, so the missing token is a problem
    // (for sentry.io a cached login may exist, and the other problems are reported first)
    Run r = run("--skills=nope", "--host=sentry.example.com");
    assertEquals(1, r.exit);
    assertTrue(r.err.contains("no Sentry access token"), r.err);
    assertTrue(r.err.contains("\"nope\""), r.err);
  }

  @Test
  void tokenComesFromFlagThenFileThenEnvironment(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "  file-token\n");

    assertEquals("flag-token", run(Map.of("SENTRY_ACCESS_TOKEN", "env-token"), "--access-token=flag-token")
        .session().credential().token());
    Run fromFile = run(Map.of("SENTRY_ACCESS_TOKEN", "env-token"), "--access-token-file=" + file);
    assertEquals("file-token", fromFile.session().credential().token());
    // the file is read at use: a rotated token is picked up without a restart
    Files.writeString(file, "rotated-token\n");
    assertEquals("rotated-token", fromFile.session().credential().token());
    assertFalse(fromFile.session().toString().contains("rotated"), fromFile.session().toString());
    Files.writeString(file, "  file-token\n");
    assertEquals("env-token", run(Map.of("SENTRY_ACCESS_TOKEN", "env-token")).session().credential().token());

    Run both = run("--access-token=a", "--access-token-file=" + file);
    assertEquals(1, both.exit);
    assertTrue(both.err.contains("cannot be combined"), both.err);

    Run missing = run("--access-token-file=" + dir.resolve("nope"));
    assertEquals(1, missing.exit);
    assertTrue(missing.err.contains("access token file") && missing.err.contains("does not exist"), missing.err);
    assertFalse(missing.err.contains("Exception"), missing.err);
    Run directory = run("--access-token-file=" + dir);
    assertEquals(1, directory.exit);
    assertTrue(directory.err.contains("cannot read access token file"), directory.err);

    Path empty = dir.resolve("empty");
    Files.writeString(empty, "\n");
    assertTrue(run("--access-token-file=" + empty).err.contains("is empty"));

    Path twoLines = dir.resolve("two");
    Files.writeString(twoLines, SECRET + "\nsecond-line-" + SECRET + "\n");
    Run bad = run("--access-token-file=" + twoLines);
    assertEquals(1, bad.exit);
    assertTrue(bad.err.contains("invalid access token"), bad.err);
    assertNoSecret(bad);
  }

  @Test
  void flagBeatsEnvironment() {
    Map<String, String> env = new HashMap<>();
    env.put("SENTRY_ACCESS_TOKEN", "t");
    env.put("SENTRY_HOST", "env.example.com");
    env.put("MCP_SCOPES", "org:read");
    env.put("MCP_SKILLS", "triage");
    env.put("MCP_DISABLE_SKILLS", "seer");
    env.put("MCP_URL", "https://env-docs.example.com");
    env.put("MCP_DOCS_URL", "https://env-pages.example.com");

    Run envRun = run(env);
    SentryMcpConfig fromEnv = envRun.config();
    assertEquals("env.example.com", fromEnv.host());
    assertEquals(EnumSet.of(Skill.TRIAGE), envRun.session().skills());
    assertEquals("https://env-docs.example.com", fromEnv.mcpUrl());
    assertEquals("https://env-pages.example.com", fromEnv.docsUrl());
    assertTrue(envRun.session().grantedScopes().contains(Scope.fromId("org:read").orElseThrow()));
    assertFalse(envRun.session().grantedScopes().contains(Scope.fromId("project:read").orElseThrow()));

    Run flagRun =
        run(
                env,
                "--host=flag.example.com",
                "--scopes=project:read",
                "--skills=inspect,seer",
                "--disable-skills=inspect",
                "--mcp-url=https://flag-docs.example.com",
                "--docs-url=https://flag-pages.example.com");
    SentryMcpConfig fromFlags = flagRun.config();
    assertEquals("flag.example.com", fromFlags.host());
    assertEquals(EnumSet.of(Skill.SEER), flagRun.session().skills());
    assertEquals("https://flag-docs.example.com", fromFlags.mcpUrl());
    assertEquals("https://flag-pages.example.com", fromFlags.docsUrl());
    assertTrue(flagRun.session().grantedScopes().contains(Scope.fromId("project:read").orElseThrow()));
    assertFalse(flagRun.session().grantedScopes().contains(Scope.fromId("org:read").orElseThrow()));

    // --all-skills suppresses MCP_SKILLS
    assertTrue(run(env, "--all-skills").session().skills().containsAll(EnumSet.of(Skill.INSPECT, Skill.TRIAGE)));
    // blank environment values count as unset
    assertEquals("sentry.io", run(Map.of("SENTRY_ACCESS_TOKEN", "t", "SENTRY_HOST", " ")).config().host());
  }

  @Test
  void urlBeatsHostFromFlagOrEnvironment() {
    assertEquals("url.example.com",
        run(Map.of("SENTRY_URL", "https://url.example.com/"), "--access-token=t", "--host=flag.example.com")
            .config().host());
    assertEquals("flag-url.example.com",
        run(Map.of("SENTRY_HOST", "env.example.com"), "--access-token=t", "--url=https://flag-url.example.com")
            .config().host());
    Run insecureWithUrl = run("--access-token=t", "--url=https://x.example.com", "--insecure-http");
    assertEquals(1, insecureWithUrl.exit);
    assertTrue(insecureWithUrl.err.contains("--insecure-http"), insecureWithUrl.err);
  }

  @Test
  void hostPortInsecureAndConstraints() {
    Run all =
        run(
                Map.of("SENTRY_ALLOWED_REGION_DOMAINS", "eu.example.com, us.example.com"),
                "--access-token=t",
                "--host=127.0.0.1:8911",
                "--insecure-http",
                "--organization-slug=my-org",
                "--project-slug=my-project",
                "--add-scopes=event:write",
                "--experimental",
                "--request-timeout-ms=1500");
    SentryMcpConfig c = all.config();
    assertEquals("http://127.0.0.1:8911", c.baseUrl());
    assertEquals("my-org", all.session().constraints().organizationSlug());
    assertEquals("my-project", all.session().constraints().projectSlug());
    assertTrue(all.session().grantedScopes().contains(Scope.fromId("event:write").orElseThrow()));
    assertTrue(c.allowedRegionDomains().contains("eu.example.com"));
    assertTrue(c.experimental());
    assertEquals(Duration.ofMillis(1500), c.requestTimeout());
    assertFalse(c.sandbox());
  }

  @Test
  void warmupIsOnByDefaultAndCanBeTurnedOff() {
    Run on = run(Map.of(), "--access-token=t");
    Run off = run(Map.of(), "--access-token=t", "--no-warmup");
    assertTrue(java.util.Objects.requireNonNull(on.plan).warmup());
    assertFalse(java.util.Objects.requireNonNull(off.plan).warmup());
  }

  /** Fake model API keys: never printed. */
  private static final String OPENAI_KEY = "sk-FAKEopenaiMainTest4Qz";
  private static final String ANTHROPIC_KEY = "sk-ant-FAKEanthropicMainTest8Wv";
  private static final String OPENROUTER_KEY = "sk-or-FAKEopenrouterMainTest2Jk";

  private static void assertNoModelKey(Run r) {
    for (String key : new String[] {OPENAI_KEY, ANTHROPIC_KEY, OPENROUTER_KEY}) {
      assertFalse(r.out.contains(key), "stdout shows a model key: " + r.out);
      assertFalse(r.err.contains(key), "stderr shows a model key: " + r.err);
    }
  }

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("SENTRY_ACCESS_TOKEN", "t");
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void anExplicitProviderWithoutItsKeyIsAStartUpError() {
    Run flag = run(env("OPENAI_API_KEY", OPENAI_KEY), "--agent-provider=anthropic");
    assertEquals(Main.EXIT_USAGE, flag.exit);
    assertNull(flag.plan);
    assertEquals("Error: --agent-provider=anthropic needs ANTHROPIC_API_KEY; it is not set\n" + Main.HELP_HINT,
        flag.err.strip().replace("\r", ""));

    Run fromEnv = run(env("EMBEDDED_AGENT_PROVIDER", "openrouter", "OPENROUTER_API_KEY", " "));
    assertEquals(Main.EXIT_USAGE, fromEnv.exit);
    assertTrue(fromEnv.err.contains("Error: EMBEDDED_AGENT_PROVIDER=openrouter needs OPENROUTER_API_KEY; it is"
        + " empty"), fromEnv.err);
    assertNoModelKey(flag);
  }

  @Test
  void anUnknownProviderIsAStartUpError() {
    Run flag = run(env(), "--agent-provider=skynet");
    assertEquals(Main.EXIT_USAGE, flag.exit);
    assertNull(flag.plan);
    assertTrue(flag.err.startsWith("Error: --agent-provider \"skynet\" is not a model provider; valid providers:"
        + " openai, azure-openai, anthropic, openrouter"), flag.err);
    assertTrue(flag.err.strip().endsWith(Main.HELP_HINT), flag.err);

    Run fromEnv = run(env("EMBEDDED_AGENT_PROVIDER", "bogus", "OPENAI_API_KEY", OPENAI_KEY));
    assertEquals(Main.EXIT_USAGE, fromEnv.exit);
    assertTrue(fromEnv.err.contains("Error: EMBEDDED_AGENT_PROVIDER \"bogus\" is not a model provider"),
        fromEnv.err);
    assertNoModelKey(fromEnv);
  }

  @Test
  void severalKeysAndNoProviderStartWithTranslationOffAndSayWhy() {
    Run r = run(env("OPENAI_API_KEY", OPENAI_KEY, "ANTHROPIC_API_KEY", ANTHROPIC_KEY, "OPENROUTER_API_KEY",
        OPENROUTER_KEY));
    assertEquals(0, r.exit, r.err);
    assertNull(java.util.Objects.requireNonNull(r.plan).model());
    assertTrue(r.err.contains("WARNING: natural-language search is off: OPENAI_API_KEY, ANTHROPIC_API_KEY and"
        + " OPENROUTER_API_KEY are set and no provider is chosen (this server never picks one from API keys);"
        + " choose one with --agent-provider or EMBEDDED_AGENT_PROVIDER; queries use Sentry search syntax"), r.err);
    assertEquals(1, r.err.split("natural-language search", -1).length - 1, "said once: " + r.err);
    assertEquals("", r.out);
    assertNoModelKey(r);
  }

  @Test
  void oneKeyAndNoProviderStartsWithTranslationOffAndSaysWhich() {
    Run r = run(env("OPENAI_API_KEY", OPENAI_KEY), "--openai-model=gpt-x");
    assertEquals(0, r.exit, r.err);
    assertNull(java.util.Objects.requireNonNull(r.plan).model());
    assertTrue(r.err.contains("WARNING: natural-language search is off: OPENAI_API_KEY is set, but this server"
        + " never picks a provider from API keys; to use it, set --agent-provider (or EMBEDDED_AGENT_PROVIDER) to"
        + " openai or azure-openai; --openai-model is unused without a provider"), r.err);
    assertNoModelKey(r);
  }

  @Test
  void noKeyAndNoProviderSaysTranslationIsOffWithoutAWarning() {
    Run r = run(env());
    assertEquals(0, r.exit, r.err);
    assertEquals("natural-language search is off: no model provider is chosen (--agent-provider or"
        + " EMBEDDED_AGENT_PROVIDER); queries use Sentry search syntax", r.err.strip());
    assertNull(java.util.Objects.requireNonNull(r.plan).model());
  }

  @Test
  void anExplicitProviderWithItsKeyIsChosenAndAnnounced() {
    Run r = run(env("OPENAI_API_KEY", OPENAI_KEY, "ANTHROPIC_API_KEY", ANTHROPIC_KEY), "--agent-provider=OpenAI");
    assertEquals(0, r.exit, r.err);
    assertTrue(r.err.contains("natural-language search: openai gpt-5 at https://api.openai.com\n")
        || r.err.contains("natural-language search: openai gpt-5 at https://api.openai.com\r\n"), r.err);
    assertFalse(r.err.contains("WARNING"), r.err);
    var model = java.util.Objects.requireNonNull(java.util.Objects.requireNonNull(r.plan).model());
    assertEquals(io.github.sentrymcp.core.model.ModelProvider.OPENAI, model.provider());
    assertEquals(OPENAI_KEY, model.apiKey());
    assertNoModelKey(r);

    // from the environment, with the flags' model and base URL (a local server: http to loopback)
    Run local = run(env("OPENAI_API_KEY", OPENAI_KEY, "EMBEDDED_AGENT_PROVIDER", "openai"),
        "--openai-base-url=http://127.0.0.1:11434/v1", "--openai-model=qwen3:8b");
    assertEquals(0, local.exit, local.err);
    assertTrue(local.err.contains("natural-language search: openai qwen3:8b at http://127.0.0.1:11434"), local.err);
    assertFalse(local.err.contains("/v1"), "no path: " + local.err);

    Run anthropic = run(env("ANTHROPIC_API_KEY", ANTHROPIC_KEY, "ANTHROPIC_MODEL", "claude-env"),
        "--agent-provider=anthropic", "--anthropic-model=claude-flag");
    assertEquals(0, anthropic.exit, anthropic.err);
    assertTrue(anthropic.err.contains("natural-language search: anthropic claude-flag at https://api.anthropic.com"),
        anthropic.err);
    assertNoModelKey(anthropic);
  }

  @Test
  void theSandboxAndTheHttpServerGetTheModelToo() {
    Run sandbox = run(Map.of("OPENROUTER_API_KEY", OPENROUTER_KEY), "--sandbox", "--agent-provider=openrouter");
    assertEquals(0, sandbox.exit, sandbox.err);
    assertTrue(java.util.Objects.requireNonNull(sandbox.plan).sandbox());
    assertEquals("openrouter openai/gpt-5", java.util.Objects.requireNonNull(sandbox.plan.model()).label());

    Run http = run(env("OPENAI_API_KEY", OPENAI_KEY, "EMBEDDED_AGENT_PROVIDER", "azure-openai"),
        "--transport=http", "--openai-base-url=https://example-resource.openai.azure.com/openai/v1");
    assertEquals(0, http.exit, http.err);
    assertNotNull(java.util.Objects.requireNonNull(http.plan).http());
    assertEquals("azure-openai gpt-5", java.util.Objects.requireNonNull(http.plan.model()).label());
    assertTrue(http.err.contains("natural-language search: azure-openai gpt-5 at"
        + " https://example-resource.openai.azure.com"), http.err);
  }

  @Test
  void sandboxNeedsNoTokenAndIgnoresConnectionOptions() {
    Run r = run(Map.of("SENTRY_HOST", "env.example.com"), "--sandbox", "--host=ignored.example.com");
    assertEquals(0, r.exit, r.err);
    assertNotNull(r.plan);
    assertTrue(r.plan.sandbox());
    assertTrue(r.err.contains("--sandbox ignores"), r.err);
    SentryMcpConfig c = r.plan.sandboxConfig().apply("127.0.0.1:4321");
    assertEquals("http://127.0.0.1:4321", c.baseUrl());
    assertEquals(Main.SANDBOX_TOKEN, r.plan.session().credential().token());
    assertTrue(c.sandbox());
    // other options still apply (and are validated) in sandbox mode
    assertEquals(EnumSet.of(Skill.TRIAGE), run("--sandbox", "--skills=triage").session().skills());
    assertEquals(1, run("--sandbox", "--skills=nope").exit);
  }

  @Test
  void telemetryIsOffByDefaultAndOnWithADsnOrOtelSettings() {
    Run off = run(Map.of("SENTRY_ACCESS_TOKEN", "t"));
    assertEquals(0, off.exit, off.err);
    assertNotNull(off.plan);
    assertNull(off.plan.telemetry());

    Run dsn =
        run(Map.of("SENTRY_ACCESS_TOKEN", "t"), "--sentry-dsn=https://pk4711:DsnSecret4711@o1.ingest.sentry.io/1");
    assertEquals(0, dsn.exit, dsn.err);
    assertNotNull(dsn.plan);
    assertNotNull(dsn.plan.telemetry());
    assertEquals("https://o1.ingest.sentry.io/api/1/integration/otlp/v1/traces",
        dsn.plan.telemetry().properties().get("otel.exporter.otlp.traces.endpoint"));

    Run otel = run(Map.of("SENTRY_ACCESS_TOKEN", "t", "OTEL_TRACES_EXPORTER", "console"));
    assertNotNull(otel.plan);
    assertNotNull(otel.plan.telemetry());
    assertNull(run(Map.of("SENTRY_ACCESS_TOKEN", "t", "OTEL_TRACES_EXPORTER", "console", "OTEL_SDK_DISABLED", "true"))
        .plan.telemetry());
  }

  @Test
  void anInvalidDsnStopsTheStartWithoutShowingIt() {
    Run flag =
        run(Map.of("SENTRY_ACCESS_TOKEN", "t"), "--sentry-dsn=https://pk4711:DsnSecret4711@o1.ingest.sentry.io/x");
    assertEquals(1, flag.exit);
    assertNull(flag.plan);
    assertTrue(flag.err.startsWith("Error: --sentry-dsn must end with the numeric project id (/<project id>)\n"),
        flag.err);
    Run env =
        run(Map.of("SENTRY_ACCESS_TOKEN", "t", "SENTRY_DSN", "http://pk4711:DsnSecret4711@o1.ingest.sentry.io/1"));
    assertEquals(1, env.exit);
    assertTrue(env.err.startsWith("Error: SENTRY_DSN must be an https URL (http only for a loopback host)\n"),
        env.err);
    for (Run r : new Run[] {flag, env}) {
      assertFalse(r.err.contains("DsnSecret4711"), r.err);
      assertFalse(r.err.contains("o1.ingest"), r.err);
      assertFalse(r.err.contains("pk4711"), r.err);
    }
  }

  @Test
  void booleanFlagsTakeNoValueAndValuedFlagsNeedOne() {
    Run r = run("--access-token");
    assertEquals(1, r.exit);
    assertTrue(r.err.startsWith("Error: "), r.err);
    Run twice = run("--access-token=a", "--access-token=" + SECRET);
    assertEquals(1, twice.exit);
    assertNoSecret(twice);
  }

  @Test
  void httpOptionsAreCheckedAndAuthenticationDecidesWhereTheServerMayListen(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    // HTTP options without --transport=http, and an unknown transport
    Run stray = run(Map.of("SENTRY_ACCESS_TOKEN", "t"), "--port=9000");
    assertEquals(1, stray.exit);
    assertTrue(stray.err.contains("need --transport=http"), stray.err);
    Run ftp = run(Map.of("SENTRY_ACCESS_TOKEN", "t"), "--transport=ftp");
    assertEquals(1, ftp.exit);
    assertTrue(ftp.err.contains("--transport must be stdio or http"), ftp.err);
    // no authentication: loopback only, and said so
    Run open = run(Map.of("SENTRY_ACCESS_TOKEN", "t"), "--transport=http", "--bind=0.0.0.0");
    assertEquals(1, open.exit);
    assertTrue(open.err.contains("needs authentication"), open.err);
    Run local = run(Map.of("SENTRY_ACCESS_TOKEN", "t"), "--transport=http");
    assertEquals(0, local.exit, local.err);
    assertEquals("127.0.0.1", local.plan.http().bind());
    assertEquals(8765, local.plan.http().port());
    assertTrue(local.err.contains("loopback only"), local.err);
    // API keys: no server token needed, any address allowed; the keys never reach the output
    java.nio.file.Path keys = dir.resolve("keys");
    java.nio.file.Files.writeString(keys, "alice sha256:" + "ab".repeat(32) + " env:ALICE_TOKEN skills=inspect\n");
    Run keyed = run(Map.of("ALICE_TOKEN", "sntrys_alice"), "--transport=http", "--bind=0.0.0.0",
        "--api-keys-file=" + keys, "--stateful", "--allowed-hosts=mcp.example.com", "--port=0");
    assertEquals(0, keyed.exit, keyed.err);
    assertEquals(1, keyed.plan.http().apiKeys().size());
    assertTrue(keyed.plan.http().stateful());
    assertEquals(java.util.List.of("mcp.example.com"), keyed.plan.http().allowedHosts());
    assertFalse(keyed.err.contains("sandbox"), keyed.err);
    assertFalse(keyed.err.contains("sntrys_alice"), keyed.err);
    Run missingEnv = run(Map.of(), "--transport=http", "--api-keys-file=" + keys);
    assertEquals(1, missingEnv.exit);
    assertTrue(missingEnv.err.contains("ALICE_TOKEN is not set"), missingEnv.err);
    // keys in the environment (entries separated by ';' or new lines)
    Run fromEnv = run(Map.of("ALICE_TOKEN", "sntrys_alice", "MCP_API_KEYS", "alice sha256:" + "cd".repeat(32)
        + " env:ALICE_TOKEN; bob sha256:" + "ef".repeat(32) + " env:ALICE_TOKEN"), "--transport=http");
    assertEquals(0, fromEnv.exit, fromEnv.err);
    assertEquals(2, fromEnv.plan.http().apiKeys().size());
    Run badEnv = run(Map.of("MCP_API_KEYS", "alice sha256:nothex env:X"), "--transport=http");
    assertEquals(1, badEnv.exit);
    assertTrue(badEnv.err.contains("MCP_API_KEYS entry 1"), badEnv.err);
    // Sentry-Bearer warns
    Run bearer = run(Map.of(), "--transport=http", "--allow-sentry-bearer");
    assertEquals(0, bearer.exit, bearer.err);
    assertTrue(bearer.err.contains("WARNING: --allow-sentry-bearer"), bearer.err);
  }

  // ---- --oauth: the MCP OAuth authorization server in front of Sentry's OAuth

  /** A 32-byte master secret, base64 (valid for MCP_OAUTH_SECRET). */
  private static final String MASTER = java.util.Base64.getEncoder().encodeToString(
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

  /** The environment of a valid (non-sandbox) OAuth start, plus extra entries. */
  private static Map<String, String> oauthEnv(String... extra) {
    Map<String, String> env = new HashMap<>();
    env.put("SENTRY_CLIENT_SECRET", SECRET);
    for (int i = 0; i < extra.length; i += 2) {
      env.put(extra[i], extra[i + 1]);
    }
    return env;
  }

  private static OAuthPlan oauthPlan(Run r) {
    assertEquals(0, r.exit, r.err);
    assertNotNull(r.plan, r.err);
    assertNotNull(r.plan.http(), r.err);
    OAuthPlan o = r.plan.http().oauth();
    assertNotNull(o, "no OAuth plan: " + r.err);
    return o;
  }

  private static final String STDIO_REFUSAL = "--port, --bind, --api-keys-file, --allow-sentry-bearer,"
      + " --allowed-hosts, --allowed-origins, --cors-origins, --stateful and the OAuth options need --transport=http";

  private static void assertRefused(Run r, String message) {
    assertEquals(1, r.exit, r.err);
    assertNull(r.plan, r.err);
    assertTrue(r.err.contains("Error: " + message), "expected \"" + message + "\" in:\n" + r.err);
    assertNoSecret(r);
  }

  @Test
  void everyOAuthOptionNeedsOAuthAndOAuthNeedsHttp(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("secret");
    Files.writeString(file, SECRET + "\n");
    String[] options = {"--public-url=https://mcp.example.com", "--sentry-client-id=app",
        "--sentry-client-secret-file=" + file, "--oauth-secret-file=" + file, "--oauth-store=memory"};
    for (String option : options) {
      assertRefused(run(Map.of("SENTRY_ACCESS_TOKEN", "t"), "--transport=http", option),
          "--public-url, --sentry-client-id, --sentry-client-secret-file, --oauth-secret-file and --oauth-store"
              + " need --oauth");
      // over stdio, the OAuth options (and --oauth itself) need HTTP first
      assertRefused(run(Map.of("SENTRY_ACCESS_TOKEN", "t"), option), STDIO_REFUSAL);
    }
    assertRefused(run(oauthEnv("SENTRY_ACCESS_TOKEN", "t"), "--oauth", "--sentry-client-id=app"),
        STDIO_REFUSAL);
    assertRefused(run(oauthEnv("SENTRY_ACCESS_TOKEN", "t", "MCP_TRANSPORT", "stdio"), "--oauth",
        "--sentry-client-id=app"), STDIO_REFUSAL);
    assertRefused(run(Map.of(), "--sandbox", "--oauth"), STDIO_REFUSAL);
  }

  @Test
  void oauthNeedsTheSentryAppsClientIdAndSecret(@TempDir Path dir) throws Exception {
    String problem = "--oauth needs the Sentry OAuth app's client id (--sentry-client-id or SENTRY_CLIENT_ID) and"
        + " secret (SENTRY_CLIENT_SECRET or --sentry-client-secret-file)";
    assertRefused(run(Map.of(), "--transport=http", "--oauth"), problem);
    assertRefused(run(Map.of(), "--transport=http", "--oauth", "--sentry-client-id=app"), problem);
    assertRefused(run(oauthEnv(), "--transport=http", "--oauth"), problem);
    // listed together with the other problems, and no server token is asked for: the clients bring theirs
    Run several = run(Map.of(), "--transport=http", "--oauth", "--skills=nope", "--oauth-store=redis");
    assertRefused(several, problem);
    assertTrue(several.err.contains("\"nope\""), several.err);
    assertTrue(several.err.contains("--oauth-store must be memory"), several.err);
    assertFalse(several.err.contains("no Sentry access token"), several.err);

    // the secret from the environment, the id from the flag or the environment
    OAuthPlan fromEnv = oauthPlan(run(oauthEnv(), "--transport=http", "--oauth", "--sentry-client-id=app"));
    assertEquals("app", fromEnv.clientId());
    assertEquals(SECRET, fromEnv.clientSecret());
    assertNull(fromEnv.publicUrl(), "default: http://localhost:<port> once the port is known");
    assertNull(fromEnv.storeUrl(), "default: the memory store");
    assertEquals("env-app", oauthPlan(run(oauthEnv("SENTRY_CLIENT_ID", "env-app"), "--transport=http", "--oauth"))
        .clientId());
    assertEquals("flag-app", oauthPlan(run(oauthEnv("SENTRY_CLIENT_ID", "env-app"), "--transport=http", "--oauth",
        "--sentry-client-id=flag-app")).clientId());
    // the secret from a file (stripped), which beats the environment
    Path file = dir.resolve("client-secret");
    Files.writeString(file, "  file-secret-value\n");
    Run fromFile = run(oauthEnv(), "--transport=http", "--oauth", "--sentry-client-id=app",
        "--sentry-client-secret-file=" + file);
    assertEquals("file-secret-value", oauthPlan(fromFile).clientSecret());
    assertFalse(fromFile.err.contains("file-secret-value"), fromFile.err);
    assertFalse(oauthPlan(fromFile).toString().contains("file-secret-value"), "the plan's text has no secret");
    assertNoSecret(fromFile);
  }

  @Test
  void anEmptyOrUnreadableSecretFileIsRefusedWithoutShowingIt(@TempDir Path dir) throws Exception {
    Path empty = dir.resolve("empty");
    Files.writeString(empty, " \n\n");
    for (String flag : new String[] {"--sentry-client-secret-file", "--oauth-secret-file"}) {
      assertRefused(run(oauthEnv(), "--transport=http", "--oauth", "--sentry-client-id=app", flag + "=" + empty),
          flag + " is empty");
      assertRefused(run(oauthEnv(), "--transport=http", "--oauth", "--sentry-client-id=app",
          flag + "=" + dir.resolve("missing")), flag + " cannot be read");
      assertRefused(run(oauthEnv(), "--transport=http", "--oauth", "--sentry-client-id=app", flag + "=" + dir),
          flag + " cannot be read");
    }
    // a master secret file whose content is no secret: refused, and the content never shown
    Path bad = dir.resolve("bad-master");
    Files.writeString(bad, "not*base64*" + SECRET + "\n");
    Run r = run(oauthEnv(), "--transport=http", "--oauth", "--sentry-client-id=app", "--oauth-secret-file=" + bad);
    assertRefused(r, "--oauth-secret-file: the OAuth master secret is not valid base64");
    assertFalse(r.err.contains("not*base64"), r.err);
    // a refused --oauth is still --oauth: no demand for a server token, no "needs authentication"
    assertFalse(r.err.contains("no Sentry access token"), r.err);
    Run offLoopback = run(oauthEnv("MCP_OAUTH_SECRET", "not*base64"), "--transport=http", "--oauth",
        "--sentry-client-id=app", "--bind=0.0.0.0", "--public-url=https://mcp.example.com");
    assertRefused(offLoopback, "MCP_OAUTH_SECRET: the OAuth master secret is not valid base64");
    assertEquals(2, offLoopback.err.strip().split("\n").length, "one problem, then the help hint: "
        + offLoopback.err);
  }

  @Test
  void thePublicUrlIsAnHttpsOriginOrLoopbackHttp() {
    String problem = "--public-url must be an https origin such as https://mcp.example.com";
    for (String bad : new String[] {"http://mcp.example.com", "http://10.0.0.1:8080", "https://mcp.example.com/mcp",
        "https://mcp.example.com/a/", "https://mcp.example.com?x=1", "https://mcp.example.com/?x=1",
        "https://mcp.example.com#f", "https://user:pw@mcp.example.com", "https://user@mcp.example.com",
        "ftp://mcp.example.com", "mcp.example.com", "https://", "https://exa mple.com", "https:///path"}) {
      Run r = run(oauthEnv(), "--transport=http", "--oauth", "--sentry-client-id=app", "--public-url=" + bad);
      assertRefused(r, problem);
      assertFalse(r.err.contains("pw@"), "the URL's user info is not echoed: " + r.err);
    }
    // also from MCP_PUBLIC_URL
    assertRefused(run(oauthEnv("MCP_PUBLIC_URL", "http://mcp.example.com"), "--transport=http", "--oauth",
        "--sentry-client-id=app"), problem);
    assertEquals(java.net.URI.create("https://mcp.example.com"), oauthPlan(run(oauthEnv(), "--transport=http",
        "--oauth", "--sentry-client-id=app", "--public-url=https://mcp.example.com")).publicUrl());
    assertEquals(java.net.URI.create("https://mcp.example.com:8443"), oauthPlan(run(oauthEnv(), "--transport=http",
        "--oauth", "--sentry-client-id=app", "--public-url=https://mcp.example.com:8443/")).publicUrl());
    assertEquals(java.net.URI.create("https://mcp.example.com"), oauthPlan(run(oauthEnv(), "--transport=http",
        "--oauth", "--sentry-client-id=app", "--public-url= https://mcp.example.com// ")).publicUrl());
    assertEquals(java.net.URI.create("http://localhost:9000"), oauthPlan(run(oauthEnv(), "--transport=http",
        "--oauth", "--sentry-client-id=app", "--public-url=http://localhost:9000")).publicUrl());
    assertEquals(java.net.URI.create("http://127.0.0.1:9000"), oauthPlan(run(oauthEnv(), "--transport=http",
        "--oauth", "--sentry-client-id=app", "--public-url=http://127.0.0.1:9000/")).publicUrl());
    // the flag beats the environment
    assertEquals(java.net.URI.create("https://flag.example.com"), oauthPlan(run(oauthEnv("MCP_PUBLIC_URL",
        "https://env.example.com"), "--transport=http", "--oauth", "--sentry-client-id=app",
        "--public-url=https://flag.example.com")).publicUrl());
    assertEquals(java.net.URI.create("https://env.example.com"), oauthPlan(run(oauthEnv("MCP_PUBLIC_URL",
        "https://env.example.com"), "--transport=http", "--oauth", "--sentry-client-id=app")).publicUrl());
  }

  @Test
  void oauthCountsAsAuthenticationButANonLoopbackBindNeedsThePublicUrl() {
    assertRefused(run(oauthEnv(), "--transport=http", "--oauth", "--sentry-client-id=app", "--bind=0.0.0.0"),
        "--oauth on a non-loopback --bind needs --public-url");
    Run r = run(oauthEnv(), "--transport=http", "--oauth", "--sentry-client-id=app", "--bind=0.0.0.0",
        "--public-url=https://mcp.example.com");
    OAuthPlan o = oauthPlan(r);
    assertEquals(java.net.URI.create("https://mcp.example.com"), o.publicUrl());
    assertEquals("0.0.0.0", r.plan.http().bind());
    assertTrue(r.plan.http().authenticated());
    assertFalse(r.err.contains("needs authentication"), r.err);
    assertFalse(r.err.contains("loopback only"), r.err);
    assertTrue(r.err.contains("--oauth without MCP_OAUTH_SECRET: using a random secret"), r.err);
    assertNoSecret(r);
    // the public URL's Host is allowed (besides the loopback names), unless --allowed-hosts says otherwise
    assertEquals(java.util.List.of("localhost:*", "127.0.0.1:*", "[::1]:*", "mcp.example.com", "mcp.example.com:443"),
        r.plan.http().allowedHosts());
    assertTrue(oauthPlan(run(oauthEnv(), "--transport=http", "--oauth", "--sentry-client-id=app",
        "--public-url=https://mcp.example.com:8443")).publicUrl() != null);
    assertEquals("mcp.example.com:8443", run(oauthEnv(), "--transport=http", "--oauth", "--sentry-client-id=app",
        "--public-url=https://mcp.example.com:8443").plan.http().allowedHosts().get(3));
    assertEquals(java.util.List.of("proxy.internal"), run(oauthEnv(), "--transport=http", "--oauth",
        "--sentry-client-id=app", "--public-url=https://mcp.example.com", "--allowed-hosts=proxy.internal")
        .plan.http().allowedHosts());
    assertEquals(java.util.List.of(), run(oauthEnv(), "--transport=http", "--oauth", "--sentry-client-id=app")
        .plan.http().allowedHosts(), "without --public-url: the default (loopback names)");
    // --public-url from the environment is enough too
    oauthPlan(run(oauthEnv("MCP_PUBLIC_URL", "https://mcp.example.com"), "--transport=http", "--oauth",
        "--sentry-client-id=app", "--bind=0.0.0.0"));
  }

  @Test
  void theOAuthStoreIsMemoryOrAPostgresqlUrlWithTheMasterSecret() {
    OAuthPlan memory = oauthPlan(run(oauthEnv(), "--transport=http", "--oauth", "--sentry-client-id=app",
        "--oauth-store=memory"));
    assertNull(memory.storeUrl());
    assertNull(oauthPlan(run(oauthEnv("MCP_OAUTH_STORE", " Memory "), "--transport=http", "--oauth",
        "--sentry-client-id=app")).storeUrl());
    String url = "jdbc:postgresql://db.example.com:5432/mcp?sslmode=require";
    Run jdbc = run(oauthEnv("MCP_OAUTH_SECRET", MASTER, "MCP_OAUTH_DB_USER", "mcp", "MCP_OAUTH_DB_PASSWORD",
        "db-password-value"), "--transport=http", "--oauth", "--sentry-client-id=app", "--oauth-store=" + url);
    OAuthPlan db = oauthPlan(jdbc);
    assertEquals(url, db.storeUrl());
    assertEquals("mcp", db.dbUser());
    assertEquals("db-password-value", db.dbPassword());
    assertFalse(db.toString().contains("db-password-value") || db.toString().contains("db.example.com"),
        db.toString());
    assertFalse(jdbc.err.contains("random secret"), jdbc.err);
    assertFalse(jdbc.err.contains("db-password-value") || jdbc.err.contains(MASTER), jdbc.err);
    assertEquals(url, oauthPlan(run(oauthEnv("MCP_OAUTH_SECRET", MASTER, "MCP_OAUTH_STORE", url),
        "--transport=http", "--oauth", "--sentry-client-id=app")).storeUrl());
    for (String bad : new String[] {"jdbc:mysql://db.example.com/mcp", "postgresql://db.example.com/mcp", "redis",
        "file:/tmp/x", "jdbc:postgres://db.example.com/mcp"}) {
      assertRefused(run(oauthEnv("MCP_OAUTH_SECRET", MASTER), "--transport=http", "--oauth",
          "--sentry-client-id=app", "--oauth-store=" + bad),
          "--oauth-store must be memory or a PostgreSQL JDBC URL (jdbc:postgresql://host/db)");
    }
    // a shared store needs the same master secret on every replica: no random one
    assertRefused(run(oauthEnv(), "--transport=http", "--oauth", "--sentry-client-id=app", "--oauth-store=" + url),
        "--oauth-store with a database needs the master secret (MCP_OAUTH_SECRET or --oauth-secret-file)");
  }

  @Test
  void aBadMasterSecretIsRefusedWithoutShowingIt(@TempDir Path dir) throws Exception {
    String notBase64 = "not*base64*" + SECRET;
    String tooShort = java.util.Base64.getEncoder().encodeToString("SuperSecret-31-bytes-long-value"
        .getBytes(StandardCharsets.US_ASCII));
    assertEquals(31, java.util.Base64.getDecoder().decode(tooShort).length);
    Run r1 = run(oauthEnv("MCP_OAUTH_SECRET", notBase64), "--transport=http", "--oauth", "--sentry-client-id=app");
    assertRefused(r1, "MCP_OAUTH_SECRET: the OAuth master secret is not valid base64");
    assertFalse(r1.err.contains(notBase64) || r1.err.contains("not*base64"), r1.err);
    Run r2 = run(oauthEnv("MCP_OAUTH_SECRET", tooShort), "--transport=http", "--oauth", "--sentry-client-id=app");
    assertRefused(r2, "MCP_OAUTH_SECRET: the OAuth master secret must be at least 32 random bytes");
    assertFalse(r2.err.contains(tooShort), r2.err);
    Path file = dir.resolve("master");
    Files.writeString(file, tooShort + "\n");
    Run r3 = run(oauthEnv(), "--transport=http", "--oauth", "--sentry-client-id=app", "--oauth-secret-file=" + file);
    assertRefused(r3, "--oauth-secret-file: the OAuth master secret must be at least 32 random bytes");
    assertFalse(r3.err.contains(tooShort), r3.err);
    // 32 bytes, standard or URL-safe base64, from the environment or a file (which beats it)
    Run ok = run(oauthEnv("MCP_OAUTH_SECRET", MASTER), "--transport=http", "--oauth", "--sentry-client-id=app");
    oauthPlan(ok);
    assertFalse(ok.err.contains("random secret") || ok.err.contains(MASTER), ok.err);
    Files.writeString(file, java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {
        -1, -2, -3, -4, -5, -6, -7, -8, -1, -2, -3, -4, -5, -6, -7, -8, -1, -2, -3, -4, -5, -6, -7, -8, -1, -2, -3,
        -4, -5, -6, -7, -8}) + "\n");
    oauthPlan(run(oauthEnv("MCP_OAUTH_SECRET", tooShort), "--transport=http", "--oauth", "--sentry-client-id=app",
        "--oauth-secret-file=" + file));
  }

  @Test
  void theSandboxServesOAuthWithItsOwnSentryAppOnLoopbackOnly() {
    Run r = run(Map.of(), "--sandbox", "--transport=http", "--oauth");
    OAuthPlan o = oauthPlan(r);
    assertNull(o.clientId(), "the fake Sentry's app");
    assertNull(o.clientSecret());
    assertTrue(r.plan.sandbox());
    assertTrue(r.plan.http().authenticated());
    Run ignored = run(Map.of(), "--sandbox", "--transport=http", "--oauth", "--sentry-client-id=app");
    oauthPlan(ignored);
    assertTrue(ignored.err.contains("--sandbox ignores --sentry-client-id"), ignored.err);
    assertRefused(run(Map.of(), "--sandbox", "--transport=http", "--oauth", "--bind=0.0.0.0",
        "--public-url=https://mcp.example.com"), "--sandbox listens on loopback only");
    assertRefused(run(Map.of(), "--sandbox", "--transport=http", "--bind=0.0.0.0"),
        "--sandbox listens on loopback only");
  }
}
