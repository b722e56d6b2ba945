package io.github.sentrymcp.core.internal.tools.organizations;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.concat;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.root;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;

import io.github.sentrymcp.api.ApiException;
import io.github.sentrymcp.api.CallContext;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SessionConstraints;
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
import io.github.sentrymcp.core.internal.tools.Paging;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.ToolEnvironment;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code find_organizations}: the organizations the token can access. Hidden when the session is pinned to an
 * organization.
 *
 * <p>Self-hosted: {@code GET /organizations/} on the configured host, paged with Sentry's own cursor.
 *
 * <p>SaaS: {@code GET /users/me/regions/} on the control host, then {@code GET /organizations/} on each region. Every
 * region URL returned by the API passes the region validator ({@link SentryApiClient#forRegion(Untrusted)}) before
 * it receives the token; a rejected region is skipped with a note. A 404 from the regions endpoint falls back to the
 * configured host. Regions are walked in order and one call returns at most {@value Paging#PAGE_SIZE}
 * organizations: the cursor we return, {@code r<index>[-<sentry cursor>]}, names the region and Sentry's cursor
 * within it, so repeated calls list every organization of every region.
 */
final class FindOrganizationsTool extends AbstractSentryTool {

  /** Our SaaS cursor: region index, then Sentry's cursor within that region (absent = its first page). */
  private static final Pattern REGION_CURSOR = Pattern.compile("r(\\d{1,3})(?:-([A-Za-z0-9:._-]{1,200}))?");

  static final String DESCRIPTION = String.join("\n",
      "Find the Sentry organizations the current user can access: their slugs for other tools and, on sentry.io, their region URLs.",
      "",
      "<examples>",
      "find_organizations(query='acme')",
      "</examples>",
      "",
      "<hints>",
      "- Up to 25 organizations per call; pass nextCursor as cursor for the next page.",
      "- Pass an organization's regionUrl to other tools when it is not null.",
      "</hints>");

  /** An organization: slug, name, web URL and region URL, in the table and in the structured items. */
  static final Columns<SentryJson> ORGANIZATIONS = Columns.<SentryJson>builder()
      .column("Slug", "slug", string("Organization slug."), o -> o.get("slug").nonEmptyText())
      .column("Name", "name", nullableString("Organization name."), o -> o.get("name").nonEmptyText())
      .column("Web URL", "webUrl", nullableString("Organization URL in the Sentry web UI."),
          o -> nonBlank(o.path("links", "organizationUrl").text()))
      .column("Region URL", "regionUrl", nullableString("Region API URL to pass as regionUrl to other tools."),
          o -> nonBlank(o.path("links", "regionUrl").text()))
      .skipItemsWithout("slug")
      .build();

  static final Map<String, Object> OUTPUT_SCHEMA = root(concat(
      new Object[] {"organizations", ORGANIZATIONS.arraySchema("The organizations on this page (at most 25).")},
      Paging.outputProps()));

  static final ToolSpec SPEC = ToolSpec.builder("find_organizations", "Find organizations", DESCRIPTION)
      .input(InputSchema.builder()
          .add(Params.query("Only organizations whose slug or name contains this text."))
          .add(Params.cursor())
          .add(ORGANIZATIONS.fieldsParam())
          .build())
      .output(OUTPUT_SCHEMA)
      .annotations(Annotations.READ_ONLY)
      .scopes(Scope.ORG_READ)
      .allSkills()
      .build();

  private final boolean useRegions;

  FindOrganizationsTool(ToolEnvironment env) {
    this(env, env.config().isSaas());
  }

  /** {@code useRegions} selects the SaaS behaviour (region discovery); tests use it against a fake. */
  FindOrganizationsTool(ToolEnvironment env, boolean useRegions) {
    super(env, SPEC);
    this.useRegions = useRegions;
  }

  /** Pointless when the session is pinned to one organization. */
  @Override
  public boolean hiddenUnder(SessionConstraints constraints) {
    return constraints.organizationSlug() != null;
  }

  @Override
  protected ToolResult execute(Args args, ToolCall call) {
    CallContext context = call.context();
    ToolResult.Builder doc = ToolResult.builder().heading(1, "Organizations");
    List<SentryJson> orgs = new ArrayList<>();
    Paging.Page paging;
    if (useRegions) {
      paging = acrossRegions(args, call, orgs, doc);
    } else {
      Paging.Page page = Paging.fetch(call.api(), ApiPath.of("/organizations/"),
          Paging.query(args, Paging.PAGE_SIZE), "organizations",
          TrustClass.UNTRUSTED_AUTHENTICATED);
      orgs.addAll(page.items());
      paging = page;
    }

    ORGANIZATIONS.table(doc, orgs, args.nonBlank("query") != null
        ? "No organizations matched the query."
        : "No organizations found for this token.", Columns.fields(args));
    Paging.append(doc, paging, "organizations");
    doc.structured(Paging.put(
        Structured.object().put("organizations", ORGANIZATIONS.structured(orgs)), paging).build());
    return doc.build();
  }

  /** A region to list: its client, or null when its URL was rejected. */
  private record Region(@Nullable SentryApiClient client) {}

  /**
   * Walks the regions from the cursor's position, filling one page of at most {@code PAGE_SIZE} organizations.
   * Returns the paging state (items of the returned page are already in {@code out}).
   */
  private Paging.Page acrossRegions(
      Args args, ToolCall call, List<SentryJson> out, ToolResult.Builder doc) {
    int index = 0;
    @Nullable String sentryCursor = null;
    String cursor = args.nonBlank("cursor");
    if (cursor != null) {
      Matcher m = REGION_CURSOR.matcher(cursor);
      if (!m.matches()) {
        throw SentryMcpException.invalidInput(
            "The cursor was not returned by find_organizations; pass nextCursor from a previous call.");
      }
      index = Integer.parseInt(m.group(1));
      sentryCursor = m.group(2);
    }
    List<Region> regions = regions(call, doc);
    if (index >= regions.size()) {
      throw SentryMcpException.invalidInput(
          "The cursor refers to a region that no longer exists; call find_organizations without a cursor.");
    }
    String query = args.nonBlank("query");
    for (int i = index; i < regions.size(); i++) {
      SentryApiClient client = regions.get(i).client();
      if (client == null) {
        continue;
      }
      int remaining = Paging.PAGE_SIZE - out.size();
      if (remaining == 0) {
        return new Paging.Page(List.of(), regionCursor(i), true);
      }
      call.checkCancelled();
      String c = i == index ? sentryCursor : null;
      Paging.Page page = Paging.fetch(client, ApiPath.of("/organizations/"),
          Query.create().add("per_page", remaining).add("query", query).add("cursor", c), "organizations",
          TrustClass.UNTRUSTED_AUTHENTICATED, "r" + i + "-");
      out.addAll(page.items());
      if (page.hasMore()) {
        return new Paging.Page(List.of(), page.nextCursor(), true);
      }
    }
    return new Paging.Page(List.of(), null, false);
  }

  /**
   * The regions from {@code GET /users/me/regions/} on the control host, each validated; on 404 the configured host
   * alone. Rejected regions stay in the list (so cursor indexes are stable) with no client.
   */
  private List<Region> regions(ToolCall call, ToolResult.Builder doc) {
    SentryJson body;
    try {
      body = call.api().controlHost().get(ApiPath.of("/users/me/regions/"))
          .jsonObject("regions", TrustClass.UNTRUSTED_AUTHENTICATED);
    } catch (ApiException e) {
      if (e.status() == 404) {
        return List.of(new Region(call.api()));
      }
      throw e;
    }
    List<Region> regions = new ArrayList<>();
    List<List<Inline>> rejected = new ArrayList<>();
    for (SentryJson r : body.get("regions").requireArray("the field regions").items()) {
      Untrusted url = r.get("url").text();
      SentryApiClient client = null;
      if (url != null && !url.isBlank()) {
        try {
          client = call.api().forRegion(url);
        } catch (SentryMcpException e) {
          client = null;
        }
      }
      if (client == null) {
        rejected.add(List.of(Inline.text("region URL "), url == null ? Inline.text("(missing)") : Inline.data(url)));
      }
      regions.add(new Region(client));
    }
    if (regions.isEmpty()) {
      return List.of(new Region(call.api()));
    }
    if (!rejected.isEmpty()) {
      doc.paragraph("Skipped " + rejected.size() + " region(s) returned by Sentry whose URL is not an allowed"
          + " Sentry host; no request was sent there:");
      doc.bullets(rejected);
    }
    return regions;
  }

  /** The cursor of a region's first page. */
  private static Untrusted regionCursor(int index) {
    return Untrusted.of("r" + index, Paging.CURSOR_SOURCE, TrustClass.UNTRUSTED_AUTHENTICATED);
  }

  private static @Nullable Untrusted nonBlank(@Nullable Untrusted u) {
    return u == null || u.isBlank() ? null : u;
  }
}
