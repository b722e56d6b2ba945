package io.github.sentrymcp.core.internal.tools.snapshots;

import static io.github.sentrymcp.core.internal.tools.snapshots.SnapshotRendering.list;
import static io.github.sentrymcp.core.internal.tools.snapshots.SnapshotRendering.section;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.Query;
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
import io.github.sentrymcp.core.internal.tools.snapshots.SnapshotRendering.Style;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code get_latest_base_snapshot}: the newest base snapshot of an app ({@code GET
 * /organizations/{org}/preprodartifacts/snapshots/latest-base/?app_id&branch&(project|projectSlug)&compact_metadata=true}):
 * its id, app, branch and the compact list of its images.
 *
 * <p>{@code project} is a slug (sent as {@code projectSlug}) or a numeric id (sent as {@code project}). Under a project
 * constraint the session's project is used when none is given, and another one is refused before any request.
 */
final class GetLatestBaseSnapshotTool extends AbstractSentryTool {
  private static final Pattern NUMERIC = Pattern.compile("\\d{1,20}");

  static final String DESCRIPTION = String.join("\n",
      "Get the latest base screenshots of an app from Sentry's snapshot (preprod) system: the current UI images of"
          + " its default or a given branch.",
      "",
      "Use this tool when you need to:",
      "- See which screenshots exist for an app, and their names, groups and descriptions",
      "- Find the baseline images behind a failed snapshot test",
      "",
      "<examples>",
      "get_latest_base_snapshot(organizationSlug='my-organization', appId='com.example.app', project='mobile')",
      "</examples>",
      "",
      "<hints>",
      "- get_snapshot_image with the snapshot ID and a File as imageIdentifier shows one image.",
      "</hints>");

  static final ToolSpec SPEC = ToolSpec.builder("get_latest_base_snapshot", "Get latest base snapshot", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .string("appId", "The app identifier, e.g. 'sentry-frontend' or 'com.example.app'.")
          .required().minLength(1).maxLength(200).add()
          .string("branch", "Git branch, e.g. 'main'. Default: the app's default branch.")
          .nullable().minLength(1).maxLength(200).add()
          .string("project", "Project slug or numeric ID to scope the lookup.")
          .nullable().minLength(1).check(Params::slugOrIdProblem).add()
          .add(Params.regionUrl())
          .build())
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.PROJECT_READ)
      .skills(Skill.INSPECT)
      .build();

  GetLatestBaseSnapshotTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String org = args.requireString("organizationSlug");
    String appId = args.requireString("appId");
    String branch = args.nonBlank("branch");
    String project = args.nonBlank("project");
    String constrained = call.constraints().projectSlug();
    if (constrained != null) {
      if (project == null) {
        project = constrained;
      } else if (!project.equals(constrained)) {
        throw SentryMcpException.permissionDenied("This session is constrained to the project " + constrained
            + "; pass that project or none.");
      }
    }
    boolean numeric = project != null && NUMERIC.matcher(project).matches();
    Query query = Query.create().add("app_id", appId).add("branch", branch)
        .add("project", numeric ? project : null).add("projectSlug", numeric ? null : project)
        .add("compact_metadata", "true");
    SentryApiClient api = call.api(args);
    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", org);
    used.put("appId", appId);
    if (project != null) {
      used.put("project", project);
    }
    SentryJson s = NotFoundHints.withHint(used, call.constraints(), () -> api.get(
        ApiPath.of("/organizations/{org}/preprodartifacts/snapshots/latest-base/", org), query)
        .jsonObject("snapshot", TrustClass.UNTRUSTED_AUTHENTICATED));

    ToolResult.Builder doc = ToolResult.builder().heading(1, "Latest base snapshot in **" + org + "**");
    doc.field("App ID", Inline.data(Untrusted.of(appId, "arguments.appId", TrustClass.UNTRUSTED_EXTERNAL)));
    Untrusted id = s.get("id").nonEmptyText();
    doc.field("Snapshot ID", id != null ? id : s.get("head_artifact_id").nonEmptyText());
    doc.field("App name", s.path("app_info", "name").nonEmptyText());
    doc.field("Platform", s.path("app_info", "platform").nonEmptyText());
    doc.field("Project", s.get("project_slug").nonEmptyText());
    doc.field("Branch", s.path("vcs_info", "head_ref").nonEmptyText());
    doc.field("Commit", s.path("vcs_info", "head_sha").nonEmptyText());
    doc.field("Created", s.get("date_added").nonEmptyText());
    List<SentryJson> images = list(s, "images");
    doc.fieldText("Images", String.valueOf(images.size()));
    if (images.isEmpty()) {
      doc.paragraph("This snapshot lists no images.");
    } else {
      section(doc, "Images", images, -1, Style.DESCRIBED);
      doc.paragraph(Inline.text("View an image: "), Inline.code("get_snapshot_image"),
          Inline.text(" with the snapshot ID and a File as imageIdentifier."));
    }
    return doc.build();
  }
}
