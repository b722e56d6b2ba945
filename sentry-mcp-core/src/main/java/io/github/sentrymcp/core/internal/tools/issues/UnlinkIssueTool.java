package io.github.sentrymcp.core.internal.tools.issues;

import io.github.sentrymcp.api.ApiException;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.ApiRequest;
import io.github.sentrymcp.core.internal.client.Query;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import io.github.sentrymcp.core.internal.tools.WebLinks;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code unlink_issue}: removes the association between a Sentry issue and an external issue, found by its URL. The
 * external issue itself is left alone.
 *
 * <p>Requests: the URL is checked first; {@code GET /organizations/{org}/issues/{id}/} (project-constraint check,
 * numeric id); {@code GET .../issues/{numericId}/integrations/?per_page=100} (every page), whose linked issues are
 * compared with the URL as the reference compares them (GitHub issue and pull request numbers, GitLab and Bitbucket
 * issues, Jira keys, Azure DevOps work items); a match is removed with {@code DELETE
 * .../integrations/{integrationId}/?externalIssue={id}}. With an {@code appSlug}, a Linear or Shortcut URL, or no
 * native match (and no {@code integrationId}), the issue's Sentry App links are read ({@code GET
 * .../external-issues/?per_page=100}) and a link with the same URL is removed with {@code DELETE
 * .../external-issues/{id}/}. Nothing matching is not an error: the status is not_linked either way.
 */
final class UnlinkIssueTool extends AbstractSentryTool {

  private static final String DESCRIPTION = String.join("\n",
      "Remove an external issue or GitHub pull request reference from a Sentry issue by URL.",
      "Only the association is removed: the external ticket, the Sentry issue and its status stay as they are.",
      "Native integrations and installed Sentry Apps. Safe to repeat: not_linked means the association is absent.",
      "<examples>",
      "unlink_issue(organizationSlug='my-org', issueId='PROJECT-123',"
          + " externalIssueUrl='https://github.com/acme/app/issues/42')",
      "</examples>");

  static final ToolSpec SPEC = ToolSpec.builder("unlink_issue", "Unlink external issue", DESCRIPTION)
      .input(IssueLinking.inputs().build())
      .output(IssueLinking.OUTPUT_SCHEMA)
      .annotations(Annotations.DESTRUCTIVE_IDEMPOTENT)
      .scopes(Scope.EVENT_WRITE, Scope.ORG_READ)
      .skills(Skill.TRIAGE)
      .build();

  private static final String HEADING = "Unlinked External Issue";

  private final WebLinks links;

