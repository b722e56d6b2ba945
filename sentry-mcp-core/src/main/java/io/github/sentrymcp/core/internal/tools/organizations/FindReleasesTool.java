package io.github.sentrymcp.core.internal.tools.organizations;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.array;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.concat;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;

import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.Columns;
import io.github.sentrymcp.core.internal.tools.NotFoundHints;
import io.github.sentrymcp.core.internal.tools.Paging;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code find_releases}: one page of releases of an organization ({@code GET /organizations/{org}/releases/}) or of
 * one project ({@code GET /projects/{org}/{project}/releases/}). The literal {@code all} is an ordinary project slug
 * here, as in the reference server.
 *
 * <p>Release versions, deploy environments and commit data are labelled {@code untrusted-external}: anyone holding
 * a DSN can create a release by sending an event with a new release string, and commit data comes from CI.
 */
final class FindReleasesTool extends AbstractSentryTool {

  /** Versions, deploy environments and commit data: anyone holding a DSN or running CI writes them. */
  private static final TrustClass EXTERNAL = TrustClass.UNTRUSTED_EXTERNAL;

  static final String DESCRIPTION = String.join("\n",
      "Find releases in a Sentry organization, optionally limited to one project.",
      "",
      "Use this tool when you need to:",
      "- See the most recent releases of an organization or project",
      "- Find the latest version shipped for a project",
      "- Check when a release was created, first saw events or was last deployed",
      "",
      "<examples>",
      "find_releases(organizationSlug='my-organization')",
      "find_releases(organizationSlug='my-organization', projectSlug='my-project')",
      "find_releases(organizationSlug='my-organization', query='2ce6a27')",
      "</examples>",
      "",
      "<hints>",
      "- If the user writes name/otherName, it is most likely <organizationSlug>/<projectSlug>.",
      "- query matches part of the version string.",
      "- Returns up to 25 releases per call, newest first.",
      "- Pass nextCursor as cursor to get the next page.",
      "</hints>");

  /** The last commit of a release: a section of its own; a nested object, or null when there is none. */
  static final Columns<SentryJson> LAST_COMMIT = Columns.<SentryJson>builder()
      .column("Commit ID", "id", string("Commit id."), c -> nonEmpty(c.get("id").text(EXTERNAL)))
      .column("Commit Message", "message", nullableString("Commit message."), c -> c.get("message").text(EXTERNAL))
      .column("Commit Author", "author", nullableString("Commit author's name or email."),
          FindReleasesTool::author)
      .timestamp("Commit Date", "dateCreated", "Commit date (ISO-8601).", c -> c.get("dateCreated"))
      .skipItemsWithout("id")
      .build();

  /** The last deploy of a release: a section of its own; a nested object, or null when there is none. */
  static final Columns<SentryJson> LAST_DEPLOY = Columns.<SentryJson>builder()
      .column("Deploy ID", "id", string("Deploy id."), d -> d.get("id").nonEmptyText())
      .column("Environment", "environment", nullableString("Environment deployed to."),
          d -> nonEmpty(d.get("environment").text(EXTERNAL)))
      .timestamp("Deploy Started", "dateStarted", "Deploy start (ISO-8601).", d -> d.get("dateStarted"))
      .timestamp("Deploy Finished", "dateFinished", "Deploy end (ISO-8601).", d -> d.get("dateFinished"))
      .skipItemsWithout("id")
      .build();

