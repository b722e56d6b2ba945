package io.github.sentrymcp.core.internal.tools.conversations;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.array;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.bool;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.leaf;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableInteger;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableObject;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.object;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;
import static io.github.sentrymcp.core.internal.tools.conversations.ConversationSupport.TRUST;
import static io.github.sentrymcp.core.internal.tools.conversations.ConversationSupport.whole;

import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.ApiResponse;
import io.github.sentrymcp.core.internal.client.Query;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.NotFoundHints;
import io.github.sentrymcp.core.internal.tools.Paging;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import io.github.sentrymcp.core.internal.tools.WebLinks;
import java.math.BigDecimal;
import java.time.Instant;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code search_agent_conversations} (old name {@code search_ai_conversations}): one page of an organization's agent
 * conversations, one summary each ({@code GET /organizations/{org}/agents/conversations/}, after {@code GET
 * /projects/{org}/{project}/} for each project given by slug). Previews are cut to {@value
 * ConversationSupport#PREVIEW_CHARS} characters, sample trace ids to three.
 */
final class SearchAgentConversationsTool extends AbstractSentryTool {

  static final String NAME = "search_agent_conversations";
  static final String OLD_NAME = "search_ai_conversations";

  static final Pattern ENVIRONMENT = Pattern.compile("[^\\s\"',\\[\\]/\\\\]{1,64}");
  static final int MAX_NAMES = 20;
  static final int SAMPLE_TRACES = 3;

  static final String DESCRIPTION = String.join("\n",
      "Search agent conversations (formerly AI conversations): one summary per conversation with title, calls,"
          + " tokens, cost and input/output previews.",
      "",
      "Use this tool when you need to:",
      "- Find or list conversations of an AI agent instrumented with Sentry",
      "- Spot failing, slow or expensive conversations",
      "",
      "<examples>",
      "search_agent_conversations(organizationSlug='my-org', query='checkout', period='7d')",
      "search_agent_conversations(organizationSlug='my-org', project='backend', limit=20)",
      "</examples>",
      "",
      "<hints>",
      "- get_agent_conversation_details(conversationId=...) gives one transcript.",
      "- Pass nextCursor as cursor to get the next page.",
      "</hints>");

  static final String OLD_DESCRIPTION = String.join("\n",
      "Old name of search_agent_conversations, kept for existing clients: same parameters and result.",
      "",
      "<examples>",
      "search_ai_conversations(organizationSlug='my-org', period='7d')",
      "</examples>");

  private static final Map<String, Object> CONVERSATION = object(
      "conversationId", string("Conversation id (gen_ai.conversation.id)."),
      "title", nullableString("Conversation title."),
      "url", string("Conversation in Sentry's UI."),
      "startTimestamp", nullableInteger("Start, epoch milliseconds."),
      "endTimestamp", nullableInteger("End, epoch milliseconds."),
      "durationMs", nullableInteger("Duration in milliseconds."),
      "errors", leaf("integer", "Errors in the conversation's traces."),
      "aiCallCount", leaf("integer", "Model calls."),
      "toolCallCount", leaf("integer", "Tool calls."),
      "toolErrorCount", leaf("integer", "Failed tool calls."),
      "totalTokens", leaf("integer", "Tokens used."),
      "totalCost", string("Model cost in USD, e.g. $0.12."),
      "traceCount", leaf("integer", "Traces of the conversation."),
      "sampleTraceIds", array(string("Trace id."), "Up to three trace ids."),
      "firstInputPreview", nullableString("First input, cut to 240 characters."),
      "lastOutputPreview", nullableString("Last output, cut to 240 characters."),
      "flow", array(string("Agent name."), "Agents in order of appearance (at most 20)."),
      "toolNames", array(string("Tool name."), "Tools used (at most 20)."),
      "user", nullableObject(
          "email", nullableString("User's email."),
          "username", nullableString("User's name.")));

  static final Map<String, Object> OUTPUT_SCHEMA = root(
      "organizationSlug", string("The organization searched."),
      "searchUrl", string("The search in Sentry's UI."),
      "count", leaf("integer", "Conversations on this page."),
      "hasMore", bool("True when Sentry has more conversations after this page."),
      "nextCursor", nullableString("Pass as `cursor` to get the next page; null on the last page."),
      "conversations", array(CONVERSATION, "The conversations on this page."));

  static final InputSchema INPUT = InputSchema.builder()
      .add(Params.organizationSlug())
      .string("query", "Conversation filter, e.g. 'checkout'.").nullable().maxLength(1000).add()
      .stringOrArray("project", "Project slug or numeric id, or several.").nullable()
      .check(ConversationSupport::projectProblem).add()
      .stringOrArray("environment", "Environment name, or several.").nullable()
      .check(v -> ENVIRONMENT.matcher(v).matches() ? null
          : "must be an environment name without whitespace, quotes, commas, brackets or slashes").add()
      .string("period", "Relative window, e.g. 24h (default 30d); start/end win.").nullable()
      .pattern(Params.PERIOD).defaultValue("30d").add()
      .add(ConversationSupport.start("ISO-8601 start; with end."))
      .add(ConversationSupport.end())
      .add(Params.cursor())
      .integer("limit", "").minimum(1).maximum(100).defaultValue(10L).add()
      .add(Params.regionUrl())
      .build();

  static final ToolSpec SPEC = ConversationSupport.spec(NAME, "Search agent conversations", DESCRIPTION, INPUT, OUTPUT_SCHEMA);
  static final ToolSpec OLD_SPEC =
      ConversationSupport.spec(OLD_NAME, "Search AI conversations (old name)", OLD_DESCRIPTION, INPUT, OUTPUT_SCHEMA);

  private final WebLinks links;

  /** The tool under {@code spec}: {@link #SPEC}, or {@link #OLD_SPEC} for the old name. */
  SearchAgentConversationsTool(ToolEnvironment env, ToolSpec spec) {
    super(env, spec);
    this.links = new WebLinks(env.config());
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String org = args.requireString("organizationSlug");
    ConversationSupport.Window window = ConversationSupport.absoluteWindow(args);
    String period = window != null ? null : args.nonBlank("period") == null ? "30d" : args.requireString("period");
    SentryApiClient api = call.api(args);
    List<String> projects = ConversationSupport.projectIds(call, api, org, args.strings("project"));
    List<String> environments = args.strings("environment");

    Query q = Query.create().add("query", args.nonBlank("query"));
    StringBuilder ui = new StringBuilder();
    uiParam(ui, "query", args.nonBlank("query"));
    for (String p : projects) {
      q.add("project", p);
      uiParam(ui, "project", p);
    }
    for (String e : environments) {
      q.add("environment", e);
      uiParam(ui, "environment", e);
    }
    if (window != null) {
      q.add("start", window.start()).add("end", window.end());
      uiParam(ui, "start", window.start());
      uiParam(ui, "end", window.end());
    } else {
      q.add("statsPeriod", period);
      uiParam(ui, "statsPeriod", period);
    }
    q.add("per_page", args.intValue("limit", 10)).add("cursor", args.nonBlank("cursor"));

    ApiResponse response = NotFoundHints.withHint(Map.of("organizationSlug", org), call.constraints(),
        () -> api.get(ApiPath.of("/organizations/{org}/agents/conversations/", org), q));
    SentryJson body = response.json("conversations", TRUST);
    List<SentryJson> items;
    if (body.isArray()) {
      items = body.items();
    } else {
      throw response.wrongShape(body, "a list of conversations");
    }
    String next = response.nextCursor();
    Paging.Page page = new Paging.Page(items, next == null ? null : Paging.usableCursor(next), next != null);
    String searchUrl = links.path(org, "/explore/conversations/" + (ui.length() == 0 ? "" : "?" + ui));
    return render(org, searchUrl, page, period, window);
  }

  private static void uiParam(StringBuilder ui, String name, @Nullable String value) {
    if (value != null) {
      ui.append(ui.length() == 0 ? "" : "&").append(name).append('=').append(ApiPath.percentEncode(value));
    }
  }

  /** One conversation summary, as read (texts untrusted, numbers parsed). */
  private record Summary(Untrusted id, @Nullable Untrusted title, Untrusted url, @Nullable Long start,
      @Nullable Long end, long errors, long aiCalls, long toolCalls, long toolErrors, long tokens, String cost,
      long traceCount, List<Untrusted> traceIds, @Nullable Untrusted firstInput, @Nullable Untrusted lastOutput,
      List<Untrusted> flow, List<Untrusted> tools, boolean hasUser, @Nullable Untrusted email,
      @Nullable Untrusted username) {}

  private @Nullable Summary summary(String org, SentryJson c) {
    Untrusted id = c.get("conversationId").nonEmptyText();
    if (id == null) {
      return null;
    }
    Long start = millis(c.get("startTimestamp"));
    Long end = millis(c.get("endTimestamp"));
    List<Untrusted> traceIds = texts(c.get("traceIds"), SAMPLE_TRACES);
    long traceCount = c.get("traceCount").isPresent() ? whole(c.get("traceCount")) : traceIds.size();
    SentryJson user = c.get("user");
    return new Summary(id, nonEmpty(c.get("title").text()), links.conversation(org, id), start, end,
        whole(c.get("errors")), whole(c.get("llmCalls")), whole(c.get("toolCalls")), whole(c.get("toolErrors")),
        whole(c.get("totalTokens")), cost(ConversationSupport.number(c.get("totalCost"))), traceCount, traceIds,
        preview(c.get("firstInput")), preview(c.get("lastOutput")), texts(c.get("flow"), MAX_NAMES),
        texts(c.get("toolNames"), MAX_NAMES), user.isObject(), user.get("email").nonEmptyText(),
        user.get("username").nonEmptyText());
  }

  private ToolResult render(String org, String searchUrl, Paging.Page page, @Nullable String period,
      ConversationSupport.@Nullable Window window) {
    List<Summary> shown = new ArrayList<>();
    for (SentryJson c : page.items()) {
      Summary s = summary(org, c);
      if (s != null) {
        shown.add(s);
      }
    }
    ToolResult.Builder doc = ToolResult.builder().heading(1, "Agent conversations in " + org);
    doc.fieldText("Window", window == null ? "last " + period : window.start() + " to " + window.end());
    if (shown.isEmpty()) {
      doc.paragraph("No conversations found.");
    }
    int n = 0;
    for (Summary s : shown) {
      doc.heading(2, "Conversation " + (++n));
      doc.field("ID", s.id());
      doc.field("Title", s.title());
      Long from = s.start();
      Long to = s.end();
      if (from != null) {
        doc.fieldText("Started", Instant.ofEpochMilli(from) + (to == null || to < from ? ""
            : ", took " + ConversationSupport.duration(to - from)));
      }
      doc.fieldText("Activity", s.aiCalls() + " AI calls, " + s.toolCalls() + " tool calls"
          + (s.toolErrors() > 0 ? " (" + s.toolErrors() + " failed)" : "") + ", " + s.errors() + " errors, "
          + s.tokens() + " tokens, " + s.cost());
      list(doc, "Agents", s.flow());
      list(doc, "Tools", s.tools());
      if (!s.traceIds().isEmpty()) {
        List<Inline> parts = new ArrayList<>();
        parts.add(Inline.text(s.traceCount() + (s.traceCount() > s.traceIds().size() ? ", e.g. " : ": ")));
        appendAll(parts, s.traceIds());
        doc.field("Traces", parts.toArray(Inline[]::new));
      }
      doc.field("User", s.email() != null ? s.email() : s.username());
      doc.field("First input", s.firstInput());
      doc.field("Last output", s.lastOutput());
    }
    if (!shown.isEmpty()) {
      doc.paragraph(Inline.text("Transcript: "), Inline.code("get_agent_conversation_details"),
          Inline.text(" with the conversation's ID."));
    }
    Paging.append(doc, page, "conversations");
    doc.fieldText("Sentry URL", searchUrl);

    List<Structured> items = new ArrayList<>();
    for (Summary s : shown) {
      items.add(Structured.object()
          .put("conversationId", s.id())
          .put("title", s.title())
          .put("url", s.url())
          .put("startTimestamp", s.start())
          .put("endTimestamp", s.end())
          .put("durationMs", duration(s))
          .put("errors", s.errors())
          .put("aiCallCount", s.aiCalls())
          .put("toolCallCount", s.toolCalls())
          .put("toolErrorCount", s.toolErrors())
          .put("totalTokens", s.tokens())
          .putText("totalCost", s.cost())
          .put("traceCount", s.traceCount())
          .put("sampleTraceIds", data(s.traceIds()))
          .put("firstInputPreview", s.firstInput())
          .put("lastOutputPreview", s.lastOutput())
          .put("flow", data(s.flow()))
          .put("toolNames", data(s.tools()))
          .put("user", s.hasUser() ? Structured.object().put("email", s.email()).put("username", s.username())
              .build() : null)
          .build());
    }
    doc.structured(Structured.object()
        .putText("organizationSlug", org)
        .putText("searchUrl", searchUrl)
        .put("count", items.size())
        .put("hasMore", page.hasMore())
        .put("nextCursor", page.nextCursor())
        .put("conversations", Structured.array(items))
        .build());
    return doc.build();
  }

  private static @Nullable Long duration(Summary s) {
    Long from = s.start();
    Long to = s.end();
    return from == null || to == null ? null : (Long) Math.max(0, to - from);
  }

  private static void list(ToolResult.Builder doc, String label, List<Untrusted> values) {
    if (!values.isEmpty()) {
      List<Inline> parts = new ArrayList<>();
      appendAll(parts, values);
      doc.field(label, parts.toArray(Inline[]::new));
    }
  }

  private static void appendAll(List<Inline> parts, List<Untrusted> values) {
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        parts.add(Inline.text(", "));
      }
      parts.add(Inline.data(values.get(i)));
    }
  }

  private static Structured data(List<Untrusted> values) {
    return Structured.array(values.stream().map(Structured::of).toList());
  }

  /** Up to {@code max} distinct non-empty texts of a list. */
  private static List<Untrusted> texts(SentryJson list, int max) {
    List<Untrusted> out = new ArrayList<>();
    for (SentryJson item : list.items()) {
      Untrusted t = item.nonEmptyText();
      if (t != null && out.size() < max && out.stream().noneMatch(t::sameText)) {
        out.add(t);
      }
    }
    return out;
  }

  private static @Nullable Untrusted preview(SentryJson value) {
    Untrusted t = nonEmpty(value.text());
    return t == null ? null : t.truncate(ConversationSupport.PREVIEW_CHARS);
  }

  private static @Nullable Untrusted nonEmpty(@Nullable Untrusted t) {
    return t == null || t.isBlank() ? null : t;
  }

  private static @Nullable Long millis(SentryJson n) {
    OptionalDouble d = ConversationSupport.number(n);
    return d.isPresent() && d.getAsDouble() > 0 ? (Long) Math.round(d.getAsDouble()) : null;
  }

  /** A cost in USD as server text: three significant digits (no {@code <}: it would end a data region). */
  static String cost(OptionalDouble usd) {
    double v = usd.isPresent() ? usd.getAsDouble() : 0;
    if (v <= 0) {
      return "$0";
    }
    return "$" + new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
  }
}
