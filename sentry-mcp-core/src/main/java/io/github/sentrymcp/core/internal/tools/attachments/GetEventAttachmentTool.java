package io.github.sentrymcp.core.internal.tools.attachments;

import static io.github.sentrymcp.core.internal.tools.Rendering.cell;

import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.BinaryContent;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.DefaultToolResultSanitizer;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.ApiResponse;
import io.github.sentrymcp.core.internal.client.Query;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.MediaTypes;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.NotFoundHints;
import io.github.sentrymcp.core.internal.tools.Rendering;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code get_event_attachment}: lists an event's attachments, or downloads one.
 *
 * <p>Requests: {@code GET /projects/{org}/{project}/events/{eventId}/attachments/}; with {@code attachmentId} also
 * {@code GET .../attachments/{attachmentId}/?download=1} (only when the list names that attachment and its declared
 * size is within {@value #MAX_DOWNLOAD_BYTES} bytes). Under a project constraint the constrained project is injected
 * into the path, so the event can only come from that project.
 *
 * <p>Attachments are uploaded by whoever holds the DSN, so the file name, the declared MIME type and the content
 * are attacker-controlled. None of them picks anything but display text, except that the content kind is chosen
 * by comparing the download's {@code Content-Type} (falling back to the declared MIME type when the download says
 * nothing useful) with fixed lists:
 *
 * <ul>
 *   <li>{@code image/png}, {@code image/jpeg}, {@code image/gif}, {@code image/webp}: returned as image content
 *       (with that constant MIME type); SVG and every other image type are treated as binary;
 *   <li>{@code text/*}, JSON ({@code application/json}, {@code *+json}, NDJSON): decoded (UTF-8 unless the
 *       response names another standard charset), the session's access token redacted ({@link ApiResponse#text}),
 *       and inlined as untrusted data, at most {@value #MAX_TEXT_CHARS} characters in blocks of the sanitizer's value
 *       size, truncation noted;
 *   <li>anything else: an embedded resource typed {@code application/octet-stream} (or one of a few harmless
 *       archive/document types), so a host never renders attacker content as HTML, SVG or script.
 * </ul>
 *
 * <p>Images and other binary content are returned byte for byte: rewriting bytes would corrupt the file, and they
 * reach the model as an image or a resource, not as prompt text.
 */
final class GetEventAttachmentTool extends AbstractSentryTool {
  /** Largest attachment downloaded. */
  static final long MAX_DOWNLOAD_BYTES = 20L * 1024 * 1024;

  /** Most characters of a text attachment shown. */
  static final int MAX_TEXT_CHARS = 60_000;

  /** Characters per data block (the default sanitizer's per-value cap, so it never cuts a block itself). */
  static final int TEXT_BLOCK_CHARS = DefaultToolResultSanitizer.MAX_VALUE_CHARS;

  static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");
  static final String OCTET_STREAM = MediaTypes.OCTET_STREAM;

  private static final Map<String, Pattern> DECLARED_IMAGE = declaredImagePatterns();
  private static final Pattern DECLARED_TEXT = Pattern.compile("(?i)\\s*text/[a-z0-9.+-]+\\s*(;.*)?");
  private static final Pattern DECLARED_JSON =
      Pattern.compile("(?i)\\s*application/([a-z0-9.-]+\\+json|json|x-ndjson)\\s*(;.*)?");
  private static final Set<String> CHARSETS =
      Set.of("utf-8", "us-ascii", "iso-8859-1", "utf-16", "utf-16le", "utf-16be");

  static final String DESCRIPTION = String.join("\n",
      "Download attachments from a Sentry event.",
      "",
      "Use this tool when you need to:",
      "- List the files attached to a specific event",
      "- Look at a screenshot, a log file or another attachment uploaded with an error report",
      "",
      "<examples>",
      "get_event_attachment(organizationSlug='my-organization', projectSlug='my-project',"
          + " eventId='c49541c747cb4d8aa3efb70ca5aba243')",
      "get_event_attachment(organizationSlug='my-organization', projectSlug='my-project',"
          + " eventId='c49541c747cb4d8aa3efb70ca5aba243', attachmentId='12345')",
      "</examples>",
      "",
      "<hints>",
      "- Without attachmentId the event's attachments are listed with their IDs.",
      "- With attachmentId the attachment is downloaded: PNG, JPEG, GIF and WebP images come back as images, text"
          + " and JSON files are shown (the first 100,000 characters), other files come back as embedded resources.",
      "- Attachments larger than 20 MB are not downloaded.",
      "- The projectSlug is required to identify which project the event belongs to.",
      "</hints>");

  static final ToolSpec SPEC = ToolSpec.builder("get_event_attachment", "Get event attachment", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .add(Params.projectSlug(true))
          .string("eventId", "The event ID: 32 hexadecimal characters, e.g. 'c49541c747cb4d8aa3efb70ca5aba243'.")
          .required().pattern(Params.HEX32).add()
          .string("attachmentId", "The attachment ID to download. Omit it to list the event's attachments.")
          .nullable().minLength(1).maxLength(100).pattern(Params.RESOURCE_ID).add()
          .add(Params.regionUrl())
          .build())
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.EVENT_READ)
      .skills(Skill.INSPECT)
      .build();

  GetEventAttachmentTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    CallContext context = call.context();
    String org = args.requireString("organizationSlug");
    String project = args.requireString("projectSlug");
    String eventId = args.requireString("eventId").toLowerCase(Locale.ROOT);
    String attachmentId = args.nonBlank("attachmentId");
    SentryApiClient api = call.api(args);

    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", org);
    used.put("projectSlug", project);
    used.put("eventId", eventId);
    List<SentryJson> attachments = NotFoundHints.withHint(used, () -> api.get(ApiPath.of(
        "/projects/{org}/{project}/events/{eventId}/attachments/", org, project, eventId))
        .jsonArray("attachments")).items();
    call.checkCancelled();

    if (attachmentId == null) {
      return list(eventId, attachments);
    }
    SentryJson meta = null;
    for (SentryJson a : attachments) {
      Untrusted id = a.get("id").text();
      if (id != null && id.contentEquals(attachmentId)) {
        meta = a;
        break;
      }
    }
    if (meta == null) {
      throw SentryMcpException.notFound("The event " + eventId + " in project " + project + " of organization "
          + org + " has no attachment with ID " + attachmentId + ". Call get_event_attachment without"
          + " attachmentId to list the event's attachments.");
    }
    OptionalLong declaredSize = meta.get("size").asLong();
    if (declaredSize.isPresent() && declaredSize.getAsLong() > MAX_DOWNLOAD_BYTES) {
      throw tooLarge(declaredSize.getAsLong());
    }
    used.put("attachmentId", attachmentId);
    ApiPath downloadPath = ApiPath.of("/projects/{org}/{project}/events/{eventId}/attachments/{attachmentId}/",
        org, project, eventId, attachmentId);
    Query downloadQuery = Query.create().add("download", "1");
    ApiResponse download = NotFoundHints.withHint(used, () -> api.get(downloadPath, downloadQuery));
    if (download.bodyLength() > MAX_DOWNLOAD_BYTES) {
      throw tooLarge(download.bodyLength());
    }
    return downloaded(eventId, attachmentId, meta, download,
        api.origin() + "/api/0" + downloadPath.encoded() + "?" + downloadQuery.encoded());
  }

  private static SentryMcpException tooLarge(long bytes) {
    return new SentryMcpException(ErrorKind.INVALID_INPUT, "The attachment has " + bytes + " bytes, more than"
        + " the download limit of " + MAX_DOWNLOAD_BYTES + " bytes (20 MB). Open it in Sentry instead.");
  }

  private static ToolResult list(String eventId, List<SentryJson> attachments) {
    ToolResult.Builder doc = ToolResult.builder();
    doc.heading(1, "Attachments of event " + eventId);
    if (attachments.isEmpty()) {
      doc.paragraph("No attachments found for this event.");
      return doc.build();
    }
    List<List<Inline>> rows = new ArrayList<>();
    for (SentryJson a : attachments) {
      OptionalLong size = a.get("size").asLong();
      String created = Rendering.isoTimestamp(a.get("dateCreated"));
      rows.add(List.of(
          cell(a.get("id").nonEmptyText()),
          cell(a.get("name").nonEmptyText()),
          cell(a.get("type").nonEmptyText()),
          Inline.text(size.isPresent() ? Long.toString(size.getAsLong()) : "-"),
          cell(a.get("mimetype").nonEmptyText()),
          Inline.text(created == null ? "-" : created),
          cell(a.get("sha1").nonEmptyText())));
    }
    doc.table(List.of("ID", "Name", "Type", "Size (bytes)", "MIME Type", "Created", "SHA1"), rows);
    doc.paragraph(Inline.text("Download one: "), Inline.code("get_event_attachment"),
        Inline.text(" with the same arguments and its ID as attachmentId."));
    return doc.build();
  }

  /** How the downloaded content is returned. */
  enum Kind {
    IMAGE,
    TEXT,
    BINARY
  }

  /** The content kind and the MIME type to report (always one of our constants). */
  record Choice(Kind kind, String mimeType) {}

  /**
   * Chooses how to return the content.
   *
   * @param responseType the download's media type (lower-case, no parameters), possibly empty
   * @param declared the MIME type in the attachment list, or null
   */
  static Choice choose(String responseType, @Nullable Untrusted declared) {
    Choice fromResponse = classify(responseType);
    if (fromResponse != null) {
      return fromResponse;
    }
    if (declared != null) {
      for (Map.Entry<String, Pattern> image : DECLARED_IMAGE.entrySet()) {
        if (declared.matches(image.getValue())) {
          return new Choice(Kind.IMAGE, image.getKey());
        }
      }
      if (declared.matches(DECLARED_TEXT)) {
        return new Choice(Kind.TEXT, "text/plain");
      }
      if (declared.matches(DECLARED_JSON)) {
        return new Choice(Kind.TEXT, "application/json");
      }
    }
    return new Choice(Kind.BINARY, OCTET_STREAM);
  }

  private static Map<String, Pattern> declaredImagePatterns() {
    Map<String, Pattern> out = new LinkedHashMap<>();
    for (String image : IMAGE_TYPES) {
      out.put(image, Pattern.compile("(?i)\\s*" + Pattern.quote(image) + "\\s*(;.*)?"));
    }
    return Map.copyOf(out);
  }

  /** Null when the response type says nothing useful (absent, malformed or {@code application/octet-stream}). */
  private static @Nullable Choice classify(String type) {
    if (type.isEmpty() || !BinaryContent.isPlainMimeType(type) || type.equals(OCTET_STREAM)) {
      return null;
    }
    String t = type.equals("image/jpg") ? "image/jpeg" : type;
    if (IMAGE_TYPES.contains(t)) {
      return new Choice(Kind.IMAGE, t);
    }
    if (MediaTypes.isText(t)) {
      return new Choice(Kind.TEXT, "text/plain");
    }
    if (MediaTypes.isJson(t)) {
      return new Choice(Kind.TEXT, "application/json");
    }
    return new Choice(Kind.BINARY, MediaTypes.resourceType(t));
  }

  private static ToolResult downloaded(String eventId, String attachmentId, SentryJson meta, ApiResponse download,
      String downloadUrl) {
    Untrusted declaredType = meta.get("mimetype").nonEmptyText();
    Choice choice = choose(download.mediaType(), declaredType);
    byte[] body = download.body();
    Untrusted name = meta.get("name").nonEmptyText();

    ToolResult.Builder doc = ToolResult.builder();
    doc.heading(1, "Event Attachment Download");
    doc.fieldText("Event ID", eventId);
    doc.fieldText("Attachment ID", attachmentId);
    doc.field("Filename", name);
    doc.field("Type", meta.get("type").nonEmptyText());
    OptionalLong size = meta.get("size").asLong();
    if (size.isPresent()) {
      doc.fieldText("Size", size.getAsLong() + " bytes");
    }
    doc.fieldText("Downloaded", body.length + " bytes");
    doc.field("Declared MIME Type", declaredType);
    String created = Rendering.isoTimestamp(meta.get("dateCreated"));
    if (created != null) {
      doc.fieldText("Created", created);
    }
    doc.field("SHA1", meta.get("sha1").nonEmptyText());
    doc.fieldText("Download URL", downloadUrl);

    Untrusted fileName = name != null ? name : Untrusted.external("attachment", "attachment.name");
    switch (choice.kind()) {
      case IMAGE -> {
        doc.fieldText("Returned As", "image (" + choice.mimeType() + ")");
        doc.heading(2, "Image");
        doc.paragraph("The image is included in this result as image content.");
        doc.binary(new BinaryContent(BinaryContent.Kind.IMAGE, choice.mimeType(), body, fileName));
      }
      case TEXT -> {
        doc.fieldText("Returned As", "text (shown below)");
        textContent(doc, download.text(charset(download.header("Content-Type").orElse(""))));
      }
      case BINARY -> {
        doc.fieldText("Returned As", "file (" + choice.mimeType() + ")");
        doc.heading(2, "Binary Content");
        doc.paragraph("The attachment is included in this result as an embedded resource.");
        doc.binary(new BinaryContent(BinaryContent.Kind.RESOURCE, choice.mimeType(), body, fileName));
      }
    }
    return doc.build();
  }

  /**
   * The decoded text (the access token redacted by the client) in data blocks of at most {@link #TEXT_BLOCK_CHARS},
   * cut at {@value #MAX_TEXT_CHARS}.
   */
  private static void textContent(ToolResult.Builder doc, String text) {
    int shown = Math.min(text.length(), MAX_TEXT_CHARS);
    if (shown < text.length() && Character.isHighSurrogate(text.charAt(shown - 1))) {
      shown--;
    }
    doc.heading(2, "File Content");
    if (text.isEmpty()) {
      doc.paragraph("The file is empty.");
      return;
    }
    List<String> blocks = new ArrayList<>();
    int start = 0;
    while (start < shown) {
      int end = Math.min(shown, start + TEXT_BLOCK_CHARS);
      if (end < shown) {
        int newline = text.lastIndexOf('\n', end - 1);
        if (newline >= start + TEXT_BLOCK_CHARS / 2) {
          end = newline + 1; // break blocks at a line end when there is one in the second half
        } else if (Character.isHighSurrogate(text.charAt(end - 1))) {
          end--;
        }
      }
      blocks.add(text.substring(start, end));
      start = end;
    }
    for (int i = 0; i < blocks.size(); i++) {
      String label = blocks.size() == 1 ? null : "Part " + (i + 1) + " of " + blocks.size();
      String source = blocks.size() == 1 ? "attachment.content" : "attachment.content[part " + (i + 1) + "]";
      doc.data(label, Untrusted.external(blocks.get(i), source));
    }
    if (shown < text.length()) {
      doc.paragraph("*The file has " + text.length() + " characters; the first " + shown + " are shown.*");
    }
  }

  /** The response's charset when it is one of a few standard ones, else UTF-8 (malformed input is replaced). */
  private static Charset charset(String contentType) {
    for (String param : contentType.split(";")) {
      String p = param.strip();
      if (p.regionMatches(true, 0, "charset=", 0, 8)) {
        String name = p.substring(8).strip().replace("\"", "").toLowerCase(Locale.ROOT);
        if (CHARSETS.contains(name)) {
          return Charset.forName(name);
        }
      }
    }
    return StandardCharsets.UTF_8;
  }
}
