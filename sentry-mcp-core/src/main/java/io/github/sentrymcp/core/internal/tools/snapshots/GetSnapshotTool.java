package io.github.sentrymcp.core.internal.tools.snapshots;

import static io.github.sentrymcp.core.internal.tools.snapshots.SnapshotRendering.count;
import static io.github.sentrymcp.core.internal.tools.snapshots.SnapshotRendering.list;
import static io.github.sentrymcp.core.internal.tools.snapshots.SnapshotRendering.section;

import io.github.sentrymcp.api.Scope;
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
import io.github.sentrymcp.core.internal.tools.WebLinks;
import io.github.sentrymcp.core.internal.tools.snapshots.SnapshotRendering.Style;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code get_snapshot}: a preprod snapshot's summary ({@code GET
 * /organizations/{org}/preprodartifacts/snapshots/{snapshotId}/?compact_metadata=true}): type, state, VCS facts,
 * counts, and one table per kind of change; unchanged and skipped images only with {@code showUnmodified}, every
 * image when nothing changed.
 */
final class GetSnapshotTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Get a preprod snapshot's summary: its metadata, counts and changed images.",
      "",
      "Use this tool when you need to:",
      "- Investigate a failed snapshot test from CI",
      "- See which images of a snapshot changed, were added, removed or renamed",
      "- Find an image's file name before viewing it",
      "",
      "<examples>",
      "get_snapshot(organizationSlug='my-organization', snapshotId='231949')",
      "get_snapshot(organizationSlug='my-organization', snapshotId='231949', showUnmodified=true)",
      "</examples>",
      "",
      "<hints>",
      "- get_snapshot_image with a File as imageIdentifier shows that image.",
      "- Diff is the share of pixels that changed (0-100%).",
      "- showUnmodified=true also lists unchanged and skipped images (a larger result).",
      "- For a snapshot URL use get_sentry_resource.",
      "</hints>");

  static final ToolSpec SPEC = ToolSpec.builder("get_snapshot", "Get snapshot", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .string("snapshotId", "The snapshot artifact ID (numeric).")
          .required().minLength(1).check(Params::resourceIdProblem).add()
          .bool("showUnmodified", "Also list unchanged and skipped images (a larger result).")
          .defaultValue(false).add()
          .add(Params.regionUrl())
          .build())
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.PROJECT_READ)
      .skills(Skill.INSPECT)
      .build();

  private final WebLinks links;

  GetSnapshotTool(ToolEnvironment env) {
    super(env, SPEC);
    this.links = new WebLinks(env.config());
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String org = args.requireString("organizationSlug");
    String snapshotId = args.requireString("snapshotId");
    boolean showUnmodified = args.bool("showUnmodified", false);
    SentryApiClient api = call.api(args);
    SentryJson s = NotFoundHints.withHint(Map.of("organizationSlug", org, "snapshotId", snapshotId),
        call.constraints(), () -> api.get(
            ApiPath.of("/organizations/{org}/preprodartifacts/snapshots/{snapshotId}/", org, snapshotId),
            Query.create().add("compact_metadata", "true"))
            .jsonObject("snapshot", TrustClass.UNTRUSTED_AUTHENTICATED));

    ToolResult.Builder doc = ToolResult.builder().heading(1, "Snapshot " + snapshotId + " in **" + org + "**");
    doc.fieldText("Sentry URL", links.path(org, "/preprod/snapshots/" + ApiPath.percentEncode(snapshotId) + "/"));
    doc.field("Type", s.get("comparison_type").nonEmptyText());
    doc.field("State", s.get("state").nonEmptyText());
    doc.field("App ID", s.get("app_id").nonEmptyText());
    doc.field("Project ID", s.get("project_id").nonEmptyText());
    doc.field("Base snapshot ID", s.get("base_artifact_id").nonEmptyText());
    SentryJson vcs = s.get("vcs_info");
    doc.field("Repository", first(vcs, "repo_name", "head_repo_name"));
    doc.field("Head branch", vcs.get("head_ref").nonEmptyText());
    doc.field("Head commit", vcs.get("head_sha").nonEmptyText());
    doc.field("Base branch", vcs.get("base_ref").nonEmptyText());
    doc.field("Base commit", vcs.get("base_sha").nonEmptyText());
    doc.field("Pull request", vcs.get("pr_number").nonEmptyText());
    doc.field("Approval", s.path("approval_info", "status").nonEmptyText());
    doc.field("Comparison run", s.path("comparison_run_info", "state").nonEmptyText());

    List<SentryJson> changed = list(s, "changed");
    List<SentryJson> added = list(s, "added");
    List<SentryJson> removed = list(s, "removed");
    List<SentryJson> renamed = list(s, "renamed");
    List<SentryJson> errored = list(s, "errored");
    long unchanged = count(s, "unchanged_count");
    long skipped = count(s, "skipped_count");
    StringBuilder counts = new StringBuilder();
    appendCount(counts, "changed", Math.max(count(s, "changed_count"), changed.size()));
    appendCount(counts, "added", Math.max(count(s, "added_count"), added.size()));
    appendCount(counts, "removed", Math.max(count(s, "removed_count"), removed.size()));
    appendCount(counts, "renamed", Math.max(count(s, "renamed_count"), renamed.size()));
    appendCount(counts, "errored", Math.max(count(s, "errored_count"), errored.size()));
    appendCount(counts, "unchanged", Math.max(unchanged, list(s, "unchanged").size()));
    appendCount(counts, "skipped", Math.max(skipped, list(s, "skipped").size()));
    doc.fieldText("Images", counts.length() == 0 ? "none listed" : counts.toString());

    boolean anyChange = false;
    anyChange |= maybeSection(doc, "Changed", changed, count(s, "changed_count"), Style.CHANGED);
    anyChange |= maybeSection(doc, "Added", added, count(s, "added_count"), Style.PLAIN);
    anyChange |= maybeSection(doc, "Removed", removed, count(s, "removed_count"), Style.PLAIN);
    anyChange |= maybeSection(doc, "Renamed", renamed, count(s, "renamed_count"), Style.RENAMED);
    anyChange |= maybeSection(doc, "Errored", errored, count(s, "errored_count"), Style.PLAIN);
    if (showUnmodified) {
      maybeSection(doc, "Unchanged", list(s, "unchanged"), unchanged, Style.PLAIN);
      maybeSection(doc, "Skipped", list(s, "skipped"), skipped, Style.PLAIN);
    }
    List<SentryJson> images = list(s, "images");
    if (!anyChange && !images.isEmpty()) {
      section(doc, "Images", images, -1, Style.DESCRIBED);
    } else if (!anyChange) {
      doc.paragraph("No changed, added, removed, renamed or errored images.");
    }
    doc.paragraph(Inline.text("View an image: "), Inline.code("get_snapshot_image"),
        Inline.text(" with its File as imageIdentifier."));
    if (!showUnmodified && Math.max(unchanged, 0) + Math.max(skipped, 0) > 0) {
      doc.paragraph(Inline.text("Unchanged and skipped images are not listed: "), Inline.code("showUnmodified=true"),
          Inline.text(" lists them."));
    }
    return doc.build();
  }

  private static boolean maybeSection(ToolResult.Builder doc, String title, List<SentryJson> entries, long total,
      Style style) {
    if (entries.isEmpty() && total <= 0) {
      return false;
    }
    section(doc, title, entries, total, style);
    return true;
  }

  private static void appendCount(StringBuilder sb, String what, long n) {
    if (n > 0) {
      sb.append(sb.length() == 0 ? "" : ", ").append(n).append(' ').append(what);
    }
  }

  private static @Nullable Untrusted first(SentryJson o,
      String... fields) {
    for (String f : fields) {
      var t = o.get(f).nonEmptyText();
      if (t != null) {
        return t;
      }
    }
    return null;
  }
}
