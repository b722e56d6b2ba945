package io.github.sentrymcp.core.internal.tools.projects;

import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
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
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * {@code update_dsn}: changes a client key ({@code PUT /projects/{org}/{project}/keys/{keyId}/}) with only the
 * provided settings. A rate limit needs both {@code rateLimitWindow} and {@code rateLimitCount} and cannot be
 * combined with {@code disableRateLimit}; a window or count of 0 disables the limit ({@code rateLimit: null}). The
 * result is markdown (as in the reference server); only the public DSN is shown.
 */
final class UpdateDsnTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Update settings of an existing DSN (client key) of a project: name, active status, rate limit and"
          + " JavaScript loader script options.",
      "",
      "Use this tool when you need to:",
      "- Deactivate or activate a DSN/client key",
      "- Set or remove a DSN rate limit ('set a rate limit of 1000 per hour on DSN X')",
      "- Rename a DSN ('rename DSN X to Production')",
      "- Configure JavaScript SDK loader script options (session replay, performance, debug, feedback, ...)",
      "",
      "Be careful when using this tool!",
      "",
      "<examples>",
      "update_dsn(organizationSlug='my-organization', projectSlug='my-project',"
          + " keyId='d20df0a1ab5031c7f3c7edca9c02814d', name='Production Key', rateLimitWindow=3600,"
          + " rateLimitCount=500)",
      "update_dsn(organizationSlug='my-organization', projectSlug='my-project',"
          + " keyId='d20df0a1ab5031c7f3c7edca9c02814d', isActive=false)",
      "update_dsn(organizationSlug='my-organization', projectSlug='my-project',"
          + " keyId='d20df0a1ab5031c7f3c7edca9c02814d', disableRateLimit=true)",
      "</examples>",
      "",
      "<hints>",
      "- Use `find_dsns()` first to find the `keyId` of the DSN to update.",
      "- `rateLimitWindow` (seconds) and `rateLimitCount` (error cap) must be given together to set a rate limit;"
          + " 0 for either disables it.",
      "</hints>");

  /** Loader parameter to the key under {@code dynamicSdkLoaderOptions}, and its label. */
  private static final List<String[]> LOADER_OPTIONS = List.of(
      new String[] {"loaderHasReplay", "hasReplay", "Replay"},
      new String[] {"loaderHasPerformance", "hasPerformance", "Performance"},
      new String[] {"loaderHasDebug", "hasDebug", "Debug"},
      new String[] {"loaderHasFeedback", "hasFeedback", "Feedback"},
      new String[] {"loaderHasLogsAndMetrics", "hasLogsAndMetrics", "Logs & Metrics"});

  static final ToolSpec SPEC = ToolSpec.builder("update_dsn", "Update DSN", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .add(Params.regionUrl())
          .add(Params.projectSlug(true))
          .string("keyId", "The ID of the DSN (client key) to update. Use find_dsns() to retrieve this ID first.")
              .required().minLength(1).check(Params::resourceIdProblem).add()
          .string("name", "The new name for the DSN.").maxLength(64).add()
          .bool("isActive", "Activate or deactivate the DSN.").add()
          .integer("rateLimitWindow", "The time window in seconds for the rate limit.")
              .minimum(0).maximum(86_400).add()
          .integer("rateLimitCount", "The maximum number of errors allowed within the rate limit window.")
              .minimum(0).add()
          .bool("disableRateLimit", "Set to true to disable the rate limit entirely (removes the cap).").add()
          .string("browserSdkVersion", "The Sentry JavaScript SDK version to use (e.g. 'latest', '7.x').").add()
          .bool("loaderHasReplay", "Configure Session Replay for the JavaScript Loader Script.").add()
          .bool("loaderHasPerformance", "Configure Performance Monitoring for the JavaScript Loader Script.").add()
          .bool("loaderHasDebug", "Configure Debug Bundles & Logging for the JavaScript Loader Script.").add()
          .bool("loaderHasFeedback", "Configure User Feedback for the JavaScript Loader Script.").add()
          .bool("loaderHasLogsAndMetrics",
              "Configure Logs and Metrics for the JavaScript Loader Script (requires SDK >= 10.0.0).").add()
          .build())
      .annotations(Annotations.DESTRUCTIVE_IDEMPOTENT)
      .scopes(Scope.PROJECT_WRITE)
      .skills(Skill.PROJECT_MANAGEMENT)
      .build();

  UpdateDsnTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    CallContext context = call.context();
    Long window = args.integer("rateLimitWindow");
    Long count = args.integer("rateLimitCount");
    boolean disable = args.bool("disableRateLimit", false);
    if ((window == null) != (count == null)) {
      throw SentryMcpException.invalidInput(
          "Both rateLimitWindow and rateLimitCount must be provided together to set a rate limit.");
    }
    if (disable && window != null) {
      throw SentryMcpException.invalidInput("Cannot both set a rate limit and disable it at the same time.");
    }
    boolean rateLimitOff = disable || (window != null && count != null && (window == 0 || count == 0));

    Map<String, @Nullable Object> body = new LinkedHashMap<>();
    List<List<Inline>> updates = new ArrayList<>();
    if (args.has("name")) {
      body.put("name", args.string("name"));
      updates.add(List.of(Inline.text("name")));
    }
    if (args.has("isActive")) {
      boolean active = args.bool("isActive", true);
      body.put("isActive", active);
      updates.add(List.of(Inline.text("status to " + (active ? "active" : "inactive"))));
    }
    if (rateLimitOff) {
      body.put("rateLimit", null);
      updates.add(List.of(Inline.text("rate limit disabled")));
    } else if (window != null && count != null) {
      Map<String, Object> limit = new LinkedHashMap<>();
      limit.put("window", window);
      limit.put("count", count);
      body.put("rateLimit", limit);
      updates.add(List.of(Inline.text("rate limit to " + count + " events per " + window + " seconds")));
    }
    if (args.has("browserSdkVersion")) {
      body.put("browserSdkVersion", args.string("browserSdkVersion"));
      updates.add(List.of(Inline.text("browser SDK version")));
    }
    Map<String, Object> loader = new LinkedHashMap<>();
    for (String[] o : LOADER_OPTIONS) {
      if (args.has(o[0])) {
        loader.put(o[1], args.bool(o[0], false));
      }
    }
    if (!loader.isEmpty()) {
      body.put("dynamicSdkLoaderOptions", loader);
      updates.add(List.of(Inline.text("loader options")));
    }
    if (body.isEmpty()) {
      // disableRateLimit=false alone asks for nothing: refuse instead of sending an empty update
      throw SentryMcpException.invalidInput("At least one setting must be provided to update. Provide one or more"
          + " of: name, isActive, rateLimitWindow + rateLimitCount, disableRateLimit=true, browserSdkVersion, or"
          + " loader options.");
    }

    String org = args.requireString("organizationSlug");
    String project = args.requireString("projectSlug");
    String keyId = args.requireString("keyId");
    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", org);
    used.put("projectSlug", project);
    used.put("keyId", keyId);
    ApiRequest request =
        ApiRequest.put(ApiPath.of("/projects/{org}/{project}/keys/{keyId}/", org, project, keyId), body);
    SentryApiClient client = call.api(args);
    SentryJson key = NotFoundHints.withHint(used, context.constraints(), () -> client.send(request))
        .jsonObject("key", TrustClass.UNTRUSTED_AUTHENTICATED);

    ToolResult.Builder doc = ToolResult.builder()
        .heading(1, "Updated DSN in " + org + "/" + project)
        .field("DSN ID", key.get("id").nonEmptyText())
        // only the public DSN: never dsn.secret, secret or any other key material
        .field("DSN", key.path("dsn", "public").nonEmptyText())
        .field("Name", key.get("name").nonEmptyText());
    Optional<Boolean> active = key.get("isActive").asBoolean();
    active.ifPresent(a -> doc.fieldText("Status", a ? "Active" : "Inactive"));
    OptionalLong limitCount = key.path("rateLimit", "count").asLong();
    OptionalLong limitWindow = key.path("rateLimit", "window").asLong();
    if (limitCount.isPresent() && limitWindow.isPresent() && limitCount.getAsLong() > 0
        && limitWindow.getAsLong() > 0) {
      doc.fieldText("Rate Limit",
          limitCount.getAsLong() + " events per " + limitWindow.getAsLong() + " seconds");
    } else {
      doc.fieldText("Rate Limit", "Disabled");
    }
    doc.field("Browser SDK Version", key.get("browserSdkVersion").nonEmptyText());
    SentryJson loaderOptions = key.get("dynamicSdkLoaderOptions");
    if (loaderOptions.isObject()) {
      List<String> shown = new ArrayList<>();
      for (String[] o : LOADER_OPTIONS) {
        Optional<Boolean> on = loaderOptions.get(o[1]).asBoolean();
        if (on.isPresent()) {
          shown.add(o[2] + ": " + (on.get() ? "Enabled" : "Disabled"));
        }
      }
      if (!shown.isEmpty()) {
        doc.fieldText("Loader Options", String.join(", ", shown));
      }
    }
    doc.heading(2, "Updates Applied").bullets(updates);
    return doc.build();
  }
}
