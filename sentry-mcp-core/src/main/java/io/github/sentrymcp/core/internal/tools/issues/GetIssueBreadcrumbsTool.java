package io.github.sentrymcp.core.internal.tools.issues;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code get_issue_breadcrumbs}: the breadcrumb trail of one event of an issue (the latest unless {@code eventId}
 * names one).
 *
 * <p>Requests: under a project constraint, first {@code GET /organizations/{org}/issues/{id}/} (the issue must belong
 * to the constrained project); then {@code GET /organizations/{org}/issues/{id}/events/{eventId|latest}/}. The
 * breadcrumbs are the event's {@code breadcrumbs} entry ({@code data.values}).
 *
 * <p>Caps keep the result small: only the last {@value #MAX_CRUMBS} breadcrumbs (those nearest the error), each
 * message cut at {@value #MESSAGE_CHARS} characters and its data (compact JSON) at {@value #DATA_CHARS}. Every value
 * from Sentry is data in a table.
 */
final class GetIssueBreadcrumbsTool extends AbstractSentryTool {

  static final int MAX_CRUMBS = 50;
  static final int MESSAGE_CHARS = 300;
  static final int DATA_CHARS = 200;
  static final int SHORT_CHARS = 60;

  private static final String DESCRIPTION = String.join("\n",
      "Get the breadcrumb trail (actions leading up to the error) of a Sentry issue's event, the latest by"
          + " default.",
      "",
      "<examples>",
      "get_issue_breadcrumbs(organizationSlug='my-organization', issueId='PROJECT-123')",
      "get_issue_breadcrumbs(issueUrl='https://my-organization.sentry.io/issues/PROJECT-123/',"
          + " eventId='c49541c747cb4d8aa3efb70ca5aba243')",
      "</examples>",
      "",
      "<hints>",
      "- Pass issueUrl, or issueId with organizationSlug.",
      "- Shows the last " + MAX_CRUMBS + " breadcrumbs, oldest first.",
      "</hints>");

  static final ToolSpec SPEC = ToolSpec.builder("get_issue_breadcrumbs", "Get issue breadcrumbs", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.optionalOrganizationSlug())
          .add(Params.regionUrl())
          .add(IssueUrls.issueIdParam())
          .add(IssueUrls.issueUrlParam())
          .add(IssueReads.eventIdParam())
          .build())
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.EVENT_READ)
      .skills(Skill.INSPECT, Skill.TRIAGE)
      .build();

  GetIssueBreadcrumbsTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    IssueReads.IssueEvent read =
        IssueReads.event(args, call, issue -> requireConstrainedProject(issue, call.context()));
    IssueUrls.IssueRef ref = read.ref();
    SentryJson event = read.event();
    List<SentryJson> crumbs = breadcrumbs(event);

    ToolResult.Builder out = ToolResult.builder();
    out.heading(1, "Breadcrumbs for " + ref.issueId());
    Untrusted id = event.get("id").nonEmptyText();
    out.field("Event", id == null ? null : id.truncate(SHORT_CHARS));
    if (crumbs.isEmpty()) {
      out.paragraph("This event has no breadcrumbs.");
      return out.build();
    }
    int from = Math.max(0, crumbs.size() - MAX_CRUMBS);
    List<List<Inline>> rows = new ArrayList<>();
    for (SentryJson c : crumbs.subList(from, crumbs.size())) {
      rows.add(List.of(IssueReads.time(c.get("timestamp")),
          EventRenderer.cell(c.get("level").nonEmptyText(), SHORT_CHARS),
          EventRenderer.cell(EventRenderer.firstText(c.get("category"), c.get("type")), SHORT_CHARS),
          EventRenderer.cell(c.get("message").nonEmptyText(), MESSAGE_CHARS),
          data(c.get("data"))));
    }
    out.table(List.of("Time", "Level", "Category", "Message", "Data"), rows);
    if (from > 0) {
      out.paragraph("Showing the last " + MAX_CRUMBS + " of " + crumbs.size() + " breadcrumbs.");
    }
    return out.build();
  }

  /** The {@code breadcrumbs} entries' values, in event order; empty when the event has none or they are malformed. */
  static List<SentryJson> breadcrumbs(SentryJson event) {
    List<SentryJson> out = new ArrayList<>();
    for (SentryJson entry : event.get("entries").items()) {
      if (entry.get("type").textEquals("breadcrumbs")) {
        for (SentryJson v : entry.path("data", "values").items()) {
          if (v.isObject()) {
            out.add(v);
          }
        }
      }
    }
    return out;
  }

  private static Inline data(SentryJson d) {
    if (!(d.isObject() || d.isArray()) || d.size() == 0) {
      return Inline.text("");
    }
    return EventRenderer.cell(d.asCompactJsonText(), DATA_CHARS);
  }
}
