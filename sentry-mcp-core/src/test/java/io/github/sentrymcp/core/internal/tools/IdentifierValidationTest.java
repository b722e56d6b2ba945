package io.github.sentrymcp.core.internal.tools;

import static io.github.sentrymcp.core.internal.tools.ToolTestSupport.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.Csv;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.testkit.FakeSentry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Identifiers are validated, never normalised: for every kind (issue id, issue URL, event id, trace id, span id,
 * organization and project slugs, attachment id), in read and write tools, a value that is not exactly valid is
 * invalid input with a fixed message that does not echo it, and no request reaches Sentry. The only changes a value
 * gets are the trimming of ASCII whitespace around it and, for issue ids and hex ids, ASCII case.
 */
class IdentifierValidationTest {
  static final String ORG = ToolTestSupport.ORG;
  static final String PROJECT = ToolTestSupport.PROJECT;
  static final String ISSUE = "CLOUDFLARE-MCP-41";
  static final String EVENT = "7ca573c0f4814912aaa9bdc77d1a7d51";
  static final String TRACE = "a4d1aae7216b47ff8117cf4e09ce9d0a";

  static FakeSentry fake;
  static SentryMcp mcp;
  static Session session;

  @BeforeAll
  static void start() {
    fake = FakeSentry.start();
    mcp = ToolTestSupport.engine(fake);
    session = ToolTestSupport.session(b -> b.addScopes(Set.of(Scope.EVENT_WRITE)));
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  @BeforeEach
  void reset() {
    fake.reset();
  }

  /** A tool call with one identifier parameter under test. */
  record Case(String tool, String param, String valid, Map<String, @Nullable Object> others) {
    Map<String, @Nullable Object> with(String value) {
      Map<String, @Nullable Object> m = new LinkedHashMap<>(others);
      m.put(param, value);
      return m;
    }

    @Override
    public String toString() {
      return tool + "." + param;
    }
  }

  static List<Case> cases() {
    Map<String, @Nullable Object> issue = args("organizationSlug", ORG, "issueId", ISSUE);
    return List.of(
        new Case("get_issue_details", "issueId", ISSUE, args("organizationSlug", ORG)),
        new Case("get_issue_details", "organizationSlug", ORG, args("issueId", ISSUE)),
        new Case("get_issue_details", "eventId", EVENT, issue),
        new Case("search_issue_events", "issueId", ISSUE, args("organizationSlug", ORG)),
        new Case("search_issues", "organizationSlug", ORG, args()),
        new Case("search_issues", "projectSlugOrId", PROJECT, args("organizationSlug", ORG)),
        new Case("get_trace_details", "traceId", TRACE, args("organizationSlug", ORG)),
        new Case("get_trace_details", "spanId", "aaaaaaaaaaaaaaaa", args("organizationSlug", ORG, "traceId", TRACE)),
        new Case("get_event_attachment", "eventId", EVENT, args("organizationSlug", ORG, "projectSlug", PROJECT)),
        new Case("get_event_attachment", "projectSlug", PROJECT, args("organizationSlug", ORG, "eventId", EVENT)),
        new Case("get_event_attachment", "attachmentId", "456",
            args("organizationSlug", ORG, "projectSlug", PROJECT, "eventId", EVENT)),
        new Case("find_projects", "organizationSlug", ORG, args()),
        new Case("update_issue", "issueId", ISSUE, args("organizationSlug", ORG, "status", "resolved")),
        new Case("update_issue", "organizationSlug", ORG, args("issueId", ISSUE, "status", "resolved")),
        new Case("add_issue_note", "issueId", ISSUE, args("organizationSlug", ORG, "text", "x")),
        new Case("add_issue_note", "organizationSlug", ORG, args("issueId", ISSUE, "text", "x")),
        new Case("search_events", "organizationSlug", ORG, args()),
        new Case("search_events", "projectSlug", PROJECT, args("organizationSlug", ORG)),
        new Case("search_errors", "organizationSlug", ORG, args()),
        new Case("search_errors", "projectSlug", PROJECT, args("organizationSlug", ORG)),
        new Case("search_logs", "organizationSlug", ORG, args()),
        new Case("search_logs", "projectSlug", PROJECT, args("organizationSlug", ORG)),
        new Case("search_traces", "organizationSlug", ORG, args()),
        new Case("search_traces", "projectSlug", PROJECT, args("organizationSlug", ORG)),
        new Case("search_metrics", "organizationSlug", ORG, args()),
        new Case("search_metrics", "projectSlug", PROJECT, args("organizationSlug", ORG)),
        new Case("search_profiles", "organizationSlug", ORG, args()),
        new Case("search_profiles", "projectSlug", PROJECT, args("organizationSlug", ORG)),
        new Case("search_replays", "organizationSlug", ORG, args()),
        new Case("search_replays", "projectSlug", PROJECT, args("organizationSlug", ORG)),
        new Case("find_custom_inbound_filters", "projectSlug", PROJECT, args("organizationSlug", ORG)),
        new Case("get_doc", "path", "/platforms/javascript/guides/nextjs.md", args()),
        new Case("get_agent_conversation_details", "conversationId", "conv-7f3a9c", args("organizationSlug", ORG)),
        new Case("get_agent_conversation_details", "organizationSlug", ORG, args("conversationId", "conv-7f3a9c")),
        new Case("get_agent_conversation_details", "project", PROJECT,
            args("organizationSlug", ORG, "conversationId", "conv-7f3a9c")),
        new Case("search_agent_conversations", "organizationSlug", ORG, args()),
        new Case("search_agent_conversations", "project", PROJECT, args("organizationSlug", ORG)),
        new Case("find_dropped_events", "organizationSlug", ORG, args()),
        new Case("find_dropped_events", "projectSlug", PROJECT, args("organizationSlug", ORG)));
  }

  /** Spoiled forms of a valid value: nothing in them may be dropped or mapped to reach the valid one. */
  static List<String> spoiled(String v) {
    String head = v.substring(0, v.length() - 1);
    char last = v.charAt(v.length() - 1);
    return List.of(
        head + " " + last, // interior space
        head + "\u200B" + last, "\u200B" + v, v + "\u200B", // zero-width space
        head + "\u200D" + last, head + "\u200C" + last, v + "\u2060", // joiners, word joiner
        "\uFEFF" + v, // BOM
        v + "\u00A0", "\u00A0" + v, v + "\u3000", v + "\u2003", // no-break, ideographic and em spaces
        head + (char) ('０' + (last >= '0' && last <= '9' ? last - '0' : 1)), // a fullwidth digit
        v.replace('a', 'а').replace('e', 'е').replace('C', 'С').replace('1', '１'), // Cyrillic look-alikes
        v + "!", v + "\u0000", v + "\u001F", "\u0085" + v); // punctuation ('.' is valid in a slug), controls, NEL
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("cases")
  void spoiledIdentifiersAreInvalidInputAndSendNothing(Case c) {
    for (String bad : spoiled(c.valid())) {
      if (bad.equals(c.valid())) {
        continue; // no look-alike for this value
      }
      SentryMcpException e = ToolTestSupport.failure(mcp, c.tool(), c.with(bad), session);
      assertEquals(ErrorKind.INVALID_INPUT, e.kind(), () -> Csv.printable(bad, 80) + ": " + e.getMessage());
      String m = String.valueOf(e.getMessage());
      assertTrue(m.contains(c.param()), m);
      assertFalse(m.contains(bad), () -> "the message echoes the value: " + m);
      for (int i = 0; i < m.length(); i++) {
        char ch = m.charAt(i);
        assertTrue(ch == '\n' || (ch >= 0x20 && ch < 0x7f), () -> "not printable ASCII: " + m);
      }
      RenderedResult r = mcp.callAndRender(c.tool(), c.with(bad), session);
      assertTrue(r.isError() && r.text().startsWith("Input Error: "), r.text());
    }
    assertTrue(fake.journal().isEmpty(), () -> "a request reached Sentry: " + fake.journal());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("cases")
  void asciiWhitespaceAroundAValidIdentifierIsTrimmed(Case c) {
    for (String padded : List.of(" " + c.valid(), c.valid() + "\n", "\t" + c.valid() + "\r\n")) {
      RenderedResult r = mcp.callAndRender(c.tool(), c.with(padded), session);
      assertFalse(r.text().startsWith("Input Error"), () -> Csv.printable(padded, 80) + ": " + r.text());
    }
    assertFalse(fake.journal().isEmpty());
    assertTrue(fake.journal().stream().noneMatch(q -> q.rawPath().contains("%20") || q.rawPath().contains("%0A")
        || q.rawPath().contains("%09") || q.rawPath().contains("%0D")), fake.journal()::toString);
  }
}