  UnlinkIssueTool(ToolEnvironment env) {
    super(env, SPEC);
    this.links = new WebLinks(env.config());
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    IssueLinking.Target target = IssueLinking.parseTarget(args.requireString("externalIssueUrl"));
    String integrationArg = args.nonBlank("integrationId");
    String appSlug = args.nonBlank("appSlug");
    if (appSlug == null) {
      appSlug = IssueLinking.inferredApp(target);
    }
    if (appSlug != null && integrationArg != null) {
      throw SentryMcpException.invalidInput("Provide either appSlug or integrationId to select an integration.");
    }
    Long wanted = integrationArg == null ? null : Long.valueOf(integrationArg);
    SentryApiClient api = call.api(args);
    IssueLinking.LinkedIssue issue = IssueLinking.resolveIssue(args, call.context(), api);
    call.checkCancelled();
    if (appSlug != null) {
      return unlinkApp(api, call, issue, target, appSlug);
    }
    List<SentryJson> integrations =
        IssueLinking.readAll(api, IssueLinking.integrationsPath(issue), "integrations", issue);
    List<SentryJson> candidates = new ArrayList<>();
    for (SentryJson integration : integrations) {
      OptionalLong id = IssueLinking.integrationId(integration);
      if (id.isPresent() && (wanted == null || id.getAsLong() == wanted)) {
        candidates.add(integration);
      }
    }
    if (wanted != null && candidates.isEmpty()) {
      throw SentryMcpException.invalidInput("The integration " + wanted + " was not found on this issue.");
    }
    List<SentryJson> matchedIntegrations = new ArrayList<>();
    List<SentryJson> matchedIssues = new ArrayList<>();
    for (SentryJson integration : candidates) {
      String provider = IssueLinking.providerKey(integration);
      Pattern same = provider == null ? null : IssueLinking.sameIssue(target, provider);
      if (same == null) {
        continue;
      }
      for (SentryJson linked : integration.get("externalIssues").items()) {
        Untrusted url = IssueLinking.textOrAbsent(linked.get("url"), "the URL of a linked issue").nonEmptyText();
        if (url != null && url.matches(same)) {
          matchedIntegrations.add(integration);
          matchedIssues.add(linked);
        }
      }
    }
    if (matchedIssues.size() > 1) {
      throw new SentryMcpException(ErrorKind.INVALID_INPUT, "Several linked issues match this URL. Provide"
          + " integrationId to select one of: " + IssueLinking.ids(matchedIntegrations)
          + ". The details list their names.", IssueLinking.describe(matchedIntegrations), null);
    }
    if (matchedIssues.isEmpty()) {
      if (wanted == null) {
        // a Sentry App can own any URL, even one shaped like a native provider's
        return unlinkApp(api, call, issue, target, null);
      }
      return IssueLinking.result(HEADING, links, issue, IssueLinking.callerUrl(target), null, null, null,
          "not_linked", "No link of this integration matches the URL; nothing was changed.");
    }
    SentryJson integration = matchedIntegrations.get(0);
    SentryJson linked = matchedIssues.get(0);
    long integrationId = IssueLinking.integrationId(integration).getAsLong();
    long externalId = linked.get("id").requireLong("the id of the linked issue");
    call.checkCancelled();
    ApiPath path = IssueLinking.integrationPath(issue, integrationId);
    send(api, issue, new ApiRequest("DELETE", path, Query.create().add("externalIssue", Long.toString(externalId)),
        null, true));
    Untrusted displayName = linked.get("displayName").nonEmptyText();
    if (displayName == null) {
      displayName = linked.get("key").nonEmptyText();
    }
    Untrusted url = linked.get("url").nonEmptyText();
    return IssueLinking.result(HEADING, links, issue, url == null ? IssueLinking.callerUrl(target) : url,
        displayName, null, IssueLinking.providerKey(integration), "not_linked",
        "The link was removed; the external issue itself is unchanged.");
  }

  /** Removes the Sentry App link with this URL (of {@code appSlug}, when given), if there is one. */
  private ToolResult unlinkApp(SentryApiClient api, ToolCall call, IssueLinking.LinkedIssue issue,
      IssueLinking.Target target, @Nullable String appSlug) {
    List<SentryJson> appLinks = IssueLinking.readAll(api, IssueLinking.appLinksPath(issue), "externalIssues", issue);
    Pattern same = IssueLinking.sameAppIssue(target);
    List<SentryJson> matches = new ArrayList<>();
    for (SentryJson link : appLinks) {
      Untrusted webUrl = IssueLinking.textOrAbsent(link.get("webUrl"), "the URL of a Sentry App link").nonEmptyText();
      if (webUrl != null && webUrl.matches(same)
          && (appSlug == null || link.get("serviceType").textEquals(appSlug))) {
        matches.add(link);
      }
    }
    if (matches.size() > 1) {
      throw SentryMcpException.invalidInput("Several Sentry App links match this URL. Provide appSlug to select"
          + " one.");
    }
    if (matches.isEmpty()) {
      return IssueLinking.result(HEADING, links, issue, IssueLinking.callerUrl(target), null, null, appSlug,
          "not_linked", "No link of this Sentry issue matches the URL; nothing was changed.");
    }
    SentryJson link = matches.get(0);
    long id = link.get("id").requireLong("the id of the Sentry App link");
    call.checkCancelled();
    send(api, issue, ApiRequest.delete(ApiPath.of("/organizations/{org}/issues/{issueId}/external-issues/{id}/",
        issue.ref().organizationSlug(), issue.numericId(), id)));
    Untrusted webUrl = link.get("webUrl").nonEmptyText();
    return IssueLinking.result(HEADING, links, issue, webUrl == null ? IssueLinking.callerUrl(target) : webUrl,
        link.get("displayName").nonEmptyText(), link.get("serviceType").nonEmptyText(), appSlug, "not_linked",
        "The link was removed; the external issue itself is unchanged.");
  }

  private static void send(SentryApiClient api, IssueLinking.LinkedIssue issue, ApiRequest request) {
    try {
      api.send(request);
    } catch (ApiException e) {
      throw IssueWrites.enriched(e, issue.ref(), "The unlink");
    }
  }
}
