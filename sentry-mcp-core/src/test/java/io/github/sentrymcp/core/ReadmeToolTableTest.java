package io.github.sentrymcp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolDescriptor;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's tool table is the catalog's: each tool under its skill with the scopes it needs and whether it changes
 * data. A new tool, skill or scope fails this test until the README says so; the failure prints the table to paste.
 */
class ReadmeToolTableTest {
  private static final String START = "<!-- tool-table:start (generated from the catalog, checked by ReadmeToolTableTest) -->";
  private static final String END = "<!-- tool-table:end -->";

  /** The skills in the order the table groups them; a tool sits under the first of its skills here. */
  private static final List<Skill> ORDER =
      List.of(Skill.INSPECT, Skill.TRIAGE, Skill.SEER, Skill.PROJECT_MANAGEMENT, Skill.DOCS);

  static String table() {
    SentryMcp mcp = SentryMcp.create(SentryMcpConfig.builder().host("127.0.0.1:9").insecureHttp(true).build());
    Map<String, List<ToolDescriptor>> groups = new LinkedHashMap<>();
    groups.put("every skill", new ArrayList<>());
    ORDER.forEach(s -> groups.put(s.id(), new ArrayList<>()));
    for (ToolDescriptor d : mcp.allTools().stream().map(t -> t.descriptor()).toList()) {
      Set<Skill> active = EnumSet.noneOf(Skill.class);
      active.addAll(d.skills());
      active.removeIf(Skill::deprecated);
      if (active.containsAll(Skill.active())) {
        groups.get("every skill").add(d);
      } else {
        Skill home = ORDER.stream().filter(d.skills()::contains).findFirst().orElseThrow();
        groups.get(home.id()).add(d);
      }
    }
    StringBuilder out = new StringBuilder("| skill | tool | scopes | changes data |\n|---|---|---|---|\n");
    groups.forEach((skill, tools) -> {
      for (ToolDescriptor d : tools) {
        String scopes = d.requiredScopes().isEmpty() ? "–"
            : d.requiredScopes().stream().map(Scope::id).sorted().map(s -> "`" + s + "`")
                .collect(Collectors.joining(", "));
        String also = ORDER.stream().filter(d.skills()::contains).map(Skill::id)
            .filter(s -> !s.equals(skill)).collect(Collectors.joining(", "));
        String kind = d.annotations().readOnly() ? "no" : d.annotations().destructive() ? "yes (destructive)" : "yes";
        out.append("| ").append(skill).append(" | `").append(d.name()).append('`')
            .append(also.isEmpty() || skill.equals("every skill") ? "" : " (also " + also + ")")
            .append(" | ").append(scopes).append(" | ").append(kind).append(" |\n");
      }
    });
    return out.toString();
  }

  @Test
  void theReadmeToolTableIsTheCatalogs() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    int start = readme.indexOf(START);
    int end = readme.indexOf(END);
    assertTrue(start >= 0 && end > start, "README.md has the tool-table markers");
    String actual = readme.substring(start + START.length(), end).strip() + "\n";
    String expected = table();
    assertEquals(expected, actual, "README's tool table differs from the catalog; the table to paste:\n" + expected);
  }
}
