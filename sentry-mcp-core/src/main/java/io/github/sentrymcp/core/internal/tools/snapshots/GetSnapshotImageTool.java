package io.github.sentrymcp.core.internal.tools.snapshots;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.BinaryContent;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.ImageFetcher;
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
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code get_snapshot_image}: one image of a preprod snapshot ({@code GET
 * /organizations/{org}/preprodartifacts/snapshots/{snapshotId}/images/{imageIdentifier}/}), then its current (head),
 * previous (base) and diff image files, returned as MCP image content.
 *
 * <p>The image files are fetched by {@link ImageFetcher}: a relative {@code /api/0/} URL from the configured host
 * with the session's credential, an absolute URL only from an allowed host and never with the credential. Each file
 * is capped at {@value SnapshotImages#MAX_BYTES} bytes and checked by {@link SnapshotImages} (signature, header
 * dimensions against the pixel caps) before anything is decoded; {@code preview} (the default) re-encodes it at most
 * {@value SnapshotImages#PREVIEW_SIDE} px on the long side, {@code full} returns the original bytes. An image that
 * cannot be used is left out with a fixed note; the rest of the result stands.
 */
final class GetSnapshotImageTool extends AbstractSentryTool {
  /** An image file name: one or more segments of safe characters, no empty, {@code .} or {@code ..} segment. */
  static final Pattern IMAGE_IDENTIFIER =
      Pattern.compile("(?!.*//)(?!(.*/)?\\.\\.?(/|$))[A-Za-z0-9][A-Za-z0-9 ._()@+,=-]*(/[A-Za-z0-9 ._()@+,=-]+)*");

  static final String DESCRIPTION = String.join("\n",
      "Get one image of a preprod snapshot: its metadata and the current, previous and diff images.",
      "",
      "Use this tool when you need to:",
      "- See what a changed, added or removed snapshot image looks like",
      "- Compare an image with its base and the diff Sentry computed",
      "",
      "<examples>",
      "get_snapshot_image(organizationSlug='my-organization', snapshotId='231949',"
          + " imageIdentifier='ios/login_screen.png')",
      "get_snapshot_image(organizationSlug='my-organization', snapshotId='231949',"
          + " imageIdentifier='ios/login_screen.png', imageResolution='full')",
      "</examples>",
      "",
      "<hints>",
      "- imageIdentifier is an image's File from get_snapshot, slashes included.",
      "- Previews are at most 1024 px; imageResolution='full' returns the original files (a much larger result).",
      "- For a snapshot URL with selectedSnapshot use get_sentry_resource.",
      "</hints>");

  static final ToolSpec SPEC = ToolSpec.builder("get_snapshot_image", "Get snapshot image", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .string("snapshotId", "The snapshot artifact ID (numeric).")
          .required().minLength(1).check(Params::resourceIdProblem).add()
          .string("imageIdentifier", "The image's file name (its File in get_snapshot).")
          .required().minLength(1).maxLength(200).pattern(IMAGE_IDENTIFIER).add()
          .string("imageResolution", "preview: re-encoded at most 1024 px; full: the original files.")
          .enumValues(List.of("preview", "full")).defaultValue("preview").add()
          .add(Params.regionUrl())
          .build())
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.PROJECT_READ)
      .skills(Skill.INSPECT)
      .build();

  GetSnapshotImageTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String org = args.requireString("organizationSlug");
    String snapshotId = args.requireString("snapshotId");
    String imageId = args.requireString("imageIdentifier");
    boolean full = "full".equals(args.nonBlank("imageResolution"));
    SentryApiClient api = call.api(args);
    SentryJson root = NotFoundHints.withHint(
        Map.of("organizationSlug", org, "snapshotId", snapshotId, "imageIdentifier", imageId), call.constraints(),
        () -> api.get(ApiPath.of("/organizations/{org}/preprodartifacts/snapshots/{snapshotId}/images/{image}/",
            org, snapshotId, imageId)).jsonObject("snapshotImage", TrustClass.UNTRUSTED_AUTHENTICATED));
    call.checkCancelled();

    SentryJson head = root.get("head_image");
    SentryJson base = root.get("base_image");
    if (!head.isObject() && !base.isObject() && root.has("image_url")) {
      head = root; // the older answer: the image's fields at the top level
    }
    SentryJson meta = head.isObject() ? head : base;

    ToolResult.Builder doc = ToolResult.builder().heading(1, "Snapshot image in snapshot " + snapshotId);
    doc.field("File", SnapshotRendering.fileName(root).nonEmptyText() != null
        ? SnapshotRendering.fileName(root).nonEmptyText() : SnapshotRendering.fileName(meta).nonEmptyText());
    doc.field("Name", meta.get("display_name").nonEmptyText());
    doc.field("Group", meta.get("group").nonEmptyText());
    doc.field("Status", root.get("comparison_status").nonEmptyText());
    String diff = SnapshotRendering.diffPercent(root.get("diff"));
    if (!diff.equals("-")) {
      doc.fieldText("Diff", diff);
    }
    String size = dimensions(meta);
    if (size != null) {
      doc.fieldText("Dimensions", size);
    }
    doc.field("Theme", meta.get("canvas_theme").nonEmptyText());
    Untrusted description = meta.get("description").nonEmptyText();
    doc.field("Description", description == null ? null : description.truncate(SnapshotRendering.MAX_DESCRIPTION));
    doc.field("Device", meta.path("context", "simulator", "device_name").nonEmptyText());

    ImageFetcher fetcher = ImageFetcher.forCall(call.api());
    Untrusted name = SnapshotRendering.fileName(meta).nonEmptyText();
    Untrusted fileName = name != null ? name : Untrusted.authenticated("snapshot-image", "snapshotImage.name");
    Untrusted diffUrl = url(root.get("diff_image_url"));
    if (diffUrl == null) {
      diffUrl = url(root.path("diff_image", "image_url"));
    }
    Untrusted headUrl = head.isObject() ? url(head.get("image_url")) : null;
    Untrusted baseUrl = base.isObject() ? url(base.get("image_url")) : null;
    int included = 0;
    included += image(doc, call, fetcher, "Current image", headUrl, fileName, full);
    included += image(doc, call, fetcher, "Previous image", baseUrl, fileName, full);
    included += image(doc, call, fetcher, "Diff image", diffUrl, fileName, full);
    if (included == 0) {
      doc.paragraph("No image file could be included.");
    }
    return doc.build();
  }

  /** An image URL: text, or absent; any other JSON type is a malformed answer. */
  private static @Nullable Untrusted url(SentryJson value) {
    if (value.isPresent() && !value.isText()) {
      throw value.malformed("has an image URL that is not a string");
    }
    return value.nonEmptyText();
  }

  private static @Nullable String dimensions(SentryJson image) {
    OptionalLong w = image.get("width").asLong();
    OptionalLong h = image.get("height").asLong();
    return w.isPresent() && h.isPresent() ? w.getAsLong() + "x" + h.getAsLong() + " px" : null;
  }

  /** One image file as image content (1), or a fixed note why not (0); nothing when Sentry gave no URL. */
  private static int image(ToolResult.Builder doc, ToolCall call, ImageFetcher fetcher, String label,
      @Nullable Untrusted url, Untrusted fileName, boolean full) {
    if (url == null) {
      return 0;
    }
    call.checkCancelled();
    SnapshotImages.Prepared prepared;
    try {
      ImageFetcher.Fetched fetched = fetcher.fetch(url, SnapshotImages.MAX_BYTES);
      prepared = full ? SnapshotImages.full(fetched.body()) : SnapshotImages.preview(fetched.body());
    } catch (SentryMcpException e) {
      if (e.kind() == ErrorKind.CANCELLED || call.scope().isExpired() || call.scope().isCancelled()) {
        throw e;
      }
      doc.paragraph(label + " not included. " + e.getMessage());
      return 0;
    }
    doc.paragraph(label + ": " + prepared.mimeType() + ", " + prepared.width() + "x" + prepared.height() + " px"
        + (prepared.resized() ? " (preview)." : "."));
    doc.binary(new BinaryContent(BinaryContent.Kind.IMAGE, prepared.mimeType(), prepared.bytes(), fileName));
    return 1;
  }
}
