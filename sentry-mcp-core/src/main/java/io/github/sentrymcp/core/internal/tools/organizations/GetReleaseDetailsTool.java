package io.github.sentrymcp.core.internal.tools.organizations;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.array;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.Query;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.Columns;
import io.github.sentrymcp.core.internal.tools.NotFoundHints;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code get_release_details}: one release ({@code GET /organizations/{org}/releases/{version}/}, or the project's
 * view {@code GET /projects/{org}/{project}/releases/{version}/[?health=1]}), then its deploys and commits.
 *
 * <p>Under a project constraint {@code projectSlugOrId} is the constrained project (injected like every pinned
 * parameter), so no request leaves the project; a release that names projects must name it. Versions, commit and
 * deploy data are labelled {@code untrusted-external} (anyone holding a DSN or running CI writes them).
 */
final class GetReleaseDetailsTool extends AbstractSentryTool {
  private static final TrustClass EXTERNAL = TrustClass.UNTRUSTED_EXTERNAL;
  private static final int DEFAULT_LIMIT = 10;

  static final String DESCRIPTION = String.join("\n",
      "Get details for a Sentry release: summary, deploys and recent commits.",
      "",
      "Use this tool when you need to:",
      "- Inspect an exact release version, optionally in one project",
      "- See where and when a release was deployed",
      "- See the commits attached to a release",
      "- Gather release health metadata of a project",
      "",
      "<examples>",
      "get_release_details(organizationSlug='my-organization', releaseVersion='1.2.3')",
      "get_release_details(organizationSlug='my-organization', releaseVersion='1.2.3', projectSlugOrId='backend',"
          + " includeHealth=true)",
      "</examples>",
      "",
      "<hints>",
      "- find_releases lists versions.",
      "- includeHealth needs projectSlugOrId.",
      "</hints>");

  /** Deploys of the release: one table row each. */
  static final Columns<SentryJson> DEPLOYS = Columns.<SentryJson>builder()
      .column("ID", "id", string("Deploy id."), d -> d.get("id").nonEmptyText())
      .column("Environment", "environment", nullableString("Environment."),
          d -> nonEmpty(d.get("environment").text(EXTERNAL)))
      .column("Name", "name", nullableString("Deploy name."), d -> nonEmpty(d.get("name").text(EXTERNAL)))
      .timestamp("Started", "dateStarted", "Deploy start (ISO-8601).", d -> d.get("dateStarted"))
      .timestamp("Finished", "dateFinished", "Deploy end (ISO-8601).", d -> d.get("dateFinished"))
      .column("URL", "url", nullableString("Deploy URL given by the deployer."),
          d -> nonEmpty(d.get("url").text(EXTERNAL)))
      .skipItemsWithout("id")
      .build();

  /** Commits of the release: one table row each; the message is its first line. */
  static final Columns<SentryJson> COMMITS = Columns.<SentryJson>builder()
      .column("Commit", "id", string("Commit id."), c -> nonEmpty(c.get("id").text(EXTERNAL)))
      .column("Message", "message", nullableString("Commit message (at most 200 characters)."),
          GetReleaseDetailsTool::firstLine)
      .column("Author", "author", nullableString("Author's name or email."), c -> FindReleasesTool.author(c))
      .column("Repository", "repository", nullableString("Repository name."),
          c -> nonEmpty(c.path("repository", "name").text(EXTERNAL)))
      .timestamp("Date", "dateCreated", "Commit date (ISO-8601).", c -> c.get("dateCreated"))
      .skipItemsWithout("id")
      .build();

