package io.github.sentrymcp.core.internal.tools.traces;

import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.SentryJson;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/**
 * The span tree of a {@code GET /organizations/{org}/trace/{traceId}/} response, condensed for {@code
 * get_trace_details}: the operation breakdown and the "interesting spans" overview (caps and scoring as in the
 * reference server, §7.4 of the spec).
 *
 * <p>A span's <em>branch score</em> is its duration + 0.75 × the longest duration in its subtree + 4 × the size of
 * its subtree + 250 for a transaction + 1000 when it carries errors + 0.25 × the best child branch score. Roots are
 * ranked by branch score (at most {@value #MAX_ROOT_SPANS}); the tree is then expanded best-first across the whole
 * trace (each parent offers its {@value #MAX_QUEUED_CHILDREN_PER_PARENT} best children), down to depth {@value
 * #MAX_DEPTH}, until {@value #MAX_OVERVIEW_SPANS} spans are shown.
 *
 * <p>Every string taken from the trace stays {@link Untrusted}: operation names are grouped by value through
 * {@link Untrusted#equals} on a copy with a common source path, never by reading the text.
 */
final class TraceOverview {
  static final int MAX_DEPTH = 8;
  static final int MAX_ROOT_SPANS = 12;
  static final int MAX_OVERVIEW_SPANS = 96;
  static final int MAX_FOCUSED_CHILD_SPANS = 40;
  static final int MAX_QUEUED_CHILDREN_PER_PARENT = 24;
  static final double INTERESTING_DURATION_MS = 10;
  static final double MIN_AVG_DURATION_MS = 5;
  static final int MAX_BREAKDOWN_OPS = 10;
  static final int MAX_LABEL_CHARS = 160;
  static final int MAX_STANDALONE_ERRORS = 5;

  /** Source path under which operation names are grouped. */
  private static final String OP_GROUP_SOURCE = "trace.spans[*].op";

  private final List<SentryJson> roots;
  private final List<SentryJson> standaloneErrors;
  private final Map<String, BranchStats> statsBySource = new HashMap<>();

  private TraceOverview(List<SentryJson> roots, List<SentryJson> standaloneErrors) {
    this.roots = List.copyOf(roots);
    this.standaloneErrors = List.copyOf(standaloneErrors);
  }

  /**
   * Reads a trace response: a JSON array of root spans (errors that belong to no span may sit beside them), or the
   * older {@code {"transactions": [...], "orphan_errors": [...]}} object. Anything else is an empty trace.
   */
  static TraceOverview of(SentryJson trace) {
    List<SentryJson> top = topLevel(trace);
    List<SentryJson> errors = new ArrayList<>();
    if (!trace.isArray()) {
      for (SentryJson e : trace.get("orphan_errors").items()) {
        if (e.isObject()) {
          errors.add(e);
        }
      }
    }
    List<SentryJson> spans = new ArrayList<>();
    for (SentryJson node : top) {
      if (isSpan(node)) {
        spans.add(node);
      } else if (isError(node)) {
        errors.add(node);
      }
    }
    return new TraceOverview(spans, errors);
  }

  /** The top-level entries of a trace response: the array's elements, or the older object's transactions. */
  static List<SentryJson> topLevel(SentryJson trace) {
    return trace.isArray() ? trace.items() : trace.get("transactions").items();
  }

  /** An error event beside the spans (not attached to any span). */
  static boolean isError(SentryJson node) {
    return node.isObject() && (node.has("title") || node.has("issue_id") || node.get("type").textEquals("error")
        || node.get("event_type").textEquals("error"));
  }

  /** A span node: an object with a span or event id and (possibly empty) children. */
  static boolean isSpan(SentryJson node) {
    if (!node.isObject()) {
      return false;
    }
    SentryJson children = node.get("children");
    if (!children.isArray()) {
      return false;
    }
    return node.get("span_id").isText() || node.get("event_id").isText();
  }

  static List<SentryJson> children(SentryJson span) {
    List<SentryJson> out = new ArrayList<>();
    for (SentryJson c : span.get("children").items()) {
      if (isSpan(c)) {
        out.add(c);
      }
    }
    return out;
  }

  /** Milliseconds, 0 when absent. */
  static double duration(SentryJson span) {
    OptionalDouble d = span.get("duration").asDouble();
    return d.isPresent() && d.getAsDouble() > 0 ? d.getAsDouble() : 0;
  }

  static boolean isTransaction(SentryJson span) {
    return span.get("is_transaction").asBoolean().orElse(false)
        || span.get("is_segment").asBoolean().orElse(false);
  }

  static boolean hasErrors(SentryJson span) {
    return span.get("errors").isArray() && span.get("errors").size() > 0;
  }

  /** The span's id: {@code span_id}, else {@code additional_attributes.span_id}, else {@code event_id}. */
  static @Nullable Untrusted spanId(SentryJson span) {
    Untrusted id = span.get("span_id").nonEmptyText();
    if (id == null) {
      id = span.path("additional_attributes", "span_id").nonEmptyText();
    }
    if (id == null) {
      id = span.get("event_id").nonEmptyText();
    }
    return id;
  }

