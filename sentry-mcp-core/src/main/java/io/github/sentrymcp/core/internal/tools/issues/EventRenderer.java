package io.github.sentrymcp.core.internal.tools.issues;

import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.SecretHeaders;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Renders a Sentry event (the {@code /issues/{id}/events/{eventId}/} payload) into a {@link ToolResult.Builder}:
 * {@code ## Event Details}, then the event interfaces (exception chain, threads, message, HTTP request, CSP report,
 * performance / occurrence evidence, unknown-type warning), then {@code ### User}, {@code ### Tags}, {@code ###
 * Additional Context} and {@code ### Extra Data}.
 *
 * <p>Every value read from the event is Sentry data and is emitted only as {@link Inline.Data} or a data block;
 * headings, labels and table headers are fixed server text. Map keys (tag keys, context names, header names, frame
 * variable names) are data too. Every field may be missing, null or of an unexpected type: the renderer never throws
 * on shape. Collections and long values are bounded, with a server-written note saying how much was left out.
 *
 * <p>Credentials of the HTTP request are not shown: only a few request headers that help triage are ({@link
 * #SHOWN_HEADERS}), never one that carries a credential ({@link #isSecretHeader}), and the request's cookies are left
 * out.
 */
final class EventRenderer {

  /** Exceptions rendered per event. */
  static final int MAX_EXCEPTIONS = 10;
  /** Frames rendered per stack trace (the most recent ones). */
  static final int MAX_FRAMES = 50;
  /** Frames per stack trace whose source context and variables are shown. */
  static final int MAX_DETAILED_FRAMES = 5;
  /** Source context lines per frame. */
  static final int MAX_CONTEXT_LINES = 11;
  /** Variables per frame. */
  static final int MAX_VARS = 20;
  /** Frame variable values, in characters (reference: 80). */
  static final int MAX_VAR_CHARS = 80;
  static final int MAX_TAGS = 100;
  static final int MAX_CONTEXTS = 20;
  static final int MAX_CONTEXT_KEYS = 20;
  static final int MAX_EXTRA = 50;
  static final int MAX_HEADERS = 50;
  /**
   * The request headers shown: those that help triage. The rest (accept, caching, proxy and CDN headers) cost tokens
   * and rarely matter; credential headers are never among them.
   */
  static final Pattern SHOWN_HEADERS =
      Pattern.compile("user-agent|referer|content-type|origin|x-request-id", Pattern.CASE_INSENSITIVE);
  static final int MAX_QUERY_PARAMS = 30;
  static final int MAX_EVIDENCE = 20;
  static final int MAX_SPANS = 10;
  static final int MAX_UNKNOWN_ENTRIES = 10;
  /** Short values (tag values, context values, header values). */
  static final int SHORT_CHARS = 200;
  /** Single-line values such as an exception value or a URL. */
  static final int LINE_CHARS = 2_000;
  /** Multi-line values such as a message or a request body. */
  static final int BLOCK_CHARS = 4_000;
  /** Spans visited when counting a trace. */
  static final int MAX_TRACE_NODES = 20_000;

  /** Event types this renderer understands; others get a warning section. */
  static final Set<String> KNOWN_TYPES = Set.of("error", "default", "transaction", "csp", "hpkp", "expectct",
      "expectstaple", "nel", "generic", "feedback");

  private static final Set<String> SILENT_ENTRY_TYPES = Set.of("breadcrumbs", "debugmeta", "spans", "sdk",
      "template", "contexts", "threadpool_info", "resources");

  private final ToolResult.Builder out;

  EventRenderer(ToolResult.Builder out) {
    this.out = out;
  }

  /** Renders the whole event: details, interfaces and the trailing sections. */
  void render(SentryJson event, @Nullable SentryJson trace) {
    renderDetails(event);
    renderInterfaces(event, trace);
  }

  /** {@code ## Event Details}: id, type, time, message, release, and a warning for unknown event types. */
  void renderDetails(SentryJson event) {
    out.heading(2, "Event Details");
    Untrusted id = firstText(event.get("eventID"), event.get("id"));
    out.field("Event ID", id);
    out.field("Type", event.get("type").nonEmptyText());
    time("Occurred At", firstPresent(event.get("dateCreated"), event.get("datetime")));
    if (!hasEntry(event, "message")) {
      Untrusted message = event.get("message").nonEmptyText();
      if (message != null) {
        field("Message", message, LINE_CHARS);
      }
    }
    SentryJson release = event.get("release");
    field("Release", release.isObject() ? firstText(release.get("version"), release.get("shortVersion"))
        : release.nonEmptyText(), SHORT_CHARS);
    Untrusted type = event.get("type").nonEmptyText();
    if (type != null && !isKnownType(event.get("type"))) {
      out.heading(3, "Unsupported Event Type");
      out.paragraph("This event type is not fully supported by this tool. The fields that are present are shown"
          + " below; some event data may be missing from this summary.");
      field("Event Type", type, SHORT_CHARS);
      field("Title", event.get("title").nonEmptyText(), LINE_CHARS);
      field("Culprit", event.get("culprit").nonEmptyText(), LINE_CHARS);
      field("Platform", event.get("platform").nonEmptyText(), SHORT_CHARS);
    }
  }

  /** The event interfaces and trailing sections (everything after {@code ## Event Details}). */
  void renderInterfaces(SentryJson event, @Nullable SentryJson trace) {
    List<Untrusted> unknownEntries = new ArrayList<>();
    int skippedUnknown = 0;
    for (SentryJson entry : event.get("entries").items()) {
      SentryJson type = entry.get("type");
      SentryJson data = entry.get("data");
      if (type.textEquals("exception")) {
        exceptions(data);
      } else if (type.textEquals("threads")) {
        threads(data, hasEntry(event, "exception"));
      } else if (type.textEquals("message")) {
        message(data);
      } else if (type.textEquals("request")) {
        request(data);
      } else if (type.textEquals("csp")) {
        csp(data);
      } else if (type.textEquals("expectct") || type.textEquals("expectstaple") || type.textEquals("hpkp")) {
        securityReport(data);
      } else if (isSilentEntry(type)) {
        continue;
      } else {
        Untrusted t = type.nonEmptyText();
        if (t != null) {
          if (unknownEntries.size() < MAX_UNKNOWN_ENTRIES) {
            unknownEntries.add(t.truncate(SHORT_CHARS));
          } else {
            skippedUnknown++;
          }
        }
      }
    }
    SentryJson occurrence = event.get("occurrence");
    if (occurrence.isObject()) {
      occurrence(occurrence, event, trace);
    }
    if (trace != null) {
      traceSummary(event, trace);
    }
    if (!unknownEntries.isEmpty()) {
      out.heading(3, "Other Event Data");
      out.paragraph("The event has interfaces this tool does not render:");
      out.bullets(unknownEntries.stream().map(u -> List.<Inline>of(Inline.data(u))).toList());
      more(skippedUnknown, "interfaces");
    }
    user(event.get("user"));
    tags(event.get("tags"));
    contexts(event.get("contexts"));
    extra(event.get("context"));
  }

  // ------------------------------------------------------------------ exceptions and stack traces

  private void exceptions(SentryJson data) {
    List<SentryJson> values = data.get("values").items();
    if (values.isEmpty()) {
      return;
    }
    int n = values.size();
    if (n > 1) {
      out.paragraph("The event has " + n + " chained exceptions, listed from the most recent to the root cause.");
    }
    int shown = Math.min(n, MAX_EXCEPTIONS);
    for (int i = 0; i < shown; i++) {
      SentryJson exc = values.get(n - 1 - i);
      out.heading(3, n > 1 ? "Exception " + (i + 1) : "Exception");
      Untrusted type = exc.get("type").nonEmptyText();
      Untrusted value = exc.get("value").nonEmptyText();
      if (type != null && value != null) {
        out.field("Exception", cell(type, SHORT_CHARS), Inline.text(": "), cell(value, LINE_CHARS));
      } else {
        field("Type", type, SHORT_CHARS);
        field("Value", value, LINE_CHARS);
      }
      field("Module", exc.get("module").nonEmptyText(), SHORT_CHARS);
      SentryJson mechanism = exc.get("mechanism");
      field("Mechanism", mechanism.get("type").nonEmptyText(), SHORT_CHARS);
      Optional<Boolean> handled = mechanism.get("handled").asBoolean();
      handled.ifPresent(h -> out.fieldText("Handled", h ? "yes" : "no"));
      SentryJson stacktrace = exc.get("stacktrace");
      if (!stacktrace.get("frames").isArray()) {
        stacktrace = exc.get("rawStacktrace");
      }
      frames(stacktrace);
    }
    more(n - shown, "exceptions");
  }

  private void threads(SentryJson data, boolean hasException) {
    List<SentryJson> values = data.get("values").items();
    SentryJson chosen = null;
    for (SentryJson t : values) {
      if (t.get("crashed").asBoolean().orElse(false)) {
        chosen = t;
        break;
      }
    }
    if (chosen == null) {
      for (SentryJson t : values) {
        if (t.get("current").asBoolean().orElse(false)) {
          chosen = t;
          break;
        }
      }
    }
    if (chosen == null && !hasException) {
      for (SentryJson t : values) {
        if (t.path("stacktrace", "frames").size() > 0) {
          chosen = t;
          break;
        }
      }
    }
    if (chosen == null || chosen.path("stacktrace", "frames").size() == 0) {
      return;
    }
    out.heading(3, "Thread");
    if (values.size() > 1) {
      out.paragraph("Showing 1 of " + values.size() + " threads (the crashed or current thread).");
    }
    number("Thread ID", chosen.get("id"));
    if (chosen.get("id").asLong().isEmpty()) {
      field("Thread ID", chosen.get("id").nonEmptyText(), SHORT_CHARS);
    }
    field("Name", chosen.get("name").nonEmptyText(), SHORT_CHARS);
    chosen.get("crashed").asBoolean().ifPresent(c -> out.fieldText("Crashed", c ? "yes" : "no"));
    frames(chosen.get("stacktrace"));
  }

  /**
   * A stack trace's frames (the last {@value #MAX_FRAMES}, most recent call last) and, for the most recent in-app
   * frames, their source context and variables; nothing when it has no frames.
   */
  void frames(SentryJson stacktrace) {
    List<SentryJson> frames = stacktrace.get("frames").items();
    if (frames.isEmpty()) {
      return;
    }
    int total = frames.size();
    int from = Math.max(0, total - MAX_FRAMES);
    boolean mixed = !noInAppFrames(frames) && frames.stream()
        .anyMatch(f -> !firstPresent(f.get("inApp"), f.get("in_app")).asBoolean().orElse(false));
    out.paragraph("Stack trace, most recent call last (frame: file:line:column (function))"
        + (mixed ? ", library frames marked [lib]:" : ":"));
    if (from > 0) {
      out.paragraph("... " + from + " earlier frames not shown.");
    }
    List<List<Inline>> rows = new ArrayList<>();
    for (int i = from; i < total; i++) {
      SentryJson f = frames.get(i);
      List<Inline> row = new ArrayList<>(6);
      row.add(Inline.text("#" + (i + 1) + " "));
      Untrusted file = firstText(f.get("filename"), f.get("absPath"), f.get("abs_path"), f.get("module"));
      row.add(file == null ? Inline.text("?") : cell(file, SHORT_CHARS));
      String line = lineText(firstPresent(f.get("lineNo"), f.get("lineno")),
          firstPresent(f.get("colNo"), f.get("colno")));
      if (!line.isEmpty()) {
        row.add(Inline.text(":" + line));
      }
      Untrusted function = firstText(f.get("function"), f.get("rawFunction"), f.get("raw_function"),
          f.get("symbol"));
      if (function != null) {
        row.add(Inline.text(" ("));
        row.add(cell(function, SHORT_CHARS));
        row.add(Inline.text(")"));
      }
      if (mixed && !firstPresent(f.get("inApp"), f.get("in_app")).asBoolean().orElse(false)) {
        row.add(Inline.text(" [lib]"));
      }
      rows.add(row);
    }
    out.bullets(rows);
    // details (source context, variables) for the most recent in-app frames, else the most recent frame
    int detailed = 0;
    for (int i = total - 1; i >= from && detailed < MAX_DETAILED_FRAMES; i--) {
      SentryJson f = frames.get(i);
      boolean inApp = firstPresent(f.get("inApp"), f.get("in_app")).asBoolean().orElse(false);
      if (!inApp && !(i == total - 1 && noInAppFrames(frames))) {
        continue;
      }
      boolean any = frameContext(f, i + 1);
      any |= frameVars(f, i + 1);
      if (any) {
        detailed++;
      }
    }
  }

  private static boolean noInAppFrames(List<SentryJson> frames) {
    for (SentryJson f : frames) {
      if (firstPresent(f.get("inApp"), f.get("in_app")).asBoolean().orElse(false)) {
        return false;
      }
    }
    return true;
  }

  private boolean frameContext(SentryJson frame, int index) {
    List<SentryJson> context = frame.get("context").items();
    if (context.isEmpty()) {
      SentryJson line = frame.get("context_line");
      Untrusted text = line.text();
      if (text == null) {
        return false;
      }
      out.paragraph("Source context of frame " + index + ":");
      out.table(List.of("Line", "Code"), List.of(List.of(
          Inline.text(lineText(firstPresent(frame.get("lineNo"), frame.get("lineno")).asLong(), OptionalLong.empty())),
          cell(text, SHORT_CHARS))));
      return true;
    }
    OptionalLong current = firstPresent(frame.get("lineNo"), frame.get("lineno")).asLong();
    List<List<Inline>> rows = new ArrayList<>();
    int skipped = 0;
    for (SentryJson pair : context) {
      if (rows.size() >= MAX_CONTEXT_LINES) {
        skipped++;
        continue;
      }
      OptionalLong no = pair.at(0).asLong();
      Untrusted code = pair.at(1).text();
      String marker = no.isPresent() && current.isPresent() && no.getAsLong() == current.getAsLong() ? " ->" : "";
      rows.add(List.of(Inline.text(no.isPresent() ? no.getAsLong() + marker : ""),
          code == null ? Inline.text("") : cell(code, SHORT_CHARS)));
    }
    if (rows.isEmpty()) {
      return false;
    }
    out.paragraph("Source context of frame " + index + " (-> marks the frame's line):");
    out.table(List.of("Line", "Code"), rows);
    more(skipped, "context lines");
    return true;
  }

  private boolean frameVars(SentryJson frame, int index) {
    List<SentryJson.Entry> vars = frame.get("vars").entries();
    if (vars.isEmpty()) {
      return false;
    }
    List<List<Inline>> rows = new ArrayList<>();
    for (SentryJson.Entry e : vars) {
      if (rows.size() >= MAX_VARS) {
        break;
      }
      rows.add(List.of(cell(e.key(), SHORT_CHARS), valueCell(e.value(), MAX_VAR_CHARS)));
    }
    out.paragraph("Variables of frame " + index + ":");
    out.table(List.of("Variable", "Value"), rows);
    more(vars.size() - rows.size(), "variables");
    return true;
  }

  // ------------------------------------------------------------------ other interfaces

  private void message(SentryJson data) {
    Untrusted text = firstText(data.get("formatted"), data.get("message"));
    if (text == null && data.isText()) {
      text = data.nonEmptyText();
    }
    if (text == null) {
      return;
    }
    out.heading(3, "Message");
    dataBlock(text, BLOCK_CHARS);
  }

  private void request(SentryJson data) {
    if (!data.isObject()) {
      return;
    }
    out.heading(3, "HTTP Request");
    field("Method", data.get("method").nonEmptyText(), SHORT_CHARS);
    field("URL", data.get("url").nonEmptyText(), LINE_CHARS);
    field("Fragment", data.get("fragment").nonEmptyText(), SHORT_CHARS);
    SentryJson query = data.get("query");
    if (query.isText()) {
      field("Query", query.nonEmptyText(), LINE_CHARS);
    } else {
      keyValueTable(query, List.of("Parameter", "Value"), MAX_QUERY_PARAMS, SHORT_CHARS, "query parameters");
    }
    if (data.get("headers").size() > 0) {
      keyValueTable(data.get("headers"), List.of("Header", "Value"), MAX_HEADERS, LINE_CHARS, "headers", true);
    }
    // data.cookies and data.env are never shown: cookies are credentials, env holds server internals
    SentryJson body = data.get("data");
    Untrusted bodyText = body.isObject() || body.isArray() ? body.asJsonText() : body.nonEmptyText();
    if (bodyText != null) {
      out.paragraph("Body:");
      dataBlock(bodyText, BLOCK_CHARS);
    }
  }

  private void csp(SentryJson data) {
    if (!data.isObject()) {
      return;
    }
    out.heading(3, "CSP Violation");
    field("Blocked URI", data.get("blocked_uri").nonEmptyText(), LINE_CHARS);
    field("Violated Directive", data.get("violated_directive").nonEmptyText(), SHORT_CHARS);
    field("Effective Directive", data.get("effective_directive").nonEmptyText(), SHORT_CHARS);
    field("Document URI", data.get("document_uri").nonEmptyText(), LINE_CHARS);
    field("Source File", data.get("source_file").nonEmptyText(), LINE_CHARS);
    number("Line Number", data.get("line_number"));
    number("Column Number", data.get("column_number"));
    field("Disposition", data.get("disposition").nonEmptyText(), SHORT_CHARS);
    number("Status Code", data.get("status_code"));
    field("Referrer", data.get("referrer").nonEmptyText(), LINE_CHARS);
    field("Script Sample", data.get("script_sample").nonEmptyText(), SHORT_CHARS);
    Untrusted policy = data.get("original_policy").nonEmptyText();
    if (policy != null) {
      out.paragraph("Original Policy:");
      dataBlock(policy, LINE_CHARS);
    }
  }

  private void securityReport(SentryJson data) {
    if (!data.isObject()) {
      return;
    }
    out.heading(3, "Security Report");
    keyValueTable(data, List.of("Field", "Value"), MAX_CONTEXT_KEYS, SHORT_CHARS, "fields");
  }

  // ------------------------------------------------------------------ performance / issue-platform evidence

  private void occurrence(SentryJson occ, SentryJson event, @Nullable SentryJson trace) {
    SentryJson evidence = occ.get("evidenceData");
    boolean spanEvidence = evidence.has("offenderSpanIds") || evidence.has("repeatingSpans")
        || evidence.has("parentSpanIds");
    out.heading(3, spanEvidence ? "Performance Evidence" : "Occurrence Details");
    field("Title", occ.get("issueTitle").nonEmptyText(), LINE_CHARS);
    field("Subtitle", occ.get("subtitle").nonEmptyText(), LINE_CHARS);
    field("Culprit", occ.get("culprit").nonEmptyText(), LINE_CHARS);
    field("Transaction", evidence.get("transactionName").nonEmptyText(), LINE_CHARS);
    field("Parent Span", evidence.get("parentSpan").nonEmptyText(), LINE_CHARS);
    number("Repeating Spans", evidence.get("numberRepeatingSpans"));
    number("Pattern Repetitions", evidence.get("numPatternRepetitions"));
    List<SentryJson> display = occ.get("evidenceDisplay").items();
    if (!display.isEmpty()) {
      List<List<Inline>> rows = new ArrayList<>();
      for (SentryJson d : display) {
        if (rows.size() >= MAX_EVIDENCE) {
          break;
        }
        rows.add(List.of(cell(d.get("name").nonEmptyText(), SHORT_CHARS),
            valueCell(d.get("value"), LINE_CHARS)));
      }
      out.table(List.of("Evidence", "Value"), rows);
      more(display.size() - rows.size(), "evidence rows");
    }
    List<SentryJson> repeating = evidence.get("repeatingSpans").items();
    if (repeating.isEmpty() && evidence.get("repeatingSpans").isText()) {
      repeating = List.of(evidence.get("repeatingSpans"));
    }
    if (!repeating.isEmpty()) {
      out.paragraph("Repeating spans:");
      List<List<Inline>> items = new ArrayList<>();
      for (SentryJson s : repeating) {
        if (items.size() >= MAX_SPANS) {
          break;
        }
        Untrusted t = s.nonEmptyText();
        if (t != null) {
          items.add(List.of(cell(t, LINE_CHARS)));
        }
      }
      out.bullets(items);
      more(repeating.size() - Math.min(repeating.size(), MAX_SPANS), "repeating spans");
    }
    List<SentryJson> offenders = evidence.get("offenderSpanIds").items();
    if (!offenders.isEmpty()) {
      offendingSpans(offenders, event, trace);
    }
    if (!spanEvidence && evidence.isObject() && evidence.size() > 0) {
      Untrusted json = evidence.asJsonText();
      if (json != null) {
        out.paragraph("Evidence data:");
        dataBlock(json, BLOCK_CHARS);
      }
    }
  }

  private void offendingSpans(List<SentryJson> offenders, SentryJson event, @Nullable SentryJson trace) {
    List<SentryJson> eventSpans = new ArrayList<>();
    for (SentryJson entry : event.get("entries").items()) {
      if (entry.get("type").textEquals("spans")) {
        eventSpans.addAll(entry.get("data").items());
      }
    }
    List<List<Inline>> rows = new ArrayList<>();
    for (SentryJson idNode : offenders) {
      if (rows.size() >= MAX_SPANS) {
        break;
      }
      Untrusted id = idNode.nonEmptyText();
      if (id == null) {
        continue;
      }
      SentryJson span = findSpan(eventSpans, id);
      if (span == null && trace != null) {
        span = findTraceSpan(trace, id);
      }
      List<Inline> row = new ArrayList<>(4);
      row.add(cell(id, SHORT_CHARS));
      if (span == null) {
        row.add(Inline.text(""));
        row.add(Inline.text("(span not found in this event)"));
        row.add(Inline.text(""));
      } else {
        row.add(cell(span.get("op").nonEmptyText(), SHORT_CHARS));
        row.add(cell(span.get("description").nonEmptyText(), LINE_CHARS));
        row.add(Inline.text(durationMs(span)));
      }
      rows.add(row);
    }
    out.paragraph("Offending spans:");
    out.table(List.of("Span ID", "Operation", "Description", "Duration (ms)"), rows);
    more(offenders.size() - Math.min(offenders.size(), MAX_SPANS), "offending spans");
  }

  private static @Nullable SentryJson findSpan(List<SentryJson> spans, Untrusted id) {
    for (SentryJson s : spans) {
      if (sameText(s.get("span_id"), id)) {
        return s;
      }
    }
    return null;
  }

  private static @Nullable SentryJson findTraceSpan(SentryJson trace, Untrusted id) {
    Deque<SentryJson> stack = new ArrayDeque<>(traceRoots(trace));
    int visited = 0;
    while (!stack.isEmpty() && visited++ < MAX_TRACE_NODES) {
      SentryJson node = stack.pop();
      if (sameText(node.get("span_id"), id) || sameText(node.get("event_id"), id)) {
        return node;
      }
      node.get("children").items().forEach(stack::push);
    }
    return null;
  }

  private static List<SentryJson> traceRoots(SentryJson trace) {
    if (trace.isArray()) {
      return trace.items();
    }
    List<SentryJson> roots = new ArrayList<>(trace.get("transactions").items());
    roots.addAll(trace.get("orphan_errors").items());
    return roots;
  }

  private void traceSummary(SentryJson event, SentryJson trace) {
    Deque<SentryJson> stack = new ArrayDeque<>(traceRoots(trace));
    int spans = 0;
    int errors = 0;
    boolean capped = false;
    while (!stack.isEmpty()) {
      if (spans >= MAX_TRACE_NODES) {
        capped = true;
        break;
      }
      SentryJson node = stack.pop();
      spans++;
      errors += node.get("errors").size();
      node.get("children").items().forEach(stack::push);
    }
    if (spans == 0) {
      return;
    }
    out.heading(3, "Trace");
    out.field("Trace ID", event.path("contexts", "trace", "trace_id").nonEmptyText());
    out.fieldText("Spans", (capped ? "more than " : "") + spans);
    out.fieldText("Errors", Integer.toString(errors));
  }

  // ------------------------------------------------------------------ user, tags, contexts, extra

  private void user(SentryJson user) {
    if (!user.isObject()) {
      return;
    }
    List<String> labels = List.of("ID", "Email", "Username", "IP Address", "Name");
    List<String> keys = List.of("id", "email", "username", "ip_address", "name");
    List<Untrusted> values = new ArrayList<>();
    for (String k : keys) {
      values.add(user.get(k).nonEmptyText());
    }
    SentryJson geo = user.get("geo");
    Untrusted country = geo.get("country_code").nonEmptyText();
    Untrusted city = geo.get("city").nonEmptyText();
    Untrusted region = geo.get("region").nonEmptyText();
    if (values.stream().allMatch(v -> v == null) && country == null && city == null && region == null) {
      return;
    }
    out.heading(3, "User");
    for (int i = 0; i < labels.size(); i++) {
      field(labels.get(i), values.get(i), SHORT_CHARS);
    }
    field("Country", country, SHORT_CHARS);
    field("City", city, SHORT_CHARS);
    field("Region", region, SHORT_CHARS);
  }

  private void tags(SentryJson tags) {
    if (tags.size() == 0) {
      return;
    }
    out.heading(3, "Tags");
    keyValueTable(tags, List.of("Tag", "Value"), MAX_TAGS, SHORT_CHARS, "tags");
  }

  /** One line per context: {@code name: key=value, key=value} (names, keys and values are data). */
  private void contexts(SentryJson contexts) {
    List<SentryJson.Entry> entries = contexts.entries();
    if (entries.isEmpty()) {
      return;
    }
    List<List<Inline>> rows = new ArrayList<>();
    int shownContexts = 0;
    int skippedKeys = 0;
    for (SentryJson.Entry ctx : entries) {
      if (shownContexts >= MAX_CONTEXTS) {
        break;
      }
      shownContexts++;
      SentryJson value = ctx.value();
      List<Inline> row = new ArrayList<>();
      row.add(cell(ctx.key(), SHORT_CHARS));
      row.add(Inline.text(": "));
      if (!value.isObject()) {
        row.add(valueCell(value, SHORT_CHARS));
        rows.add(row);
        continue;
      }
      int keys = 0;
      for (SentryJson.Entry kv : value.entries()) {
        if (kv.key().contentEquals("type")) {
          continue;
        }
        if (keys >= MAX_CONTEXT_KEYS) {
          skippedKeys++;
          continue;
        }
        if (keys > 0) {
          row.add(Inline.text(", "));
        }
        keys++;
        row.add(cell(kv.key(), SHORT_CHARS));
        row.add(Inline.text("="));
        row.add(valueCell(kv.value(), SHORT_CHARS));
      }
      if (keys > 0) {
        rows.add(row);
      }
    }
    if (rows.isEmpty()) {
      return;
    }
    out.heading(3, "Contexts");
    out.bullets(rows);
    more(entries.size() - shownContexts, "contexts");
    more(skippedKeys, "context values");
  }

  private void extra(SentryJson extra) {
    if (extra.size() == 0 || !extra.isObject()) {
      return;
    }
    out.heading(3, "Extra Data");
    keyValueTable(extra, List.of("Key", "Value"), MAX_EXTRA, SHORT_CHARS, "entries");
  }

  // ------------------------------------------------------------------ helpers

  /**
   * A key/value table from a Sentry map: an object (keys are data), an array of {@code [key, value]} pairs, or an
   * array of {@code {key, value}} objects.
   */
  private void keyValueTable(SentryJson map, List<String> headers, int max, int valueChars, String what) {
    keyValueTable(map, headers, max, valueChars, what, false);
  }

  /**
   * @param httpHeaders the map is HTTP headers: only those named by {@link #SHOWN_HEADERS} and not carrying a
   *     credential ({@link #isSecretHeader}) are shown
   */
  private void keyValueTable(SentryJson map, List<String> headers, int max, int valueChars, String what,
      boolean httpHeaders) {
    List<List<Inline>> rows = new ArrayList<>();
    int total = 0;
    if (map.isObject()) {
      for (SentryJson.Entry e : map.entries()) {
        if (httpHeaders && !isShownHeader(e.key())) {
          continue;
        }
        total++;
        if (rows.size() < max) {
          rows.add(List.of(cell(e.key(), SHORT_CHARS), valueCell(e.value(), valueChars)));
        }
      }
    } else {
      for (SentryJson item : map.items()) {
        SentryJson key;
        SentryJson value;
        if (item.isArray()) {
          key = item.at(0);
          value = item.at(1);
        } else if (item.isObject()) {
          key = item.get("key");
          value = item.get("value");
        } else {
          continue;
        }
        Untrusted name = key.text();
        if (httpHeaders && !isShownHeader(name)) {
          continue;
        }
        total++;
        if (rows.size() < max) {
          rows.add(List.of(cell(name, SHORT_CHARS), valueCell(value, valueChars)));
        }
      }
    }
    if (rows.isEmpty()) {
      return;
    }
    out.table(headers, rows);
    more(total - rows.size(), what);
  }

  private void more(int n, String what) {
    if (n > 0) {
      out.paragraph("... " + n + " more " + what + " not shown.");
    }
  }

  private void field(String label, @Nullable Untrusted value, int max) {
    if (value == null) {
      return;
    }
    if (value.length() > max) {
      out.field(label, Inline.data(value.truncate(max)), Inline.text(" (truncated from " + value.length()
          + " characters)"));
    } else {
      out.field(label, value);
    }
  }

  private void number(String label, SentryJson node) {
    OptionalLong l = node.asLong();
    if (l.isPresent()) {
      out.fieldText(label, Long.toString(l.getAsLong()));
      return;
    }
    OptionalDouble d = node.asDouble();
    if (d.isPresent()) {
      out.fieldText(label, formatNumber(d.getAsDouble()));
    }
  }

  private void time(String label, SentryJson node) {
    Optional<Instant> t = node.asInstant();
    if (t.isPresent()) {
      out.fieldText(label, t.get().toString());
    } else {
      field(label, node.nonEmptyText(), SHORT_CHARS);
    }
  }

  private void dataBlock(Untrusted text, int max) {
    if (text.length() > max) {
      out.data(null, text.truncate(max));
      out.paragraph("(truncated from " + text.length() + " characters)");
    } else {
      out.data(null, text);
    }
  }

  /** A table cell for a Sentry string; empty when absent. */
  static Inline cell(@Nullable Untrusted value, int max) {
    if (value == null) {
      return Inline.text("");
    }
    return Inline.data(value.length() > max ? value.truncate(max) : value);
  }

  /** A table cell for any Sentry value: strings as they are, objects and arrays as JSON text. */
  static Inline valueCell(SentryJson value, int max) {
    if (value.isObject() || value.isArray()) {
      Untrusted json = value.asCompactJsonText();
      return cell(json, max);
    }
    Untrusted t = value.text();
    return t == null ? Inline.text(value.isPresent() ? "" : "null") : cell(t, max);
  }

  static @Nullable Untrusted firstText(SentryJson... candidates) {
    for (SentryJson c : candidates) {
      Untrusted t = c.nonEmptyText();
      if (t != null) {
        return t;
      }
    }
    return null;
  }

  static SentryJson firstPresent(SentryJson... candidates) {
    for (SentryJson c : candidates) {
      if (c.isPresent()) {
        return c;
      }
    }
    return candidates[candidates.length - 1];
  }

  /** True when the node is a string equal to {@code value}'s text (compares Sentry text with Sentry text). */
  static boolean sameText(SentryJson node, Untrusted value) {
    Untrusted t = node.text();
    return t != null && t.withSource(value.source()).equals(value);
  }

  static boolean isKnownType(SentryJson type) {
    for (String k : KNOWN_TYPES) {
      if (type.textEquals(k)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isSilentEntry(SentryJson type) {
    for (String k : SILENT_ENTRY_TYPES) {
      if (type.textEquals(k)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasEntry(SentryJson event, String type) {
    for (SentryJson e : event.get("entries").items()) {
      if (e.get("type").textEquals(type)) {
        return true;
      }
    }
    return false;
  }

  private static String lineText(SentryJson line, SentryJson column) {
    return lineText(line.asLong(), column.asLong());
  }

  private static String lineText(OptionalLong l, OptionalLong c) {
    if (l.isEmpty()) {
      return "";
    }
    return c.isPresent() ? l.getAsLong() + ":" + c.getAsLong() : Long.toString(l.getAsLong());
  }

  private static String durationMs(SentryJson span) {
    OptionalDouble start = span.get("start_timestamp").asDouble();
    OptionalDouble end = firstPresent(span.get("timestamp"), span.get("end_timestamp")).asDouble();
    if (start.isPresent() && end.isPresent() && end.getAsDouble() >= start.getAsDouble()) {
      return formatNumber((end.getAsDouble() - start.getAsDouble()) * 1000.0);
    }
    OptionalDouble duration = span.get("duration").asDouble();
    return duration.isPresent() ? formatNumber(duration.getAsDouble()) : "";
  }

  static String formatNumber(double d) {
    if (!Double.isFinite(d)) {
      return "";
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return String.format(Locale.ROOT, "%.2f", d);
  }

  /**
   * Whether an HTTP header carries a credential: {@code Authorization}, {@code Proxy-Authorization}, {@code Cookie},
   * {@code Set-Cookie}, {@code X-Api-Key}, {@code X-Auth-Token}, {@code X-Sentry-Auth} and the other names of {@link
   * SecretHeaders#SENSITIVE_HEADER} (any case, surrounding blanks ignored; also names containing {@code
   * authorization}, {@code api-key}, {@code access-token}, {@code secret} or {@code password}).
   */
  static boolean isSecretHeader(@Nullable Untrusted name) {
    return SecretHeaders.isSecret(name);
  }

  /** A request header worth showing ({@link #SHOWN_HEADERS}), never one that carries a credential. */
  private static boolean isShownHeader(@Nullable Untrusted name) {
    return name != null && name.matches(SHOWN_HEADERS) && !isSecretHeader(name);
  }

  /** Whether a Sentry id is a 32-hex event or trace id. */
  static boolean isHex32(@Nullable Untrusted id) {
    return id != null && id.matches(Params.HEX32);
  }
}
