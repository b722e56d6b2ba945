package io.github.sentrymcp.core.internal.tools.organizations;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.array;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.concat;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableInteger;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableObject;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.object;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;

import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Inline;
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
import io.github.sentrymcp.core.internal.tools.NotFoundHints;
import io.github.sentrymcp.core.internal.tools.Paging;
import io.github.sentrymcp.core.internal.tools.Rendering;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code find_releases}: one page of releases of an organization ({@code GET /organizations/{org}/releases/}) or of
 * one project ({@code GET /projects/{org}/{project}/releases/}). The literal {@code all} is an ordinary project slug
 * here, as in the reference server.
 *
 * <p>Release versions, deploy environments and commit data are labelled {@code untrusted-external}: anyone holding
 * a DSN can create a release by sending an event with a new release string, and commit data comes from CI.
 */
final class FindReleasesTool extends AbstractSentryTool {

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

  static final Map<String, Object> OUTPUT_SCHEMA = root(concat(new Object[] {
      "releases", array(object(
          "version", string("Release version (Sentry's short form)."),
          "dateCreated", nullableString("When the release was created (ISO-8601)."),
          "dateReleased", nullableString("When the release was marked released (ISO-8601)."),
          "firstEvent", nullableString("First event seen in this release (ISO-8601)."),
          "lastEvent", nullableString("Last event seen in this release (ISO-8601)."),
          "newIssues", nullableInteger("Issues first seen in this release."),
          "projects", array(string("Project slug."), "Projects the release belongs to."),
          "lastCommit", nullableObject(
              "id", string("Commit id."),
              "message", nullableString("Commit message."),
              "author", nullableString("Commit author's name or email."),
              "dateCreated", nullableString("Commit date (ISO-8601).")),
          "lastDeploy", nullableObject(
              "id", string("Deploy id."),
              "environment", nullableString("Environment deployed to."),
              "dateStarted", nullableString("Deploy start (ISO-8601)."),
              "dateFinished", nullableString("Deploy end (ISO-8601)."))),
          "The releases on this page (at most 25).")},
      Paging.outputProps()));

  static final ToolSpec SPEC = ToolSpec.builder("find_releases", "Find releases", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .add(Params.regionUrl())
          .add(Params.projectSlug(false))
          .add(Params.query("Only releases whose version contains this text."))
          .add(Params.cursor())
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
        .heading(1, "Releases in **" + org + (project == null ? "" : "/" + project) + "**");
    List<Structured> releases = new ArrayList<>();
    int n = 0;
    for (SentryJson r : page.items()) {
      Untrusted version = r.get("shortVersion").text(TrustClass.UNTRUSTED_EXTERNAL);
      if (version == null || version.isEmpty()) {
        version = r.get("version").text(TrustClass.UNTRUSTED_EXTERNAL);
      }
      if (version == null || version.isEmpty()) {
        continue;
      }
      n++;
      doc.heading(2, "Release " + n).field("Version", version);
      Rendering.timestampField(doc, "Created", r.get("dateCreated"));
      Rendering.timestampField(doc, "Released", r.get("dateReleased"));
      Rendering.timestampField(doc, "First Event", r.get("firstEvent"));
      Rendering.timestampField(doc, "Last Event", r.get("lastEvent"));
      OptionalLong newIssues = r.get("newGroups").asLong();
      if (newIssues.isPresent()) {
        doc.fieldText("New Issues", Long.toString(newIssues.getAsLong()));
      }
      List<Structured> projectSlugs = new ArrayList<>();
      List<Inline> projectInline = new ArrayList<>();
      for (SentryJson p : r.get("projects").items()) {
        Untrusted slug = p.get("slug").nonEmptyText();
        if (slug != null) {
          if (!projectInline.isEmpty()) {
            projectInline.add(Inline.text(", "));
          }
          projectInline.add(Inline.data(slug));
          projectSlugs.add(Structured.of(slug));
        }
      }
      if (!projectInline.isEmpty()) {
        doc.field("Projects", projectInline.toArray(new Inline[0]));
      }
      Structured lastCommit = lastCommit(doc, r.get("lastCommit"));
      Structured lastDeploy = lastDeploy(doc, r.get("lastDeploy"));
      releases.add(Structured.object()
          .put("version", version)
          .put("dateCreated", r.get("dateCreated").nonEmptyText())
          .put("dateReleased", r.get("dateReleased").nonEmptyText())
          .put("firstEvent", r.get("firstEvent").nonEmptyText())
          .put("lastEvent", r.get("lastEvent").nonEmptyText())
          .put("newIssues", newIssues.isPresent() ? Long.valueOf(newIssues.getAsLong()) : null)
          .put("projects", Structured.array(projectSlugs))
          .put("lastCommit", lastCommit)
          .put("lastDeploy", lastDeploy)
          .build());
    }
    if (releases.isEmpty()) {
      doc.paragraph(args.nonBlank("query") != null ? "No releases matched the query." : "No releases found.");
    } else {
      doc.heading(2, "Response Notes")
          .paragraph("Issue searches can filter by release with `release:<version>`; get_release_details shows"
              + " one release with its commits and deploys.");
    }
    Paging.append(doc, page, "releases");
    doc.structured(Paging.put(
        Structured.object().put("releases", Structured.array(releases)), page).build());
    return doc.build();
  }

  private static Structured lastCommit(ToolResult.Builder doc, SentryJson commit) {
    Untrusted id = commit.get("id").text(TrustClass.UNTRUSTED_EXTERNAL);
    if (!commit.isObject() || id == null || id.isEmpty()) {
      return Structured.NULL;
    }
    Untrusted message = commit.get("message").text(TrustClass.UNTRUSTED_EXTERNAL);
    Untrusted author = commit.path("author", "name").text(TrustClass.UNTRUSTED_EXTERNAL);
    if (author == null || author.isEmpty()) {
      author = commit.path("author", "email").text(TrustClass.UNTRUSTED_EXTERNAL);
    }
    author = author == null || author.isEmpty() ? null : author;
    doc.heading(3, "Last Commit")
        .field("Commit ID", id)
        .field("Commit Message", message)
        .field("Commit Author", author);
    Rendering.timestampField(doc, "Commit Date", commit.get("dateCreated"));
    return Structured.object()
        .put("id", id)
        .put("message", message)
        .put("author", author)
        .put("dateCreated", commit.get("dateCreated").nonEmptyText())
        .build();
  }

  private static Structured lastDeploy(ToolResult.Builder doc, SentryJson deploy) {
    Untrusted id = deploy.get("id").nonEmptyText();
    if (!deploy.isObject() || id == null) {
      return Structured.NULL;
    }
    Untrusted environment = deploy.get("environment").text(TrustClass.UNTRUSTED_EXTERNAL);
    environment = environment == null || environment.isEmpty() ? null : environment;
    doc.heading(3, "Last Deploy")
        .field("Deploy ID", id)
        .field("Environment", environment);
    Rendering.timestampField(doc, "Deploy Started", deploy.get("dateStarted"));
    Rendering.timestampField(doc, "Deploy Finished", deploy.get("dateFinished"));
    return Structured.object()
        .put("id", id)
        .put("environment", environment)
        .put("dateStarted", deploy.get("dateStarted").nonEmptyText())
        .put("dateFinished", deploy.get("dateFinished").nonEmptyText())
        .build();
  }
}