  /** A release: one section each ("Release 1", ...) and one structured item. */
  static final Columns<SentryJson> RELEASES = Columns.<SentryJson>builder()
      .column("Version", "version", string("Release version (Sentry's short form)."), FindReleasesTool::version)
      .timestamp("Created", "dateCreated", "When the release was created (ISO-8601).", r -> r.get("dateCreated"))
      .timestamp("Released", "dateReleased", "When the release was marked released (ISO-8601).",
          r -> r.get("dateReleased"))
      .timestamp("First Event", "firstEvent", "First event seen in this release (ISO-8601).",
          r -> r.get("firstEvent"))
      .timestamp("Last Event", "lastEvent", "Last event seen in this release (ISO-8601).", r -> r.get("lastEvent"))
      .count("New Issues", "newIssues", "Issues first seen in this release.", r -> r.get("newGroups").asLong())
      .list("Projects", "projects", array(string("Project slug."), "Projects the release belongs to."),
          FindReleasesTool::projectSlugs)
      .nested("Last Commit", "lastCommit", LAST_COMMIT, r -> r.get("lastCommit"))
      .nested("Last Deploy", "lastDeploy", LAST_DEPLOY, r -> r.get("lastDeploy"))
      .skipItemsWithout("version")
      .build();

  static final Map<String, Object> OUTPUT_SCHEMA = root(concat(
      new Object[] {"releases", RELEASES.arraySchema("The releases on this page (at most 25).")},
      Paging.outputProps()));

  static final ToolSpec SPEC = ToolSpec.builder("find_releases", "Find releases", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .add(Params.regionUrl())
          .add(Params.projectSlug(false))
          .add(Params.query("Only releases whose version contains this text."))
          .add(Params.cursor())
          .add(RELEASES.fieldsParam())
          .build())
      .output(OUTPUT_SCHEMA)
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.PROJECT_READ)
      .skills(Skill.INSPECT)
      .build();

  FindReleasesTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    CallContext context = call.context();
    String org = args.requireString("organizationSlug");
    String project = args.nonBlank("projectSlug");
    SentryApiClient client = call.api(args);
    ApiPath path = project == null
        ? ApiPath.of("/organizations/{org}/releases/", org)
        : ApiPath.of("/projects/{org}/{project}/releases/", org, project);
    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", org);
    if (project != null) {
      used.put("projectSlug", project);
    }
    Paging.Page page = NotFoundHints.withHint(used, context.constraints(),
        () -> Paging.fetch(client, path,
            Paging.query(args, Paging.PAGE_SIZE), "releases",
            TrustClass.UNTRUSTED_AUTHENTICATED));

    ToolResult.Builder doc = ToolResult.builder()
        .heading(1, "Releases in " + org + (project == null ? "" : "/" + project));
    int shown = RELEASES.sections(doc, page.items(), 2, "Release", Columns.fields(args));
    if (shown == 0) {
      doc.paragraph(args.nonBlank("query") != null ? "No releases matched the query." : "No releases found.");
    } else {
      doc.paragraph("Filter issues by release with `release:<version>`; `get_release_details` shows commits and"
          + " deploys.");
    }
    Paging.append(doc, page, "releases");
    doc.structured(Paging.put(
        Structured.object().put("releases", RELEASES.structured(page.items())), page).build());
    return doc.build();
  }

  /** The release's short version, else its version (both written by whoever holds a DSN). */
  private static @Nullable Untrusted version(SentryJson release) {
    Untrusted version = nonEmpty(release.get("shortVersion").text(EXTERNAL));
    return version != null ? version : nonEmpty(release.get("version").text(EXTERNAL));
  }

  /** The slugs of the release's projects. */
  private static List<Untrusted> projectSlugs(SentryJson release) {
    List<Untrusted> slugs = new ArrayList<>();
    for (SentryJson p : release.get("projects").items()) {
      Untrusted slug = p.get("slug").nonEmptyText();
      if (slug != null) {
        slugs.add(slug);
      }
    }
    return slugs;
  }

  /** The commit author's name, else email. */
  static @Nullable Untrusted author(SentryJson commit) {
    Untrusted author = nonEmpty(commit.path("author", "name").text(EXTERNAL));
    return author != null ? author : nonEmpty(commit.path("author", "email").text(EXTERNAL));
  }

  private static @Nullable Untrusted nonEmpty(@Nullable Untrusted u) {
    return u == null || u.isEmpty() ? null : u;
  }
}
