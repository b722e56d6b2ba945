package io.github.sentrymcp.core.internal.tools.issues;

import io.github.sentrymcp.api.ApiException;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiRequest;
import io.github.sentrymcp.core.internal.client.ApiResponse;
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
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code link_issue}: links an existing external issue or pull request to a Sentry issue, through a native integration
 * (GitHub, GitHub Enterprise, GitLab, Bitbucket, Jira, Jira Server, Azure DevOps) or an installed Sentry App (an
 * {@code appSlug}, or a Linear or Shortcut URL, which imply it).
 *
 * <p>Checked before any request: the URL (https, no credentials or dot segments), {@code appSlug} and {@code
 * integrationId} not both, {@code fields} only with an App and holding strings or numbers. Then {@code GET
 * /organizations/{org}/issues/{id}/} (the project-constraint check, and the numeric id).
 *
 * <p>Native: {@code GET .../issues/{numericId}/integrations/?per_page=100} (every page); then, when exactly one active
 * installation matches the URL, {@code PUT .../issues/{numericId}/integrations/{integrationId}/ {"externalIssue":
 * url}}. Sentry answers 201 for a new link and 200 for one that existed (already_linked).
 *
 * <p>Sentry App: the App's installation, its issue-link form and the issue's App links are read, the form is filled
 * from the URL and {@code fields}, and {@code POST /sentry-app-installations/{uuid}/external-issue-actions/} is sent
 * once (see {@link SentryAppLinking}).
 */
final class LinkIssueTool extends AbstractSentryTool {

  private static final String DESCRIPTION = String.join("\n",
      "Link an existing external issue or GitHub pull request to a Sentry issue by URL.",
      "Native Jira, GitHub/GitHub Enterprise, GitLab, Bitbucket and Azure DevOps integrations, and installed Sentry"
          + " Apps (Linear and Shortcut URLs imply the App; fields only when its link form needs more values).",
      "It only adds a reference: no ticket is created, the Sentry issue's status is unchanged (use update_issue).",
      "A repeated link returns already_linked.",
      "<examples>",
      "link_issue(organizationSlug='my-org', issueId='PROJECT-123',"
          + " externalIssueUrl='https://github.com/acme/app/pull/42')",
      "link_issue(organizationSlug='my-org', issueId='PROJECT-123',"
          + " externalIssueUrl='https://linear.app/acme/issue/ENG-42/fix-crash')",
      "</examples>");

  static final ToolSpec SPEC = ToolSpec.builder("link_issue", "Link external issue", DESCRIPTION)
      .input(IssueLinking.inputs()
          .object("fields", "Sentry App link form values (string or number) by field name; missing required ones"
              + " are reported.")
          .add()
          .build())
      .output(IssueLinking.OUTPUT_SCHEMA)
      .annotations(Annotations.WRITE_IDEMPOTENT)
      .scopes(Scope.EVENT_WRITE, Scope.ORG_READ)
      .skills(Skill.TRIAGE)
      .build();

  private final WebLinks links;

  LinkIssueTool(ToolEnvironment env) {
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
    boolean hasFields = args.has("fields") && !args.isExplicitNull("fields");
    if (appSlug == null && hasFields) {
      throw SentryMcpException.invalidInput("fields are only used by Sentry App links. Provide appSlug to select an"
          + " App.");
    }
    Map<String, SentryAppLinking.FormValue> supplied =
        hasFields ? SentryAppLinking.suppliedFields(args) : Map.of();
    Long wanted = integrationArg == null ? null : Long.valueOf(integrationArg);
    // the issue constraint is checked before anything is written
    SentryApiClient api = call.api(args);
    IssueLinking.LinkedIssue issue = IssueLinking.resolveIssue(args, call.context(), api);
    call.checkCancelled();
    if (appSlug != null) {
      return SentryAppLinking.link(links, api, call, issue, target, appSlug, supplied);
    }
    List<SentryJson> integrations =
        IssueLinking.readAll(api, IssueLinking.integrationsPath(issue), "integrations", issue);
    List<SentryJson> candidates = new ArrayList<>();
    for (SentryJson integration : integrations) {
      OptionalLong id = IssueLinking.integrationId(integration);
      if (id.isEmpty() || (wanted != null && id.getAsLong() != wanted)) {
        continue;
      }
      if (IssueLinking.matchesIntegration(target, integration)) {
        candidates.add(integration);
      }
    }
    if (candidates.isEmpty()) {
      throw SentryMcpException.invalidInput(wanted != null
          ? "The integration " + wanted + " does not match the external issue URL, is not active, or is not an"
              + " issue integration of this issue."
          : "No active issue integration of this issue matches the URL. Use an issue or pull request URL of an"
              + " installed GitHub, GitLab, Bitbucket, Jira or Azure DevOps integration, or provide appSlug for a"
              + " Sentry App.");
    }
    if (candidates.size() > 1) {
      throw new SentryMcpException(ErrorKind.INVALID_INPUT, "Several installed issue integrations match this URL."
          + " Provide integrationId to select one of: " + IssueLinking.ids(candidates)
          + ". The details list their names.", IssueLinking.describe(candidates), null);
    }
    SentryJson integration = candidates.get(0);
    long integrationId = IssueLinking.integrationId(integration).getAsLong();
    call.checkCancelled();
    ApiResponse response;
    try {
      response = api.send(ApiRequest.put(IssueLinking.integrationPath(issue, integrationId),
          Map.of("externalIssue", target.url())));
    } catch (ApiException e) {
      throw IssueWrites.enriched(e, issue.ref(), "The link");
    }
    SentryJson linked = response.jsonObject("externalIssue", TrustClass.UNTRUSTED_AUTHENTICATED);
    Untrusted url = linked.get("url").nonEmptyText();
    Untrusted displayName = linked.get("displayName").nonEmptyText();
    if (displayName == null) {
      displayName = linked.get("key").nonEmptyText();
    }
    boolean changed = response.status() == 201;
    return IssueLinking.result("Linked External Issue", links, issue,
        url == null ? IssueLinking.callerUrl(target) : url, displayName,
        null, IssueLinking.providerKey(integration), changed ? "linked" : "already_linked",
        changed ? "The external issue is now linked to the Sentry issue."
            : "The external issue was already linked; nothing changed.");
  }
}
