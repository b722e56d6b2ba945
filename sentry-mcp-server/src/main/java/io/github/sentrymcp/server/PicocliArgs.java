package io.github.sentrymcp.server;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/** Full argument parsing with picocli (help, version, errors); kept apart so the fast path never loads picocli. */
final class PicocliArgs {
  private PicocliArgs() {}

  /**
   * Full parsing with picocli; prints help, version or errors. Returns the exit code when the command is done, null
   * when the options were parsed and the server should run.
   */
  static @Nullable Integer parse(ServerOptions opts, String[] args, PrintStream out, PrintStream err) {
    CommandLine cli = new CommandLine(opts);
    cli.setOut(new PrintWriter(new OutputStreamWriter(out, Charset.defaultCharset()), true));
    cli.setErr(new PrintWriter(new OutputStreamWriter(err, Charset.defaultCharset()), true));
    try {
      cli.parseArgs(args);
    } catch (CommandLine.UnmatchedArgumentException e) {
      for (String arg : e.getUnmatched()) {
        err.println("Error: " + describeUnmatched(arg));
      }
      List<String> suggestions = e.getSuggestions();
      if (!suggestions.isEmpty()) {
        err.println("Did you mean: " + String.join(", ", suggestions) + "?");
      }
      err.println(Main.HELP_HINT);
      return 1;
    } catch (CommandLine.ParameterException e) {
      err.println("Error: " + redactTokens(String.valueOf(e.getMessage()), args));
      err.println(Main.HELP_HINT);
      return 1;
    }
    if (cli.isUsageHelpRequested()) {
      cli.usage(out);
      return 0;
    }
    if (cli.isVersionHelpRequested()) {
      out.println("sentry-mcp-java " + Version.get());
      return 0;
    }
    return null;
  }

  /** Replaces every value given to --access-token in a parser message (picocli may quote values). */
  static String redactTokens(String message, String[] args) {
    String out = message;
    for (int i = 0; i < args.length; i++) {
      String value = null;
      if (args[i].startsWith("--access-token=")) {
        value = args[i].substring("--access-token=".length());
      } else if (args[i].equals("--access-token") && i + 1 < args.length && !args[i + 1].startsWith("-")) {
        value = args[i + 1];
      }
      if (value != null && value.length() >= 4) {
        out = out.replace(value, "<redacted>");
      }
    }
    return out;
  }

  /** Never echoes a value: a positional argument may well be a misplaced token. */
  private static String describeUnmatched(String arg) {
    if (arg.startsWith("-")) {
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg : arg.substring(0, eq);
      return "unknown option '" + Main.printable(name) + "'";
    }
    if (arg.equals("auth")) {
      return "'auth' must come first: sentry-mcp-server auth [login|status|logout] [--host=...|--url=...]";
    }
    return "unexpected argument (this command takes no positional arguments; values go after --name= )";
  }
}
