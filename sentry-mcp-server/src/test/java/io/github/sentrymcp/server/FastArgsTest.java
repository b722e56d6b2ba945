package io.github.sentrymcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Field;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The start-up fast path must accept exactly what picocli accepts, with the same result, or decline. */
class FastArgsTest {

  @Test
  void knowsExactlyPicocliOptions() {
    Set<String> valued = new HashSet<>();
    Set<String> flags = new HashSet<>();
    for (OptionSpec o : new CommandLine(new ServerOptions()).getCommandSpec().options()) {
      if (o.usageHelp() || o.versionHelp()) {
        continue;
      }
      assertEquals(1, o.names().length, "one name per option: " + List.of(o.names()));
      (o.arity().max() == 0 ? flags : valued).add(o.longestName());
    }
    assertEquals(valued, FastArgs.VALUED.keySet());
    assertEquals(flags, FastArgs.FLAGS.keySet());
  }

  private static final List<List<String>> ACCEPTED =
      List.of(
          List.of(),
          List.of("--access-token=fake-token", "--host=127.0.0.1:8911", "--insecure-http"),
          List.of("--access-token", "fake-token", "--host", "sentry.example.com"),
          List.of("--sandbox", "--skills=inspect,triage", "--disable-skills", "seer", "--all-skills"),
          List.of("--url=https://a.example.com/x?y=1", "--mcp-url=https://m", "--docs-url=https://d", "--sentry-dsn=https://k@o.io/1"),
          List.of("--organization-slug=o", "--project-slug", "p", "--scopes=org:read", "--add-scopes=event:write"),
          List.of("--agent-provider=openai", "--openai-base-url=http://x", "--openai-model=m",
              "--anthropic-base-url=http://y", "--anthropic-model=n", "--experimental"),
          List.of("--request-timeout-ms=1500", "--access-token-file=/tmp/t", "--host=", "--no-warmup"),
          List.of("--access-token=a=b=c"),
          List.of("--region-style=datamarking", "--access-token", "t"),
          List.of("--region-style", "compact", "--max-result-chars=4096", "--structured-content"),
          List.of("--max-result-chars", "1024", "--call-timeout-ms=500", "--max-concurrent-calls", "8"),
          List.of("--seer-max-wait=90s", "--access-token", "t"),
          List.of("--seer-max-wait", "500ms"),
          List.of("--tools=whoami,find_teams", "--disable-tools", "find_teams"));

  @Test
  void acceptedInputGivesPicocliResult() throws Exception {
    for (List<String> args : ACCEPTED) {
      String[] a = args.toArray(new String[0]);
      ServerOptions fast = FastArgs.parse(a);
      assertNotNull(fast, "declined " + args);
      ServerOptions slow = new ServerOptions();
      new CommandLine(slow).parseArgs(a);
      for (Field f : ServerOptions.class.getDeclaredFields()) {
        f.setAccessible(true);
        assertEquals(f.get(slow), f.get(fast), f.getName() + " for " + args);
      }
    }
  }

  @Test
  void declinesEverythingElse() {
    for (List<String> args :
        List.of(
            List.of("--help"),
            List.of("-h"),
            List.of("-v"),
            List.of("--version"),
            List.of("--nope"),
            List.of("positional"),
            List.of("--host=a", "--host=b"),
            List.of("--sandbox", "--sandbox"),
            List.of("--host", "-x"),
            List.of("--host"),
            List.of("@args.txt"),
            List.of("--host", "@file"),
            List.of("--insecure-http=true"),
            List.of("--request-timeout-ms=010"),
            List.of("--request-timeout-ms=abc"),
            List.of("--max-result-chars=abc"),
            List.of("--max-result-chars=01024"),
            List.of("--max-result-chars=-1024"),
            List.of("--max-result-chars"),
            List.of("--structured-content=true"),
            List.of("--structured-content", "--structured-content"),
            List.of("--", "--host=x"))) {
      assertNull(FastArgs.parse(args.toArray(new String[0])), "accepted " + args);
    }
  }
}
