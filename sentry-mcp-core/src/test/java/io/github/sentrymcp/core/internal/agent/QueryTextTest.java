package io.github.sentrymcp.core.internal.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryTextTest {

  @ParameterizedTest(name = "[{0}] {1}")
  @CsvSource(delimiter = '|', textBlock = """
      true  | show me unresolved errors from the last 24 hours
      true  | which issues affect the most users this week
      true  | errors in production since yesterday
      true  | slowest database spans today
      true  | what is failing in checkout?
      true  | level:error happening in the last hour for my team
      true  | any crashes today?
      false | is:unresolved level:error firstSeen:-24h
      false | level:error environment:production
      false | span.op:db span.duration:>1s
      false | TypeError
      false | database timeout
      false | connection reset by peer
      false | Cannot read property of undefined
      false | "show me the last errors of the day"
      false | !is:resolved (level:error OR level:fatal) release:latest
      false | user.email:me@example.com assigned:me
      false | a "b c
      false | ''
      false | '   '
      """)
  void tellsNaturalLanguageFromSentrySyntax(boolean natural, String query) {
    assertEquals(natural, QueryText.looksNatural(query), query);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      is:unresolved "a (b" (level:error OR level:fatal)  | 
      error.type:[TypeError,ValueError]                  | 
      a "b                                                | the query has an unclosed double quote
      (level:error                                        | the query has an unclosed parenthesis
      level:error)                                        | the query closes a parenthesis it did not open
      error.type:[a                                       | the query has an unclosed bracket
      a]                                                  | the query closes a bracket it did not open
      """)
  void checksTheShapeOfAModelsQuery(String query, String problem) {
    assertEquals(problem == null || problem.isEmpty() ? null : problem, QueryText.syntaxProblem(query.strip()));
  }

  @org.junit.jupiter.api.Test
  void refusesLineBreaksAndOverlongQueries() {
    assertEquals("the query has a line break or control character", QueryText.syntaxProblem("a\nb"));
    assertEquals("the query has a line break or control character", QueryText.syntaxProblem("a\u2028b"));
    assertEquals("the query is longer than 1000 characters", QueryText.syntaxProblem("a".repeat(1001)));
    assertNull(QueryText.syntaxProblem("a".repeat(1000)));
  }
}