  /** Whether the span answers to this (lower-case hex) id. */
  static boolean hasId(SentryJson span, String id) {
    return span.get("span_id").textEquals(id)
        || span.path("additional_attributes", "span_id").textEquals(id)
        || span.get("event_id").textEquals(id);
  }

  List<SentryJson> standaloneErrors() {
    return standaloneErrors;
  }

  boolean isEmpty() {
    return roots.isEmpty();
  }

  /** Every span in document order (pre-order). */
  List<SentryJson> allSpans() {
    List<SentryJson> out = new ArrayList<>();
    for (SentryJson r : roots) {
      collect(r, out);
    }
    return out;
  }

  private static void collect(SentryJson span, List<SentryJson> out) {
    out.add(span);
    for (SentryJson c : children(span)) {
      collect(c, out);
    }
  }

  /** The first span (pre-order) with this id, or null. */
  @Nullable SentryJson find(String id) {
    for (SentryJson s : allSpans()) {
      if (hasId(s, id)) {
        return s;
      }
    }
    return null;
  }

  static int descendantCount(SentryJson span) {
    int n = 0;
    for (SentryJson c : children(span)) {
      n += 1 + descendantCount(c);
    }
    return n;
  }

  // ------------------------------------------------------------------ operation breakdown

  /** One operation of the breakdown; {@code op} is null for spans without one. */
  record OpStat(@Nullable Untrusted op, int count, double avgMs, double p95Ms) {}

  /**
   * Leaf spans grouped by operation: count, mean and 95th percentile of the positive durations; only operations
   * averaging at least {@value #MIN_AVG_DURATION_MS} ms, the {@value #MAX_BREAKDOWN_OPS} most frequent (ties in
   * order of first appearance).
   */
  List<OpStat> operationBreakdown() {
    Map<Object, OpAcc> groups = new LinkedHashMap<>();
    Object noOp = new Object();
    for (SentryJson s : allSpans()) {
      if (!children(s).isEmpty()) {
        continue;
      }
      Untrusted op = s.get("op").nonEmptyText();
      Object key = op == null ? noOp : op.withSource(OP_GROUP_SOURCE);
      OpAcc acc = groups.computeIfAbsent(key, k -> new OpAcc(op));
      acc.count++;
      double d = duration(s);
      if (d > 0) {
        acc.durations.add(d);
      }
    }
    List<OpStat> stats = new ArrayList<>();
    for (OpAcc acc : groups.values()) {
      List<Double> ds = acc.durations;
      ds.sort(Comparator.naturalOrder());
      double avg = ds.isEmpty() ? 0 : ds.stream().mapToDouble(Double::doubleValue).sum() / ds.size();
      double p95 = ds.isEmpty() ? 0 : ds.get(Math.min(ds.size() - 1, (int) Math.floor(ds.size() * 0.95)));
      if (avg >= MIN_AVG_DURATION_MS) {
        stats.add(new OpStat(acc.op, acc.count, avg, p95));
      }
    }
    stats.sort(Comparator.comparingInt(OpStat::count).reversed()); // stable: ties keep first-appearance order
    return List.copyOf(stats.subList(0, Math.min(MAX_BREAKDOWN_OPS, stats.size())));
  }

  private static final class OpAcc {
    final @Nullable Untrusted op;
    int count;
    final List<Double> durations = new ArrayList<>();

    OpAcc(@Nullable Untrusted op) {
      this.op = op;
    }
  }

  // ------------------------------------------------------------------ span selection

  /** A span chosen for display, with the chosen children. */
  static final class Node {
    final SentryJson span;
    final List<Node> children = new ArrayList<>();

    Node(SentryJson span) {
      this.span = span;
    }

    int size() {
      int n = 1;
      for (Node c : children) {
        n += c.size();
      }
      return n;
    }
  }

  private record BranchStats(boolean interesting, double score, double maxDuration, int descendantCount) {}

  private record Candidate(SentryJson span, Node parent, int level, double score, long seq) {}

  private BranchStats stats(SentryJson span) {
    BranchStats cached = statsBySource.get(span.source());
    if (cached != null) {
      return cached;
    }
    double duration = duration(span);
    boolean errors = hasErrors(span);
    boolean transaction = isTransaction(span);
    double maxDuration = duration;
    int count = 1;
    double childScore = 0;
    boolean interestingChild = false;
    for (SentryJson c : children(span)) {
      BranchStats cs = stats(c);
      maxDuration = Math.max(maxDuration, cs.maxDuration());
      count += cs.descendantCount();
      childScore = Math.max(childScore, cs.score());
      interestingChild |= cs.interesting();
    }
    boolean interesting = transaction || errors || duration >= INTERESTING_DURATION_MS || interestingChild;
    double score = duration + maxDuration * 0.75 + count * 4 + (transaction ? 250 : 0) + (errors ? 1000 : 0)
        + childScore * 0.25;
    BranchStats s = new BranchStats(interesting, score, maxDuration, count);
    statsBySource.put(span.source(), s);
    return s;
  }

