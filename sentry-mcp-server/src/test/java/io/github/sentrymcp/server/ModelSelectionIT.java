package io.github.sentrymcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The model choice at a real start of the jar: what stderr says, that stdout stays the protocol, and that a bad
 * explicit choice stops the start. The process's own model variables are blanked (blank counts as unset).
 */
class ModelSelectionIT {
  private static final String OPENAI_KEY = "sk-FAKEopenaiIT6Hd3";
  private static final String ANTHROPIC_KEY = "sk-ant-FAKEanthropicIT9Ps1";

  private static ServerProcess start(Map<String, String> env, String... args) throws Exception {
    Map<String, String> all = new java.util.HashMap<>(Map.of("EMBEDDED_AGENT_PROVIDER", "", "OPENAI_API_KEY", "",
        "ANTHROPIC_API_KEY", "", "OPENROUTER_API_KEY", ""));
    all.putAll(env);
    List<String> cmd = new ArrayList<>(List.of(StdioServerClients.JAVA));
    cmd.addAll(StdioServerClients.serverArgs(args));
    return new ServerProcess(cmd, all);
  }

  @Test
  void severalKeysAndNoProviderServeWithTranslationOffAndSayWhyOnStderr() throws Exception {
    try (ServerProcess p = start(Map.of("OPENAI_API_KEY", OPENAI_KEY, "ANTHROPIC_API_KEY", ANTHROPIC_KEY),
        "--sandbox", "--no-warmup")) {
      JsonNode init = p.initialize();
      assertTrue(init.path("result").has("serverInfo"), init.toString());
      p.process.getOutputStream().close();
      assertEquals(0, p.exitWithin(Duration.ofSeconds(20)), p.stderr.getNow(""));
      String err = p.stderr.get(5, TimeUnit.SECONDS);
      assertTrue(err.contains("WARNING: natural-language search is off: OPENAI_API_KEY and ANTHROPIC_API_KEY are set"
          + " and no provider is chosen"), err);
      assertFalse(err.contains(OPENAI_KEY) || err.contains(ANTHROPIC_KEY), err);
      for (String line : p.stdout().split("\n")) {
        assertTrue(line.startsWith("{\"jsonrpc\":\"2.0\""), "stdout is protocol only: " + line);
      }
    }
  }

  @Test
  void anExplicitProviderWithoutItsKeyStopsTheStart() throws Exception {
    try (ServerProcess p = start(Map.of("OPENAI_API_KEY", OPENAI_KEY), "--sandbox", "--agent-provider=anthropic")) {
      assertEquals(Main.EXIT_USAGE, p.exitWithin(Duration.ofSeconds(20)));
      String err = p.stderr.get(5, TimeUnit.SECONDS);
      assertTrue(err.startsWith("Error: --agent-provider=anthropic needs ANTHROPIC_API_KEY; it is empty"), err);
      assertTrue(err.contains(Main.HELP_HINT), err);
      assertFalse(err.contains(OPENAI_KEY), err);
      assertEquals("", p.stdout());
    }
  }
}
