package io.github.sentrymcp.core.internal.tools.conversations;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.array;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.bool;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.leaf;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableInteger;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.object;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;
import static io.github.sentrymcp.core.internal.tools.conversations.ConversationSupport.TRUST;

import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.ApiResponse;
import io.github.sentrymcp.core.internal.client.EmbeddedJson;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code get_agent_conversation_details} (old name {@code get_ai_conversation_details}): one agent conversation as a
 * chronological timeline of user messages, assistant messages and tool calls, built from its gen_ai spans ({@code GET
 * /organizations/{org}/agents/conversations/{id}/}, {@value #PER_PAGE} spans a page, at most {@value #MAX_PAGES}
 * pages; before it {@code GET /projects/{org}/{project}/} when the project is given by slug or the session is
 * project-constrained).
 *
 * <p>Each transcript field (message, tool arguments, tool input) is cut to {@value ConversationSupport#FIELD_CHARS}
 * characters and named in the event's {@code truncatedFields}; once the timeline holds {@value #BUDGET_CHARS}
 * characters, later fields are cut to {@value ConversationSupport#PREVIEW_CHARS}; at most {@value #MAX_EVENTS}
 * events. A user message repeated by the next model call (the same prompt sent again in a tool loop) is shown once.
 * Unlike the reference, raw gen_ai attributes (system instructions, tool definitions, full message lists) and
 * per-span summaries are not returned: they repeat the timeline at many times its size.
 */
final class GetAgentConversationDetailsTool extends AbstractSentryTool {

  static final String NAME = "get_agent_conversation_details";
  static final String OLD_NAME = "get_ai_conversation_details";

  static final int PER_PAGE = 1000;
  static final int MAX_PAGES = 10;
  static final int MAX_EVENTS = 100;
  static final int BUDGET_CHARS = 40_000;
  static final int MAX_LISTED = 10;

  private static final Pattern GEN_AI = Pattern.compile("gen_ai\\..*");

  static final String DESCRIPTION = String.join("\n",
      "Get one agent conversation (formerly AI conversation) as a timeline of user messages, assistant messages"
          + " and tool calls, with trace ids for deeper debugging.",
      "",
      "Use this tool when you need to:",
      "- Read what a user asked an AI agent and what it answered",
      "- See which tools the agent called, with what arguments, and which failed",
      "",
      "<examples>",
      "get_agent_conversation_details(organizationSlug='my-org', conversationId='conv-123')",
      "</examples>",
      "",
      "<hints>",
      "- search_agent_conversations lists conversations and their ids.",
      "- Default window is the last 30 days; pass start and end for older ones.",
      "</hints>");

  static final String OLD_DESCRIPTION = String.join("\n",
      "Old name of get_agent_conversation_details, kept for existing clients: same parameters and result.",
      "",
      "<examples>",
      "get_ai_conversation_details(organizationSlug='my-org', conversationId='conv-123')",
      "</examples>");

  private static final Map<String, Object> EVENT = object(
      "type", string("message or tool_call."),
      "role", nullableString("user or assistant (messages)."),
      "name", nullableString("Tool name (tool calls)."),
      "content", nullableString("Message text."),
      "arguments", nullableString("Tool call arguments."),
      "input", nullableString("Tool input."),
      "timestamp", nullableInteger("Epoch milliseconds."),
      "durationMs", nullableInteger("Duration of the span in milliseconds."),
      "spanId", nullableString("Span id."),
      "traceId", nullableString("Trace id."),
      "status", nullableString("Span status."),
      "model", nullableString("Model (assistant messages)."),
      "agentName", nullableString("Agent name."),
      "totalTokens", nullableInteger("Tokens of the model call (assistant messages)."),
      "truncatedFields", array(string("Field name."), "Fields cut short."));

  static final Map<String, Object> OUTPUT_SCHEMA = root(
      "conversationId", string("The conversation id."),
      "title", nullableString("Conversation title."),
      "organizationSlug", string("The organization."),
      "url", string("The conversation in Sentry's UI."),
      "lookupWindow", object(
          "statsPeriod", nullableString("Relative window searched, e.g. 30d."),
          "start", nullableString("Start of the window searched."),
          "end", nullableString("End of the window searched.")),
      "startTimestamp", nullableInteger("First span start, epoch milliseconds."),
      "endTimestamp", nullableInteger("Last span end, epoch milliseconds."),
      "traceIds", array(string("Trace id."), "Traces of the conversation."),
      "projects", array(string("Project slug."), "Projects of the conversation."),
      "spanCount", leaf("integer", "Spans read."),
      "aiCallCount", leaf("integer", "Model calls."),
      "messageCount", leaf("integer", "Messages in the timeline."),
      "toolCallCount", leaf("integer", "Tool calls in the timeline."),
      "totalTokens", leaf("integer", "Tokens of all model calls."),
      "timeline", array(EVENT, "Messages and tool calls in time order (at most " + MAX_EVENTS + ")."),
      "truncated", bool("True when events were left out or Sentry had more spans than were read."));

  static final InputSchema INPUT = InputSchema.builder()
      .add(Params.organizationSlug())
      .string("conversationId", "The conversation id (gen_ai.conversation.id).").required()
      .check(Params::resourceIdProblem).add()
      .string("project", "Project numeric id or slug (default: all projects).").nullable()
      .check(ConversationSupport::projectProblem).add()
      .add(ConversationSupport.start("ISO-8601 start of the lookup window; with end (default: last 30d)."))
      .add(ConversationSupport.end())
      .add(Params.regionUrl())
      .build();

  static final ToolSpec SPEC = ConversationSupport.spec(NAME, "Get agent conversation details", DESCRIPTION, INPUT, OUTPUT_SCHEMA);
  static final ToolSpec OLD_SPEC =
      ConversationSupport.spec(OLD_NAME, "Get AI conversation details (old name)", OLD_DESCRIPTION, INPUT, OUTPUT_SCHEMA);

  private final WebLinks links;

  /** The tool under {@code spec}: {@link #SPEC}, or {@link #OLD_SPEC} for the old name. */
  GetAgentConversationDetailsTool(ToolEnvironment env, ToolSpec spec) {
    super(env, spec);
    this.links = new WebLinks(env.config());
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String org = args.requireString("organizationSlug");
    String id = args.requireString("conversationId");
    ConversationSupport.Window window = ConversationSupport.absoluteWindow(args);
    SentryApiClient api = call.api(args);
    String project = args.nonBlank("project");
    List<String> ids = ConversationSupport.projectIds(call, api, org, project == null ? List.of() : List.of(project));
    String projectId = ids.isEmpty() ? "-1" : ids.get(0);

    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", org);
    used.put("conversationId", id);
    List<SentryJson> spans = new ArrayList<>();
    Untrusted title = null;
    String cursor = null;
    boolean more = false;
    for (int page = 0; page < MAX_PAGES; page++) {
      Query q = Query.create().add("per_page", PER_PAGE);
      if (window != null) {
        q.add("start", window.start()).add("end", window.end());
      } else {
        q.add("statsPeriod", "30d");
      }
      q.add("project", projectId);
      if (cursor != null) {
        q.add("cursor", Paging.usableCursor(cursor));
      }
      ApiResponse response = NotFoundHints.withHint(used, call.constraints(),
          () -> api.get(ApiPath.of("/organizations/{org}/agents/conversations/{id}/", org, id), q));
      SentryJson body = response.json("conversation", TRUST);
      if (body.isObject() && body.get("spans").isArray()) {
        Untrusted t = body.get("title").nonEmptyText();
        title = t != null ? t : title;
        spans.addAll(body.get("spans").items());
      } else {
        throw response.wrongShape(body, "a conversation");
      }
      String next = response.nextCursor();
      cursor = next != null && Paging.usableCursor(next) != null ? next : null;
      more = cursor != null;
      if (cursor == null) {
        break;
      }
      call.checkCancelled();
    }
    return render(org, id, title, window, spans, more);
  }

  /** One span of the conversation, as read. */
  private record Span(SentryJson json, @Nullable Untrusted spanId, @Nullable Untrusted traceId,
      @Nullable Untrusted project, @Nullable Long start, @Nullable Long end, @Nullable String op) {
    long duration() {
      return start == null || end == null ? 0 : Math.max(0, end - start);
    }
  }

  /** One timeline event; texts untrusted, labels and numbers server-made. */
  private record Event(String type, @Nullable String role, @Nullable Untrusted name, @Nullable Untrusted content,
      @Nullable Untrusted arguments, @Nullable Untrusted input, @Nullable Long timestamp, long durationMs,
      Span span, @Nullable Untrusted status, @Nullable Untrusted model, @Nullable Untrusted agent,
      @Nullable Long tokens, List<String> truncated) {}

  private static Span span(SentryJson s) {
    return new Span(s, s.get("span_id").nonEmptyText(), s.get("trace").nonEmptyText(),
        s.get("project").nonEmptyText(), seconds(s.get("precise.start_ts")), seconds(s.get("precise.finish_ts")),
        operation(s));
  }

  /** tool, agent, handoff or ai_client (server text), or null for a span that is not a gen_ai operation. */
  static @Nullable String operation(SentryJson s) {
    Untrusted explicit = s.get("gen_ai.operation.type").nonEmptyText();
    if (explicit != null) {
      for (String known : List.of("tool", "agent", "handoff", "ai_client")) {
        if (explicit.contentEquals(known)) {
          return known;
        }
      }
      return "other";
    }
    Untrusted name = s.get("span.name").nonEmptyText();
    if (name == null || !name.matches(GEN_AI)) {
      name = s.get("span.op").nonEmptyText();
    }
    if (name == null || !name.matches(GEN_AI)) {
      return null;
    }
    if (name.contentEquals("gen_ai.execute_tool")) {
      return "tool";
    }
    if (name.contentEquals("gen_ai.invoke_agent") || name.contentEquals("gen_ai.create_agent")) {
      return "agent";
    }
    return name.contentEquals("gen_ai.handoff") ? "handoff" : "ai_client";
  }

  private ToolResult render(String org, String id, @Nullable Untrusted title, ConversationSupport.@Nullable Window
      window, List<SentryJson> raw, boolean more) {
    List<Span> spans = raw.stream().filter(SentryJson::isObject).map(GetAgentConversationDetailsTool::span)
        .toList();
    for (Span s : spans) {
      // a span id is text; another type means the answer is not the conversation's span list
      if (s.json().get("span_id").isPresent() && !s.json().get("span_id").isText()) {
        throw s.json().get("span_id").malformed("has a span_id that is not a string");
      }
    }
    Budget budget = new Budget();
    List<Event> events = new ArrayList<>();
    for (Span s : spans) {
      if ("tool".equals(s.op())) {
        Event e = toolCall(s, budget);
        if (e != null) {
          events.add(e);
        }
      } else if ("ai_client".equals(s.op())) {
        events.addAll(messages(s, budget));
      }
    }
    events.sort(Comparator.comparing((Event e) -> e.timestamp() == null ? Long.MAX_VALUE : e.timestamp())
        .thenComparing(e -> e.type().equals("message") ? 0 : 1));
    events = withoutRepeatedPrompts(events);
    int total = events.size();
    List<Event> shown = events.subList(0, Math.min(total, MAX_EVENTS));

    long aiCalls = spans.stream().filter(s -> "ai_client".equals(s.op())).count();
    long tokens = spans.stream().filter(s -> "ai_client".equals(s.op()))
        .mapToLong(s -> ConversationSupport.whole(s.json().get("gen_ai.usage.total_tokens"))).sum();
    long messageCount = events.stream().filter(e -> e.type().equals("message")).count();
    long toolCalls = total - messageCount;
    Long first = spans.stream().map(Span::start).filter(v -> v != null).min(Long::compare).orElse(null);
    Long last = spans.stream().map(Span::end).filter(v -> v != null).max(Long::compare).orElse(null);
    List<Untrusted> traces = distinct(spans.stream().map(Span::traceId).toList());
    List<Untrusted> projects = distinct(spans.stream().map(Span::project).toList());
    String url = links.path(org, "/explore/conversations/" + ApiPath.percentEncode(id) + "/");

    ToolResult.Builder doc = ToolResult.builder().heading(1, "Agent conversation " + id);
    doc.field("Title", title);
    doc.fieldText("Window", window == null ? "last 30d" : window.start() + " to " + window.end());
    if (first != null) {
      long from = first;
      String started = ConversationSupport.isoMillis(from);
      doc.fieldText("Started", (started == null ? "-" : started) + (last == null || last < from ? ""
          : ", took " + ConversationSupport.duration(last - from)));
    }
    doc.fieldText("Activity", spans.size() + " spans, " + aiCalls + " AI calls, " + messageCount + " messages, "
        + toolCalls + " tool calls, " + tokens + " tokens");
    listField(doc, "Traces", traces);
    listField(doc, "Projects", projects);
    doc.fieldText("Sentry URL", url);
    if (spans.isEmpty()) {
      doc.paragraph("No spans of this conversation in the window; pass start and end to look further back.");
    } else if (shown.isEmpty()) {
      doc.paragraph("The conversation's spans hold no messages or tool calls.");
    } else {
      doc.heading(2, "Timeline");
      renderTimeline(doc, shown);
    }
    if (total > shown.size() || more) {
      String left = (total > shown.size() ? (total - shown.size()) + " later events are not shown" : "")
          + (more ? (total > shown.size() ? "; " : "") + "Sentry has more spans than the " + (PER_PAGE * MAX_PAGES)
          + " read" : "") + ".";
      doc.paragraph(left + " Pass start and end to narrow the window.");
      doc.truncationHint("Pass start and end to read a narrower part of the conversation.");
    }
    if (!traces.isEmpty()) {
      doc.paragraph(Inline.text("Spans of a trace: "), Inline.code("get_trace_details"),
          Inline.text(" with one of the trace ids."));
    }

    List<Structured> items = new ArrayList<>();
    for (Event e : shown) {
      items.add(Structured.object()
          .putText("type", e.type())
          .putText("role", e.role())
          .put("name", e.name())
          .put("content", e.content())
          .put("arguments", e.arguments())
          .put("input", e.input())
          .put("timestamp", e.timestamp())
          .put("durationMs", e.durationMs())
          .put("spanId", e.span().spanId())
          .put("traceId", e.span().traceId())
          .put("status", e.status())
          .put("model", e.model())
          .put("agentName", e.agent())
          .put("totalTokens", e.tokens())
          .put("truncatedFields", Structured.array(e.truncated().stream().map(Structured::str).toList()))
          .build());
    }
    doc.structured(Structured.object()
        .putText("conversationId", id)
        .put("title", title)
        .putText("organizationSlug", org)
        .putText("url", url)
        .put("lookupWindow", Structured.object()
            .putText("statsPeriod", window == null ? "30d" : null)
            .putText("start", window == null ? null : window.start())
            .putText("end", window == null ? null : window.end())
            .build())
        .put("startTimestamp", first)
        .put("endTimestamp", last)
        .put("traceIds", Structured.array(traces.stream().map(Structured::of).toList()))
        .put("projects", Structured.array(projects.stream().map(Structured::of).toList()))
        .put("spanCount", spans.size())
        .put("aiCallCount", aiCalls)
        .put("messageCount", messageCount)
        .put("toolCallCount", toolCalls)
        .put("totalTokens", tokens)
        .put("timeline", Structured.array(items))
        .put("truncated", total > shown.size() || more)
        .build());
    return doc.build();
  }

  private static void renderTimeline(ToolResult.Builder doc, List<Event> shown) {
    Untrusted model = null;
    Untrusted agent = null;
    int n = 0;
    for (Event e : shown) {
      n++;
      String at = e.timestamp() == null ? "" : ", " + ConversationSupport.isoMillis(e.timestamp());
      if (e.agent() != null && (agent == null || !agent.sameText(e.agent()))) {
        doc.field("Agent", e.agent());
        agent = e.agent();
      }
      if (e.type().equals("tool_call")) {
        List<Inline> line = new ArrayList<>();
        line.add(Inline.text("#" + n + " tool "));
        line.add(Inline.data(e.name() == null ? Untrusted.of("", "conversation", TRUST) : e.name()));
        line.add(Inline.text(at + ", " + ConversationSupport.duration(e.durationMs())));
        if (e.status() != null && !e.status().contentEquals("ok")) {
          line.add(Inline.text(", status "));
          line.add(Inline.data(e.status()));
        }
        doc.paragraph(line.toArray(Inline[]::new));
        if (e.arguments() != null) {
          doc.data("#" + n + " arguments" + cut(e, "arguments"), e.arguments());
        }
        if (e.input() != null) {
          doc.data("#" + n + " input" + cut(e, "input"), e.input());
        }
        continue;
      }
      if (e.model() != null && (model == null || !model.sameText(e.model()))) {
        doc.field("Model", e.model());
        model = e.model();
      }
      String role = e.role() == null ? "message" : e.role();
      String facts = role.equals("assistant")
          ? (e.tokens() == null ? "" : ", " + e.tokens() + " tokens") + ", " + ConversationSupport.duration(
              e.durationMs())
          : "";
      if (role.equals("assistant") && e.status() != null && !e.status().contentEquals("ok")) {
        doc.paragraph(Inline.text("#" + n + " status "), Inline.data(e.status()));
      }
      if (e.content() != null) {
        doc.data("#" + n + " " + role + at + facts + cut(e, "content"), e.content());
      }
    }
  }

  private static String cut(Event e, String field) {
    return e.truncated().contains(field) ? " (cut short)" : "";
  }

  private static @Nullable Event toolCall(Span s, Budget budget) {
    SentryJson j = s.json();
    Untrusted name = j.get("gen_ai.tool.name").nonEmptyText();
    if (name == null) {
      return null;
    }
    List<String> truncated = new ArrayList<>();
    Untrusted arguments = budget.cap(text(j, "gen_ai.tool.call.arguments"), "arguments", truncated);
    Untrusted input = budget.cap(text(j, "gen_ai.tool.input"), "input", truncated);
    return new Event("tool_call", null, name.truncate(200), null, arguments, input, s.start(), s.duration(), s,
        j.get("span.status").nonEmptyText(), null, j.get("gen_ai.agent.name").nonEmptyText(), null, truncated);
  }

  private static List<Event> messages(Span s, Budget budget) {
    SentryJson j = s.json();
    Untrusted model = j.get("gen_ai.response.model").nonEmptyText();
    model = model != null ? model : j.get("gen_ai.request.model").nonEmptyText();
    Untrusted agent = j.get("gen_ai.agent.name").nonEmptyText();
    Untrusted status = j.get("span.status").nonEmptyText();
    OptionalDouble t = ConversationSupport.number(j.get("gen_ai.usage.total_tokens"));
    Long tokens = t.isPresent() ? (Long) Math.round(t.getAsDouble()) : null;
    List<Event> out = new ArrayList<>();
    Untrusted user = userContent(j);
    if (user != null) {
      List<String> truncated = new ArrayList<>();
      out.add(new Event("message", "user", null, budget.cap(user, "content", truncated), null, null, s.start(),
          s.duration(), s, null, null, agent, null, truncated));
    }
    Untrusted assistant = assistantContent(j);
    if (assistant != null) {
      List<String> truncated = new ArrayList<>();
      out.add(new Event("message", "assistant", null, budget.cap(assistant, "content", truncated), null, null,
          s.end(), s.duration(), s, status, model, agent, tokens, truncated));
    } else if (!out.isEmpty()) {
      Event u = out.remove(0);
      out.add(new Event(u.type(), u.role(), null, u.content(), null, null, u.timestamp(), u.durationMs(), s, status,
          model, agent, tokens, u.truncated()));
    }
    return out;
  }

  /** The last user message the model call was sent (or its last message), or the raw text when not JSON. */
  private static @Nullable Untrusted userContent(SentryJson span) {
    Untrusted raw = text(span, "gen_ai.input.messages");
    raw = raw != null ? raw : text(span, "gen_ai.request.messages");
    if (raw == null) {
      return null;
    }
    return lastOf(raw, "user");
  }

  /** The model's answer: the last assistant message of its output, else its response text or object. */
  private static @Nullable Untrusted assistantContent(SentryJson span) {
    Untrusted raw = text(span, "gen_ai.output.messages");
    if (raw != null) {
      Untrusted c = lastOf(raw, "assistant");
      if (c != null) {
        return c;
      }
    }
    Untrusted text = text(span, "gen_ai.response.text");
    return text != null ? text : text(span, "gen_ai.response.object");
  }

  /** The content of the last message with {@code role} in a message list (JSON text), else of its last message. */
  private static @Nullable Untrusted lastOf(Untrusted raw, String role) {
    SentryJson parsed = EmbeddedJson.parse(raw);
    if (parsed == null) {
      return raw;
    }
    SentryJson list = parsed.isObject() && parsed.get("messages").isArray() ? parsed.get("messages") : parsed;
    if (!list.isArray()) {
      Untrusted c = content(list);
      return c != null ? c : raw;
    }
    Untrusted lastAny = null;
    Untrusted lastRole = null;
    for (SentryJson m : list.items()) {
      Untrusted c = content(m);
      if (c == null) {
        continue;
      }
      lastAny = c;
      if (m.get("role").textEquals(role)) {
        lastRole = c;
      }
    }
    return lastRole != null ? lastRole : lastAny;
  }

  /** A message's text: a string, its content/text, or the text parts of a content list; else its JSON. */
  private static @Nullable Untrusted content(SentryJson m) {
    if (m.isText()) {
      return nonBlank(m.text());
    }
    if (!m.isObject()) {
      return m.isArray() ? parts(m) : m.asCompactJsonText();
    }
    SentryJson c = m.get("content").isPresent() ? m.get("content") : m.get("text");
    if (c.isText()) {
      return nonBlank(c.text());
    }
    if (c.isArray()) {
      Untrusted p = parts(c);
      return p != null ? p : c.asCompactJsonText();
    }
    if (c.isObject()) {
      Untrusted t = nonBlank(c.get("text").text());
      return t != null ? t : c.asCompactJsonText();
    }
    Untrusted parts = m.get("parts").isArray() ? parts(m.get("parts")) : null;
    return parts != null ? parts : m.asCompactJsonText();
  }

  private static @Nullable Untrusted parts(SentryJson list) {
    List<Untrusted> texts = new ArrayList<>();
    for (SentryJson p : list.items()) {
      Untrusted t = p.isText() ? p.text() : p.get("text").isText() ? p.get("text").text() : p.get("content").text();
      t = nonBlank(t);
      if (t != null) {
        texts.add(t);
      }
    }
    return EmbeddedJson.join(texts, "\n");
  }

  /** Drops a user message that repeats the previous user message (the same prompt sent again in a tool loop). */
  private static List<Event> withoutRepeatedPrompts(List<Event> events) {
    List<Event> out = new ArrayList<>();
    Untrusted lastPrompt = null;
    for (Event e : events) {
      if ("user".equals(e.role()) && e.content() != null) {
        if (lastPrompt != null && lastPrompt.sameText(e.content())) {
          continue;
        }
        lastPrompt = e.content();
      }
      out.add(e);
    }
    return out;
  }

  private static @Nullable Untrusted text(SentryJson span, String field) {
    return nonBlank(span.get(field).text());
  }

  private static @Nullable Untrusted nonBlank(@Nullable Untrusted t) {
    return t == null || t.isBlank() ? null : t;
  }

  private static @Nullable Long seconds(SentryJson n) {
    OptionalDouble d = ConversationSupport.number(n);
    return d.isPresent() && d.getAsDouble() > 0 ? (Long) Math.round(d.getAsDouble() * 1000) : null;
  }

  private static List<Untrusted> distinct(List<@Nullable Untrusted> values) {
    List<Untrusted> out = new ArrayList<>();
    for (Untrusted v : values) {
      if (v != null && out.stream().noneMatch(v::sameText)) {
        out.add(v);
      }
    }
    return out;
  }

  private static void listField(ToolResult.Builder doc, String label, List<Untrusted> values) {
    if (values.isEmpty()) {
      return;
    }
    List<Inline> parts = new ArrayList<>();
    for (int i = 0; i < Math.min(values.size(), MAX_LISTED); i++) {
      if (i > 0) {
        parts.add(Inline.text(", "));
      }
      parts.add(Inline.data(values.get(i)));
    }
    if (values.size() > MAX_LISTED) {
      parts.add(Inline.text(" and " + (values.size() - MAX_LISTED) + " more"));
    }
    doc.field(label, parts.toArray(Inline[]::new));
  }

  /** The characters the timeline may still hold at full length. */
  private static final class Budget {
    private int left = BUDGET_CHARS;

    @Nullable Untrusted cap(@Nullable Untrusted text, String field, List<String> truncated) {
      if (text == null) {
        return null;
      }
      int max = left > 0 ? ConversationSupport.FIELD_CHARS : ConversationSupport.PREVIEW_CHARS;
      Untrusted out = ConversationSupport.cap(text, max, field, truncated);
      left -= out == null ? 0 : out.length();
      return out;
    }
  }
}
