package io.github.sentrymcp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SentryTool;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.api.result.RegionStyle;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.testkit.FakeSentry;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Sentry (or something pretending to be Sentry) answers with JSON of the wrong shape: every registered tool, with
 * every argument set {@link CanaryArguments} derives for it, is run against a {@link FakeSentry} whose JSON answers are
 * {@linkplain Rewrite rewritten} in four ways. Each (tool, arguments, rewrite) is a test of its own, and the catalog
 * comes from the engine, so a new tool is covered without a change here.
 *
 * <p>Each call is first run unchanged (the baseline). Under a rewrite the outcome must be one of:
 *
 * <ul>
 *   <li>an upstream error ({@link ErrorKind#UPSTREAM_ERROR});
 *   <li>for the type rewrites (c) and (d) also a not-found or invalid-input error (a lookup that the rewritten data
 *       legitimately fails), or the baseline's own error;
 *   <li>a success that is not emptier than the baseline: no "No ..." sentence the baseline does not have, no list of
 *       the structured content that the baseline fills and the rewrite leaves empty, and Sentry data shown when the
 *       baseline shows some.
 * </ul>
 *
 * "Shows" is judged on the result rendered in {@link RegionStyle#TAGS}, where every Sentry value has a region of its
 * own and all server text stays outside regions; the engine's own rendering (the default, {@link RegionStyle#COMPACT},
 * whose block regions hold server labels too) must keep its documented structure under every rewrite.
 *
 * <p>Never an internal error, never another exception. For (a) and (b), a successful answer of a required request (every
 * request but the {@link #OPTIONAL best-effort ones}) that changed shape must end the call with an upstream error; a
 * call none of whose answers changed (a tool whose answers are all objects under (a), all lists under (b), or not JSON
 * at all) must end as the baseline did. Error bodies are rewritten too, and must not upset the error handling.
 * Answers that are not JSON (attachment downloads, empty bodies) are never rewritten.
 */
class WrongShapeCatalogTest {

  /**
   * Requests a tool makes best-effort: a wrong shape there may be ignored. A new tool is strict (every one of its
   * requests is required) until it gets a row. {@code METHOD path-pattern}, {@code *} matching one segment.
   */
  static final Map<String, List<String>> OPTIONAL = Map.of(
      "get_issue_details", List.of(
          "GET /api/0/organizations/*/issues/*/autofix/",
          "GET /api/0/organizations/*/issues/*/external-issues/",
          "GET /api/0/organizations/*/replay-count/",
          "GET /api/0/projects/*/*/stacktrace-link/",
          "GET /api/0/organizations/*/trace/*/"),
      // the region lookup falls back to the configured host
      "get_trace_details", List.of("GET /api/0/organizations/*/"),
      "get_span_details", List.of("GET /api/0/organizations/*/"),
      // the region lookup as above; the recording, related issues and traces are left out when they fail
      "get_replay_details", List.of(
          "GET /api/0/organizations/*/",
          "GET /api/0/projects/*/*/replays/*/recording-segments/",
          "GET /api/0/organizations/*/issues/",
          "GET /api/0/organizations/*/trace-meta/*/"),
      // the region lookup as above
      "get_profile_details", List.of("GET /api/0/organizations/*/"),
      // get_sentry_resource calls get_issue_details, get_trace_details, get_span_details or another target: theirs
      "get_sentry_resource", List.of(
          "GET /api/0/organizations/*/issues/*/autofix/",
          "GET /api/0/organizations/*/issues/*/external-issues/",
          "GET /api/0/organizations/*/replay-count/",
          "GET /api/0/projects/*/*/stacktrace-link/",
          "GET /api/0/organizations/*/trace/*/",
          "GET /api/0/organizations/*/"),
      // the DSN and the code mapping of a new project are reported as unavailable when they fail
      "create_project", List.of(
          "GET /api/0/projects/*/*/keys/",
          "POST /api/0/projects/*/*/keys/",
          "POST /api/0/organizations/*/code-mappings/bulk/"));

  /**
   * Lists of structured content that a type rewrite may leave empty, because the tool rightly drops values of the
   * wrong type there; each with its reason. A new tool has none.
   */
  static final Map<String, Set<String>> DROPPABLE_LISTS = Map.of(
      // a trace id that is not 32 hex characters (a number, under (d)) is not offered as a follow-up call
      "get_issue_details", Set.of("/suggestedActions"),
      // a request header whose name is not a string is malformed and left out (CreateUptimeMonitorToolTest)
      "create_uptime_monitor", Set.of("/monitor/headers"),
      "update_uptime_monitor", Set.of("/monitor/headers"));

  /** The four ways the answers are changed. */
  enum Rewrite {
    ARRAYS_BECOME_OBJECTS("(a) every top-level array becomes an object", true) {
      @Override
      JsonNode apply(JsonNode body) {
        if (!body.isArray()) {
          return body;
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.set("data", body);
        return o;
      }
    },
    OBJECTS_BECOME_ARRAYS("(b) every top-level object becomes a one-element array", true) {
      @Override
      JsonNode apply(JsonNode body) {
        if (!body.isObject()) {
          return body;
        }
        return JsonNodeFactory.instance.arrayNode().add(body);
      }
    },
    NUMBERS_BECOME_TEXT("(c) every number becomes a non-numeric string", false) {
      @Override
      JsonNode apply(JsonNode body) {
        return deep(body, n -> n.isNumber() ? JsonNodeFactory.instance.textNode("not-a-number") : n);
      }
    },
    TEXT_BECOMES_NUMBERS("(d) every string becomes a number", false) {
      @Override
      JsonNode apply(JsonNode body) {
        return deep(body, n -> n.isTextual() ? number(n.textValue()) : n);
      }
    };

    final String label;
    /** Whether the rewrite changes the shape of whole answers (a, b) rather than the types of values (c, d). */
    final boolean shape;

    Rewrite(String label, boolean shape) {
      this.label = label;
      this.shape = shape;
    }

    abstract JsonNode apply(JsonNode body);
  }

  private static final Pattern NUMERIC = Pattern.compile("-?\\d{1,18}(\\.\\d+)?");

  /** A numeric string as its number (a Sentry id sent as a number), any other string as its length. */
  static JsonNode number(String s) {
    if (NUMERIC.matcher(s).matches()) {
      return s.indexOf('.') < 0
          ? JsonNodeFactory.instance.numberNode(Long.parseLong(s))
          : JsonNodeFactory.instance.numberNode(new BigDecimal(s));
    }
    return JsonNodeFactory.instance.numberNode(s.length());
  }

  /** Applies {@code leaf} to every value that is neither an object nor an array, in place where possible. */
  static JsonNode deep(JsonNode node, UnaryOperator<JsonNode> leaf) {
    if (node.isObject()) {
      ObjectNode o = (ObjectNode) node;
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        o.set(name, deep(o.get(name), leaf));
      }
      return o;
    }
    if (node.isArray()) {
      ArrayNode a = (ArrayNode) node;
      for (int i = 0; i < a.size(); i++) {
        a.set(i, deep(a.get(i), leaf));
      }
      return a;
    }
    return leaf.apply(node);
  }

  /** One rewritten answer. */
  record Rewritten(String method, String rawPath, int status) {}

  private static volatile @Nullable Rewrite active;
  private static final List<Rewritten> REWRITTEN = new CopyOnWriteArrayList<>();
  private static FakeSentry fake;
  private static SentryMcp mcp;
  /** Baseline outcomes by call label. */
  private static final Map<String, Outcome> BASELINES = new HashMap<>();

  @BeforeAll
  static void start() {
    fake = FakeSentry.builder().jsonRewriter((method, rawPath, status, body) -> {
      Rewrite r = active;
      if (r == null) {
        return body;
      }
      JsonNode before = body.deepCopy();
      JsonNode after = r.apply(body);
      if (!after.equals(before)) {
        REWRITTEN.add(new Rewritten(method, rawPath, status));
      }
      return after;
    }).build();
    mcp = SentryMcp.create(SentryMcpConfig.builder().host(fake.hostAndPort()).insecureHttp(true)
        .seerMaxWait(java.time.Duration.ofMillis(300)) // analyze_issue_with_seer: runs the fake never ends
        .mcpUrl(fake.baseUrl()).docsUrl(fake.baseUrl()).build());
  }

  @AfterAll
  static void stop() {
    mcp.close();
    fake.close();
  }

  // ------------------------------------------------------------------ the table

  @TestFactory
  Stream<DynamicNode> everyToolUnderEveryRewrite() {
    List<DynamicNode> tools = new ArrayList<>();
    for (ToolDescriptor d : catalog()) {
      List<DynamicNode> cases = new ArrayList<>();
      for (Map<String, Object> args : CanaryArguments.forTool(d)) {
        for (Rewrite r : Rewrite.values()) {
          String name = d.name() + args + " under " + r.label;
          cases.add(DynamicTest.dynamicTest(name, () -> check(d.name(), args, r)));
        }
      }
      tools.add(DynamicContainer.dynamicContainer(d.name(), cases));
    }
    return tools.stream();
  }

  /** The whole catalog, each tool available under the full grant (as the canary requires). */
  private static List<ToolDescriptor> catalog() {
    List<ToolDescriptor> out = new ArrayList<>();
    Set<String> available = new LinkedHashSet<>();
    for (ToolDescriptor d : mcp.availableTools(CatalogCanaryTest.FULL)) {
      available.add(d.name());
    }
    for (SentryTool t : mcp.allTools()) {
      assertTrue(available.contains(t.descriptor().name()),
          () -> t.descriptor().name() + " is not available with every scope and skill, so it cannot be checked");
      out.add(t.descriptor());
    }
    assertFalse(out.isEmpty());
    return out;
  }

  /** Renders each result a second time, one region per value, for {@link #emptier}. */
  private static final DefaultToolResultSanitizer TAGS =
      DefaultToolResultSanitizer.builder().style(RegionStyle.TAGS).build();

  /**
   * The outcome of one call.
   *
   * @param result the result as the engine renders it (its default style)
   * @param tagged the same result rendered in {@link RegionStyle#TAGS}
   */
  record Outcome(@Nullable RenderedResult result, @Nullable RenderedResult tagged, @Nullable SentryMcpException error,
      @Nullable RuntimeException crash, List<Rewritten> rewritten) {
    String describe() {
      if (crash != null) {
        return "crash " + crash;
      }
      if (error != null) {
        return error.kind() + " error: " + error.getMessage();
      }
      RenderedResult r = result;
      String text = r == null ? "" : r.text();
      return "success: " + text.substring(0, Math.min(text.length(), 600));
    }
  }

  /** Runs one call; the previous call has settled (see the end of this method). */
  private static Outcome run(String tool, Map<String, Object> args, @Nullable Rewrite rewrite) {
    fake.reset();
    REWRITTEN.clear();
    active = rewrite;
    try {
      ToolResult result = mcp.call(tool, args, CatalogCanaryTest.FULL);
      return new Outcome(mcp.sanitizer().render(result), TAGS.render(result), null, null, List.copyOf(REWRITTEN));
    } catch (SentryMcpException e) {
      return new Outcome(null, null, e, null, List.copyOf(REWRITTEN));
    } catch (RuntimeException e) {
      return new Outcome(null, null, null, e, List.copyOf(REWRITTEN));
    } finally {
      // best-effort requests a failed call cancelled may still arrive: wait for them under this call's rewrite
      settle();
      active = null;
    }
  }

  /** Waits until the fake has received no request for a short while. */
  private static void settle() {
    int seen = -1;
    for (int i = 0; i < 100; i++) {
      int now = fake.journal().size();
      if (now == seen) {
        return;
      }
      seen = now;
      try {
        Thread.sleep(30);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static Outcome baseline(String tool, Map<String, Object> args) {
    String key = tool + args;
    Outcome b = BASELINES.get(key);
    if (b == null) {
      b = run(tool, args, null);
      BASELINES.put(key, b);
    }
    return b;
  }

  private static void check(String tool, Map<String, Object> args, Rewrite rewrite) {
    Outcome base = baseline(tool, args);
    if (base.crash() != null || (base.error() != null && base.error().kind() == ErrorKind.INTERNAL)) {
      fail("the unchanged call already fails unexpectedly: " + base.describe(), base.crash());
    }
    Outcome o = run(tool, args, rewrite);
    String where = tool + args + " under " + rewrite.label + " (rewritten answers: " + o.rewritten() + ")";
    if (o.crash() != null) {
      fail(where + ": an unexpected exception instead of an upstream error", o.crash());
    }
    SentryMcpException error = o.error();
    if (error != null && error.kind() == ErrorKind.INTERNAL) {
      fail(where + ": an internal error instead of an upstream error: " + o.describe(), error);
    }
    RenderedResult rendered = o.result();
    if (rendered != null) {
      // a fresh planter: no markers to find, only the structure of the rendering is checked
      CanaryChecker structure = new CanaryChecker(new CanaryPlanter());
      structure.check(where, rendered);
      if (!structure.problems().isEmpty() || !structure.styles().equals(Set.of("compact"))) {
        fail(where + ": the engine's rendering in " + structure.styles() + " is malformed: " + structure.problems());
      }
    }

    List<Rewritten> required = new ArrayList<>();
    for (Rewritten r : o.rewritten()) {
      if (r.status() / 100 == 2 && !optional(inner(tool, args), r)) {
        required.add(r);
      }
    }
    if (rewrite.shape && !required.isEmpty()) {
      if (error == null || error.kind() != ErrorKind.UPSTREAM_ERROR) {
        fail(where + ": the answer of " + required.get(0).method() + " " + required.get(0).rawPath()
            + " changed shape, but the call did not end with an upstream error: " + o.describe());
      }
      return;
    }
    if (o.rewritten().isEmpty()) {
      // nothing changed: the call must end as the baseline did
      sameAsBaseline(where, base, o);
      return;
    }
    if (error != null) {
      Set<ErrorKind> allowed = EnumSet.of(ErrorKind.UPSTREAM_ERROR);
      if (!rewrite.shape) {
        allowed.add(ErrorKind.NOT_FOUND);
        allowed.add(ErrorKind.INVALID_INPUT);
      }
      SentryMcpException baseError = base.error();
      if (baseError != null) {
        allowed.add(baseError.kind());
      }
      if (!allowed.contains(error.kind())) {
        fail(where + ": expected one of " + allowed + " or a success, got " + o.describe(), error);
      }
      if (rewrite.shape && base.error() == null && error.kind() != ErrorKind.UPSTREAM_ERROR) {
        fail(where + ": only best-effort answers changed shape, yet the call failed: " + o.describe(), error);
      }
      return;
    }
    RenderedResult r = o.tagged();
    RenderedResult b = base.tagged();
    if (r != null && b != null) {
      List<String> emptier = emptier(b, r, DROPPABLE_LISTS.getOrDefault(inner(tool, args), Set.of()));
      if (!emptier.isEmpty()) {
        fail(where + ": a success that shows less than the unchanged answers did (" + String.join("; ", emptier)
            + "): " + o.describe());
      }
    }
  }

  private static void sameAsBaseline(String where, Outcome base, Outcome o) {
    SentryMcpException be = base.error();
    SentryMcpException oe = o.error();
    if ((be == null) != (oe == null) || (be != null && oe != null && be.kind() != oe.kind())) {
      fail(where + ": no answer changed, yet the outcome differs from the unchanged call's ("
          + base.describe() + "): " + o.describe());
    }
  }

  /** The tool whose requests a call makes: the gateway's executors run the one they name. */
  private static String inner(String tool, Map<String, Object> args) {
    return tool.startsWith("execute_sentry_") && args.get("name") instanceof String name ? name : tool;
  }

  private static boolean optional(String tool, Rewritten r) {
    for (String rule : OPTIONAL.getOrDefault(tool, List.of())) {
      int space = rule.indexOf(' ');
      if (rule.substring(0, space).equals(r.method()) && glob(rule.substring(space + 1)).matcher(r.rawPath())
          .matches()) {
        return true;
      }
    }
    return false;
  }

  /** A path pattern: {@code *} matches one segment. */
  private static Pattern glob(String pattern) {
    return Pattern.compile(Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote)
        .collect(Collectors.joining("[^/]+")));
  }

  // ------------------------------------------------------------------ what "emptier" means

  private static final Pattern NO_SENTENCE = Pattern.compile("\\bNo [^.\\n]*[.\\n]");

  /**
   * How the rewritten success shows less than the baseline: a "No ..." sentence of server text the baseline does not
   * have, a structured list the baseline fills and the rewrite leaves empty, or no Sentry data at all where the
   * baseline shows some.
   */
  static List<String> emptier(RenderedResult base, RenderedResult rewritten, Set<String> droppable) {
    List<String> out = new ArrayList<>();
    Set<String> baseNo = noSentences(base);
    for (String s : noSentences(rewritten)) {
      if (!baseNo.contains(s)) {
        out.add("says \"" + s.strip() + "\"");
      }
    }
    Map<String, Integer> baseLists = new TreeMap<>();
    lists(base.structuredContent(), "", baseLists);
    Map<String, Integer> lists = new TreeMap<>();
    lists(rewritten.structuredContent(), "", lists);
    baseLists.forEach((path, n) -> {
      if (n > 0 && lists.getOrDefault(path, 0) == 0 && !droppable.contains(path)) {
        out.add("the structured list " + path + " is empty (" + n + " items unchanged)");
      }
    });
    if (regions(base) > 0 && regions(rewritten) == 0) {
      out.add("no Sentry data is shown (" + regions(base) + " data regions unchanged)");
    }
    return out;
  }

  /** The "No ..." sentences of the server text (data regions removed) of a result rendered in the tags style. */
  private static Set<String> noSentences(RenderedResult r) {
    String nonce = tagsNonce(r);
    String text = nonce == null ? r.text()
        : r.text().replaceAll("(?s)<data-" + Pattern.quote(nonce) + "[ >].*?</data-" + Pattern.quote(nonce) + ">",
            "(data)");
    Set<String> out = new LinkedHashSet<>();
    Matcher m = NO_SENTENCE.matcher(text);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /** The number of data regions of a result rendered in the tags style. */
  private static int regions(RenderedResult r) {
    String nonce = tagsNonce(r);
    if (nonce == null) {
      return 0;
    }
    int n = 0;
    String close = "</data-" + nonce + ">";
    for (int i = r.text().indexOf(close); i >= 0; i = r.text().indexOf(close, i + 1)) {
      n++;
    }
    return n;
  }

  /** The nonce of a result rendered in the tags style; these checks would see no region in another style. */
  private static @Nullable String tagsNonce(RenderedResult r) {
    Object provenance = r.meta().get(CanaryChecker.PROVENANCE_KEY);
    if (provenance instanceof Map<?, ?> prov && prov.get("nonce") instanceof String nonce) {
      if (!"tags".equals(prov.get("style"))) {
        throw new IllegalArgumentException("not a tags rendering: " + prov.get("style"));
      }
      return nonce;
    }
    return null;
  }

  /** Total element counts of the lists in structured content, by path (list indexes left out). */
  private static void lists(@Nullable Object value, String path, Map<String, Integer> out) {
    if (value instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        lists(e.getValue(), path + "/" + e.getKey(), out);
      }
    } else if (value instanceof List<?> l) {
      out.merge(path, l.size(), Integer::sum);
      for (Object item : l) {
        lists(item, path + "[]", out);
      }
    }
  }

  // ------------------------------------------------------------------ the checks themselves

  @Test
  void theRewritesDoWhatTheySay() {
    JsonNode list = JsonNodeFactory.instance.arrayNode().add(1).add("CLOUDFLARE-MCP-41").add("42");
    JsonNode obj = JsonNodeFactory.instance.objectNode().put("id", "42").put("count", 3);

    JsonNode a = Rewrite.ARRAYS_BECOME_OBJECTS.apply(list.deepCopy());
    assertTrue(a.isObject(), a.toString());
    assertEquals(list, a.get("data"));
    assertEquals(obj, Rewrite.ARRAYS_BECOME_OBJECTS.apply(obj.deepCopy()));

    assertEquals(JsonNodeFactory.instance.arrayNode().add(obj), Rewrite.OBJECTS_BECOME_ARRAYS.apply(obj.deepCopy()));
    assertEquals(list, Rewrite.OBJECTS_BECOME_ARRAYS.apply(list.deepCopy()));

    JsonNode c = Rewrite.NUMBERS_BECOME_TEXT.apply(obj.deepCopy());
    assertEquals("not-a-number", c.get("count").textValue());
    assertEquals("42", c.get("id").textValue());

    JsonNode d = Rewrite.TEXT_BECOMES_NUMBERS.apply(list.deepCopy());
    assertEquals(1, d.get(0).intValue());
    assertEquals("CLOUDFLARE-MCP-41".length(), d.get(1).intValue());
    assertEquals(42L, d.get(2).longValue());
    assertTrue(d.get(2).isIntegralNumber());
  }

  @Test
  void anEmptySuccessIsRecognised() {
    RenderedResult full = new RenderedResult(
        "# Teams\n| <data-0123456789abcdef src=\"teams[0].slug\">the-goats</data-0123456789abcdef> |",
        List.of(), Map.of("teams", List.of(Map.of("slug", "the-goats"))),
        Map.of(CanaryChecker.PROVENANCE_KEY, Map.of("nonce", "0123456789abcdef", "style", "tags")), false);
    RenderedResult empty = new RenderedResult("# Teams\nNo teams found.", List.of(), Map.of("teams", List.of()),
        Map.of(CanaryChecker.PROVENANCE_KEY, Map.of("nonce", "fedcba9876543210", "style", "tags")), false);
    List<String> problems = emptier(full, empty, Set.of());
    assertEquals(3, problems.size(), problems.toString());
    assertEquals(2, emptier(full, empty, Set.of("/teams")).size());
    assertTrue(emptier(full, full, Set.of()).isEmpty());
    assertTrue(emptier(empty, empty, Set.of()).isEmpty());

    ToolResult teams = ToolResult.builder().heading(1, "Teams").field("Team",
        io.github.sentrymcp.api.result.Untrusted.external("the-goats", "teams[0].slug")).build();
    assertEquals(1, regions(TAGS.render(teams)));
    RenderedResult compact = DefaultToolResultSanitizer.create().render(teams);
    assertThrows(IllegalArgumentException.class, () -> regions(compact),
        "a compact rendering has no tags regions; counting them would find none");
  }
}