  /** The overview: the best roots, expanded best-first up to {@value #MAX_OVERVIEW_SPANS} spans in all. */
  List<Node> selectOverview() {
    List<SentryJson> ranked = new ArrayList<>(roots);
    ranked.sort(Comparator.comparingDouble((SentryJson r) -> stats(r).score()).reversed());
    List<Node> selected = new ArrayList<>();
    PriorityQueue<Candidate> queue = newQueue();
    long[] seq = {0};
    int shown = 0;
    for (SentryJson root : ranked.subList(0, Math.min(MAX_ROOT_SPANS, ranked.size()))) {
      if (shown >= MAX_OVERVIEW_SPANS) {
        break;
      }
      Node n = new Node(root);
      selected.add(n);
      shown++;
      enqueueChildren(root, n, 1, queue, seq);
    }
    expand(queue, MAX_OVERVIEW_SPANS - shown, seq);
    return selected;
  }

  /** A span with up to {@value #MAX_FOCUSED_CHILD_SPANS} of its descendants, chosen best-first. */
  Node selectSubtree(SentryJson span) {
    Node root = new Node(span);
    PriorityQueue<Candidate> queue = newQueue();
    long[] seq = {0};
    enqueueChildren(span, root, 1, queue, seq);
    expand(queue, MAX_FOCUSED_CHILD_SPANS, seq);
    return root;
  }

  private static PriorityQueue<Candidate> newQueue() {
    return new PriorityQueue<>(
        Comparator.comparingDouble(Candidate::score).reversed().thenComparingLong(Candidate::seq));
  }

  private void expand(PriorityQueue<Candidate> queue, int budget, long[] seq) {
    int added = 0;
    while (added < budget && !queue.isEmpty()) {
      Candidate c = queue.poll();
      if (c.level() > MAX_DEPTH) {
        continue;
      }
      Node n = new Node(c.span());
      c.parent().children.add(n);
      added++;
      enqueueChildren(c.span(), n, c.level() + 1, queue, seq);
    }
  }

  private void enqueueChildren(SentryJson span, Node parent, int level, PriorityQueue<Candidate> queue,
      long[] seq) {
    if (level > MAX_DEPTH) {
      return;
    }
    List<SentryJson> kids = children(span);
    kids.sort(Comparator.comparingDouble((SentryJson k) -> stats(k).score()).reversed());
    for (SentryJson k : kids.subList(0, Math.min(MAX_QUEUED_CHILDREN_PER_PARENT, kids.size()))) {
      queue.add(new Candidate(k, parent, level, stats(k).score(), seq[0]++));
    }
  }

  // ------------------------------------------------------------------ rendering

  /**
   * One line per span, indented two spaces per level below its parent, as a single run of inlines (lines separated
   * by server-written newlines); every Sentry string is data. Indentation costs far fewer tokens than connector art.
   */
  static List<Inline> renderTree(List<Node> top) {
    List<Inline> out = new ArrayList<>();
    for (Node n : top) {
      render(n, 0, out);
    }
    return out;
  }

  private static void render(Node n, int depth, List<Inline> out) {
    if (!out.isEmpty()) {
      out.add(Inline.text("\n"));
    }
    if (depth > 0) {
      out.add(Inline.text("  ".repeat(depth)));
    }
    out.addAll(spanLine(n.span));
    for (Node child : n.children) {
      render(child, depth + 1, out);
    }
  }

  /** {@code <label> [<op> · <duration> · <span id>]}. */
  static List<Inline> spanLine(SentryJson span) {
    List<Inline> line = new ArrayList<>();
    Untrusted op = span.get("op").nonEmptyText();
    Untrusted label = span.get("description").nonEmptyText();
    if (label == null) {
      label = span.get("name").nonEmptyText();
    }
    if (label == null) {
      label = span.get("transaction").nonEmptyText();
    }
    boolean labelIsOp = false;
    if (label == null && op != null) {
      label = op;
      labelIsOp = true;
    }
    if (label == null) {
      line.add(Inline.text("(no description)"));
    } else {
      line.add(Inline.data(label.truncate(MAX_LABEL_CHARS)));
      if (label.length() > MAX_LABEL_CHARS) {
        line.add(Inline.text("..."));
      }
    }
    line.add(Inline.text(" ["));
    if (op != null && !labelIsOp && !op.contentEquals("default")) {
      line.add(Inline.data(op.truncate(MAX_LABEL_CHARS)));
      line.add(Inline.text(" · "));
    }
    line.add(Inline.text(durationText(span.get("duration"))));
    Untrusted id = spanId(span);
    if (id != null) {
      line.add(Inline.text(" · "));
      line.add(Inline.data(id.truncate(64)));
    }
    line.add(Inline.text("]"));
    return line;
  }

  /** {@code 29ms}, or {@code unknown duration}. */
  static String durationText(SentryJson value) {
    OptionalDouble d = value.asDouble();
    return d.isPresent() ? Math.round(d.getAsDouble()) + "ms" : "unknown duration";
  }

  /** A count from Sentry as server text: integral values without a fraction, {@code unknown} when absent. */
  static String count(OptionalDouble value) {
    if (value.isEmpty()) {
      return "unknown";
    }
    double v = value.getAsDouble();
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
