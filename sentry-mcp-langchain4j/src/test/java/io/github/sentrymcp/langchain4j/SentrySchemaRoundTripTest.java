package io.github.sentrymcp.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.internal.JsonSchemaElementJsonUtils;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import io.github.sentrymcp.api.SentryTool;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.core.SentryMcp;
import io.github.sentrymcp.langchain4j.internal.JsonSchemas;
import io.github.sentrymcp.testkit.FakeSentry;
import io.github.sentrymcp.testkit.FakeSentryExtension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every input schema of the catalog survives the conversion to LangChain4j: converted to a {@link JsonObjectSchema}
 * and written back by LangChain4j's own serialiser ({@link JsonSchemaElementJsonUtils#toMap}, the JSON Schema writer
 * of langchain4j-core), it equals the original. The only normalisations are the root's keywords a {@link
 * JsonObjectSchema} cannot hold ({@link JsonSchemas#DROPPED_ROOT_KEYWORDS}) and an empty root {@code properties} or
 * {@code required}, which LangChain4j does not write; numbers are compared as JSON numbers (both sides read from JSON
 * text).
 */
class SentrySchemaRoundTripTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension
  static final FakeSentryExtension SENTRY =
      FakeSentryExtension.of(FakeSentry.builder().requiredToken("sntrys_roundTrip0123456789abcdef"));

  private static FakeSentry fake;
  private static SentryMcp engine;

  @BeforeAll
  static void start() {
    fake = SENTRY.fake(); // started, reset before each test and closed by the extension
    engine = SentryMcp.create(SentryMcpConfig.builder().host(fake.hostAndPort()).insecureHttp(true).build());
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  @Test
  void everyToolOfTheCatalogRoundTripsThroughLangChain4jsSchemaWriter() throws Exception {
    List<SentryTool> tools = engine.allTools();
    assertTrue(tools.size() > 20, "the whole catalog: " + tools.size());
    Set<String> keywords = new TreeSet<>();
    int raw = 0;
    for (SentryTool tool : tools) {
      ToolDescriptor d = tool.descriptor();
      collectKeywords(d.inputSchema(), keywords);
      ToolSpecification spec = SentryToolProvider.specification(d);
      assertEquals(d.name(), spec.name());
      assertEquals(d.description(), spec.description());
      Map<String, Object> back = JsonSchemaElementJsonUtils.toMap(spec.parameters());
      assertEquals(normalised(d.inputSchema()), asJson(back), d.name());
      // and through LangChain4j's JSON form of a whole tool specification
      ToolSpecification reread = ToolSpecification.fromJson(spec.toJson());
      assertEquals(normalised(d.inputSchema()), asJson(JsonSchemaElementJsonUtils.toMap(reread.parameters())),
          d.name() + " via ToolSpecification JSON");
      raw += countRaw(spec.parameters());
    }
    // what the catalog uses: if a new construct appears, this test still holds (raw nodes keep it); the list says
    // what the typed elements had to cover
    assertTrue(keywords.containsAll(Set.of("type", "properties", "description", "required", "enum", "items")),
        keywords.toString());
    assertTrue(raw > 0, "keywords without a typed element (" + keywords + ") are kept as raw nodes");
  }

  @Test
  void constructsTheCatalogMayUseRoundTripToo() throws Exception {
    Map<String, Object> schema = JSON.readValue("""
        {"$schema":"https://json-schema.org/draft/2020-12/schema","title":"All","type":"object",
         "properties":{
           "s":{"type":"string","description":"plain"},
           "i":{"type":"integer"},
           "n":{"type":"number","description":"n"},
           "b":{"type":"boolean"},
           "e":{"type":"string","enum":["a","b"],"description":"e"},
           "untypedEnum":{"enum":["a","b"]},
           "numEnum":{"type":"integer","enum":[1,2]},
           "d":{"type":"integer","default":10,"minimum":1,"maximum":100},
           "f":{"type":"string","format":"date-time","pattern":"^\\\\d"},
           "arr":{"type":"array","items":{"type":"string"},"description":"arr"},
           "bounded":{"type":"array","items":{"type":"integer"},"maxItems":3},
           "nested":{"type":"object","properties":{"x":{"type":"string"}},"required":["x"],
                     "additionalProperties":false},
           "map":{"type":"object","additionalProperties":{"type":"string"}},
           "emptyObject":{"type":"object","properties":{}},
           "anyOf":{"anyOf":[{"type":"string"},{"type":"integer"}],"description":"either"},
           "types":{"type":["string","null"]},
           "ref":{"$ref":"#/$defs/thing"},
           "nullable":{"type":"null"}
         },
         "required":["s"],
         "additionalProperties":false,
         "$defs":{"thing":{"type":"object","properties":{"y":{"type":"boolean"}}}}}
        """, Map.class);
    JsonObjectSchema parameters = JsonSchemas.parameters(schema);
    assertEquals(normalised(schema), asJson(JsonSchemaElementJsonUtils.toMap(parameters)));
    Map<String, JsonSchemaElement> p = parameters.properties();
    assertInstanceOf(JsonEnumSchema.class, p.get("e"));
    assertInstanceOf(JsonArraySchema.class, p.get("arr"));
    assertInstanceOf(JsonObjectSchema.class, p.get("nested"));
    for (String kept : List.of("untypedEnum", "numEnum", "d", "f", "bounded", "map", "emptyObject", "types")) {
      assertInstanceOf(JsonRawSchema.class, p.get(kept), kept);
    }
  }

  @Test
  void aRootThatIsNotAnObjectSchemaIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> JsonSchemas.parameters(Map.of("type", "string")));
    assertThrows(IllegalArgumentException.class,
        () -> JsonSchemas.parameters(Map.of("type", "object", "additionalProperties", Map.of("type", "string"))));
    assertThrows(IllegalArgumentException.class, () -> JsonSchemas.parameters("[1]"));
    assertThrows(IllegalArgumentException.class, () -> JsonSchemas.parameters("{"));
  }

  /** The original as JSON would carry it, less what LangChain4j legitimately cannot hold at the root. */
  private static Object normalised(Map<String, Object> schema) throws Exception {
    Map<String, Object> root = new LinkedHashMap<>(schema);
    JsonSchemas.DROPPED_ROOT_KEYWORDS.forEach(root::remove);
    if (root.get("properties") instanceof Map<?, ?> p && p.isEmpty()) {
      root.remove("properties");
    }
    if (root.get("required") instanceof List<?> r && r.isEmpty()) {
      root.remove("required");
    }
    return asJson(root);
  }

  private static Object asJson(Map<String, Object> map) throws Exception {
    return JSON.readValue(JSON.writeValueAsString(map), Object.class);
  }

  private static void collectKeywords(Object node, Set<String> out) {
    if (node instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String k = String.valueOf(e.getKey());
        out.add(k);
        if (k.equals("properties") || k.equals("$defs")) {
          ((Map<?, ?>) e.getValue()).values().forEach(v -> collectKeywords(v, out));
        } else if (e.getValue() instanceof Map || e.getValue() instanceof List) {
          collectKeywords(e.getValue(), out);
        }
      }
    } else if (node instanceof List<?> l) {
      l.forEach(v -> collectKeywords(v, out));
    }
  }

  private static int countRaw(JsonSchemaElement e) {
    if (e instanceof JsonRawSchema) {
      return 1;
    }
    List<JsonSchemaElement> children = new ArrayList<>();
    if (e instanceof JsonObjectSchema o) {
      children.addAll(o.properties().values());
    } else if (e instanceof JsonArraySchema a && a.items() != null) {
      children.add(a.items());
    }
    return children.stream().mapToInt(SentrySchemaRoundTripTest::countRaw).sum();
  }

  @Test
  void theRawNodesAreJsonTheProviderSerialisersWriteVerbatim() {
    JsonObjectSchema p = JsonSchemas.parameters(Map.of("type", "object", "properties",
        Map.of("limit", Map.of("type", "integer", "default", 10))));
    assertFalse(p.properties().isEmpty());
    JsonRawSchema raw = (JsonRawSchema) p.properties().get("limit");
    assertTrue(raw.schema().contains("\"default\":10"), raw.schema());
  }
}
