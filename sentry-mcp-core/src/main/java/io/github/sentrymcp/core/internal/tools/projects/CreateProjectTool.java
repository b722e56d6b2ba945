package io.github.sentrymcp.core.internal.tools.projects;

import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.ApiRequest;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import io.github.sentrymcp.core.internal.schema.Params;
import io.github.sentrymcp.core.internal.tools.AbstractSentryTool;
import io.github.sentrymcp.core.internal.tools.Annotations;
import io.github.sentrymcp.core.internal.tools.NotFoundHints;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code create_project}: a new project owned by a team ({@code POST /teams/{org}/{team}/projects/}), with its DSN
 * and, optionally, a code mapping to a repository connected to the organization.
 *
 * <p>The repository is resolved before anything is written (every page of {@code GET /organizations/{org}/repos/}):
 * an exact full name, or, for a name without {@code /}, the one repository whose full name ends in {@code /name}; no
 * match or several matches fail the call with nothing created. After the project is created, the code mapping
 * ({@code POST /organizations/{org}/code-mappings/bulk/}) and the DSN (the first active key named {@code Default},
 * else the first active key, else a new key named {@code Default}) are best effort: their failures are reported in
 * the result, since the project exists by then. Hidden, and refused, in a project-constrained session.
 */
final class CreateProjectTool extends AbstractSentryTool {

  static final String DESCRIPTION = String.join("\n",
      "Create a new project in a Sentry organization, owned by a team, and get its DSN.",
      "",
      "Use this tool when you need to:",
      "- Set up Sentry monitoring for a new application or service",
      "- Get a SENTRY_DSN to configure a Sentry SDK",
      "- Link a new project to a repository connected to the organization",
      "",
      "<examples>",
      "create_project(organizationSlug='my-organization', teamSlug='backend', name='checkout-service',"
          + " platform='python')",
      "create_project(organizationSlug='my-organization', teamSlug='web', name='storefront',"
          + " platform='javascript-react', repository='my-organization/storefront')",
      "</examples>",
      "",
      "<hints>",
      "- find_teams lists the team slugs; create_team creates a team.",
      "- The name is usually the repository or service name; Sentry derives the slug from it unless slug is given.",
      "- repository must already be connected to the organization (e.g. through the GitHub integration);",
      "  owner/name, or just name when it is unique.",
      "- Tell the user the new project's slug and DSN.",
      "</hints>");