  /** The summary fields of the release. */
  static final Columns<SentryJson> SUMMARY = Columns.<SentryJson>builder()
      .column("ID", "id", string("Release id."), r -> r.get("id").nonEmptyText())
      .column("Version", "version", string("Release version."), r -> nonEmpty(r.get("version").text(EXTERNAL)))
      .column("Short Version", "shortVersion", nullableString("Short version."),
          GetReleaseDetailsTool::shortVersion)
      .timestamp("Created", "dateCreated", "Created (ISO-8601).", r -> r.get("dateCreated"))
      .timestamp("Released", "dateReleased", "Released (ISO-8601).", r -> r.get("dateReleased"))
      .timestamp("First Event", "firstEvent", "First event (ISO-8601).", r -> r.get("firstEvent"))
      .timestamp("Last Event", "lastEvent", "Last event (ISO-8601).", r -> r.get("lastEvent"))
      .count("New Issues", "newIssues", "Issues first seen in this release.", r -> r.get("newGroups").asLong())
      .count("Commits", "commitCount", "Commits in the release.", r -> r.get("commitCount").asLong())
      .count("Deploys", "deployCount", "Deploys of the release.", r -> r.get("deployCount").asLong())
      .list("Projects", "projects", array(string("Project slug."), "Projects."), GetReleaseDetailsTool::projects)
      .nested("Last Commit", "lastCommit", FindReleasesTool.LAST_COMMIT, r -> r.get("lastCommit"))
      .build();

  static final Map<String, Object> OUTPUT_SCHEMA = root(
      "release", SUMMARY.itemSchema(),
      "healthMetadata", nullableString("The release's currentProjectMeta as compact JSON (includeHealth)."),
      "adoptionStages", nullableString("The release's adoptionStages as compact JSON (includeHealth)."),
      "deploys", DEPLOYS.arraySchema("Recent deploys (empty unless includeDeploys)."),
      "commits", COMMITS.arraySchema("Recent commits (empty unless includeCommits)."));

