package io.github.sentrymcp.core.internal.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Tells a plain-language request from a query in Sentry's search syntax, and checks the shape of a query a model
 * wrote.
 *
 * <p>A query is natural language when, outside double quotes, it has at least three words that are not filters
 * ({@code key:value}), boolean operators or parentheses, and one of them is a request or time word ("show", "which",
 * "last", "yesterday", "hours", ...) that error messages rarely hold; or when it ends with a question mark and has two
 * such words. Anything else is Sentry syntax (free text included) and goes to Sentry as given. Quoting text always
 * makes it a literal search.
 */
public final class QueryText {
  private QueryText() {}

  /** The longest query a model may write (the tools' own limit on {@code query}). */
  public static final int MAX_QUERY_CHARS = 1000;

  private static final Pattern FILTER = Pattern.compile("!?[A-Za-z_][A-Za-z0-9_.\\[\\]@-]*:\\S*");
  private static final Set<String> OPERATORS = Set.of("AND", "OR", "(", ")");

  /** Words that ask for something or name a time span: rare in error messages, common in requests. */
  static final Set<String> CUES = Set.of("show", "find", "list", "give", "me", "my", "our", "which", "what", "how",
      "who", "why", "last", "past", "since", "today", "yesterday", "recent", "recently", "latest", "newest",
      "oldest", "top", "most", "least", "slowest", "fastest", "frequent", "frequently", "week", "weeks", "day",
      "days", "hours", "minutes", "month", "months", "happening", "happened", "affecting", "affected", "unresolved",
      "unassigned", "assigned", "anything", "everything", "please");

  /** Whether {@code query} reads as a plain-language request rather than Sentry search syntax. */
  public static boolean looksNatural(String query) {
    String q = query.strip();
    if (q.isEmpty() || q.length() > 2 * MAX_QUERY_CHARS) {
      return false;
    }
    List<String> words = bareWords(q);
    if (words == null) {
      return false;
    }
    long cues = words.stream().filter(w -> CUES.contains(w)).count();
    if (q.endsWith("?") && words.size() >= 2) {
      return true;
    }
    return words.size() >= 3 && cues >= 1;
  }

  /**
   * The lower-cased words outside double quotes that are not filters or operators, punctuation at their ends
   * removed; null when the quotes are not balanced (then it is not plain language either: someone wrote syntax).
   */
  private static @Nullable List<String> bareWords(String q) {
    List<String> out = new ArrayList<>();
    StringBuilder outside = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < q.length(); i++) {
      char c = q.charAt(i);
      if (c == '"' && (i == 0 || q.charAt(i - 1) != '\\')) {
        quoted = !quoted;
        outside.append(' ');
      } else if (!quoted) {
        outside.append(c);
      }
    }
    if (quoted) {
      return null;
    }
    for (String token : outside.toString().split("\\s+")) {
      if (token.isEmpty() || OPERATORS.contains(token) || FILTER.matcher(token).matches()) {
        continue;
      }
      String w = token.replaceAll("^[\\p{Punct}]+|[\\p{Punct}]+$", "").toLowerCase(Locale.ROOT);
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  /**
   * The problem with a query a model wrote, or null: it must be one line of at most {@link #MAX_QUERY_CHARS}
   * printable characters with balanced double quotes, parentheses and brackets.
   */
  public static @Nullable String syntaxProblem(String query) {
    if (query.length() > MAX_QUERY_CHARS) {
      return "the query is longer than " + MAX_QUERY_CHARS + " characters";
    }
    int parens = 0;
    int brackets = 0;
    boolean quoted = false;
    for (int i = 0; i < query.length(); i++) {
      char c = query.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        return "the query has a line break or control character";
      }
      if (c == '"' && (i == 0 || query.charAt(i - 1) != '\\')) {
        quoted = !quoted;
      } else if (!quoted) {
        if (c == '(') {
          parens++;
        } else if (c == ')' && --parens < 0) {
          return "the query closes a parenthesis it did not open";
        } else if (c == '[') {
          brackets++;
        } else if (c == ']' && --brackets < 0) {
          return "the query closes a bracket it did not open";
        }
      }
    }
    if (quoted) {
      return "the query has an unclosed double quote";
    }
    if (parens != 0) {
      return "the query has an unclosed parenthesis";
    }
    return brackets != 0 ? "the query has an unclosed bracket" : null;
  }
}
