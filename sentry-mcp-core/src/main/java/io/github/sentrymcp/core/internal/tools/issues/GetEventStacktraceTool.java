package io.github.sentrymcp.core.internal.tools.issues;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code get_event_stacktrace}: the stack trace of one thread of an issue's event (the latest unless {@code eventId}
 * names one).
 *
 * <p>Requests: under a project constraint, first {@code GET /organizations/{org}/issues/{id}/} (the issue must belong
 * to the constrained project); then {@code GET /organizations/{org}/issues/{id}/events/{eventId|latest}/}. The threads
 * are the event's {@code threads} entry ({@code data.values}).
 *
 * <p>Without {@code thread} the thread is Sentry's default: the first crashed thread, else the first with frames,
 * else the first. {@code thread} as an integer matches a thread id; as a string it matches a thread name exactly,
 * and, when no name matches and it is an integer, a thread id. No match or several matches give a message and the
 * thread list instead of a stack trace. Frames are rendered as in {@code get_issue_details} (bounded); the thread
 * list holds at most {@value #MAX_THREADS} threads.
 */
final class GetEventStacktraceTool extends AbstractSentryTool {

  static final int MAX_THREADS = 50;
  static final int SHORT_CHARS = 120;
  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");

  private static final String DESCRIPTION = String.join("\n",
      "Get the stack trace of one thread of a Sentry issue's event (the latest by default).",
      "",
      "<examples>",
      "get_event_stacktrace(organizationSlug='my-organization', issueId='PROJECT-123')",
      "get_event_stacktrace(organizationSlug='my-organization', issueId='PROJECT-123', thread='main')",
      "</examples>",
      "",
      "<hints>",
      "- Without thread: the first crashed thread, else the first with frames, else the first.",
      "- thread is a thread ID (number) or an exact thread name; an unknown one lists the threads.",
      "</hints>");

  static final ToolSpec SPEC = ToolSpec.builder("get_event_stacktrace", "Get event stacktrace", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .add(Params.regionUrl())
          .string("issueId", "The issue's ID (numeric) or short ID, e.g. `PROJECT-1Z43`.")
          .required().minLength(1).maxLength(200).upperCase()
          .check(v -> Params.canonicalIssueId(v) == null
              ? "must be a numeric issue id or a short id such as PROJECT-1Z43" : null)
          .add()
          .add(IssueReads.eventIdParam())
          .stringOrInteger("thread", "A thread ID, or an exact thread name.")
          .minLength(1).maxLength(200)
          .add()
          .build())
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.EVENT_READ)
      .skills(Skill.INSPECT, Skill.TRIAGE, Skill.SEER)
      .build();

  GetEventStacktraceTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    IssueReads.IssueEvent read =
        IssueReads.event(args, call, issue -> requireConstrainedProject(issue, call.context()));
    IssueUrls.IssueRef ref = read.ref();
    SentryJson event = read.event();
    List<SentryJson> threads = threads(event);

    ToolResult.Builder out = ToolResult.builder();
    out.heading(1, "Event stack trace in **" + ref.organizationSlug() + "**");
    out.fieldText("Issue ID", ref.issueId());
    Untrusted id = EventRenderer.firstText(event.get("id"), event.get("eventID"));
    out.field("Event ID", id == null ? null : id.truncate(SHORT_CHARS));
    if (threads.isEmpty()) {
      out.paragraph("No thread stack traces were found for this event.");
      return out.build();
    }
    Long threadId = args.integer("thread");
    String threadName = args.nonBlank("thread");
    Selection selection = threadId != null ? byId(threads, threadId, "Thread ID " + threadId
        + " matches none of the event's threads, listed below.")
        : threadName != null ? byName(threads, threadName) : defaultThread(threads);
    if (selection.thread() == null) {
      out.paragraph(selection.message());
      threadTable(out, threads);
      return out.build();
    }
    SentryJson t = selection.thread();
    out.heading(2, "Thread");
    out.paragraph(selection.message());
    threadId(t.get("id"), out);
    Untrusted name = t.get("name").nonEmptyText();
    out.field("Name", name == null ? null : name.truncate(SHORT_CHARS));
    t.get("crashed").asBoolean().ifPresent(c -> out.fieldText("Crashed", c ? "yes" : "no"));
    t.get("current").asBoolean().ifPresent(c -> out.fieldText("Current", c ? "yes" : "no"));
    Untrusted state = t.get("state").nonEmptyText();
    out.field("State", state == null ? null : state.truncate(SHORT_CHARS));
    SentryJson stack = stacktrace(t);
    if (stack.get("frames").size() == 0) {
      out.paragraph("This thread has no stack trace.");
    } else {
      new EventRenderer(out).frames(stack);
    }
    if (threads.size() > 1) {
      out.paragraph("The event has " + threads.size() + " threads; pass thread (an ID or a name) for another.");
    }
    return out.build();
  }

  /** A chosen thread with the reason, or (thread null) why none was chosen. */
  private record Selection(@Nullable SentryJson thread, String message) {}

  /** The {@code threads} entry's values that are objects, in event order. */
  static List<SentryJson> threads(SentryJson event) {
    List<SentryJson> out = new ArrayList<>();
    for (SentryJson entry : event.get("entries").items()) {
      SentryJson type = entry.get("type");
      if (type.isPresent() && !type.isText()) {
        // an entry's type that is not a string: the event is not in Sentry's shape, nothing in it can be trusted
        // to say "no threads"
        throw type.malformed("is not a string");
      }
      if (type.textEquals("threads")) {
        for (SentryJson v : entry.path("data", "values").items()) {
          if (v.isObject()) {
            out.add(v);
          }
        }
        break;
      }
    }
    return out;
  }

  private static SentryJson stacktrace(SentryJson thread) {
    SentryJson st = thread.get("stacktrace");
    return st.get("frames").isArray() ? st : thread.get("rawStacktrace");
  }

  private static boolean crashed(SentryJson t) {
    return t.get("crashed").asBoolean().orElse(false);
  }

  private static Selection defaultThread(List<SentryJson> threads) {
    String why = "Sentry's default thread: the first crashed thread, else the first with frames, else the first.";
    for (SentryJson t : threads) {
      if (crashed(t)) {
        return new Selection(t, why);
      }
    }
    for (SentryJson t : threads) {
      if (stacktrace(t).get("frames").size() > 0) {
        return new Selection(t, why);
      }
    }
    return new Selection(threads.get(0), why);
  }

  private static Selection byId(List<SentryJson> threads, long id, String notFound) {
    return unique(threads, t -> {
      OptionalLong l = t.get("id").asLong();
      return l.isPresent() && l.getAsLong() == id;
    }, notFound, "Several threads have the ID " + id + ", listed below.");
  }

  private static Selection byName(List<SentryJson> threads, String name) {
    Selection s = unique(threads, t -> t.get("name").textEquals(name), "",
        "Several threads have that name; pass one's thread ID instead. The threads:");
    if (s.thread() != null || !s.message().isEmpty()) {
      return s;
    }
    if (INTEGER.matcher(name).matches()) {
      return byId(threads, Long.parseLong(name), "The thread argument matches neither a thread name nor a thread"
          + " ID of the event's threads, listed below.");
    }
    return new Selection(null, "The thread name matches none of the event's threads, listed below.");
  }

  private static Selection unique(List<SentryJson> threads, Predicate<SentryJson> match, String notFound,
      String ambiguous) {
    SentryJson found = null;
    for (SentryJson t : threads) {
      if (match.test(t)) {
        if (found != null) {
          return new Selection(null, ambiguous);
        }
        found = t;
      }
    }
    return found == null ? new Selection(null, notFound) : new Selection(found, "The thread of the thread argument.");
  }

  private static void threadId(SentryJson id, ToolResult.Builder out) {
    OptionalLong l = id.asLong();
    if (l.isPresent()) {
      out.fieldText("Thread ID", Long.toString(l.getAsLong()));
    } else {
      Untrusted t = id.nonEmptyText();
      out.field("Thread ID", t == null ? null : t.truncate(SHORT_CHARS));
    }
  }

  private static void threadTable(ToolResult.Builder out, List<SentryJson> threads) {
    List<List<Inline>> rows = new ArrayList<>();
    for (SentryJson t : threads.subList(0, Math.min(MAX_THREADS, threads.size()))) {
      OptionalLong l = t.get("id").asLong();
      rows.add(List.of(l.isPresent() ? Inline.text(Long.toString(l.getAsLong()))
              : EventRenderer.cell(t.get("id").nonEmptyText(), SHORT_CHARS),
          EventRenderer.cell(t.get("name").nonEmptyText(), SHORT_CHARS),
          Inline.text(crashed(t) ? "yes" : "no"),
          Inline.text(Integer.toString(stacktrace(t).get("frames").size()))));
    }
    out.table(List.of("Thread ID", "Name", "Crashed", "Frames"), rows);
    if (threads.size() > MAX_THREADS) {
      out.paragraph("... " + (threads.size() - MAX_THREADS) + " more threads not shown.");
    }
  }
}