  static final ToolSpec SPEC = ToolSpec.builder("create_project", "Create project", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.organizationSlug())
          .add(Params.regionUrl())
          .add(ProjectManagementSupport.teamSlug("The slug of the team that will own the project. You can find the"
              + " teams of an organization using the `find_teams()` tool."))
          .string("name", "The name of the project to create, usually the name of the repository or service. It"
              + " is a label only.").required().minLength(1).add()
          .string("slug", "The slug of the new project (letters, digits, '.', '_' or '-'). Sentry derives one"
              + " from the name when omitted.").nullable().check(CreateProjectTool::optionalSlugProblem).add()
          .string("platform", "The platform of the project, e.g. python, javascript, javascript-react, java.")
              .nullable().add()
          .string("repository", "A repository connected to the organization to link to the new project with a"
              + " code mapping: owner/name, or name alone when only one connected repository has it.")
              .nullable().maxLength(300).add()
          .build())
      .annotations(Annotations.WRITE) // W OW: each call creates a project or fails on the slug
      .scopes(ProjectManagementSupport.TEAM_ACCESS_SCOPES)
      .skills(Skill.PROJECT_MANAGEMENT)
      .build();

  /** The name of the client key create_project prefers, and gives a key it creates. */
  static final String DEFAULT_KEY_NAME = "Default";

  private static final String PROVIDER_PREFIX = "integrations:";

  /** At most this many matching repositories are named in an error. */
  private static final int MAX_LISTED = 20;

  CreateProjectTool(ToolEnvironment env) {
    super(env, SPEC);
  }

  @Override
  public boolean hiddenUnder(SessionConstraints constraints) {
    return constraints.projectSlug() != null;
  }

  private static @Nullable String optionalSlugProblem(String value) {
    return value.isEmpty() ? null : Params.slugProblem(value);
  }

  /** A connected repository: its full name and provider id as Sentry sent them ({@code integrations:} removed). */
  private record Repository(Untrusted name, Untrusted provider) {}

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    CallContext context = call.context();
    String org = args.requireString("organizationSlug");
    String team = args.requireString("teamSlug");
    String name = args.requireString("name");
    String slug = args.nonBlank("slug");
    String platform = args.nonBlank("platform");
    String repositoryArg = args.nonBlank("repository");
    SentryApiClient client = call.api(args);

    Repository repository = repositoryArg == null ? null : resolveRepository(client, org, repositoryArg, context);

    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    if (slug != null) {
      body.put("slug", slug);
    }
    if (platform != null) {
      body.put("platform", platform.toLowerCase(Locale.ROOT));
    }
    call.checkCancelled();
    Map<String, String> used = new LinkedHashMap<>();
    used.put("organizationSlug", org);
    used.put("teamSlug", team);
    SentryJson project = NotFoundHints.withHint(used, context.constraints(),
        () -> client.send(ApiRequest.post(ApiPath.of("/teams/{org}/{team}/projects/", org, team), body))
            .jsonObject("project", TrustClass.UNTRUSTED_AUTHENTICATED));

    // the slug becomes a path segment of the follow-up requests: only a string is a slug
    Untrusted createdSlug = project.get("slug").isText() ? project.get("slug").nonEmptyText() : null;
    Object projectRef = createdSlug != null ? createdSlug : slug;
    ToolResult.Builder doc = ToolResult.builder()
        .heading(1, "New Project in " + org)
        .field("ID", project.get("id").nonEmptyText())
        .field("Slug", createdSlug)
        .field("Name", project.get("name").nonEmptyText())
        .field("Platform", project.get("platform").nonEmptyText())
        .fieldText("Team", team);

    Untrusted dsn = projectRef == null ? null : dsn(client, org, projectRef);
    if (dsn != null) {
      doc.field("SENTRY_DSN", dsn);
    } else {
      doc.fieldText("SENTRY_DSN", "unavailable (use find_dsns with the project's slug to look it up)");
    }
    if (repository != null) {
      linkRepository(doc, client, org, projectRef, repository);
    }

    doc.heading(2, "Using this information")
        .bullets(List.of(
            List.of(Inline.text("Tell the user the project's slug and the SENTRY_DSN value above; configure the"
                + " Sentry SDK with the DSN.")),
            List.of(Inline.text("Use the project's slug as projectSlug in later calls, e.g. "),
                Inline.code("find_dsns"), Inline.text(" to list all of its client keys."))));
    return doc.build();
  }

  /** Finds the repository before anything is written; fails with nothing created when there is no single match. */
  private static Repository resolveRepository(SentryApiClient client, String org, String wanted,
      CallContext context) {
    List<SentryJson> repos = NotFoundHints.withHint(Map.of("organizationSlug", org),
        context.constraints(),
        () -> ProjectManagementSupport.readAll(client, ApiPath.of("/organizations/{org}/repos/", org), "repos"));
    SentryJson match = null;
    for (SentryJson r : repos) {
      if (r.get("name").textEquals(wanted)) {
        match = r;
        break;
      }
    }
    if (match == null && wanted.indexOf('/') < 0) {
      Pattern suffix = Pattern.compile(".*/" + Pattern.quote(wanted), Pattern.DOTALL);
      List<SentryJson> suffixed = new ArrayList<>();
      List<Untrusted> names = new ArrayList<>();
      for (SentryJson r : repos) {
        Untrusted full = r.get("name").nonEmptyText();
        if (full != null && full.matches(suffix)) {
          suffixed.add(r);
          if (names.size() < MAX_LISTED) {
            names.add(full.truncate(200));
          }
        }
      }
      if (suffixed.size() > 1) {
        throw new SentryMcpException(ErrorKind.INVALID_INPUT, "Several repositories connected to the organization "
            + org + " have the given name; pass the full name (owner/name). The details name them. No project"
            + " was created.", names, null);
      }
      if (suffixed.size() == 1) {
        match = suffixed.get(0);
      }
    }
    if (match == null) {
      throw SentryMcpException.invalidInput("No repository connected to the organization " + org + " has the given"
          + " name. Connect it in Sentry (e.g. through the GitHub integration) or leave repository out. No project"
          + " was created.");
    }
    Untrusted fullName = match.get("name").nonEmptyText();
    Untrusted provider = match.path("provider", "id").nonEmptyTextWithoutPrefix(PROVIDER_PREFIX);
    if (fullName == null || provider == null) {
      throw SentryMcpException.invalidInput("Sentry reports no provider for the repository, so it cannot be"
          + " linked. No project was created.");
    }
    return new Repository(fullName, provider);
  }

  /**
   * The project's DSN: the first active key named {@value #DEFAULT_KEY_NAME}, else the first active key, else a new
   * key named {@value #DEFAULT_KEY_NAME}. Null when it cannot be had.
   */
  private static @Nullable Untrusted dsn(SentryApiClient client, String org, Object project) {
    try {
      ApiPath keysPath = ApiPath.of("/projects/{org}/{project}/keys/", org, project);
      // a keys answer that is not a list fails here, so that it cannot look like "no key" and create one
      List<SentryJson> keys = client.get(keysPath).jsonArray("keys", TrustClass.UNTRUSTED_AUTHENTICATED).items();
      SentryJson chosen = null;
      for (SentryJson k : keys) {
        if (isActive(k) && k.get("name").textEquals(DEFAULT_KEY_NAME)) {
          chosen = k;
          break;
        }
      }
      if (chosen == null) {
        for (SentryJson k : keys) {
          if (isActive(k)) {
            chosen = k;
            break;
          }
        }
      }
      if (chosen == null) {
        chosen = client.send(ApiRequest.post(keysPath, Map.of("name", DEFAULT_KEY_NAME)))
            .jsonObject("key", TrustClass.UNTRUSTED_AUTHENTICATED);
      }
      // only the public DSN: never dsn.secret, secret or any other key material
      return chosen.path("dsn", "public").nonEmptyText();
    } catch (SentryMcpException e) {
      return null;
    }
  }

  private static boolean isActive(SentryJson key) {
    return key.get("isActive").asBoolean().orElse(false);
  }

  /** Creates the code mapping and reports the outcome; a failure does not fail the call. */
  private static void linkRepository(ToolResult.Builder doc, SentryApiClient client, String org,
      @Nullable Object project, Repository repository) {
    if (project == null) {
      doc.field("Repository", Inline.data(repository.name()),
          Inline.text(" not linked: Sentry did not return the new project's slug."));
      return;
    }
    Map<String, Object> mapping = new LinkedHashMap<>();
    mapping.put("stackRoot", "");
    mapping.put("sourceRoot", "");
    Map<String, Object> body = new LinkedHashMap<>();
    // Sentry's own values go back as they are (the client writes Untrusted values as their text)
    body.put("project", project);
    body.put("repository", repository.name());
    body.put("provider", repository.provider());
    body.put("mappings", List.of(mapping));
    String outcome;
    try {
      SentryJson result = client.send(ApiRequest.post(
              ApiPath.of("/organizations/{org}/code-mappings/bulk/", org), body))
          .jsonObject("codeMappings", TrustClass.UNTRUSTED_AUTHENTICATED);
      long errors = result.get("errors").asLong().orElse(0);
      outcome = errors > 0
          ? " not linked: Sentry reported an error for the code mapping."
          : " linked (code mapping created).";
    } catch (SentryMcpException e) {
      outcome = " not linked: the code mapping request failed (" + e.kind() + "). Link it in Sentry's project"
          + " settings.";
    }
    doc.field("Repository", Inline.data(repository.name()), Inline.text(outcome));
  }
}
