package io.github.sentrymcp.core.internal.tools.onboarding;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.ApiRequest;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.NotFoundHints;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code onboarding_status_update}: one progress update of Sentry's agentic onboarding run, {@code POST
 * /organizations/{org}/onboarding/agent/status/} with {@code {schemaVersion: 1, runToken, stage, status[, runStatus]
 * [, eventNote][, extra]}} (never retried). The result is one line: whether Sentry wants further updates.
 *
 * <p>As in the reference, the tool carries every skill but is left out of the skill descriptions (it is meant for
 * Sentry's getting-started skill, which hands out the run token); it is reachable like any other write tool.
 *
 * <p>{@code update} is checked here, before anything is sent: known keys only; {@code stage} and {@code status} from
 * their lists; {@code runStatus} completed or failed; {@code eventNote} 1 to 256 characters and required with status
 * failed; {@code extra} only for create_project ({@code projectSlugs}) and receive_verification_error ({@code
 * issueIds}), 1 to 100 non-empty strings.
 */
final class OnboardingStatusUpdateTool extends AbstractSentryTool {

  static final Pattern RUN_TOKEN = Pattern.compile("[A-Za-z0-9]{10}");
  static final List<String> STAGES = List.of("connect_mcp", "analyze_project", "create_project", "instrument_app",
      "plan_test_error", "send_verification_error", "receive_verification_error", "prepare_production",
      "check_stack_trace_quality");
  static final List<String> STATUSES = List.of("active", "waiting", "completed", "skipped", "failed");
  static final List<String> RUN_STATUSES = List.of("completed", "failed");
  static final int MAX_NOTE = 256;
  static final int MAX_EXTRA_ITEMS = 100;
  static final int MAX_EXTRA_CHARS = 200;
  private static final Set<String> UPDATE_KEYS = Set.of("stage", "status", "runStatus", "eventNote", "extra");

  static final String DESCRIPTION = String.join("\n",
      "Update the progress shown in Sentry's agentic onboarding UI.",
      "",
      "Only when the Sentry getting started skill gave you a run token, at the points that skill names.",
      "",
      "<hints>",
      "- update: {stage, status, runStatus?, eventNote?, extra?}; stage one of " + String.join(", ", STAGES)
          + "; status one of " + String.join(", ", STATUSES) + ".",
      "- runStatus (completed or failed) only when the whole run ends; status failed needs a short eventNote.",
      "- extra: {projectSlugs: [...]} for create_project, {issueIds: [...]} for receive_verification_error.",
      "- Keep eventNote brief: no source code, paths, credentials or error output.",
      "</hints>");

  static final ToolSpec SPEC = ToolSpec.builder("onboarding_status_update", "Update onboarding status", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .add(Params.regionUrl())
          .string("runToken", "The 10-character run token from Sentry.")
          .required().pattern(RUN_TOKEN).add()
          .object("update", "The progress update: {stage, status, runStatus?, eventNote?, extra?}.")
          .required().add()
          .build())
      .annotations(Annotations.WRITE_IDEMPOTENT)
      .scopes(Scope.ORG_READ)
      .allSkills()
      .build();

  OnboardingStatusUpdateTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String org = args.requireString("organizationSlug");
    Map<String, Object> body = body(args.requireString("runToken"), args.object("update"));
    SentryApiClient client = call.api(args);
    SentryJson run = NotFoundHints.withHint(Map.of("organizationSlug", org), call.constraints(),
        () -> client.send(ApiRequest.post(ApiPath.of("/organizations/{org}/onboarding/agent/status/", org), body))
            .jsonObject("run"));
    Optional<Boolean> more = run.get("continueUpdates").asBoolean();
    return ToolResult.builder()
        .paragraph("Onboarding status updated. Continue updates: "
            + more.map(m -> m ? "yes" : "no").orElse("not stated by Sentry") + ".")
        .build();
  }

  /** The request body, or invalid input naming what is wrong with {@code update}. */
  static Map<String, Object> body(String runToken, Map<String, Object> update) {
    List<String> problems = new ArrayList<>();
    for (String key : update.keySet()) {
      if (!UPDATE_KEYS.contains(key)) {
        problems.add("update has an unknown key (expected: stage, status, runStatus, eventNote, extra)");
        break;
      }
    }
    String stage = oneOf(update.get("stage"), STAGES, "update.stage", true, problems);
    String status = oneOf(update.get("status"), STATUSES, "update.status", true, problems);
    String runStatus = oneOf(update.get("runStatus"), RUN_STATUSES, "update.runStatus", false, problems);
    String note = null;
    Object rawNote = update.get("eventNote");
    if (rawNote != null) {
      note = rawNote instanceof String s ? s.strip() : null;
      if (note == null || note.isEmpty() || note.length() > MAX_NOTE) {
        problems.add("update.eventNote must be 1 to " + MAX_NOTE + " characters");
      }
    } else if ("failed".equals(status)) {
      problems.add("update.eventNote is required when status is failed");
    }
    Map<String, Object> extra = null;
    Object rawExtra = update.get("extra");
    if (rawExtra != null && stage != null) {
      String key = stage.equals("create_project") ? "projectSlugs"
          : stage.equals("receive_verification_error") ? "issueIds" : null;
      if (key == null) {
        problems.add("update.extra is accepted only with stage create_project or receive_verification_error");
      } else {
        extra = extra(rawExtra, key, problems);
      }
    }
    if (!problems.isEmpty()) {
      throw SentryMcpException.invalidInput("Invalid arguments for onboarding_status_update: "
          + String.join("; ", problems) + ".");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("schemaVersion", 1);
    body.put("runToken", runToken);
    body.put("stage", stage);
    body.put("status", status);
    if (runStatus != null) {
      body.put("runStatus", runStatus);
    }
    if (note != null) {
      body.put("eventNote", note);
    }
    if (extra != null) {
      body.put("extra", extra);
    }
    return body;
  }

  private static @Nullable String oneOf(@Nullable Object raw, List<String> allowed, String name, boolean required,
      List<String> problems) {
    if (raw == null) {
      if (required) {
        problems.add(name + " is required");
      }
      return null;
    }
    if (raw instanceof String s && allowed.contains(s.strip())) {
      return s.strip();
    }
    problems.add(name + " must be one of " + String.join(", ", allowed));
    return null;
  }

  private static @Nullable Map<String, Object> extra(Object raw, String key, List<String> problems) {
    String expected = "update.extra must be {\"" + key + "\": [1 to " + MAX_EXTRA_ITEMS + " non-empty strings]}";
    if (!(raw instanceof Map<?, ?> m) || m.size() != 1 || !(m.get(key) instanceof List<?> list) || list.isEmpty()
        || list.size() > MAX_EXTRA_ITEMS) {
      problems.add(expected);
      return null;
    }
    List<String> values = new ArrayList<>();
    for (Object o : list) {
      String v = o instanceof String s ? s.strip() : null;
      if (v == null || v.isEmpty() || v.length() > MAX_EXTRA_CHARS) {
        problems.add(expected);
        return null;
      }
      values.add(v);
    }
    return Map.of(key, List.copyOf(values));
  }
}
