package io.github.sentrymcp.core.internal.tools.events;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sentrymcp.api.ToolAnnotations;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.core.internal.tools.ToolSpec;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The dataset tools are on the default {@code tools/list}: each one's entry, as an MCP client receives it (name,
 * title, description with the regions note, input schema, annotations; no output schema), stays within 1,500 bytes.
 */
class DatasetToolsBudgetTest {
  static final int BUDGET = 1_500;
  static final List<ToolSpec> DATASET_TOOLS = List.of(SearchErrorsTool.SPEC, SearchLogsTool.SPEC,
      SearchTracesTool.SPEC, SearchMetricsTool.SPEC, SearchProfilesTool.SPEC, SearchReplaysTool.SPEC);

  /** The bytes of a tool's {@code tools/list} entry (UTF-8 JSON, as the MCP binding maps a descriptor). */
  static int entryBytes(ToolDescriptor d) throws Exception {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("name", d.name());
    entry.put("title", d.title());
    entry.put("description", d.description());
    entry.put("inputSchema", d.inputSchema());
    ToolAnnotations a = d.annotations();
    Map<String, Object> hints = new LinkedHashMap<>();
    hints.put("readOnlyHint", a.readOnly());
    hints.put("destructiveHint", a.destructive());
    if (a.idempotent() != null) {
      hints.put("idempotentHint", a.idempotent());
    }
    hints.put("openWorldHint", a.openWorld());
    entry.put("annotations", hints);
    return new ObjectMapper().writeValueAsString(entry).getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void eachDatasetToolsEntryIsAtMost1500Bytes() throws Exception {
    for (ToolSpec spec : DATASET_TOOLS) {
      ToolDescriptor d = spec.descriptor();
      assertNull(d.outputSchema(), spec.name() + ": markdown only, no output schema");
      int bytes = entryBytes(d);
      assertTrue(bytes <= BUDGET, spec.name() + ": " + bytes + " bytes in tools/list, budget " + BUDGET);
    }
  }
}
