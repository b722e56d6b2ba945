package io.github.sentrymcp.core.internal.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.sentrymcp.api.AccessToken;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.SessionConstraints;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.api.result.RenderedResult;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.RecordedRequest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/** Shared helpers for the tool tests, run against a real {@link FakeSentry}. */
public final class ToolTestSupport {
  private ToolTestSupport() {}

  public static final String ORG = "sentry-mcp-evals";
  public static final String PROJECT = "cloudflare-mcp";

  /** An engine talking plain HTTP to the fake (Sentry and the docs services), with the default engine settings. */
  public static SentryMcp engine(FakeSentry fake) {
    return engine(fake, b -> b);
  }

  /** An engine talking plain HTTP to the fake, its settings (timeouts, sandbox, ...) changed by {@code customize}. */
  public static SentryMcp engine(FakeSentry fake, UnaryOperator<SentryMcpConfig.Builder> customize) {
    SentryMcpConfig.Builder b = SentryMcpConfig.builder().host(fake.hostAndPort()).insecureHttp(true)
        .mcpUrl(fake.baseUrl()).docsUrl(fake.baseUrl());
    return SentryMcp.create(customize.apply(b).build());
  }

  /** Default scopes, every skill, no constraints. */
  public static Session session() {
    return session(b -> b);
  }

  /**
   * A session with the token {@code t}, the default scopes and every skill, its grant (scopes, skills, tool lists,
   * constraints) changed by {@code customize}.
   */
  public static Session session(UnaryOperator<Session.Builder> customize) {
    return customize.apply(Session.builder(AccessToken.of("t")).skills(EnumSet.allOf(Skill.class))).build();
  }

  /** Default scopes, every skill, the given constraints. */
  public static Session constrained(SessionConstraints constraints) {
    return session(b -> b.constraints(constraints));
  }

  public static Session orgConstrained(String org) {
    return constrained(new SessionConstraints(org, null, null));
  }

  public static Session projectConstrained(String org, String project) {
    return constrained(new SessionConstraints(org, project, null));
  }

  /** Arguments from alternating names and values (values may be null). */
  public static Map<String, @Nullable Object> args(@Nullable Object... kv) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /** Calls the tool and renders the result. */
  public static RenderedResult call(SentryMcp mcp, String tool, Map<String, ?> args, Session session) {
    ToolResult result = mcp.call(tool, args, session);
    RenderedResult rendered = mcp.sanitizer().render(result);
    assertFalse(rendered.isError());
    assertNotNull(rendered.structuredContent(), "structured content");
    return rendered;
  }

  /** Calls and expects a failure; returns the exception. */
  public static SentryMcpException failure(SentryMcp mcp, String tool, Map<String, ?> args, Session session) {
    try {
      mcp.call(tool, args, session);
    } catch (SentryMcpException e) {
      return e;
    }
    return fail("expected " + tool + " to fail");
  }

  /**
   * Asserts that {@code value} appears inside an untrusted-data region as a whole value (the whole of an inline
   * region, or a whole field value, table cell or line of a block region). For free Sentry text; a value of a closed
   * grammar (numbers, hex ids, enum words) may be shown bare and is checked with {@link Sanitized#assertShown}.
   */
  public static void assertData(String text, String value) {
    Sanitized.assertWellFormed(text);
    Sanitized.assertWholeValueInData(text, value);
  }

  /**
   * The cursor is shown as Sentry gave it: bare when it is a closed-grammar value (Sentry's cursors {@code 0:25:0}
   * look like an address), otherwise inside a region.
   */
  public static void assertCursorShown(String text, String cursor) {
    if (io.github.sentrymcp.core.internal.render.BareValues.isBare(cursor)) {
      Sanitized.assertShown(text, cursor);
    } else {
      Sanitized.assertInData(text, cursor);
      Sanitized.assertNotOutsideData(text, cursor);
    }
  }

  /** The provenance the sanitizer put in {@code _meta}. */
  public static Map<String, Object> provenance(RenderedResult r) {
    assertNotNull(r.meta(), "meta");
    return map(r.meta().get("io.github.sentrymcp/provenance"));
  }

