package io.github.sentrymcp.core.internal.tools.issues;

import io.github.sentrymcp.api.ApiException;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.ApiRequest;
import io.github.sentrymcp.core.internal.client.Query;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Requests and rendering shared by the issue write tools ({@code update_issue}, {@code add_issue_note}): the issue
 * lookup that precedes a write, posting a note, and Sentry's rejections turned into errors that say what to fix.
 *
 * <p>Paths are built from the caller's validated {@link IssueUrls.IssueRef} only. Messages are server text naming
 * validated parameters; Sentry's own explanation stays in {@link ApiException#details()} (untrusted).
 */
final class IssueWrites {
  private IssueWrites() {}

  /** Longest note text Sentry is asked to store (the reference's limit for {@code add_issue_note}). */
  static final int MAX_NOTE_CHARS = 4096;

  private static final Pattern PATH_SYNTAX = Pattern.compile("[/\\\\%?#]");

  /**
   * Resolves the issue a write goes to, like {@link IssueUrls#resolve(Args, SessionConstraints)}; an {@code issueId}
   * that carries path syntax ({@code /}, {@code \}, {@code %}, {@code ?}, {@code #} or {@code ..}) gets an error
   * naming those characters. (The shared validation refuses such ids too, and every other id that is not exactly
   * valid: nothing is sent for {@code ../../victim-org/...}, {@code PROJ-4 1} or an id with a zero-width space.)
   */
  static IssueUrls.IssueRef resolve(Args args, SessionConstraints constraints) {
    String issueId = args.nonBlank("issueId");
    if (issueId != null && (issueId.contains("..") || PATH_SYNTAX.matcher(issueId).find())) {
      throw SentryMcpException.invalidInput("The issueId must be a numeric issue id or a short id such as"
          + " PROJECT-1Z43; path characters such as '/', '\\', '%' or '..' are not allowed.");
    }
    return IssueUrls.resolve(args, constraints);
  }

  static ApiPath issuePath(IssueUrls.IssueRef ref) {
    return ApiPath.of("/organizations/{org}/issues/{issueId}/", ref.organizationSlug(), ref.issueId());
  }

  static ApiPath notesPath(IssueUrls.IssueRef ref) {
    return ApiPath.of("/organizations/{org}/issues/{issueId}/notes/", ref.organizationSlug(), ref.issueId());
  }

  /**
   * {@code GET /organizations/{org}/issues/{id}/}; a 404 becomes a not-found error naming the parameters.
   *
   * @param source root of the source paths, e.g. {@code issue}
   */
  static SentryJson fetchIssue(SentryApiClient api, IssueUrls.IssueRef ref, String source) {
    try {
      return api.get(issuePath(ref), Query.create()).jsonObject(source);
    } catch (ApiException e) {
      throw enriched(e, ref, "The issue lookup");
    }
  }

  /**
   * {@code POST /organizations/{org}/issues/{id}/notes/ {"text": text}}; never retried (see {@link ApiRequest#post}).
   * Returns the note Sentry created ({@link TrustClass#UNTRUSTED_AUTHENTICATED}: written by an organization member).
   */
  static SentryJson postNote(SentryApiClient api, IssueUrls.IssueRef ref, String text) {
    try {
      return api.send(ApiRequest.post(notesPath(ref), Map.of("text", text)))
          .jsonObject("note", TrustClass.UNTRUSTED_AUTHENTICATED);
    } catch (ApiException e) {
      throw enriched(e, ref, "The note");
    }
  }

  /**
   * A 404 names the parameters; a 400/422 says Sentry rejected the request and what it concerned (Sentry's text stays
   * in the details); anything else is returned unchanged.
   *
   * @param what server text naming the request's subject, e.g. {@code The issue update}
   */
  static ApiException enriched(ApiException e, IssueUrls.IssueRef ref, String what) {
    if (e.status() == 404) {
      return new ApiException(ErrorKind.NOT_FOUND, 404, e.endpoint(),
          "The issue was not found. Verify these parameters:\n"
              + "- organizationSlug: '" + ref.organizationSlug() + "'\n"
              + "- issueId: '" + ref.issueId() + "'",
          e.details(), e.retryAfter(), e);
    }
    if (e.status() == 400 || e.status() == 422) {
      return new ApiException(ErrorKind.INVALID_INPUT, e.status(), e.endpoint(),
          "Sentry rejected the request " + e.endpoint() + " (HTTP " + e.status() + "): " + what
              + " was not accepted. Fix the arguments named in Sentry's explanation and retry.",
          e.details(), e.retryAfter(), e);
    }
    return e;
  }

  /** Who wrote a note: name, else email, else username, else id; "current user" when Sentry does not say. */
  static List<Inline> author(SentryJson user) {
    Untrusted who = EventRenderer.firstText(user.get("name"), user.get("email"), user.get("username"),
        user.get("id"));
    if (who == null) {
      return List.of(Inline.text("current user"));
    }
    return List.of(EventRenderer.cell(who, EventRenderer.SHORT_CHARS));
  }

  /** The text of a note Sentry returned ({@code data.text}), or null. */
  static @Nullable Untrusted noteText(SentryJson note) {
    return note.path("data", "text").nonEmptyText();
  }

  /** A failure as inline server text, followed by Sentry's explanation as data. */
  static List<Inline> failure(SentryMcpException e) {
    List<Inline> out = new ArrayList<>();
    String msg = e.getMessage();
    out.add(Inline.text(msg == null ? "The request failed." : msg.replace('\n', ' ')));
    for (Untrusted d : e.details()) {
      out.add(Inline.text(" Details from Sentry: "));
      out.add(Inline.data(d));
    }
    return out;
  }
}
