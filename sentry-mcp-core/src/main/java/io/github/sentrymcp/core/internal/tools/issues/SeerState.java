package io.github.sentrymcp.core.internal.tools.issues;

import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.SentryJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One read of a Seer (Autofix) run, {@code GET /organizations/{org}/issues/{id}/autofix/}: its status and step, and
 * how the analysis is rendered. Understands the current shape ({@code autofix.blocks[]} with {@code artifacts[]} keyed
 * {@code root_cause} / {@code solution}, {@code merged_file_patches[]}, {@code repo_pr_states}) and the older one
 * ({@code autofix.steps[]} with {@code causes[]}, {@code solution[]} and {@code changes[]}).
 *
 * <p>Everything Seer wrote is derived from event data an attacker may control, so it is read as {@link
 * io.github.sentrymcp.api.result.TrustClass#UNTRUSTED_DERIVED} and shown only as data. Server text is what comes
 * from a closed vocabulary checked here: the status ({@link #STATUS_LABELS}), the step ({@link #STEP_LABELS}) and
 * numbers (the run id, line counts).
 */
final class SeerState {

  /** Longest value of one analysis item (a cause, a step of the plan). */
  static final int ITEM_CHARS = 600;

  /** Most items of one list (whys, plan steps, changed files, pull requests). */
  static final int MAX_ITEMS = 10;

  /** Seer statuses, lower-cased (Sentry sends both cases), and how they are shown. */
  static final Map<String, String> STATUS_LABELS = Map.of(
      "pending", "Pending",
      "processing", "Processing",
      "completed", "Completed",
      "error", "Failed",
      "cancelled", "Cancelled",
      "awaiting_user_input", "Waiting for your input",
      "waiting_for_user_response", "Waiting for your input",
      "need_more_information", "Needs more information");

  /** Statuses after which the run changes no more without a person acting. */
  static final Set<String> TERMINAL = Set.of("completed", "error", "cancelled", "awaiting_user_input",
      "waiting_for_user_response", "need_more_information");

  /** Steps of a run ({@code blocks[].message.metadata.step}), and how they are shown. */
  static final Map<String, String> STEP_LABELS = Map.of(
      "root_cause", "root cause analysis",
      "solution", "solution planning",
      "code_changes", "code changes",
      "pr_iteration", "pull request");

  private final SentryJson run;

  private SeerState(SentryJson run) {
    this.run = run;
  }

  /** The run in an autofix answer, or null when there is none ({@code {"autofix": null}}). */
  static @Nullable SeerState of(SentryJson answer) {
    SentryJson run = answer.get("autofix");
    return run.isObject() ? new SeerState(run) : null;
  }

  /** The status, lower-cased, when it is one of {@link #STATUS_LABELS}; null otherwise. */
  @Nullable String knownStatus() {
    Untrusted s = run.get("status").nonEmptyText();
    if (s == null) {
      return null;
    }
    for (String known : STATUS_LABELS.keySet()) {
      if (s.contentEquals(known) || s.contentEquals(known.toUpperCase(Locale.ROOT))) {
        return known;
      }
    }
    return null;
  }

  boolean isTerminal() {
    String s = knownStatus();
    return s != null && TERMINAL.contains(s);
  }

  /** The step of the newest block that names a known step, or null. */
  @Nullable String knownStep() {
    List<SentryJson> blocks = run.get("blocks").items();
    for (int i = blocks.size() - 1; i >= 0; i--) {
      SentryJson step = blocks.get(i).path("message", "metadata", "step");
      for (String known : STEP_LABELS.keySet()) {
        if (step.textEquals(known)) {
          return known;
        }
      }
    }
    return null;
  }

  OptionalLong runId() {
    return run.get("run_id").asLong();
  }

  /** "Completed" for a known status, else null (an unknown status is shown as data by {@link #statusField}). */
  @Nullable String statusLabel() {
    String s = knownStatus();
    return s == null ? null : STATUS_LABELS.get(s);
  }

  /** The status as a field: server text when known, Sentry's value as data otherwise. */
  void statusField(ToolResult.Builder out, String label) {
    String known = statusLabel();
    if (known != null) {
      out.fieldText(label, known);
    } else {
      Untrusted raw = run.get("status").nonEmptyText();
      out.field(label, raw == null ? null : raw.truncate(EventRenderer.SHORT_CHARS));
    }
  }

  /** What Seer is working on now: the step, and the to-do item in progress (data); nothing when unknown. */
  void currentStepField(ToolResult.Builder out) {
    List<Inline> value = new ArrayList<>();
    String step = knownStep();
    if (step != null) {
      value.add(Inline.text(STEP_LABELS.getOrDefault(step, "")));
    }
    Untrusted todo = activeTodo();
    if (todo != null) {
      value.add(Inline.text(value.isEmpty() ? "" : " — "));
      value.add(Inline.data(todo.truncate(EventRenderer.SHORT_CHARS)));
    }
    if (!value.isEmpty()) {
      out.field("Current step", value.toArray(Inline[]::new));
    }
  }

  /** The to-do item in progress of the newest block with to-dos (current shape), or the processing step's title. */
  private @Nullable Untrusted activeTodo() {
    List<SentryJson> blocks = run.get("blocks").items();
    for (int i = blocks.size() - 1; i >= 0; i--) {
      List<SentryJson> todos = blocks.get(i).get("todos").items();
      if (todos.isEmpty()) {
        continue;
      }
      for (SentryJson todo : todos) {
        if (todo.get("status").textEquals("in_progress")) {
          return todo.get("content").nonEmptyText();
        }
      }
      return null;
    }
    for (SentryJson step : run.get("steps").items()) {
      if (step.get("status").textEquals("PROCESSING") || step.get("status").textEquals("processing")) {
        return step.get("title").nonEmptyText();
      }
    }
    return null;
  }

  /**
   * The analysis: root cause, solution plan, changed files and pull requests, each in a section of its own when
   * present. Returns whether anything was rendered.
   */
  boolean renderAnalysis(ToolResult.Builder out) {
    SentryJson rootCause = artifact("root_cause");
    SentryJson solution = artifact("solution");
    boolean any = false;

    List<List<Inline>> whys = new ArrayList<>();
    List<List<Inline>> repro = new ArrayList<>();
    Untrusted cause = null;
    if (rootCause != null) {
      cause = rootCause.get("one_line_description").nonEmptyText();
      add(whys, rootCause.get("five_whys"));
      add(repro, rootCause.get("reproduction_steps"));
    }
    for (SentryJson step : run.get("steps").items()) { // older shape
      for (SentryJson c : step.get("causes").items()) {
        if (cause == null) {
          cause = EventRenderer.firstText(c.get("description"), c.get("title"));
        }
        for (SentryJson r : c.get("root_cause_reproduction").items()) {
          addItem(repro, EventRenderer.firstText(r.get("title"), r.get("code_snippet_and_analysis")));
        }
      }
    }
    if (cause != null || !whys.isEmpty() || !repro.isEmpty()) {
      any = true;
      out.heading(2, "Root Cause");
      if (cause != null) {
        out.data(null, cause.truncate(ITEM_CHARS));
      }
      if (!whys.isEmpty()) {
        out.paragraph("Why it happens:");
        out.bullets(whys);
      }
      if (!repro.isEmpty()) {
        out.paragraph("Reproduction:");
        out.bullets(repro);
      }
    }

    Untrusted summary = null;
    List<List<Inline>> plan = new ArrayList<>();
    if (solution != null) {
      summary = solution.get("one_line_summary").nonEmptyText();
      for (SentryJson s : solution.get("steps").items()) {
        planItem(plan, s.get("title").nonEmptyText(), s.get("description").nonEmptyText());
      }
    }
    for (SentryJson step : run.get("steps").items()) { // older shape
      for (SentryJson s : step.get("solution").items()) {
        planItem(plan, s.get("title").nonEmptyText(), s.get("code_snippet_and_analysis").nonEmptyText());
      }
      if (summary == null && step.get("type").textEquals("solution")) {
        summary = step.get("description").nonEmptyText();
      }
    }
    if (summary != null || !plan.isEmpty()) {
      any = true;
      out.heading(2, "Solution");
      if (summary != null) {
        out.data(null, summary.truncate(ITEM_CHARS));
      }
      if (!plan.isEmpty()) {
        out.bullets(plan);
      }
    }

    List<List<Inline>> files = changedFiles();
    if (!files.isEmpty()) {
      any = true;
      out.heading(2, "Changed Files");
      out.bullets(files);
    }
    List<List<Inline>> prs = pullRequests();
    if (!prs.isEmpty()) {
      any = true;
      out.heading(2, "Pull Requests");
      out.bullets(prs);
    }
    return any;
  }

  /** The newest artifact with this key that has data (current shape), or null. */
  private @Nullable SentryJson artifact(String key) {
    SentryJson found = null;
    for (SentryJson block : run.get("blocks").items()) {
      for (SentryJson a : block.get("artifacts").items()) {
        if (a.get("key").textEquals(key) && a.get("data").isObject()) {
          found = a.get("data");
        }
      }
    }
    return found;
  }

  /** {@code repo: path (+added -removed)} per file, the newest patch of each file; older shape: changes[]. */
  private List<List<Inline>> changedFiles() {
    List<List<Inline>> out = new ArrayList<>();
    List<Untrusted> seen = new ArrayList<>(); // the paths shown, newest patch of each first
    List<SentryJson> blocks = run.get("blocks").items();
    for (int i = blocks.size() - 1; i >= 0 && out.size() < MAX_ITEMS; i--) {
      for (SentryJson p : blocks.get(i).get("merged_file_patches").items()) {
        Untrusted repo = p.get("repo_name").nonEmptyText();
        Untrusted path = p.path("patch", "path").nonEmptyText();
        if (path == null || out.size() >= MAX_ITEMS || seen.stream().anyMatch(path::sameText)) {
          continue;
        }
        seen.add(path);
        List<Inline> item = new ArrayList<>();
        if (repo != null) {
          item.add(Inline.data(repo.truncate(EventRenderer.SHORT_CHARS)));
          item.add(Inline.text(": "));
        }
        item.add(Inline.data(path.truncate(ITEM_CHARS)));
        OptionalLong added = p.path("patch", "added").asLong();
        OptionalLong removed = p.path("patch", "removed").asLong();
        if (added.isPresent() && removed.isPresent()) {
          item.add(Inline.text(" (+" + added.getAsLong() + " -" + removed.getAsLong() + ")"));
        }
        out.add(item);
      }
    }
    for (SentryJson step : run.get("steps").items()) { // older shape
      for (SentryJson change : step.get("changes").items()) {
        if (out.size() >= MAX_ITEMS) {
          break;
        }
        Untrusted repo = change.get("repo_name").nonEmptyText();
        Untrusted title = EventRenderer.firstText(change.get("title"), change.get("description"));
        if (repo == null && title == null) {
          continue;
        }
        List<Inline> item = new ArrayList<>();
        item.add(EventRenderer.cell(repo, EventRenderer.SHORT_CHARS));
        if (title != null) {
          item.add(Inline.text(": "));
          item.add(Inline.data(title.truncate(ITEM_CHARS)));
        }
        out.add(item);
      }
    }
    return out;
  }

  /** {@code repo: url} per pull request Seer opened ({@code repo_pr_states}, older shape: changes[].pull_request). */
  private List<List<Inline>> pullRequests() {
    List<List<Inline>> out = new ArrayList<>();
    for (SentryJson.Entry e : run.get("repo_pr_states").entries()) {
      Untrusted url = e.value().get("pr_url").nonEmptyText();
      if (url != null && out.size() < MAX_ITEMS) {
        out.add(List.of(Inline.data(e.key().truncate(EventRenderer.SHORT_CHARS)), Inline.text(": "),
            Inline.data(url.truncate(ITEM_CHARS))));
      }
    }
    for (SentryJson step : run.get("steps").items()) {
      for (SentryJson change : step.get("changes").items()) {
        Untrusted url = change.path("pull_request", "pr_url").nonEmptyText();
        if (url != null && out.size() < MAX_ITEMS) {
          out.add(List.of(EventRenderer.cell(change.get("repo_name").nonEmptyText(), EventRenderer.SHORT_CHARS),
              Inline.text(": "), Inline.data(url.truncate(ITEM_CHARS))));
        }
      }
    }
    return out;
  }

  private static void add(List<List<Inline>> items, SentryJson array) {
    for (SentryJson v : array.items()) {
      addItem(items, v.nonEmptyText());
    }
  }

  private static void addItem(List<List<Inline>> items, @Nullable Untrusted value) {
    if (value != null && items.size() < MAX_ITEMS) {
      items.add(List.of(Inline.data(value.truncate(ITEM_CHARS))));
    }
  }

  private static void planItem(List<List<Inline>> plan, @Nullable Untrusted title, @Nullable Untrusted description) {
    if (plan.size() >= MAX_ITEMS || (title == null && description == null)) {
      return;
    }
    List<Inline> item = new ArrayList<>();
    if (title != null) {
      item.add(Inline.data(title.truncate(EventRenderer.SHORT_CHARS)));
    }
    if (description != null) {
      if (title != null) {
        item.add(Inline.text(": "));
      }
      item.add(Inline.data(description.truncate(ITEM_CHARS)));
    }
    plan.add(item);
  }
}
