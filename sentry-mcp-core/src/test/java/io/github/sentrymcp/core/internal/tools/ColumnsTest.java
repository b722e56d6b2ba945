package io.github.sentrymcp.core.internal.tools;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.array;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableInteger;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableObject;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.object;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.sentrymcp.api.result.Block;
import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.SentryJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** One column declaration, three renderings: the markdown, the structured items and their schema. */
class ColumnsTest {
  static final Columns<SentryJson> TEAMS = Columns.<SentryJson>builder()
      .column("ID", "id", string("Team id."), t -> t.get("id").nonEmptyText())
      .column("Slug", "slug", string("Team slug."), t -> t.get("slug").nonEmptyText())
      .column("Name", "name", nullableString("Team name."), t -> t.get("name").nonEmptyText())
      .displayOrder("Slug", "Name", "ID")
      .skipItemsWithout("slug")
      .build();

  static final Columns<SentryJson> COMMIT = Columns.<SentryJson>builder()
      .column("Commit ID", "id", string("Commit id."), c -> c.get("id").nonEmptyText())
      .timestamp("Commit Date", "dateCreated", "Commit date.", c -> c.get("dateCreated"))
      .skipItemsWithout("id")
      .build();

  static final Columns<SentryJson> RELEASES = Columns.<SentryJson>builder()
      .column("Version", "version", string("Version."), r -> r.get("version").nonEmptyText())
      .column("Status", "status", nullableString("Status."), r -> r.get("status").nonEmptyText(), "unknown")
      .count("New Issues", "newIssues", "New issues.", r -> r.get("newGroups").asLong())
      .list("Projects", "projects", array(string("Slug."), "Projects."),
          r -> r.get("projects").items().stream().map(SentryJson::nonEmptyText).filter(Objects::nonNull).toList())
      .nested("Last Commit", "lastCommit", COMMIT, r -> r.get("lastCommit"))
      .build();

  static List<SentryJson> items(String json) throws Exception {
    return SentryJson.root(JsonMapper.builder().build().readTree(json), "items", TrustClass.UNTRUSTED_AUTHENTICATED)
        .items();
  }

  /** Blocks as text: data in angle brackets, so what is data and what is server text shows. */
  static List<String> blocks(ToolResult.Builder doc) {
    List<String> out = new ArrayList<>();
    for (Block b : doc.build().blocks()) {
      if (b instanceof Block.Heading h) {
        out.add("#" + h.level() + " " + h.text());
      } else if (b instanceof Block.Paragraph p) {
        out.add(inline(p.content()));
      } else if (b instanceof Block.Field f) {
        out.add(f.label() + ": " + inline(f.value()));
      } else if (b instanceof Block.Table t) {
        out.add(String.join("|", t.headers()));
        for (List<Inline> row : t.rows()) {
          out.add(row.stream().map(i -> inline(List.of(i))).collect(Collectors.joining("|")));
        }
      } else {
        out.add(b.toString());
      }
    }
    return out;
  }

  static String inline(List<Inline> content) {
    StringBuilder sb = new StringBuilder();
    for (Inline i : content) {
      if (i instanceof Inline.Data d) {
        sb.append('<').append(d.value().rawValue()).append('>');
      } else if (i instanceof Inline.Text t) {
        sb.append(t.text());
      } else {
        sb.append(i);
      }
    }
    return sb.toString();
  }

  @Test
  void aTableShowsTheItemsWithTheKeyColumnInDisplayOrder() throws Exception {
    ToolResult.Builder doc = ToolResult.builder();
    int rows = TEAMS.table(doc, items("[{\"id\": \"1\", \"slug\": \"backend\", \"name\": \"Backend\"},"
        + " {\"id\": null, \"slug\": \"web\"}, {\"id\": \"3\", \"name\": \"no slug\"}]"), "No teams.");
    assertEquals(2, rows);
    assertEquals(List.of("Slug|Name|ID", "<backend>|<Backend>|<1>", "<web>|-|-"), blocks(doc));
  }

  @Test
  void anEmptyTableIsTheSentenceGiven() throws Exception {
    ToolResult.Builder doc = ToolResult.builder();
    assertEquals(0, TEAMS.table(doc, items("[{\"id\": \"3\"}]"), "No teams."));
    assertEquals(List.of("No teams."), blocks(doc));
  }

