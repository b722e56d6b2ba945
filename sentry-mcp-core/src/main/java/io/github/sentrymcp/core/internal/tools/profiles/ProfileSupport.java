package io.github.sentrymcp.core.internal.tools.profiles;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.result.BinaryContent;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.DefaultToolResultSanitizer;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.ApiResponse;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.tools.MediaTypes;
import io.github.sentrymcp.core.internal.tools.NotFoundHints;
import io.github.sentrymcp.core.internal.tools.SentryUrl;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the profiling tools share: the project from a URL or the arguments (with the session's project constraint),
 * the size cap and content-type rule for profile answers, and number formatting.
 */
final class ProfileSupport {
  private ProfileSupport() {}

  /** Largest profile answer read (a larger one is refused, never parsed). */
  static final long MAX_PROFILE_BYTES = 16L * 1024 * 1024;

  /** Most characters of a text answer shown. */
  static final int MAX_TEXT_CHARS = 20_000;

  /** Most characters of one Sentry value (function, file, ...) shown. */
  static final int MAX_VALUE_CHARS = 120;

  static boolean isNumeric(String slugOrId) {
    return !slugOrId.isEmpty() && slugOrId.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /**
   * The project of a profile URL, or of {@code projectSlugOrId} (the session's project under a project constraint).
   * A URL naming a project slug other than the constrained one was refused by {@link SentryUrl#resolve}; one naming
   * a numeric id is checked by {@link #checkConstrainedProject} once fetched.
   */
  static @Nullable String project(SentryUrl.@Nullable Parsed url, @Nullable String argument,
      SessionConstraints constraints) {
    String fromUrl = url == null ? null : url.params().get("projectSlugOrId");
    if (fromUrl == null) {
      return argument;
    }
    if (argument != null && constraints.projectSlug() == null && !argument.equals(fromUrl)) {
      throw SentryMcpException.invalidInput("The project in profileUrl does not match projectSlugOrId.");
    }
    return fromUrl;
  }

  /** {@code GET /projects/{org}/{project}/}. */
  static SentryJson fetchProject(SentryApiClient api, String org, String project, SessionConstraints constraints) {
    return NotFoundHints.withHint(Map.of("organizationSlug", org, "projectSlugOrId", project), constraints,
        () -> api.get(ApiPath.of("/projects/{org}/{project}/", org, project)).jsonObject("project"));
  }

  /**
   * Under a project constraint, a project addressed by numeric id must be the constrained one: its slug (from
   * {@code project}, the fetched project) is compared.
   */
  static void checkConstrainedProject(SentryJson project, SessionConstraints constraints) {
    String constrained = constraints.projectSlug();
    if (constrained != null && !project.get("slug").textEquals(constrained)) {
      throw outsideProject(constrained);
    }
  }

  static SentryMcpException outsideProject(String project) {
    return SentryMcpException.permissionDenied("The profile is outside the active project constraint (expected"
        + " project " + project + ").");
  }

  /**
   * The answer as JSON, after the size cap; null when Sentry answered something that is not JSON (see {@link
   * #notJson}).
   */
  static @Nullable SentryJson json(ApiResponse r, String source) {
    if (r.bodyLength() > MAX_PROFILE_BYTES) {
      throw new SentryMcpException(ErrorKind.INVALID_INPUT, "The profile has " + r.bodyLength() + " bytes, more"
          + " than the limit of " + MAX_PROFILE_BYTES + " bytes (16 MB). Open it in Sentry instead.");
    }
    String type = r.mediaType();
    if (!type.isEmpty() && !MediaTypes.isJson(type)) {
      return null;
    }
    return r.json(source, TrustClass.UNTRUSTED_EXTERNAL);
  }

  /**
   * A non-JSON answer: text ({@code text/*}) is shown as data (at most {@value #MAX_TEXT_CHARS} characters, the
   * access token redacted by the client); anything else is returned byte for byte as an embedded resource, never
   * decoded.
   */
  static void notJson(ToolResult.Builder doc, ApiResponse r, String source) {
    String type = r.mediaType();
    doc.fieldText("Answer", r.bodyLength() + " bytes, not JSON");
    if (MediaTypes.isText(type)) {
      String text = r.text(StandardCharsets.UTF_8);
      int shown = Math.min(text.length(), Math.min(MAX_TEXT_CHARS, DefaultToolResultSanitizer.MAX_VALUE_CHARS));
      if (shown < text.length() && shown > 0 && Character.isHighSurrogate(text.charAt(shown - 1))) {
        shown--;
      }
      doc.data("Text answer", Untrusted.external(text.substring(0, shown), source));
      if (shown < text.length()) {
        doc.paragraph("*The answer has " + text.length() + " characters; the first " + shown + " are shown.*");
      }
      return;
    }
    String mime = MediaTypes.resourceType(type);
    doc.paragraph("Sentry's answer is included as an embedded resource (" + mime + "), not decoded.");
    doc.binary(new BinaryContent(BinaryContent.Kind.RESOURCE, mime, r.body(),
        Untrusted.of("profile", source, TrustClass.UNTRUSTED_DERIVED)));
  }

  /** Nanoseconds as {@code 850µs}, {@code 157ms} or {@code 1.2s}. */
  static String duration(double ns) {
    if (ns < 1_000_000) {
      return String.format(Locale.ROOT, "%.0fµs", ns / 1_000);
    }
    if (ns < 1_000_000_000) {
      return String.format(Locale.ROOT, "%.0fms", ns / 1_000_000);
    }
    return String.format(Locale.ROOT, "%.1fs", ns / 1_000_000_000);
  }

  static String percent(double value) {
    return String.format(Locale.ROOT, value < 1 ? "%.2f%%" : "%.1f%%", value);
  }

  /** A non-blank text or number, cut to {@value #MAX_VALUE_CHARS} characters; null otherwise. */
  static @Nullable Untrusted value(SentryJson v) {
    Untrusted t = v.isText() || v.isNumber() ? v.text() : null;
    return t == null || t.isBlank() ? null : t.truncate(MAX_VALUE_CHARS);
  }
}
