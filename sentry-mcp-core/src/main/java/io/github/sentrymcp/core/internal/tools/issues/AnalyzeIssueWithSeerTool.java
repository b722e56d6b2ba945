package io.github.sentrymcp.core.internal.tools.issues;

import io.github.sentrymcp.api.ApiException;
import io.github.sentrymcp.api.CancellationSignal;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.ProgressListener;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.ApiRequest;
import io.github.sentrymcp.core.internal.client.CallScope;
import io.github.sentrymcp.core.internal.client.Query;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * {@code analyze_issue_with_seer}: Sentry's own AI analysis (Seer Autofix) of an issue: root cause, solution plan,
 * changed files and pull requests.
 *
 * <p>Requests, in order: {@code GET /organizations/{org}/issues/{id}/} (metric issues end here with an explanation;
 * under a project constraint the issue's project must match); {@code GET .../autofix/}; when there is no run, {@code
 * POST .../autofix/ {"instruction": ...}} (no {@code event_id}: Sentry then analyses the issue's recommended event);
 * then {@code GET .../autofix/} again until the run reaches a terminal status. An existing run, running or finished, is
 * picked up instead of starting another.
 *
 * <p>Waiting is bounded three ways: polls back off from 1 s to 5 s; the whole wait ends after {@link
 * io.github.sentrymcp.api.config.SentryMcpConfig#seerMaxWait()} (the tool's call limit is that plus {@link #MARGIN},
 * see {@link #timeout}), and then the call answers normally with what is known and asks to be called again; a read
 * the client could not complete (it already retried 429/502/503/504 and connection failures) counts as a failed poll,
 * and after {@link #MAX_FAILED_POLLS} in a row the call answers the same way. Cancelling the call wakes the wait at
 * once and sends no further request. Progress reports are server text: the status and step names Seer uses, checked
 * against {@link SeerState}'s closed vocabulary.
 */
final class AnalyzeIssueWithSeerTool extends AbstractSentryTool {

  /** Time added to the Seer wait for the requests around it: the tool's call limit is at least wait + margin. */
  static final Duration MARGIN = Duration.ofSeconds(15);

  /**
   * First pause between polls, doubled after each poll up to {@link #MAX_POLL_DELAY}; both shrink for a short
   * {@code seerMaxWait} (to a 20th and a 10th of it), so that a short wait still polls several times.
   */
  static final Duration FIRST_POLL_DELAY = Duration.ofSeconds(1);

  static final Duration MAX_POLL_DELAY = Duration.ofSeconds(5);

  /** Consecutive failed reads after which the call answers with what it knows. */
  static final int MAX_FAILED_POLLS = 3;

  /** Longest custom instruction. */
  static final int MAX_INSTRUCTION_CHARS = 2000;

  private static final String DESCRIPTION = String.join("\n",
      "Run Sentry's Seer AI on an issue for a root cause analysis and a proposed fix (code-level steps, changed"
          + " files, pull requests). Reuses an existing analysis; a new one takes a few minutes.",
      "",
      "Use this tool when you need to:",
      "- Get the root cause of an error the user asked to analyze or fix",
      "- Get a fix plan when the issue details alone do not explain the error",
      "",
      "<examples>",
      "```",
      "analyze_issue_with_seer(issueUrl='https://my-organization.sentry.io/issues/PROJECT-1Z43/')",
      "analyze_issue_with_seer(organizationSlug='my-organization', issueId='PROJECT-123', instruction='Focus on"
          + " the database layer')",
      "```",
      "</examples>",
      "",
      "<hints>",
      "- Pass issueUrl, or issueId with organizationSlug.",
      "- If Seer is still running when the call returns, call again with the same issue to pick it up.",
      "- Not for metric alert issues. Seer's text is AI output from event data: verify it before acting.",
      "</hints>");

  static final ToolSpec SPEC = ToolSpec.builder("analyze_issue_with_seer", "Analyze issue with Seer", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.optionalOrganizationSlug())
          .add(Params.regionUrl())
          .add(IssueUrls.issueIdParam())
          .add(IssueUrls.issueUrlParam())
          .string("instruction", "Optional guidance for Seer when it starts a new analysis.")
          .nullable().minLength(1).maxLength(MAX_INSTRUCTION_CHARS).add()
          .build())
      .annotations(Annotations.WRITE)
      .scopes(Scope.EVENT_WRITE)
      .skills(Skill.SEER)
      .build();

  AnalyzeIssueWithSeerTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  /** The longer of the configured call limit and the Seer wait plus {@link #MARGIN}. */
  @Override
  public Duration timeout(Duration configured) {
    Duration needed = env.config().seerMaxWait().plus(MARGIN);
    return needed.compareTo(configured) > 0 ? needed : configured;
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    IssueUrls.IssueRef ref = IssueWrites.resolve(args, call.constraints());
    String instruction = args.nonBlank("instruction");
    SentryApiClient api = call.api(args);
    Progress progress = new Progress(call.context().progress());

    progress.report("Looking up the issue");
    SentryJson issue = IssueWrites.fetchIssue(api, ref, "issue");
    requireConstrainedProject(issue, call.context());
    if (issue.get("issueCategory").textEquals("metric") || issue.get("issueType").textEquals("metric_issue")) {
      return unsupported(ref, issue);
    }
    call.checkCancelled();
    return new Run(call, api, ref, issue.get("title").nonEmptyText(), instruction, progress).analyze();
  }

  /** One call's conversation with Seer. */
  private final class Run {
    private final ToolCall call;
    private final SentryApiClient api;
    private final IssueUrls.IssueRef ref;
    private final @Nullable Untrusted title;
    private final @Nullable String instruction;
    private final Progress progress;
    private final ApiPath autofix;
    private final long waitEnd;
    private final long firstDelay;
    private final long maxDelay;
    private @Nullable SeerState state;
    private boolean started;
    private @Nullable OptionalLong startedRunId;
    private int failedPolls;
    private @Nullable SentryMcpException lastFailure;

    Run(ToolCall call, SentryApiClient api, IssueUrls.IssueRef ref, @Nullable Untrusted title,
        @Nullable String instruction, Progress progress) {
      this.call = call;
      this.api = api;
      this.ref = ref;
      this.title = title;
      this.instruction = instruction;
      this.progress = progress;
      this.autofix = ApiPath.of("/organizations/{org}/issues/{issueId}/autofix/", ref.organizationSlug(),
          ref.issueId());
      CallScope scope = call.scope();
      long now = System.nanoTime();
      // the wait ends by the configured maximum, and always leaves part of the call's time for the last requests
      long reserve = Math.min(MARGIN.toNanos(), scope.remainingNanos() / 3);
      long wait = env.config().seerMaxWait().toNanos();
      this.waitEnd = Math.min(now + wait, scope.deadlineNanos() - reserve);
      this.firstDelay = Math.max(1, Math.min(FIRST_POLL_DELAY.toNanos(), wait / 20));
      this.maxDelay = Math.max(firstDelay, Math.min(MAX_POLL_DELAY.toNanos(), wait / 10));
    }

    ToolResult analyze() {
      progress.report("Checking for an existing Seer analysis");
      // the first read decides whether a run must be started: retried, and a failure of all attempts is an error
      for (int attempt = 1; !read(); attempt++) {
        SentryMcpException f = lastFailure;
        if (f != null && failedPolls >= MAX_FAILED_POLLS) {
          throw f;
        }
        sleep(Math.min(firstDelay << (attempt - 1), maxDelay));
      }
      if (state == null) {
        start();
      }
      long delay = firstDelay;
      while (true) {
        SeerState s = state;
        if (s != null && s.isTerminal()) {
          return finished(s);
        }
        if (failedPolls >= MAX_FAILED_POLLS) {
          return partial(false);
        }
        long left = waitEnd - System.nanoTime();
        if (left <= 0) {
          return partial(true);
        }
        sleep(Math.min(delay, left));
        if (waitEnd - System.nanoTime() <= 0) {
          return partial(true);
        }
        delay = Math.min(delay * 2, maxDelay);
        read();
      }
    }

    /**
     * Reads the run: true when read. A failed read returns false and is counted (a transient one) or ends the
     * polling (any other, or the call's time is up); before anything is known or started it is thrown instead.
     */
    private boolean read() {
      call.checkCancelled();
      try {
        SentryJson answer = api.get(autofix, Query.create()).jsonObject("autofix", TrustClass.UNTRUSTED_DERIVED);
        SeerState read = SeerState.of(answer);
        failedPolls = 0;
        lastFailure = null;
        if (read == null && started) {
          return true; // a run just started may not be visible yet: poll again
        }
        state = read;
        if (read != null) {
          progress.status(read);
        }
        return true;
      } catch (ApiException e) {
        if (e.status() == 404 || e.status() == 403) {
          throw unavailable(e);
        }
        return failed(e);
      } catch (SentryMcpException e) {
        return failed(e);
      }
    }

    private boolean failed(SentryMcpException e) {
      if (call.scope().isCancelled()) {
        throw CallScope.cancelled();
      }
      lastFailure = e;
      // a 5xx or 429 the client's own retries did not get past, a connection failure or a request timeout; not a
      // wrong-shaped answer (also an upstream error, but polling again would not change it)
      boolean transientFailure = e instanceof ApiException a
          ? a.status() >= 500 || a.status() == 429
          : e.kind() == ErrorKind.NETWORK || e.kind() == ErrorKind.TIMEOUT;
      if (!transientFailure || call.scope().isExpired()) {
        if (state == null && !started) {
          throw e;
        }
        failedPolls = MAX_FAILED_POLLS; // a failure polling cannot fix: answer with what is known
        return false;
      }
      failedPolls++;
      return false;
    }

    /** {@code POST .../autofix/}: never retried (a retry could start a second run). */
    private void start() {
      call.checkCancelled();
      progress.report("Starting a new Seer analysis");
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("instruction", instruction == null ? "" : instruction);
      SentryJson answer;
      try {
        answer = api.send(ApiRequest.post(autofix, body)).json("autofix", TrustClass.UNTRUSTED_DERIVED);
      } catch (ApiException e) {
        if (e.status() == 404 || e.status() == 403) {
          throw unavailable(e);
        }
        throw IssueWrites.enriched(e, ref, "The Seer analysis request");
      }
      started = true;
      startedRunId = answer.get("run_id").asLong();
    }

    /**
     * Waits, waking at once when the call is cancelled; then throws if it was. Never sleeps past the call's
     * deadline.
     */
    private void sleep(long nanos) {
      CallScope scope = call.scope();
      long wait = Math.min(nanos, scope.remainingNanos());
      CountDownLatch woken = new CountDownLatch(1);
      CancellationSignal.Registration r = scope.signal().onCancel(woken::countDown);
      try {
        if (wait > 0) {
          var unused = woken.await(wait, TimeUnit.NANOSECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw CallScope.cancelled();
      } finally {
        r.close();
      }
      if (scope.isCancelled()) {
        throw CallScope.cancelled();
      }
    }

    private ToolResult finished(SeerState s) {
      progress.report("Seer analysis finished");
      ToolResult.Builder out = header(s);
      boolean any = s.renderAnalysis(out);
      if (!any) {
        out.paragraph("Seer reported no root cause or solution for this run.");
      }
      String status = s.knownStatus();
      List<String> next = new ArrayList<>();
      if ("completed".equals(status)) {
        next.add("Verify the root cause against the code before applying the solution.");
      } else if ("error".equals(status) || "cancelled".equals(status)) {
        next.add("Seer did not finish this run. Open the issue in Sentry to restart it.");
      } else {
        next.add("Seer is waiting for input from a person: review the analysis in Sentry and respond there.");
      }
      next.add("get_issue_details shows the issue, its latest event and stack trace.");
      nextSteps(out, next);
      return out.build();
    }

    /** The wait ended (or polls kept failing) before Seer finished: a normal answer with what is known. */
    private ToolResult partial(boolean outOfTime) {
      progress.report(outOfTime ? "Stopped waiting for Seer" : "Could not read the Seer status");
      SeerState s = state;
      ToolResult.Builder out = s == null ? header(null) : header(s);
      if (outOfTime) {
        out.paragraph("Seer is still running; call analyze_issue_with_seer again with the same issue to pick it"
            + " up (it continues in Sentry meanwhile; waited " + seconds() + ").");
      } else {
        List<Inline> why = new ArrayList<>();
        why.add(Inline.text("The Seer status could not be read after " + MAX_FAILED_POLLS
            + " attempts in a row; call analyze_issue_with_seer again with the same issue to pick it up."));
        SentryMcpException f = lastFailure;
        if (f != null) {
          why.add(Inline.text(" Last failure: " + f.kind().id() + "."));
        }
        out.paragraph(why.toArray(Inline[]::new));
      }
      if (s != null) {
        s.renderAnalysis(out);
      }
      return out.build();
    }

    private ToolResult.Builder header(@Nullable SeerState s) {
      ToolResult.Builder out = ToolResult.builder().heading(1, "Seer Analysis for Issue " + ref.issueId());
      if (title != null) {
        out.field("Issue", title.truncate(EventRenderer.SHORT_CHARS));
      }
      if (s != null) {
        s.statusField(out, "Status");
        if (!s.isTerminal()) {
          s.currentStepField(out);
        }
      } else {
        out.fieldText("Status", started ? "Starting" : "Unknown");
      }
      OptionalLong id = s != null ? s.runId() : OptionalLong.empty();
      if (id.isEmpty() && startedRunId != null) {
        id = startedRunId;
      }
      if (id.isPresent()) {
        out.fieldText("Run ID", Long.toString(id.getAsLong()));
      }
      out.fieldText("Run", started ? "started by this call" : "existing analysis");
      out.paragraph("Seer's text below is AI output generated from the issue's event data and may be inaccurate.");
      return out;
    }

    private String seconds() {
      long s = env.config().seerMaxWait().toSeconds();
      return s >= 1 ? s + " s" : env.config().seerMaxWait().toMillis() + " ms";
    }

    /** Seer is not part of this Sentry: say so, and how to hide the tool. */
    private SentryMcpException unavailable(ApiException e) {
      String where = env.config().isSaas() ? "for this organization" : "on this Sentry (self-hosted Sentry has no"
          + " Seer)";
      return new ApiException(e.status() == 404 ? ErrorKind.NOT_FOUND : ErrorKind.PERMISSION_DENIED, e.status(),
          e.endpoint(), "Seer is not available " + where + ": Sentry answered HTTP " + e.status() + " to "
              + e.endpoint() + ". Leave the `seer` skill out of the session's skills to hide this tool.",
          e.details(), e.retryAfter(), e);
    }
  }

  private static void nextSteps(ToolResult.Builder out, List<String> items) {
    out.heading(2, "Next Steps");
    List<List<Inline>> bullets = new ArrayList<>();
    for (String s : items) {
      bullets.add(List.of(Inline.text(s)));
    }
    out.bullets(bullets);
  }

  private static ToolResult unsupported(IssueUrls.IssueRef ref, SentryJson issue) {
    ToolResult.Builder out = ToolResult.builder()
        .heading(1, "Seer Analysis Not Available for Issue " + ref.issueId());
    Untrusted title = issue.get("title").nonEmptyText();
    if (title != null) {
      out.field("Issue", title.truncate(EventRenderer.SHORT_CHARS));
    }
    Untrusted type = EventRenderer.firstText(issue.get("issueType"), issue.get("issueCategory"));
    out.field("Type", type == null ? null : type.truncate(EventRenderer.SHORT_CHARS));
    out.paragraph("Seer does not analyze metric alert issues.");
    nextSteps(out, List.of(
        "get_issue_details shows the alert's details and thresholds.",
        "search_issues finds related error issues that may explain the change.",
        "search_events queries the underlying data."));
    return out.build();
  }

  /**
   * Progress reports of one call: a counter that only grows, and fixed server text (status and step names only from
   * {@link SeerState}'s closed vocabulary). A listener that throws is ignored.
   */
  static final class Progress {
    private final ProgressListener listener;
    private double count;

    Progress(ProgressListener listener) {
      this.listener = listener;
    }

    void status(SeerState s) {
      String label = s.statusLabel();
      String step = s.knownStep();
      report("Seer status: " + (label == null ? "running" : label)
          + (step == null || s.isTerminal() ? "" : " (" + SeerState.STEP_LABELS.getOrDefault(step, "") + ")"));
    }

    void report(String message) {
      count++;
      try {
        listener.progress(count, null, message);
      } catch (RuntimeException e) {
        // a listener never fails the call
      }
    }
  }
}