  @Test
  void structuredItemsFollowTheDeclarationAndMatchTheirSchema() throws Exception {
    Structured.Arr arr = TEAMS.structured(items("[{\"id\": \"1\", \"slug\": \"backend\", \"name\": \"Backend\"},"
        + " {\"slug\": \"web\"}, {\"id\": \"3\"}]"));
    assertEquals(2, arr.items().size());
    Structured.Obj first = (Structured.Obj) arr.items().get(0);
    assertEquals(List.of("id", "slug", "name"), List.copyOf(first.fields().keySet()));
    assertEquals("backend", ((Structured.Data) first.fields().get("slug")).value().rawValue());
    Structured.Obj second = (Structured.Obj) arr.items().get(1);
    // id's schema does not allow null: an absent id is the empty string; name's does: null
    assertEquals(Structured.str(""), second.fields().get("id"));
    assertEquals(Structured.NULL, second.fields().get("name"));
    assertEquals(object("id", string("Team id."), "slug", string("Team slug."), "name",
        nullableString("Team name.")), TEAMS.itemSchema());
    assertEquals(array(TEAMS.itemSchema(), "The teams."), TEAMS.arraySchema("The teams."));
  }

  @Test
  void sectionsShowEachItemsFieldsAndNestedObjects() throws Exception {
    ToolResult.Builder doc = ToolResult.builder();
    int n = RELEASES.sections(doc, items("[{\"version\": \"1.0\", \"newGroups\": 3, \"projects\": [{}, \"a\","
        + " \"b\"], \"lastCommit\": {\"id\": \"abc\", \"dateCreated\": \"2025-01-02T03:04:05Z\"}},"
        + " {\"version\": \"2.0\", \"status\": \"open\", \"lastCommit\": {\"dateCreated\": \"soon\"}}]"),
        2, "Release");
    assertEquals(2, n);
    assertEquals(List.of(
        "#2 Release 1", "Version: <1.0>", "Status: unknown", "New Issues: 3", "Projects: <a>, <b>",
        "#3 Last Commit", "Commit ID: <abc>", "Commit Date: 2025-01-02T03:04:05Z",
        "#2 Release 2", "Version: <2.0>", "Status: <open>"), blocks(doc));
  }

  @Test
  void nestedListAndCountColumnsHaveTheirStructuredFormAndSchema() throws Exception {
    Structured.Arr arr = RELEASES.structured(items("[{\"version\": \"1.0\", \"projects\": [\"a\"],"
        + " \"lastCommit\": {\"id\": \"abc\", \"dateCreated\": \"soon\"}}, {\"version\": \"2.0\", \"newGroups\": 7}]"));
    Structured.Obj first = (Structured.Obj) arr.items().get(0);
    assertEquals(Structured.NULL, first.fields().get("newIssues"));
    Structured.Obj commit = (Structured.Obj) first.fields().get("lastCommit");
    // a timestamp's structured value is Sentry's text, parsed or not
    assertEquals("soon", ((Structured.Data) commit.fields().get("dateCreated")).value().rawValue());
    assertEquals(1, ((Structured.Arr) first.fields().get("projects")).items().size());
    Structured.Obj second = (Structured.Obj) arr.items().get(1);
    assertEquals(Structured.of(7L), second.fields().get("newIssues"));
    assertEquals(Structured.NULL, second.fields().get("lastCommit"));
    assertEquals(object(
        "version", string("Version."),
        "status", nullableString("Status."),
        "newIssues", nullableInteger("New issues."),
        "projects", array(string("Slug."), "Projects."),
        "lastCommit", nullableObject("id", string("Commit id."), "dateCreated", nullableString("Commit date."))),
        RELEASES.itemSchema());
  }

  @Test
  void aColumnWithoutValuesOrRepeatingAnEarlierColumnIsLeftOutOfTheTable() throws Exception {
    ToolResult.Builder doc = ToolResult.builder();
    // no item has an id: the ID column goes; every name is its slug: the Name column goes
    TEAMS.table(doc, items("[{\"slug\": \"backend\", \"name\": \"backend\"}, {\"slug\": \"web\","
        + " \"name\": \"web\"}]"), "No teams.");
    assertEquals(List.of("Slug", "<backend>", "<web>"), blocks(doc));
    // one name differs from its slug: the column stays, with a dash where there is none
    ToolResult.Builder other = ToolResult.builder();
    TEAMS.table(other, items("[{\"slug\": \"backend\", \"name\": \"Backend\"}, {\"slug\": \"web\","
        + " \"name\": \"web\"}, {\"slug\": \"ops\"}]"), "No teams.");
    assertEquals(List.of("Slug|Name", "<backend>|<Backend>", "<web>|<web>", "<ops>|-"), blocks(other));
    // the left-out columns are still in the structured items
    Structured.Obj first = (Structured.Obj) TEAMS.structured(items("[{\"slug\": \"backend\","
        + " \"name\": \"backend\"}]")).items().get(0);
    assertEquals(List.of("id", "slug", "name"), List.copyOf(first.fields().keySet()));
  }