  /**
   * The text's regions and the provenance agree: every region opens with the provenance's nonce, and there is one
   * {@code regions} entry per region, in order, each with its sources and trust classes.
   */
  public static List<Map<String, Object>> assertRegionsMatchMeta(RenderedResult r) {
    Map<String, Object> p = provenance(r);
    String text = r.text();
    Sanitized.assertWellFormed(text);
    List<Sanitized.Region> regions = Sanitized.allRegions(text);
    for (Sanitized.Region region : regions) {
      assertEquals(p.get("nonce"), region.nonce(), text);
    }
    List<Map<String, Object>> meta = new ArrayList<>();
    for (Object o : list(p.get("regions"))) {
      Map<String, Object> m = map(o);
      assertFalse(list(m.get("sources")).isEmpty(), () -> "a region without sources: " + m);
      assertFalse(list(m.get("trust")).isEmpty(), () -> "a region without trust classes: " + m);
      for (Object source : list(m.get("sources"))) {
        assertFalse(String.valueOf(source).matches(".*\\[[0-9]+].*"), () -> "an indexed source: " + source);
      }
      meta.add(m);
    }
    assertEquals(regions.size(), meta.size(), () -> "regions in the text and in _meta:\n" + text + "\n" + p);
    return meta;
  }

  /** The {@code _meta} entry of the (first) region whose decoded body contains {@code value}. */
  public static Map<String, Object> regionMetaOf(RenderedResult r, String value) {
    List<Map<String, Object>> meta = assertRegionsMatchMeta(r);
    List<Sanitized.Region> regions = Sanitized.allRegions(r.text());
    for (int i = 0; i < regions.size(); i++) {
      if (regions.get(i).body().contains(value)) {
        return meta.get(i);
      }
    }
    return fail("not inside a data region: " + value + "\n" + r.text());
  }

  /** The requests the fake received (excluding none: the engine makes no other calls). */
  public static List<RecordedRequest> requests(FakeSentry fake) {
    return fake.journal();
  }