  static final ToolSpec SPEC = ToolSpec.builder("get_release_details", "Get release details", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .add(Params.regionUrl())
          .string("releaseVersion", "Exact release version (find_releases lists them).")
          .required().minLength(1).maxLength(200).check(GetReleaseDetailsTool::versionProblem).add()
          .string("projectSlugOrId", "Project slug or numeric id: scopes the release, deploys and commits to"
              + " one project; needed for health metadata.")
          .nullable().minLength(1).check(Params::slugOrIdProblem).add()
          .bool("includeHealth", "Include the project's release health metadata.").defaultValue(false).add()
          .bool("includeDeploys", "Include recent deploys.").defaultValue(true).add()
          .bool("includeCommits", "Include recent commits.").defaultValue(true).add()
          .integer("limit", "Maximum deploys and commits to return (1-50, default: 10).")
          .minimum(1).maximum(50).defaultValue((long) DEFAULT_LIMIT).add()
          .build())
      .output(OUTPUT_SCHEMA)
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.PROJECT_READ)
      .skills(Skill.INSPECT)
      .build();

  GetReleaseDetailsTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  /**
   * Sentry's rule for release names (no line breaks, tabs, slashes or backslashes; not {@code .}, {@code ..} or a
   * space alone), with every control character refused.
   */
  static @Nullable String versionProblem(String value) {
    String v = value.strip();
    if (v.isEmpty() || v.equals(".") || v.equals("..")) {
      return "must be a release version";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '/' || c == '\\' || Character.isISOControl(c)) {
        return "must not contain '/', '\\' or control characters (Sentry's rule for release versions)";
      }
    }
    return null;
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    String org = args.requireString("organizationSlug");
    String version = args.requireString("releaseVersion").strip();
    String project = args.nonBlank("projectSlugOrId");
    boolean health = args.bool("includeHealth", false);
    int limit = args.intValue("limit", DEFAULT_LIMIT);
    if (health && project == null) {
      throw SentryMcpException.invalidInput(
          "Release health metadata needs a project: pass projectSlugOrId, or set includeHealth=false.");
    }
    SentryApiClient api = call.api(args);
    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", org);
    used.put("releaseVersion", version);
    if (project != null) {
      used.put("projectSlugOrId", project);
    }

    ApiPath releasePath = project == null
        ? ApiPath.of("/organizations/{org}/releases/{version}/", org, version)
        : ApiPath.of("/projects/{org}/{project}/releases/{version}/", org, project, version);
    Query releaseQuery = Query.create();
    if (health) {
      releaseQuery.add("health", 1);
    }
    SentryJson release = NotFoundHints.withHint(used, call.constraints(),
        () -> api.get(releasePath, releaseQuery).jsonObject("release"));
    String pinned = call.constraints().projectSlug();
    List<Untrusted> projects = projects(release);
    if (pinned != null && !projects.isEmpty() && projects.stream().noneMatch(p -> p.contentEquals(pinned))) {
      throw SentryMcpException.permissionDenied(
          "The release does not belong to the project this session is constrained to (" + pinned + ").");
    }

    List<SentryJson> deploys = List.of();
    if (args.bool("includeDeploys", true)) {
      call.checkCancelled();
      Query q = Query.create();
      if (project != null) {
        q.add(project.chars().allMatch(Character::isDigit) ? "project" : "projectSlug", project);
      }
      q.add("per_page", limit);
      deploys = api.get(ApiPath.of("/organizations/{org}/releases/{version}/deploys/", org, version), q)
          .jsonArray("deploys", EXTERNAL).items();
    }
    List<SentryJson> commits = List.of();
    if (args.bool("includeCommits", true)) {
      call.checkCancelled();
      ApiPath commitsPath = project == null
          ? ApiPath.of("/organizations/{org}/releases/{version}/commits/", org, version)
          : ApiPath.of("/projects/{org}/{project}/releases/{version}/commits/", org, project, version);
      commits = api.get(commitsPath, Query.create().add("per_page", limit))
          .jsonArray("commits", EXTERNAL).items();
    }

    deploys = deploys.subList(0, Math.min(limit, deploys.size()));
    commits = commits.subList(0, Math.min(limit, commits.size()));
    SentryJson shown = release.withTrust(EXTERNAL);
    ToolResult.Builder doc = ToolResult.builder().heading(1, "Release in " + org);
    SUMMARY.fields(doc, shown, 2);
    Untrusted healthJson = null;
    Untrusted stagesJson = null;
    if (health) {
      doc.heading(2, "Health And Project Metadata");
      healthJson = compactJson(release.get("currentProjectMeta"));
      stagesJson = compactJson(release.get("adoptionStages"));
      if (healthJson == null && stagesJson == null) {
        doc.paragraph("Sentry returned no health metadata.");
      }
      if (healthJson != null) {
        doc.data("currentProjectMeta", healthJson);
      }
      if (stagesJson != null) {
        doc.data("adoptionStages", stagesJson);
      }
    }
    if (args.bool("includeDeploys", true)) {
      doc.heading(2, "Deploys");
      DEPLOYS.table(doc, deploys, "No deploys found.");
    }
    if (args.bool("includeCommits", true)) {
      doc.heading(2, "Commits");
      COMMITS.table(doc, commits, "No commits found.");
    }
    Untrusted v = nonEmpty(release.get("version").text(EXTERNAL));
    if (v != null) {
      doc.paragraph(Inline.text("Issues first seen in this release: query `release:"), Inline.data(v),
          Inline.text("`."));
    }
    doc.structured(Structured.object()
        .put("release", SUMMARY.object(shown))
        .put("healthMetadata", healthJson)
        .put("adoptionStages", stagesJson)
        .put("deploys", DEPLOYS.structured(deploys))
        .put("commits", COMMITS.structured(commits))
        .build());
    return doc.build();
  }

  /** A metadata value as compact JSON (at most 4000 characters), or null when absent or JSON null. */
  private static @Nullable Untrusted compactJson(SentryJson value) {
    Untrusted json = value.isObject() || value.isArray() || value.isText() || value.isNumber()
        ? value.asCompactJsonText() : null;
    return json == null ? null : json.truncate(4000);
  }

  private static @Nullable Untrusted shortVersion(SentryJson release) {
    Untrusted s = nonEmpty(release.get("shortVersion").text(EXTERNAL));
    Untrusted v = nonEmpty(release.get("version").text(EXTERNAL));
    return s == null || (v != null && s.sameText(v)) ? null : s;
  }

  /** The commit message, cut at 200 characters (line breaks stay inside the data region). */
  private static @Nullable Untrusted firstLine(SentryJson commit) {
    Untrusted m = nonEmpty(commit.get("message").text(EXTERNAL));
    return m == null ? null : m.truncate(200);
  }

  private static List<Untrusted> projects(SentryJson release) {
    List<Untrusted> slugs = new ArrayList<>();
    for (SentryJson p : release.get("projects").items()) {
      Untrusted slug = p.get("slug").nonEmptyText();
      if (slug != null) {
        slugs.add(slug);
      }
    }
    return slugs;
  }

  private static @Nullable Untrusted nonEmpty(@Nullable Untrusted u) {
    return u == null || u.isEmpty() ? null : u;
  }
}