  @Test
  void listAndNestedColumnsAreNoTableCells() throws Exception {
    // a list or nested column can never be a cell, whether an item has a value in it or not
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> RELEASES.table(ToolResult.builder(), items("[{\"version\": \"1.0\", \"projects\": [\"a\"]}]"),
            "None."));
    assertTrue(e.getMessage().contains("projects"), e.getMessage());
    Columns<SentryJson> withNested = Columns.<SentryJson>builder()
        .column("Version", "version", string("Version."), r -> r.get("version").nonEmptyText())
        .nested("Last Commit", "lastCommit", COMMIT, r -> r.get("lastCommit"))
        .build();
    IllegalStateException nested = assertThrows(IllegalStateException.class,
        () -> withNested.table(ToolResult.builder(), items("[{\"version\": \"1.0\", \"lastCommit\":"
            + " {\"id\": \"abc\"}}]"), "None."));
    assertTrue(nested.getMessage().contains("lastCommit"), nested.getMessage());
    assertThrows(IllegalStateException.class,
        () -> RELEASES.table(ToolResult.builder(), items("[{\"version\": \"1.0\"}]"), "None."));
  }

  @Test
  void aColumnOfPlainDashesIsLeftOutButAColumnsOwnAbsentTextStays() throws Exception {
    Columns<SentryJson> cols = Columns.<SentryJson>builder()
        .column("Version", "version", string("Version."), r -> r.get("version").nonEmptyText())
        .column("Status", "status", nullableString("Status."), r -> r.get("status").nonEmptyText(), "unknown")
        .count("New Issues", "newIssues", "New issues.", r -> r.get("newGroups").asLong())
        .build();
    ToolResult.Builder doc = ToolResult.builder();
    assertEquals(1, cols.table(doc, items("[{\"version\": \"1.0\"}]"), "None."));
    // New Issues would be only a dash: left out; Status says "unknown", which is information: kept
    assertEquals(List.of("Version|Status", "<1.0>|unknown"), blocks(doc));
  }

  @Test
  void theDeclarationIsChecked() {
    assertThrows(IllegalArgumentException.class, () -> Columns.<SentryJson>builder()
        .column("ID", "id", string("Id."), t -> null).column("Other ID", "id", string("Id."), t -> null));
    assertThrows(IllegalArgumentException.class, () -> Columns.<SentryJson>builder()
        .column("ID", "id", string("Id."), t -> null).displayOrder("ID", "ID").build());
    assertThrows(IllegalArgumentException.class, () -> Columns.<SentryJson>builder()
        .column("ID", "id", string("Id."), t -> null).displayOrder("Name").build());
    assertThrows(IllegalArgumentException.class, () -> Columns.<SentryJson>builder()
        .column("ID", "id", string("Id."), t -> null).skipItemsWithout("slug").build());
  }

  @Test
  void aDisplayOrderMayLeaveOutAColumnWhichIsThenOnlyInTheStructuredItems() throws Exception {
    Columns<SentryJson> slugOnly = Columns.<SentryJson>builder()
        .column("ID", "id", string("Id."), t -> t.get("id").nonEmptyText())
        .column("Slug", "slug", string("Slug."), t -> t.get("slug").nonEmptyText())
        .displayOrder("Slug").build();
    ToolResult.Builder doc = ToolResult.builder();
    slugOnly.table(doc, items("[{\"id\": \"1\", \"slug\": \"backend\"}]"), "None.");
    assertEquals(List.of("Slug", "<backend>"), blocks(doc));
    Structured.Obj first = (Structured.Obj) slugOnly.structured(items("[{\"id\": \"1\", \"slug\": \"backend\"}]"))
        .items().get(0);
    assertEquals("1", ((Structured.Data) first.fields().get("id")).value().rawValue());
  }

  @Test
  void valuesStayData() throws Exception {
    Untrusted slug = items("[{\"slug\": \"x\"}]").get(0).get("slug").nonEmptyText();
    ToolResult.Builder doc = ToolResult.builder();
    TEAMS.table(doc, items("[{\"slug\": \"x\"}]"), "None.");
    Block.Table t = (Block.Table) doc.build().blocks().get(0);
    assertEquals(Inline.data(slug), t.rows().get(0).get(0));
  }
}