  /** Exactly one GET to {@code rawPath}; returns it. */
  public static RecordedRequest onlyGet(FakeSentry fake, String rawPath) {
    List<RecordedRequest> all = fake.journal();
    assertEquals(1, all.size(), () -> "requests: " + all);
    RecordedRequest r = all.get(0);
    assertEquals("GET", r.method());
    assertEquals(rawPath, r.rawPath());
    return r;
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(@Nullable Object o) {
    assertTrue(o instanceof Map, () -> "expected an object but got " + o);
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  public static List<Object> list(@Nullable Object o) {
    assertTrue(o instanceof List, () -> "expected an array but got " + o);
    return (List<Object>) o;
  }

  public static Map<String, Object> structured(RenderedResult r) {
    return map(r.structuredContent());
  }

  /** The descriptor as the engine knows it. */
  public static ToolDescriptor descriptor(SentryMcp mcp, String tool) {
    return mcp.tool(tool).orElseThrow().descriptor();
  }

  /** The names of the tools available to this session. */
  public static List<String> available(SentryMcp mcp, Session session) {
    List<String> out = new ArrayList<>();
    for (ToolDescriptor d : mcp.availableTools(session)) {
      out.add(d.name());
    }
    return out;
  }

  /** The advertised input properties of a tool for this session. */
  public static Map<String, Object> inputProperties(SentryMcp mcp, String tool, Session session) {
    for (ToolDescriptor d : mcp.availableTools(session)) {
      if (d.name().equals(tool)) {
        return map(d.inputSchema().get("properties"));
      }
    }
    return fail(tool + " is not available");
  }

  /** Shared descriptor checks: static description in house style, read-only annotations, a 2020-12 output schema. */
  public static void assertHouseStyle(ToolDescriptor d) {
    String desc = d.description();
    assertTrue(desc.length() < 2048, "description too long: " + desc.length());
    assertTrue(desc.contains("<examples>") && desc.contains("</examples>"), "examples");
    assertTrue(desc.endsWith("\n\n" + ToolSpec.REGIONS_NOTE), "the regions note ends the description");
    assertFalse(d.title().isBlank());
    assertTrue(d.annotations().readOnly());
    assertFalse(d.annotations().destructive());
    assertTrue(d.annotations().openWorld());
    Map<String, Object> out = d.outputSchema();
    assertNotNull(out, "output schema");
    // advertised structure only: no $schema, no property descriptions
    assertFalse(out.containsKey("$schema"));
    assertFalse(String.valueOf(out).contains("description="), () -> "descriptions in the output schema: " + out);
    assertEquals("object", out.get("type"));
  }

  /**
   * Validates a JSON value against the subset of JSON Schema the output schemas use: {@code type} (a name or a list
   * of names), {@code properties}, {@code required}, {@code additionalProperties: false} and {@code items}.
   */
  public static void assertConforms(Map<String, Object> schema, @Nullable Object value) {
    List<String> problems = new ArrayList<>();
    validate(schema, value, "", problems);
    assertTrue(problems.isEmpty(), () -> "structured content does not match its schema: " + problems);
  }

  private static void validate(Map<String, Object> schema, @Nullable Object value, String path,
      List<String> problems) {
    Object type = schema.get("type");
    List<String> types = new ArrayList<>();
    if (type instanceof String s) {
      types.add(s);
    } else if (type instanceof List<?> l) {
      for (Object o : l) {
        types.add((String) o);
      }
    }
    String actual = typeOf(value);
    boolean ok = types.isEmpty() || types.contains(actual) || (actual.equals("integer") && types.contains("number"));
    if (!ok) {
      problems.add(path + ": " + actual + " is not one of " + types);
      return;
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> props = schema.get("properties") == null ? Map.of() : map(schema.get("properties"));
      Object req = schema.get("required");
      if (req instanceof List<?> rl) {
        for (Object r : rl) {
          if (!m.containsKey(r)) {
            problems.add(path + ": required property " + r + " is missing");
          }
        }
      }
      for (Map.Entry<?, ?> e : m.entrySet()) {
        Object sub = props.get(e.getKey());
        if (sub == null) {
          // the advertised schemas leave out "additionalProperties": false (structure only), but every output
          // schema of this project is closed: an object is checked as closed unless it says otherwise
          if (!Boolean.TRUE.equals(schema.get("additionalProperties"))) {
            problems.add(path + ": property " + e.getKey() + " is not declared");
          }
          continue;
        }
        validate(map(sub), e.getValue(), path + "/" + e.getKey(), problems);
      }
    } else if (value instanceof List<?> l && schema.get("items") != null) {
      for (int i = 0; i < l.size(); i++) {
        validate(map(schema.get("items")), l.get(i), path + "/" + i, problems);
      }
    }
  }

  private static String typeOf(@Nullable Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String) {
      return "string";
    }
    if (v instanceof Boolean) {
      return "boolean";
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return "integer";
    }
    if (v instanceof Number) {
      return "number";
    }
    if (v instanceof Map) {
      return "object";
    }
    if (v instanceof List) {
      return "array";
    }
    return v.getClass().getName();
  }

  /** Query parameters of a recorded request as a plain map of first values. */
  public static Map<String, String> query(RecordedRequest r) {
    Map<String, String> out = new HashMap<>();
    r.queryParams().forEach((k, v) -> out.put(k, v.get(0)));
    return out;
  }

  /**
   * Walks a list tool with {@code nextCursor} until it is null and returns every item of {@code key}; checks each
   * request asks for 25 items and passes the previous cursor back.
   */
  public static List<Map<String, Object>> walk(SentryMcp mcp, FakeSentry fake, String tool, String key,
      Map<String, @Nullable Object> baseArgs, Session session) {
    List<Map<String, Object>> all = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < 50; page++) {
      fake.clearJournal();
      Map<String, @Nullable Object> a = new LinkedHashMap<>(baseArgs);
      if (cursor != null) {
        a.put("cursor", cursor);
      }
      RenderedResult r = call(mcp, tool, a, session);
      List<RecordedRequest> reqs = fake.journal();
      assertEquals(1, reqs.size(), () -> "requests: " + reqs);
      assertEquals("25", reqs.get(0).queryParam("per_page"));
      assertEquals(cursor, reqs.get(0).queryParam("cursor"));
      Map<String, Object> sc = structured(r);
      List<Object> items = list(sc.get(key));
      assertTrue(items.size() <= 25);
      for (Object o : items) {
        all.add(map(o));
      }
      Object next = sc.get("nextCursor");
      assertEquals(next != null, sc.get("hasMore"));
      if (next == null) {
        assertFalse(r.text().contains("Next page: "));
        return all;
      }
      assertEquals(25, items.size());
      assertCursorShown(r.text(), (String) next);
      assertTrue(r.text().contains("Next page: "));
      cursor = (String) next;
    }
    return fail("more than 50 pages");
  }
}
