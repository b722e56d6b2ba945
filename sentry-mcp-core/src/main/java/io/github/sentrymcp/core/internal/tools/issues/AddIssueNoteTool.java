package io.github.sentrymcp.core.internal.tools.issues;

import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.Rendering;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code add_issue_note}: posts a comment to an issue's activity feed.
 *
 * <p>Requests: under a project constraint, first {@code GET /organizations/{org}/issues/{id}/} to check that the
 * issue belongs to the constrained project (nothing is written otherwise); then {@code POST
 * /organizations/{org}/issues/{id}/notes/ {"text": text}}, which the client never retries. Without a project
 * constraint the note is posted directly, as the reference does: the organization in the path is the (possibly
 * constrained) organization, and Sentry answers 404 for an issue outside it.
 *
 * <p>Annotations: not read-only, not destructive (a note only adds to the activity feed), not idempotent (every call
 * adds another note), open-world. Output: markdown describing the created note; its id, author, date and text come
 * from Sentry's answer and are data.
 */
final class AddIssueNoteTool extends AbstractSentryTool {

  private static final Pattern MULTI_LINE = Pattern.compile(".*[\\r\\n\\u2028\\u2029].*", Pattern.DOTALL);

  private static final String DESCRIPTION = String.join("\n",
      "Add a comment (note) to a Sentry issue's activity feed, visible to everyone in the organization.",
      "",
      "Use this tool when you need to:",
      "- Leave a note on an issue because the user explicitly asked for it",
      "- Record a user-approved explanation during triage",
      "",
      "<examples>",
      "```",
      "add_issue_note(organizationSlug='my-organization', issueId='PROJECT-123', text='Investigating with the"
          + " payments team.')",
      "add_issue_note(issueUrl='https://my-organization.sentry.io/issues/PROJECT-123/', text='Fixed by deploy"
          + " 1.2.3.')",
      "```",
      "</examples>",
      "",
      "<hints>",
      "- Pass issueUrl, or issueId with organizationSlug.",
      "- text is posted exactly as given (1 to 4096 characters).",
      "- This changes visible issue state; never post secrets, credentials or content the user did not approve.",
      "</hints>");

  static final ToolSpec SPEC = ToolSpec.builder("add_issue_note", "Add issue note", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.optionalOrganizationSlug())
          .add(Params.regionUrl())
          .add(IssueUrls.issueIdParam())
          .add(IssueUrls.issueUrlParam())
          .string("text", "The exact comment text to add to the issue.")
          .required().minLength(1).maxLength(IssueWrites.MAX_NOTE_CHARS).add()
          .build())
      .annotations(Annotations.WRITE)
      .scopes(Scope.EVENT_WRITE)
      .skills(Skill.TRIAGE)
      .build();

  AddIssueNoteTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    CallContext context = call.context();
    String text = args.requireString("text");
    IssueUrls.IssueRef ref = IssueWrites.resolve(args, context.constraints());
    SentryApiClient api = call.api(args);
    if (context.constraints().projectSlug() != null) {
      SentryJson issue = IssueWrites.fetchIssue(api, ref, "issue");
      requireConstrainedProject(issue, context);
      call.checkCancelled();
    }
    SentryJson note = IssueWrites.postNote(api, ref, text);

    ToolResult.Builder out = ToolResult.builder();
    out.heading(1, "Added Note to Issue");
    out.fieldText("Organization", ref.organizationSlug());
    out.fieldText("Issue ID", ref.issueId());
    Untrusted id = note.get("id").nonEmptyText();
    out.field("Comment ID", id == null ? null : id.truncate(EventRenderer.SHORT_CHARS));
    Untrusted type = note.get("type").nonEmptyText();
    if (type == null) {
      out.fieldText("Type", "note");
    } else {
      out.field("Type", type.truncate(EventRenderer.SHORT_CHARS));
    }
    SentryJson user = note.get("user");
    out.field("Author", IssueWrites.author(user).toArray(Inline[]::new));
    Rendering.timestampField(out, "Created", note.get("dateCreated"));
    Untrusted posted = IssueWrites.noteText(note);
    if (posted != null && posted.matches(MULTI_LINE)) {
      out.data("Text", posted.truncate(IssueWrites.MAX_NOTE_CHARS));
    } else {
      out.field("Text", posted == null ? null : posted.truncate(IssueWrites.MAX_NOTE_CHARS));
    }
    out.heading(2, "Response Notes");
    out.bullets(List.of(List.of(Inline.text("The note is visible in the issue activity feed."))));
    return out.build();
  }
}
