package io.github.sentrymcp.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The fake Sentry API: the dataset (built once per FakeSentry from the bundled fixtures and the
 * builder's generation settings) and the route table. Mirrors the bench fake (server.mjs) route
 * for route. All stored nodes are read-only; handlers copy before changing anything.
 */
final class SentryApi {
  static final String CANONICAL_ORG = "sentry-mcp-evals";
  static final String CANONICAL_PROJECT = "cloudflare-mcp";
  static final String CANONICAL_PROJECT_ID = "4509109104082945";
  static final String EVENT_ID = "7ca573c0f4814912aaa9bdc77d1a7d51";
  private static final String REPLAY2_ID = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

  private static final String ORG = "/api/0/organizations/{org}";
  private static final String PROJ = "/api/0/projects/{org}/{project}";
  private static final String ISSUE = ORG + "/issues/{issue}";

  /** Issue list / events queries that get the rich fixture (tokens sorted), as upstream mocks. */
  private static final Set<String> ERRORS_QUERIES =
      Set.of(
          "",
          "error.handled:false",
          "error.unhandled:true",
          "error.handled:false is:unresolved",
          "error.unhandled:true is:unresolved",
          "is:unresolved project:cloudflare-mcp",
          "project:cloudflare-mcp",
          "user.email:david@sentry.io");

  private static final Set<String> SPANS_QUERIES = Set.of("is_transaction:true");
  private static final Set<String> LOGS_QUERIES = Set.of("severity:error");
  private static final Set<String> PROFILES_QUERIES = Set.of("");
  private static final Set<String> TRACEMETRICS_QUERIES =
      Set.of("", "metric.name:http.request.duration metric.type:distribution");
  private static final Set<String> ISSUES_QUERIES =
      Set.of(
          "",
          "is:unresolved",
          "error.handled:false is:unresolved",
          "error.unhandled:true is:unresolved",
          "project:cloudflare-mcp",
          "is:unresolved project:cloudflare-mcp",
          "user.email:david@sentry.io");
  private static final Set<String> ISSUE_SORTS = Set.of("user", "freq", "date", "new", "recommended");
  private static final Pattern NUMERIC_FIELD = Pattern.compile("sequence|count|duration");

  /** An issue and its latest event. */
  private record IssueEntry(JsonNode issue, JsonNode event) {}

  /** Attachment id to (file, content type). */
  private record Attachment(String file, String contentType) {}

  private static final Map<String, Attachment> ATTACHMENT_FILES =
      Map.of(
          "123", new Attachment("attachments/123.png", "image/png"),
          "456", new Attachment("attachments/456.log", "text/plain; charset=utf-8"));

  private final String regionUrl;
  private final JsonNode organization;
  private final JsonNode user;
  private final List<JsonNode> projects;
  private final Map<String, JsonNode> projectsBySlug;
  private final List<JsonNode> teams;
  private final List<JsonNode> releases;
  private final Map<String, JsonNode> releasesByVersion;
  private final JsonNode issue1;
  private final JsonNode issue2;
  private final Map<String, IssueEntry> issues = new HashMap<>();
  private final Map<String, JsonNode> events = new HashMap<>();
  private final List<Route> routes;

  SentryApi(int extraProjects, int extraTeams, int extraReleases, String regionUrl) {
    this.regionUrl = regionUrl;
    this.organization = Fixtures.shared("organization");
    this.user = Fixtures.shared("user");

    // projects: the canonical one first, then project-01..project-NN
    JsonNode project = Fixtures.shared("project");
    List<JsonNode> ps = new ArrayList<>();
    ps.add(project);
    for (int i = 1; i <= extraProjects; i++) {
      ObjectNode p = project.deepCopy();
      String slug = "project-" + pad(i, extraProjects);
      p.put("id", Long.toString(4509109200000000L + i));
      p.put("slug", slug);
      p.put("name", slug);
      p.put("dateCreated", Instant.parse("2025-04-06T14:13:37.825970Z").plus(i, ChronoUnit.MINUTES).toString());
      ps.add(p);
    }
    this.projects = List.copyOf(ps);
    this.projectsBySlug = index(ps, n -> n.path("slug").asText());

    JsonNode team = Fixtures.shared("team");
    List<JsonNode> ts = new ArrayList<>();
    ts.add(team);
    for (int i = 1; i <= extraTeams; i++) {
      ObjectNode t = team.deepCopy();
      String slug = "team-" + pad(i, extraTeams);
      t.put("id", Long.toString(4509106740900000L + i));
      t.put("slug", slug);
      t.put("name", slug);
      ts.add(t);
    }
    this.teams = List.copyOf(ts);

    JsonNode release = Fixtures.shared("release");
    List<JsonNode> rs = new ArrayList<>();
    rs.add(release);
    Instant created = Instant.parse("2025-04-12T00:00:00Z");
    for (int i = 1; i <= extraReleases; i++) {
      ObjectNode r = release.deepCopy();
      String version = "release-" + pad(i, extraReleases);
      r.put("id", 1402755016L + i);
      r.put("version", version);
      r.put("shortVersion", version);
      ObjectNode info = (ObjectNode) r.path("versionInfo");
      ((ObjectNode) info.path("version")).put("raw", version);
      info.put("description", version);
      String date = created.minus(i, ChronoUnit.HOURS).toString();
      r.put("dateCreated", date);
      r.put("firstEvent", date);
      r.put("lastEvent", date);
      rs.add(r);
    }
    this.releases = List.copyOf(rs);
    this.releasesByVersion = index(rs, n -> n.path("version").asText());

    // issues
    JsonNode event = Fixtures.shared("event");
    this.issue1 = Fixtures.shared("issue");
    this.issue2 =
        cloneIssue(
            issue1,
            "6507376926",
            "CLOUDFLARE-MCP-42",
            "Error: Tool list_issues is already registered",
            obj -> {
              obj.put("count", "1");
              obj.put("firstSeen", "2025-04-11T22:51:19.403000Z");
              obj.put("lastSeen", "2025-04-12T11:34:11Z");
            });
    addIssue(issue1, event);
    addIssue(issue2, event);
    addIssue(Fixtures.shared("performance-issue"), Fixtures.shared("performance-event"));
    addIssue(Fixtures.shared("regressed-issue"), Fixtures.shared("generic-event"));
    addIssue(Fixtures.shared("unsupported-issue"), Fixtures.shared("unknown-event"));
    addIssue(Fixtures.shared("csp-issue"), Fixtures.shared("csp-event"));
    addIssue(Fixtures.shared("feedback-issue"), Fixtures.shared("default-event"));
    // referenced by the upstream Seer/autofix mocks: clones of issue.json
    addIssue(
        cloneIssue(
            issue1,
            "6507376927",
            "PEATED-A8",
            "TypeError: Cannot read properties of undefined (reading 'map')",
            obj -> {}),
        event);
    addIssue(cloneIssue(issue1, "6507376945", "CLOUDFLARE-MCP-45", null, obj -> {}), event);
    for (String k :
        List.of(
            "event",
            "performance-event",
            "generic-event",
            "unknown-event",
            "csp-event",
            "default-event",
            "trace-event",
            "threads-event")) {
      JsonNode e = Fixtures.shared(k);
      String id = e.hasNonNull("id") ? e.path("id").asText() : e.path("eventID").asText();
      events.put(id, e);
    }
    this.routes = List.copyOf(buildRoutes());
  }

  List<Route> routes() {
    return routes;
  }

  // ---------------------------------------------------------------- dataset helpers

  private static String pad(int i, int max) {
    int width = Math.max(2, Integer.toString(max).length());
    return String.format(Locale.ROOT, "%0" + width + "d", i);
  }

  private static Map<String, JsonNode> index(List<JsonNode> nodes, Function<JsonNode, String> key) {
    Map<String, JsonNode> m = new LinkedHashMap<>();
    for (JsonNode n : nodes) {
      m.putIfAbsent(key.apply(n), n);
    }
    return Map.copyOf(m);
  }

  private interface Edit {
    void apply(ObjectNode node);
  }

  private static JsonNode cloneIssue(
      JsonNode base, String id, String shortId, @Nullable String title, Edit edit) {
    ObjectNode o = base.deepCopy();
    o.put("id", id);
    o.put("shortId", shortId);
    if (title != null) {
      o.put("title", title);
      ObjectNode metadata = (ObjectNode) o.path("metadata");
      metadata.put("title", title);
    }
    String permalink = o.path("permalink").asText("");
    o.put("permalink", permalink.replace(base.path("id").asText(), id));
    edit.apply(o);
    return o;
  }

  private void addIssue(JsonNode issue, JsonNode event) {
    IssueEntry e = new IssueEntry(issue, event);
    issues.put(issue.path("id").asText(), e);
    issues.put(issue.path("shortId").asText().toUpperCase(Locale.ROOT), e);
  }

  private @Nullable IssueEntry issue(Call c) {
    return issues.get(c.p("issue").toUpperCase(Locale.ROOT));
  }

  private ObjectNode organization(String baseUrl, String slug) {
    ObjectNode o = organization.deepCopy();
    o.put("slug", slug);
    o.put("name", slug);
    ObjectNode links = o.putObject("links");
    links.put("regionUrl", regionUrl);
    links.put("organizationUrl", baseUrl + "/organizations/" + slug + "/");
    return o;
  }

  private static String sortTokens(@Nullable String query) {
    if (query == null) {
      return "";
    }
    return Arrays.stream(query.split(" "))
        .filter(s -> !s.isEmpty())
        .sorted()
        .collect(Collectors.joining(" "));
  }

  private static List<String> tokens(String sorted) {
    return sorted.isEmpty() ? List.of() : Arrays.asList(sorted.split(" "));
  }

  private static String lc(@Nullable String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }

  /** Items whose text fields contain the {@code query} parameter (case-insensitive), if given. */
  private static List<JsonNode> filter(Call c, List<JsonNode> items, String... fields) {
    String q = lc(c.q("query")).trim();
    if (q.isEmpty()) {
      return items;
    }
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode n : items) {
      for (String f : fields) {
        if (lc(n.path(f).asText()).contains(q)) {
          out.add(n);
          break;
        }
      }
    }
    return out;
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  // ---------------------------------------------------------------- handlers

  private Reply issuesList(Call c) {
    String raw = c.q("query", "");
    String query = sortTokens(raw);
    String sort = c.q("sort");
    if (sort != null && !ISSUE_SORTS.contains(sort)) {
      return Reply.detail(400, "Invalid sort: " + sort);
    }
    if (c.qAll("collapse").contains("stats")) {
      return Reply.detail(400, "Invalid collapse: stats");
    }
    if (raw.equals(EVENT_ID)) {
      return Reply.page(List.of(issue1));
    }
    List<String> tokens = tokens(query);
    if (!ISSUES_QUERIES.contains(query)) {
      if (tokens.contains("project:remote-mcp")) {
        return Reply.detail(
            400,
            "Invalid query. Project(s) remote-mcp do not exist or are not actively selected.");
      }
      return Reply.page(List.of());
    }
    if (tokens.contains("user.email:david@sentry.io")) {
      return Reply.page(List.of(issue1));
    }
    return Reply.page("date".equals(sort) ? List.of(issue1, issue2) : List.of(issue2, issue1));
  }

  private Reply eventsHandler(Call c) {
    String dataset = c.q("dataset");
    String query = sortTokens(c.q("query"));
    List<String> fields = c.qAll("field");
    if ("spans".equals(dataset)) {
      return dataPage(SPANS_QUERIES.contains(query) ? "events-spans" : "events-spans-empty");
    }
    if ("errors".equals(dataset)) {
      return dataPage(ERRORS_QUERIES.contains(query) ? "events-errors" : "events-errors-empty");
    }
    if ("tracemetrics".equals(dataset)) {
      if (c.q("sort") == null) {
        return Reply.detail(400, "Missing sort");
      }
      if (fields.stream().anyMatch(f -> f.contains("(") && f.contains(")"))) {
        return dataPage("events-tracemetrics-aggregate");
      }
      return dataPage(
          TRACEMETRICS_QUERIES.contains(query) ? "events-tracemetrics" : "events-tracemetrics-empty");
    }
    if (("logs".equals(dataset) || "ourlogs".equals(dataset)) && LOGS_QUERIES.contains(query)) {
      return dataPage("events-logs");
    }
    if ("profiles".equals(dataset)) {
      if (PROFILES_QUERIES.contains(query)) {
        return dataPage("events-profiles");
      }
      ObjectNode o = Json.object();
      o.putArray("data");
      o.putObject("meta").put("dataset", "profiles");
      return Reply.pageData(o);
    }
    if ("logs".equals(dataset) || "ourlogs".equals(dataset)) {
      ObjectNode o = Json.object();
      o.putArray("data");
      ObjectNode meta = o.putObject("meta");
      meta.putObject("fields");
      meta.putObject("units");
      meta.put("dataset", "logs");
      return Reply.pageData(o);
    }
    return Reply.detail(400, "Invalid dataset");
  }

  private static Reply dataPage(String fixture) {
    return Reply.pageData((ObjectNode) Fixtures.copy(fixture));
  }

  private static Reply validateHandler(Call c) {
    List<String> fields = c.qAll("field");
    String query = c.q("query");
    List<String> orderby = c.qAll("orderby");
    List<String> envs = c.qAll("environment");
    ObjectNode o = Json.object();
    ArrayNode fieldArr = Json.array();
    for (String name : fields) {
      ObjectNode f = fieldArr.addObject();
      f.put("name", name);
      f.put("valid", true);
      f.put("attrType", NUMERIC_FIELD.matcher(name).find() ? "number" : "string");
      f.putNull("error");
    }
    ArrayNode qf = Json.array();
    if (query != null && !query.isEmpty()) {
      ObjectNode f = qf.addObject();
      f.put("name", "transaction");
      f.put("valid", true);
      f.put("attrType", "string");
      f.putNull("error");
    }
    ArrayNode ob = Json.array();
    boolean allValid = true;
    for (String name : orderby) {
      ObjectNode f = ob.addObject();
      f.put("name", name);
      f.put("valid", !fields.isEmpty());
      f.putNull("attrType");
      if (fields.isEmpty()) {
        f.put("error", "Orderby must also be a selected field");
        allValid = false;
      } else {
        f.putNull("error");
      }
    }
    o.put("valid", allValid);
    o.putArray("projects");
    o.putArray("dataset");
    ArrayNode env = o.putArray("environment");
    for (int i = 0; i < envs.size(); i++) {
      env.addObject().put("valid", true).putNull("error");
    }
    o.set("field", fieldArr);
    ObjectNode q = o.putObject("query");
    q.put("valid", true);
    q.putNull("error");
    q.set("fields", qf);
    o.set("orderby", ob);
    return Reply.json(o);
  }

  private static Reply traceItemAttributes(Call c) {
    String itemType = c.q("itemType");
    String attributeType = c.q("attributeType");
    if (itemType == null || itemType.isEmpty()) {
      return Reply.detail(400, "itemType parameter is required");
    }
    String t = itemType.equals("spans") ? "span" : itemType;
    String key =
        switch (t) {
          case "span" -> "spans";
          case "logs" -> "logs";
          case "tracemetrics" -> "tracemetrics";
          default -> "";
        };
    if (key.isEmpty()) {
      return Reply.detail(
          400, "Invalid itemType '" + itemType + "'. Must be 'span', 'logs', or 'tracemetrics'");
    }
    ArrayNode str = withAttrMeta("trace-items-attributes-" + key + "-string", "string");
    ArrayNode num = withAttrMeta("trace-items-attributes-" + key + "-number", "number");
    if (attributeType == null) {
      str.addAll(num);
      return Reply.json(str);
    }
    return switch (attributeType) {
      case "string" -> Reply.json(str);
      case "number" -> Reply.json(num);
      case "boolean" -> Reply.json(Json.array());
      default ->
          Reply.detail(
              400,
              "Invalid attributeType '"
                  + attributeType
                  + "'. Must be 'string', 'number', or 'boolean'");
    };
  }

  private static ArrayNode withAttrMeta(String fixture, String attributeType) {
    ArrayNode arr = (ArrayNode) Fixtures.copy(fixture);
    for (JsonNode n : arr) {
      ObjectNode o = (ObjectNode) n;
      o.put("attributeType", attributeType);
      o.putObject("attributeSource").put("source_type", "sentry");
    }
    return arr;
  }

  private static Reply dashboardsList(Call c) {
    return Reply.page(filter(c, list(Fixtures.shared("dashboard-list")), "title"));
  }

  private static Reply dashboard(Call c) {
    String id = c.p("id");
    if (id.equals("101")) {
      return Reply.fixture("dashboard-details");
    }
    if (id.equals("102")) {
      ObjectNode d = (ObjectNode) Fixtures.copy("dashboard-details");
      d.put("id", "102");
      d.put("title", "Errors Overview Copy");
      d.putArray("widgets");
      d.put("isFavorited", false);
      return Reply.json(d);
    }
    return Reply.notFound();
  }

  private static JsonNode updatedIssue(JsonNode base, JsonNode body) {
    ObjectNode o = base.deepCopy();
    JsonNode bodyStatus = body.path("status");
    String requested = bodyStatus.isTextual() ? bodyStatus.asText() : base.path("status").asText();
    String status = requested.equals("resolvedInNextRelease") ? "resolved" : requested;
    o.put("status", status);
    if (status.equals("ignored")) {
      JsonNode sub = body.path("substatus");
      o.put("substatus", sub.isTextual() ? sub.asText() : "archived_until_escalating");
    }
    if (requested.equals("resolvedInNextRelease")) {
      o.putObject("statusDetails").put("inNextRelease", true);
    } else if (!body.path("status").isMissingNode()) {
      o.putObject("statusDetails");
    }
    JsonNode assigned = body.path("assignedTo");
    if (!assigned.isMissingNode() && !assigned.isNull()) {
      o.set("assignedTo", assigned);
    }
    return o;
  }

  private static Reply issueEventsList(IssueEntry entry) {
    JsonNode e = entry.event();
    ObjectNode row = Json.object();
    row.set("id", e.path("id"));
    row.set("eventID", e.path("id"));
    JsonNode date = e.path("dateCreated");
    if (date.isTextual()) {
      row.set("timestamp", date);
    } else {
      row.put("timestamp", "2025-01-15T10:00:00Z");
    }
    row.set("title", e.path("title").isMissingNode() ? Json.NODES.nullNode() : e.path("title"));
    row.put("environment", "production");
    row.put("release", "v1.0");
    JsonNode message = e.path("message");
    row.put("message", message.isTextual() ? message.asText() : "");
    row.set("event.type", e.path("type").isMissingNode() ? Json.NODES.nullNode() : e.path("type"));
    row.set("tags", e.path("tags").isArray() ? e.path("tags") : Json.array());
    return Reply.page(List.of(row));
  }

  private static ObjectNode replay2() {
    ObjectNode r = (ObjectNode) Fixtures.copy("replay-details");
    r.put("id", REPLAY2_ID);
    r.put("count_errors", 0);
    r.put("count_rage_clicks", 2);
    r.put("count_dead_clicks", 1);
    r.put("started_at", "2025-01-10T10:00:00Z");
    r.put("duration", 120);
    r.putArray("urls").add("/settings");
    r.putArray("releases").add("frontend@2.0.0");
    return r;
  }

  private static Reply flamegraph(Call c) {
    String query = c.q("query", "");
    if (query.contains("transaction:\"/api/users\"") || query.contains("transaction:/api/users")) {
      return Reply.fixture("flamegraph");
    }
    ObjectNode f = (ObjectNode) Fixtures.copy("flamegraph");
    long project = 0;
    try {
      project = Long.parseLong(c.q("project", "0"));
    } catch (NumberFormatException e) {
      // keep the fixture's projectID
    }
    if (project != 0) {
      f.put("projectID", project);
    }
    f.put("transactionName", "unknown");
    f.putArray("profiles");
    ObjectNode shared = f.putObject("shared");
    shared.putArray("frames");
    shared.putArray("frame_infos");
    shared.putArray("profiles");
    return Reply.json(f);
  }

  private Reply projectDetails(Call c) {
    String slug = c.p("project");
    JsonNode known = projectsBySlug.get(slug);
    if (known != null) {
      return Reply.json(known);
    }
    ObjectNode p = (ObjectNode) Fixtures.copy("project");
    if (slug.chars().allMatch(Character::isDigit)) {
      p.put("id", slug);
    } else {
      p.put("slug", slug);
      p.put("name", slug);
    }
    return Reply.json(p);
  }

  private static Reply attachment(Call c) {
    String id = c.p("att");
    JsonNode meta = null;
    if (c.p("event").equals(EVENT_ID)) {
      for (JsonNode a : Fixtures.shared("event-attachments")) {
        if (a.path("id").asText().equals(id)) {
          meta = a;
        }
      }
    }
    if (meta == null) {
      return Reply.notFound();
    }
    if (!c.has("download")) {
      return Reply.json(meta);
    }
    Attachment file = ATTACHMENT_FILES.get(id);
    if (file == null) {
      return Reply.notFound();
    }
    return Reply.bytes(200, file.contentType(), Fixtures.resource(file.file()))
        .header(
            "Content-Disposition",
            "attachment; filename=\"" + meta.path("name").asText("attachment") + "\"");
  }

  /** The snapshot ids the fake knows (the fixture's snapshot and its base). */
  private static final Set<String> SNAPSHOT_IDS = Set.of("231949", "231900");

  /** One image of a known snapshot: the fixture, its image URLs pointing at this fake. */
  private static Reply snapshotImage(Call c) {
    if (!SNAPSHOT_IDS.contains(c.p("id"))) {
      return Reply.notFound();
    }
    String json = new String(Fixtures.json("snapshot-image"), StandardCharsets.UTF_8)
        .replace("{org}", c.p("org"))
        .replace("{snapshotId}", c.p("id"))
        .replace("{baseUrl}", c.baseUrl);
    ObjectNode o = (ObjectNode) Json.parse(json.getBytes(StandardCharsets.UTF_8));
    o.put("image_file_name", c.p("image"));
    return Reply.json(o);
  }

  /** An image file from {@code fixtures/snapshots/}, or 404. */
  private static Reply snapshotFile(String file) {
    if (!file.matches("[a-z]+\\.png")) {
      return Reply.notFound();
    }
    try {
      return Reply.bytes(200, "image/png", Fixtures.resource("snapshots/" + file));
    } catch (IllegalArgumentException e) {
      return Reply.notFound();
    }
  }

  private static final String ONBOARDING_STATUS =
      "{\"schemaVersion\":1,\"runId\":\"2d27f6654b754dcaa2d26af18274d142\","
          + "\"channelId\":\"6835652362204cb1b10719783c26983a\","
          + "\"clientRunId\":\"e806c6f4-fef8-47b4-a720-5ab582b2fcf0\","
          + "\"createdAt\":\"2026-08-12T12:00:00Z\",\"updatedAt\":\"2026-08-12T12:01:00Z\","
          + "\"sequence\":1,\"expiresAt\":\"2026-08-13T12:00:00Z\",\"continueUpdates\":true,"
          + "\"runStatus\":\"active\",\"projectSlugs\":[],\"issueIds\":[],"
          + "\"stages\":[{\"stage\":\"connect_mcp\",\"status\":\"completed\",\"eventNote\":null}]}";

  private static final String REPOS =
      "[{\"id\":\"101\",\"name\":\"getsentry/sentry\","
          + "\"provider\":{\"id\":\"integrations:github\",\"name\":\"GitHub\"},"
          + "\"status\":\"active\",\"externalSlug\":\"getsentry/sentry\","
          + "\"externalId\":\"123456\",\"integrationId\":\"1\"}]";

  private static final String STACKTRACE_LINK =
      "{\"config\":null,\"sourcePath\":null,\"sourceUrl\":null,\"integrations\":[],"
          + "\"error\":\"no_code_mappings_for_project\"}";

  // ---------------------------------------------------------------- route table

  private List<Route> buildRoutes() {
    List<Route> r = new ArrayList<>();
    JsonNode project = Fixtures.shared("project");
    JsonNode team = Fixtures.shared("team");
    JsonNode clientKey = Fixtures.shared("client-key");
    JsonNode release = Fixtures.shared("release");
    String releaseVersion = release.path("version").asText();

    // control silo / user
    r.add(get("/api/0/auth/", c -> Reply.json(user)));
    r.add(get("/api/0/users/me/", c -> Reply.json(user)));
    r.add(
        get(
            "/api/0/users/me/regions/",
            c -> {
              ObjectNode o = Json.object();
              o.putArray("regions").addObject().put("name", "us").put("url", c.baseUrl);
              return Reply.json(o);
            }));
    r.add(
        get(
            "/api/0/organizations/",
            c ->
                Reply.page(
                    filter(c, List.of(organization(c.baseUrl, CANONICAL_ORG)), "slug", "name"))));

    // organization-scoped
    r.add(get(ORG + "/", c -> Reply.json(organization(c.baseUrl, c.p("org")))));
    r.add(get(ORG + "/teams/", c -> Reply.page(filter(c, teams, "slug", "name"))));
    r.add(
        post(
            ORG + "/teams/",
            c -> {
              ObjectNode t = team.deepCopy();
              String name = c.bodyText("name", team.path("name").asText());
              t.put("id", "4509109078196224");
              t.put("slug", c.bodyText("slug", name));
              t.put("name", name);
              t.put("dateCreated", "2025-04-07T00:05:48.196710Z");
              return Reply.json(201, t);
            }));
    r.add(get(ORG + "/projects/", c -> Reply.page(filter(c, projects, "slug", "name"))));
    r.add(
        post(
            ORG + "/onboarding/agent/status/",
            c -> Reply.json(Json.parse(ONBOARDING_STATUS))));
    r.add(get(ORG + "/dashboards/", SentryApi::dashboardsList));
    r.add(get(ORG + "/dashboards/{id}/", SentryApi::dashboard));
    r.add(get(ORG + "/events/validate/", SentryApi::validateHandler));
    r.add(get(ORG + "/events/", this::eventsHandler));
    r.add(get(ORG + "/issues/", this::issuesList).limitParam());
    r.add(get(ISSUE + "/", c -> withIssue(c, e -> Reply.json(e.issue()))));
    r.add(
        new Route(
            "PUT",
            ISSUE + "/",
            c -> withIssue(c, e -> Reply.json(updatedIssue(e.issue(), c.body)))));
    for (String which : List.of("latest", "recommended", "oldest")) {
      r.add(get(ISSUE + "/events/" + which + "/", c -> withIssue(c, e -> Reply.json(e.event()))));
    }
    r.add(
        get(
            ISSUE + "/events/{event}/",
            c ->
                withIssue(
                    c,
                    e -> {
                      JsonNode ev = events.get(c.p("event"));
                      if (ev != null) {
                        return Reply.json(ev);
                      }
                      return e.event().path("id").asText().equals(c.p("event"))
                          ? Reply.json(e.event())
                          : Reply.notFound();
                    })));
    r.add(get(ISSUE + "/events/", c -> withIssue(c, SentryApi::issueEventsList)));
    r.add(
        get(
            ISSUE + "/tags/{tag}/",
            c ->
                withIssue(
                    c,
                    e -> {
                      ObjectNode t = (ObjectNode) Fixtures.copy("issue-tag-values");
                      String tag = c.p("tag");
                      t.put("key", tag);
                      t.put(
                          "name",
                          tag.isEmpty()
                              ? tag
                              : tag.substring(0, 1).toUpperCase(Locale.ROOT) + tag.substring(1));
                      return Reply.json(t);
                    })));
    r.add(get(ISSUE + "/tags/", c -> withIssue(c, e -> Reply.page(List.of()))));
    r.add(get(ISSUE + "/external-issues/", c -> withIssue(c, e -> Reply.page(List.of()))));
    r.add(new Route("DELETE", ISSUE + "/external-issues/{link}/", c -> withIssue(c, e -> Reply.empty(204))));
    // link_issue / unlink_issue: one GitHub installation (owner getsentry) with one linked issue
    r.add(get(ISSUE + "/integrations/", c -> withIssue(c, e -> Reply.page(List.of(githubIntegration())))));
    r.add(
        new Route(
            "PUT",
            ISSUE + "/integrations/{integration}/",
            c ->
                withIssue(
                    c,
                    e -> {
                      if (!c.p("integration").equals(GITHUB_INTEGRATION_ID)) {
                        return Reply.notFound();
                      }
                      String url = c.bodyText("externalIssue", "");
                      ObjectNode linked = Json.object();
                      linked.put("id", "4509300000000042");
                      linked.put("key", "getsentry/sentry-mcp#42");
                      linked.put("url", url);
                      linked.put("integrationId", GITHUB_INTEGRATION_ID);
                      linked.put("displayName", "getsentry/sentry-mcp#42");
                      return Reply.json(201, linked);
                    })));
    r.add(
        new Route(
            "DELETE",
            ISSUE + "/integrations/{integration}/",
            c ->
                withIssue(
                    c,
                    e ->
                        c.p("integration").equals(GITHUB_INTEGRATION_ID)
                            ? Reply.empty(204)
                            : Reply.notFound())));
    // link_issue through a Sentry App: Linear is installed, its issue-link form searches issues by key
    r.add(get(ORG + "/sentry-app-installations/", c -> Reply.page(list(Fixtures.shared("sentry-app-installations")))));
    r.add(
        get(
            ORG + "/sentry-app-components/",
            c ->
                Reply.page(
                    "issue-link".equals(c.q("filter"))
                        ? list(Fixtures.shared("sentry-app-components"))
                        : List.of())));
    r.add(
        get(
            "/api/0/sentry-app-installations/{installation}/external-requests/",
            c -> {
              if (!c.p("installation").equals(LINEAR_INSTALLATION)) {
                return Reply.notFound();
              }
              ObjectNode options = Json.object();
              ArrayNode choices = options.putArray("choices");
              String query = c.q("query", "");
              if ("/sentry/issues/search".equals(c.q("uri"))
                  && query.matches("[A-Za-z][A-Za-z0-9]*-\\d+")) {
                ArrayNode choice = choices.addArray();
                choice.add(LINEAR_ISSUE_ID);
                choice.add(query.toUpperCase(Locale.ROOT) + " Crash in the search tool");
              }
              return Reply.json(options);
            }));
    r.add(
        post(
            "/api/0/sentry-app-installations/{installation}/external-issue-actions/",
            c -> {
              if (!c.p("installation").equals(LINEAR_INSTALLATION)) {
                return Reply.notFound();
              }
              if (!"link".equals(c.bodyText("action", ""))
                  || !"/sentry/issues/link".equals(c.bodyText("uri", ""))
                  || !LINEAR_ISSUE_ID.equals(c.bodyText("issueId", ""))) {
                return Reply.detail(400, "Invalid link form");
              }
              String url = c.q("expectedExternalIssueUrl", "");
              Matcher key =
                  Pattern.compile("https://linear\\.app/[^/]+/issue/([^/?#]+).*")
                      .matcher(url);
              ObjectNode linked = Json.object();
              linked.put("id", "4509300000000051");
              linked.put("issueId", c.bodyText("groupId", ""));
              linked.put("serviceType", "linear");
              linked.put(
                  "displayName", key.matches() ? key.group(1).toUpperCase(Locale.ROOT) : "Linear issue");
              linked.put("webUrl", url);
              return Reply.json(201, linked);
            }));
    r.add(
        get(
            ISSUE + "/user-reports/",
            c -> withIssue(c, e -> Reply.page(list(Fixtures.shared("issue-user-reports"))))));
    r.add(get(ISSUE + "/activities/", c -> withIssue(c, e -> Reply.fixture("issue-activity"))));
    r.add(
        get(
            ISSUE + "/notes/",
            c -> withIssue(c, e -> Reply.page(list(Fixtures.shared("issue-comments"))))));
    r.add(
        post(
            ISSUE + "/notes/",
            c ->
                withIssue(
                    c,
                    e -> {
                      ObjectNode n = Json.object();
                      n.put("id", "12345");
                      n.set("user", user);
                      n.putNull("sentry_app");
                      n.put("type", "note");
                      n.putObject("data").put("text", c.bodyText("text", ""));
                      n.put("dateCreated", "2025-04-14T12:34:56.000Z");
                      return Reply.json(201, n);
                    })));
    r.add(
        get(
            ISSUE + "/autofix/",
            c ->
                withIssue(
                    c,
                    e -> {
                      if (e.issue().path("shortId").asText().equals("PEATED-A8")) {
                        return Reply.fixture("autofix-state");
                      }
                      ObjectNode o = Json.object();
                      o.putNull("autofix");
                      return Reply.json(o);
                    })));
    r.add(
        post(
            ISSUE + "/autofix/",
            c -> withIssue(c, e -> Reply.json(202, Json.object().put("run_id", 123)))));
    r.add(get(ORG + "/replay-count/", c -> Reply.json(Json.object())));
    r.add(
        get(
            ORG + "/replays/",
            c -> {
              ObjectNode o = Json.object();
              o.putArray("data").add(Fixtures.copy("replay-details")).add(replay2());
              return Reply.pageData(o);
            }));
    r.add(
        get(
            ORG + "/replays/{id}/",
            c -> {
              String id = c.p("id");
              JsonNode replay =
                  id.equals(Fixtures.shared("replay-details").path("id").asText())
                      ? Fixtures.copy("replay-details")
                      : id.equals(REPLAY2_ID) ? replay2() : null;
              if (replay == null) {
                return Reply.notFound();
              }
              ObjectNode o = Json.object();
              o.set("data", replay);
              return Reply.json(o);
            }));
    r.add(get(ORG + "/trace-meta/{trace}/", c -> Reply.fixture("trace-meta")));
    r.add(get(ORG + "/trace/{trace}/", c -> Reply.fixture("trace")));
    r.add(get(ORG + "/releases/", c -> Reply.page(filter(c, releases, "version"))));
    r.add(
        get(
            ORG + "/releases/{version}/deploys/",
            c ->
                c.p("version").equals(releaseVersion)
                    ? Reply.page(list(Fixtures.shared("release-deploys")))
                    : Reply.page(List.of())));
    r.add(
        get(
            ORG + "/releases/{version}/commits/",
            c ->
                c.p("version").equals(releaseVersion)
                    ? Reply.page(list(Fixtures.shared("release-commits")))
                    : Reply.page(List.of())));
    r.add(get(ORG + "/releases/{version}/", this::releaseDetails));
    r.add(get(ORG + "/uptime/", c -> Reply.page(List.of(Fixtures.shared("uptime-monitor")))));
    r.add(get(ORG + "/monitors/", c -> Reply.page(List.of(Fixtures.shared("monitor")))));
    r.add(
        get(
            ORG + "/monitors/{slug}/checkins/",
            c -> Reply.page(list(Fixtures.shared("monitor-checkins")))));
    r.add(get(ORG + "/monitors/{slug}/stats/", c -> Reply.fixture("monitor-stats")));
    r.add(get(ORG + "/monitors/{slug}/", SentryApi::monitor));
    // preprod snapshots (get_snapshot, get_snapshot_image, get_latest_base_snapshot)
    r.add(get(ORG + "/preprodartifacts/snapshots/latest-base/", c -> Reply.fixture("snapshot-latest-base")));
    r.add(get(ORG + "/preprodartifacts/snapshots/{id}/", c -> SNAPSHOT_IDS.contains(c.p("id"))
        ? Reply.fixture("snapshot") : Reply.notFound()));
    r.add(get(ORG + "/preprodartifacts/snapshots/{id}/images/{image}/", SentryApi::snapshotImage));
    r.add(get(ORG + "/preprodartifacts/snapshots/{id}/images/{file}/download/", c -> snapshotFile(c.p("file"))));
    r.add(get(ORG + "/tags/", c -> Reply.fixture("tags")));
    r.add(get(ORG + "/trace-items/attributes/", SentryApi::traceItemAttributes));
    r.add(get(ORG + "/profiling/flamegraph/", SentryApi::flamegraph));
    r.add(get(ORG + "/profiling/chunks/", c -> Reply.fixture("profile-chunk")));
    r.add(get(ORG + "/repos/", c -> Reply.page(list(Json.parse(REPOS)))));
    r.add(
        post(
            ORG + "/code-mappings/bulk/",
            c -> {
              List<JsonNode> mappings = list(c.body.path("mappings"));
              if (!c.body.path("mappings").isArray()) {
                mappings = List.of(Json.object().put("stackRoot", "").put("sourceRoot", ""));
              }
              ObjectNode o = Json.object();
              o.put("created", mappings.size());
              o.put("updated", 0);
              o.put("errors", 0);
              ArrayNode out = o.putArray("mappings");
              for (JsonNode m : mappings) {
                out.addObject()
                    .put("stackRoot", m.path("stackRoot").asText(""))
                    .put("sourceRoot", m.path("sourceRoot").asText(""))
                    .put("status", "created");
              }
              return Reply.json(o);
            }));
    // alert rules: metric rules (alert-rules, combined-rules name search), issue rules (workflows)
    r.add(get(ORG + "/alert-rules/", c -> Reply.page(list(Fixtures.shared("metric-alert-rules")))));
    r.add(
        get(
            ORG + "/alert-rules/{ruleId}/",
            c -> {
              for (JsonNode n : list(Fixtures.shared("metric-alert-rules"))) {
                if (n.path("id").asText().equals(c.p("ruleId"))) {
                  return Reply.json(n);
                }
              }
              return Reply.notFound();
            }));
    r.add(
        get(
            ORG + "/combined-rules/",
            c -> {
              String name = lc(c.q("name", ""));
              List<JsonNode> out = new ArrayList<>();
              for (JsonNode n : list(Fixtures.shared("metric-alert-rules"))) {
                if (lc(n.path("name").asText()).contains(name)) {
                  out.add(n);
                }
              }
              return Reply.page(out);
            }));
    // alert options: actions, condition types (by group), sources (detectors, by type)
    r.add(
        get(
            ORG + "/available-actions/",
            c -> {
              List<String> types = c.query.getOrDefault("type", List.of());
              List<JsonNode> out = new ArrayList<>();
              for (JsonNode n : list(Fixtures.shared("alert-available-actions"))) {
                if (types.isEmpty() || types.contains(n.path("type").asText())) {
                  out.add(n);
                }
              }
              return Reply.page(out);
            }));
    r.add(
        get(
            ORG + "/data-conditions/",
            c -> {
              String group = c.q("group", "");
              List<JsonNode> out = new ArrayList<>();
              for (JsonNode n : list(Fixtures.shared("alert-data-conditions"))) {
                if (group.isEmpty() || n.path("handlerGroup").asText().equals(group)) {
                  out.add(n);
                }
              }
              return Reply.page(out);
            }));
    r.add(
        get(
            ORG + "/workflows/",
            c -> {
              String id = c.q("id");
              String q = lc(c.q("query", ""));
              // name:"*text*" (quotes and backslashes escaped) is a substring search
              String text =
                  q.startsWith("name:\"*") && q.endsWith("*\"")
                      ? q.substring(7, q.length() - 2).replace("\\\"", "\"").replace("\\\\", "\\")
                      : q;
              List<JsonNode> out = new ArrayList<>();
              for (JsonNode n : list(Fixtures.shared("alert-workflows"))) {
                if ((id == null || n.path("id").asText().equals(id))
                    && lc(n.path("name").asText()).contains(text)) {
                  out.add(n);
                }
              }
              return Reply.page(out);
            }));
    r.add(get(ORG + "/events-dropped/", c -> Reply.fixture("events-dropped")));
    r.add(get(ORG + "/agents/conversations/", c -> Reply.page(list(Fixtures.shared("agent-conversations")))));
    r.add(
        get(
            ORG + "/agents/conversations/{id}/",
            c ->
                c.p("id").equals("conv-7f3a9c")
                    ? Reply.fixture("agent-conversation-details")
                    : Reply.notFound()));
    r.add(
        get(
            ORG + "/ai-conversations/",
            c -> {
              ObjectNode o = Json.object();
              o.putArray("data");
              return Reply.pageData(o);
            }));

    // project-scoped
    r.add(get(PROJ + "/", this::projectDetails));
    r.add(
        new Route(
            "PUT",
            PROJ + "/",
            c -> {
              ObjectNode p = project.deepCopy();
              p.put("slug", c.bodyText("slug", c.p("project")));
              p.put("name", c.bodyText("name", c.p("project")));
              p.put("platform", c.bodyText("platform", project.path("platform").asText()));
              return Reply.json(p);
            }));
    r.add(get(PROJ + "/keys/", c -> Reply.page(List.of(clientKey))));
    r.add(
        post(
            PROJ + "/keys/",
            c -> {
              ObjectNode k = clientKey.deepCopy();
              k.put("name", c.bodyText("name", clientKey.path("name").asText()));
              k.put("label", c.bodyText("name", clientKey.path("label").asText()));
              return Reply.json(201, k);
            }));
    r.add(
        new Route(
            "PUT",
            PROJ + "/keys/{key}/",
            c -> {
              ObjectNode k = clientKey.deepCopy();
              k.put("id", c.p("key"));
              k.put("name", c.bodyText("name", clientKey.path("name").asText()));
              JsonNode active = c.body.path("isActive");
              if (active.isBoolean()) {
                k.put("isActive", active.asBoolean());
              }
              return Reply.json(k);
            }));
    // the canonical project is shared by two teams, so that one of them can be removed from it
    ObjectNode secondTeam = team.deepCopy();
    secondTeam.put("id", "4509106740854785");
    secondTeam.put("slug", "the-sheep");
    secondTeam.put("name", "the-sheep");
    List<JsonNode> projectTeams = List.of(team, secondTeam);
    r.add(get(PROJ + "/teams/", c -> Reply.page(projectTeams)));
    r.add(
        post(
            PROJ + "/teams/{team}/",
            c -> {
              ObjectNode p = project.deepCopy();
              ObjectNode t = team.deepCopy();
              t.put("slug", c.p("team"));
              t.put("name", c.p("team"));
              p.putArray("teams").add(t);
              return Reply.json(201, p);
            }));
    r.add(new Route("DELETE", PROJ + "/teams/{team}/", c -> Reply.empty(204)));
    r.add(
        get(
                PROJ + "/issues/",
                c -> c.p("project").equals("foobar") ? Reply.page(List.of()) : issuesList(c))
            .limitParam());
    r.add(
        get(
            PROJ + "/stacktrace-link/",
            c -> Reply.json(Json.parse(STACKTRACE_LINK))));
    r.add(get(PROJ + "/releases/", c -> Reply.page(filter(c, releases, "version"))));
    r.add(
        get(
            PROJ + "/releases/{version}/commits/",
            c ->
                c.p("version").equals(releaseVersion)
                    ? Reply.page(list(Fixtures.shared("release-commits")))
                    : Reply.page(List.of())));
    r.add(get(PROJ + "/releases/{version}/", this::releaseDetails));
    r.add(
        get(PROJ + "/uptime/{id}/checks/", c -> Reply.page(list(Fixtures.shared("uptime-checks")))));
    r.add(
        get(
            PROJ + "/uptime/{id}/",
            c ->
                c.p("id").equals(Fixtures.shared("uptime-monitor").path("id").asText())
                    ? Reply.fixture("uptime-monitor")
                    : Reply.notFound()));
    r.add(
        post(
            PROJ + "/uptime/",
            c -> {
              ObjectNode u = mergeBody(Fixtures.copy("uptime-monitor"), c.body);
              u.put("id", "4509100000001002");
              return Reply.json(201, u);
            }));
    r.add(
        new Route(
            "PUT",
            PROJ + "/uptime/{id}/",
            c -> Reply.json(mergeBody(Fixtures.copy("uptime-monitor"), c.body))));
    r.add(new Route("DELETE", PROJ + "/uptime/{id}/", c -> Reply.empty(202)));
    // alert rules (workflows): the write tools' reads, create, update and delete
    r.add(
        get(
            ORG + "/workflows/{id}/project-scope/",
            c -> {
              if (isAlertWorkflow(c)) {
                return Reply.json(Json.parse(
                    "{\"projectIds\":[\"4509109104082945\"],\"includesAllProjects\":false}"));
              }
              // the listed Alerts: those with sources affect the fixture project, the others no project
              JsonNode w = listedWorkflow(c.p("id"));
              if (w == null) {
                return Reply.notFound();
              }
              boolean sources = w.path("detectorIds").size() > 0;
              return Reply.json(Json.parse("{\"projectIds\":" + (sources ? "[\"4509109104082945\"]" : "[]")
                  + ",\"includesAllProjects\":false}"));
            }));
    r.add(
        get(
            ORG + "/workflows/{id}/",
            c -> {
              if (isAlertWorkflow(c)) {
                return Reply.fixture("alert-rule-workflow");
              }
              JsonNode w = listedWorkflow(c.p("id"));
              return w == null ? Reply.notFound() : Reply.json(w);
            }));
    // a legacy metric alert rule id to its Metric Monitor (the metric-monitor fixture's alertRuleId)
    r.add(
        get(
            ORG + "/alert-rule-detector/",
            c -> {
              JsonNode m = Fixtures.shared("metric-monitor");
              return m.path("alertRuleId").asText().equals(c.q("alert_rule_id", ""))
                  ? Reply.json(Json.parse("{\"detectorId\":\"" + m.path("id").asText() + "\",\"alertRuleId\":\""
                      + m.path("alertRuleId").asText() + "\",\"ruleId\":null}"))
                  : Reply.notFound();
            }));
    r.add(
        post(
            ORG + "/workflows/",
            c -> {
              ObjectNode w = mergeBody(Fixtures.copy("alert-rule-workflow"), c.body);
              w.put("id", "4509200000000130");
              return Reply.json(201, w);
            }));
    r.add(
        new Route(
            "PUT",
            ORG + "/workflows/{id}/",
            c ->
                isAlertWorkflow(c)
                    ? Reply.json(mergeBody(Fixtures.copy("alert-rule-workflow"), c.body))
                    : Reply.notFound()));
    r.add(
        new Route(
            "DELETE",
            ORG + "/workflows/{id}/",
            c -> isAlertWorkflow(c) ? Reply.empty(204) : Reply.notFound()));
    r.add(get(ORG + "/detectors/", c -> Reply.page(detectors(c.query.getOrDefault("type", List.of())))));
    r.add(get(ORG + "/detectors/{id}/", c -> isMetricMonitor(c) ? Reply.fixture("metric-monitor")
        : Reply.notFound()));
    r.add(
        new Route(
            "PUT",
            ORG + "/detectors/{id}/",
            c -> isMetricMonitor(c) ? Reply.json(savedMetricMonitor(c.body)) : Reply.notFound()));
    r.add(
        new Route(
            "DELETE",
            ORG + "/detectors/{id}/",
            c -> isMetricMonitor(c) ? Reply.empty(204) : Reply.notFound()));
    r.add(
        post(
            ORG + "/projects/{project}/detectors/",
            c -> {
              ObjectNode m = savedMetricMonitor(c.body);
              m.put("id", "4509100000002002");
              return Reply.json(201, m);
            }));
    r.add(
        get(
            PROJ + "/monitors/{slug}/checkins/",
            c -> Reply.page(list(Fixtures.shared("monitor-checkins")))));
    r.add(get(PROJ + "/monitors/{slug}/stats/", c -> Reply.fixture("monitor-stats")));
    r.add(get(PROJ + "/monitors/{slug}/", SentryApi::monitor));
    r.add(
        new Route(
            "DELETE",
            PROJ + "/monitors/{slug}/environments/{environment}/",
            c -> Reply.empty(202)));
    r.add(
        get(
            PROJ + "/custom-inbound-filters/",
            c -> Reply.page(customInboundFilters())));
    r.add(
        post(
            PROJ + "/custom-inbound-filters/",
            c -> {
              ObjectNode f = mergeBody(Fixtures.copy("custom-inbound-filter"), c.body);
              f.put("id", "4509100000002002");
              return Reply.json(201, f);
            }));
    r.add(
        new Route(
            "PUT",
            PROJ + "/custom-inbound-filters/{id}/",
            c ->
                c.p("id").equals(Fixtures.shared("custom-inbound-filter").path("id").asText())
                    ? Reply.json(mergeBody(Fixtures.copy("custom-inbound-filter"), c.body))
                    : Reply.notFound()));
    r.add(new Route("DELETE", PROJ + "/custom-inbound-filters/{id}/", c -> Reply.empty(204)));
    r.add(
        get(
            PROJ + "/replays/{id}/recording-segments/",
            c -> Reply.page(list(Fixtures.shared("replay-recording-segments")))));
    r.add(
        get(
            PROJ + "/profiling/profiles/{id}/",
            c -> {
              ObjectNode p = (ObjectNode) Fixtures.copy("transaction-profile-v1");
              p.put("event_id", c.p("id"));
              p.put("profile_id", c.p("id"));
              return Reply.json(p);
            }));
    r.add(
        get(
            PROJ + "/events/{event}/attachments/",
            c ->
                c.p("event").equals(EVENT_ID)
                    ? Reply.page(list(Fixtures.shared("event-attachments")))
                    : Reply.page(List.of())));
    r.add(get(PROJ + "/events/{event}/attachments/{att}/", SentryApi::attachment));
    r.add(
        post(
            "/api/0/teams/{org}/{team}/projects/",
            c -> {
              ObjectNode p = project.deepCopy();
              String name = c.bodyText("name", project.path("name").asText());
              p.put("name", name);
              p.put("slug", c.bodyText("slug", name));
              p.put("platform", c.bodyText("platform", project.path("platform").asText()));
              return Reply.json(201, p);
            }));
    // image files of snapshots on a public storage host (absolute image URLs, fetched without a token)
    r.add(get("/snapshot-files/{file}", c -> snapshotFile(c.p("file"))).open());
    // documentation services, public (search_docs and get_doc with mcpUrl and docsUrl pointing here)
    r.add(post("/api/search", SentryApi::docsSearch).open());
    r.add(get("/{path+.md}", SentryApi::docsPage).open());
    return r;
  }

  private Reply releaseDetails(Call c) {
    JsonNode r = releasesByVersion.get(c.p("version"));
    return r == null ? Reply.notFound() : Reply.json(r);
  }

  private static Reply monitor(Call c) {
    return c.p("slug").equals(Fixtures.shared("monitor").path("slug").asText())
        ? Reply.fixture("monitor")
        : Reply.notFound();
  }

  /** An Alert of the workflows list (alert-workflows.json) by id, or null. */
  private static @Nullable JsonNode listedWorkflow(String id) {
    for (JsonNode n : list(Fixtures.shared("alert-workflows"))) {
      if (n.path("id").asText().equals(id)) {
        return n;
      }
    }
    return null;
  }

  /** The dataset's one alert rule (workflow). */
  private static boolean isAlertWorkflow(Call c) {
    return c.p("id").equals(Fixtures.shared("alert-rule-workflow").path("id").asText());
  }

  /** The fixture filter and 29 more (ids ...2101 to ...2129), so the list has two pages of 25. */
  private static List<JsonNode> customInboundFilters() {
    List<JsonNode> out = new ArrayList<>();
    out.add(Fixtures.shared("custom-inbound-filter"));
    for (int i = 1; i <= 29; i++) {
      ObjectNode f = (ObjectNode) Fixtures.copy("custom-inbound-filter");
      f.put("id", String.valueOf(4509100000002100L + i));
      f.put("name", "Release filter " + i);
      f.put("active", i % 2 == 0);
      f.put("dataType", "all");
      ArrayNode conditions = f.putArray("conditions");
      ObjectNode c = conditions.addObject();
      c.put("type", "release");
      c.putArray("value").add("legacy@" + i + ".*");
      out.add(f);
    }
    return out;
  }

  /**
   * The organization's detectors: the metric-monitor fixture, a second Metric Monitor in another project and an
   * uptime detector (which Metric Monitor tools must leave out).
   */
  private static List<JsonNode> detectors(List<String> types) {
    // the Metric Monitor tools (type=metric_issue) see the metric-monitor dataset as it is (their tools leave out
    // other types); the alert tools' sources come from alert-detectors.json, by type when one is given
    if (types.contains("metric_issue")) {
      return metricDetectors();
    }
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode n : list(Fixtures.shared("alert-detectors"))) {
      if (types.isEmpty() || types.contains(n.path("type").asText())) {
        out.add(n);
      }
    }
    return out;
  }

  private static List<JsonNode> metricDetectors() {
    ObjectNode other = (ObjectNode) Fixtures.copy("metric-monitor");
    other.put("id", "4509100000002003");
    other.put("projectId", "4509109104082946");
    other.put("name", "Slow checkout p95");
    other.put("enabled", false);
    other.putNull("owner");
    other.set("workflowIds", Json.parse("[]"));
    other.remove("alertRuleId");
    ObjectNode uptime = (ObjectNode) Fixtures.copy("metric-monitor");
    uptime.put("id", "4509100000002004");
    uptime.put("type", "uptime_domain_failure");
    uptime.put("name", "Uptime check");
    return List.of(Fixtures.shared("metric-monitor"), other, uptime);
  }

  private static boolean isMetricMonitor(Call c) {
    return c.p("id").equals(Fixtures.shared("metric-monitor").path("id").asText());
  }

  /** The metric-monitor fixture with a written body applied; the stored query stays in Sentry's nested form. */
  private static ObjectNode savedMetricMonitor(JsonNode body) {
    ObjectNode m = mergeBody(Fixtures.copy("metric-monitor"), body);
    m.set("dataSources", Fixtures.copy("metric-monitor").path("dataSources"));
    return m;
  }

  private static ObjectNode mergeBody(JsonNode base, JsonNode body) {
    ObjectNode o = (ObjectNode) base;
    if (body.isObject()) {
      body.properties().forEach(e -> o.set(e.getKey(), e.getValue()));
    }
    return o;
  }

  /** The uuid of the Linear installation (link_issue through a Sentry App). */
  static final String LINEAR_INSTALLATION = "7f1d3d62-2a3e-4a3c-9a56-0a7c5f1e8b42";

  /** The Linear issue id the fake's issue search answers with. */
  static final String LINEAR_ISSUE_ID = "2f9c0b8e-5d4a-4f1b-9e63-1c7a8d2b4e90";

  /** The id of the GitHub installation every issue lists (link_issue, unlink_issue). */
  static final String GITHUB_INTEGRATION_ID = "4509300000000007";

  /** A GitHub installation for owner getsentry with one linked issue, as {@code GET .../issues/{id}/integrations/}. */
  private static ObjectNode githubIntegration() {
    ObjectNode i = Json.object();
    i.put("id", GITHUB_INTEGRATION_ID);
    i.put("name", "getsentry");
    i.put("icon", "https://avatars.githubusercontent.com/u/1396951");
    i.put("domainName", "github.com/getsentry");
    i.put("accountType", "Organization");
    ObjectNode provider = i.putObject("provider");
    provider.put("key", "github");
    provider.put("slug", "github");
    provider.put("name", "GitHub");
    ObjectNode linked = i.putArray("externalIssues").addObject();
    linked.put("id", "4509300000000041");
    linked.put("key", "getsentry/sentry-mcp#41");
    linked.put("url", "https://github.com/getsentry/sentry-mcp/issues/41");
    linked.put("title", "Crash in the search tool");
    linked.put("description", "getsentry/sentry-mcp");
    linked.put("displayName", "getsentry/sentry-mcp#41");
    return i;
  }

  private interface IssueHandler {
    Reply handle(IssueEntry entry);
  }

  private Reply withIssue(Call c, IssueHandler h) {
    IssueEntry e = issue(c);
    return e == null ? Reply.notFound() : h.handle(e);
  }

  // ---------------------------------------------------------------- documentation services (no token)

  /** The docs search answer: the fixture's results, at most maxResults; none for a query containing "nothing". */
  private static Reply docsSearch(Call c) {
    JsonNode all = Fixtures.shared("docs-search").path("results");
    int max = c.body.path("maxResults").canConvertToInt() ? c.body.path("maxResults").intValue() : 3;
    String query = c.bodyText("query", "");
    ObjectNode o = Json.object();
    o.put("query", query);
    ArrayNode results = o.putArray("results");
    if (!query.toLowerCase(Locale.ROOT).contains("nothing")) {
      for (int i = 0; i < all.size() && i < Math.max(0, max); i++) {
        results.add(all.get(i).deepCopy());
      }
    }
    return Reply.json(o);
  }

  /** A documentation page from {@code fixtures/docs/<path>}: markdown, or HTML for a fixture that is an HTML page. */
  private static Reply docsPage(Call c) {
    String path = c.p("path");
    if (!path.endsWith(".md") || path.contains("..") || path.contains("%") || path.contains("//")) {
      return Reply.bytes(404, "text/plain; charset=utf-8", "Not Found".getBytes(StandardCharsets.UTF_8));
    }
    byte[] page;
    try {
      page = Fixtures.resource("docs/" + path);
    } catch (IllegalArgumentException e) {
      return Reply.bytes(404, "text/plain; charset=utf-8", "Not Found".getBytes(StandardCharsets.UTF_8));
    }
    String head = new String(page, 0, Math.min(page.length, 16), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
    String type = head.startsWith("<!doctype") || head.startsWith("<html")
        ? "text/html; charset=utf-8"
        : "text/markdown; charset=utf-8";
    return Reply.bytes(200, type, page);
  }

  private static Route get(String pattern, Route.Handler h) {
    return new Route("GET", pattern, h);
  }

  private static Route post(String pattern, Route.Handler h) {
    return new Route("POST", pattern, h);
  }
}
