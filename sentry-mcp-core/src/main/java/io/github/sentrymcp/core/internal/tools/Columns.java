package io.github.sentrymcp.core.internal.tools;

import static io.github.sentrymcp.core.internal.tools.OutputSchemas.array;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableInteger;
import static io.github.sentrymcp.core.internal.tools.OutputSchemas.nullableString;

import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.Structured;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.schema.InputSchema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The columns of a list result, declared once. A column is a label in the markdown and a property of the structured
 * items, with the property's output schema and how its value is read from an item. From the one declaration come
 * the markdown ({@link #table} or {@link #sections}), the structured array ({@link #structured}) and the items'
 * output schema ({@link #itemSchema}, {@link #arraySchema}), so the three cannot drift apart.
 *
 * <pre>{@code
 * static final Columns<SentryJson> TEAMS = Columns.<SentryJson>builder()
 *     .column("ID", "id", string("Team id."), t -> t.get("id").nonEmptyText())
 *     .column("Slug", "slug", string("Team slug."), t -> t.get("slug").nonEmptyText())
 *     .column("Name", "name", nullableString("Team name."), t -> t.get("name").nonEmptyText())
 *     .displayOrder("Slug", "Name", "ID")
 *     .skipItemsWithout("slug")
 *     .build();
 * }</pre>
 *
 * <p>Values from Sentry stay {@link Untrusted}: a table cell or field shows them as data, the structured items carry
 * them as data. Labels, property names and the text shown for an absent value are server text.
 *
 * <ul>
 *   <li>Properties (and the item schema) are in the order the columns are declared; the markdown shows the columns in
 *       that order too, unless {@link Builder#displayOrder} gives another.
 *   <li>An absent value is a dash in a table cell and no field at all in a section (or the column's own absent text,
 *       in both). A table leaves out a column whose every cell is the plain dash of an absent value, and a column whose every cell
 *       repeats the Sentry text of an earlier column (a name that is its slug). In the structured items it is null, or the empty string when the column's schema does not allow
 *       null ({@code string(...)} rather than {@code nullableString(...)}), so the items always match their schema.
 *   <li>An item without a value in a column named by {@link Builder#skipItemsWithout} is left out of everything.
 * </ul>
 *
 * @param <T> the item type, usually {@link SentryJson}
 */
public final class Columns<T> {
  private final List<Column<T>> columns;
  private final List<Column<T>> display;
  private final List<Column<T>> required;

  private Columns(List<Column<T>> columns, List<Column<T>> display, List<Column<T>> required) {
    this.columns = List.copyOf(columns);
    this.display = List.copyOf(display);
    this.required = List.copyOf(required);
  }

  public static <T> Builder<T> builder() {
    return new Builder<>();
  }

  /** The items that are shown: those with a value in every column named by {@link Builder#skipItemsWithout}. */
  public List<T> shown(List<T> items) {
    List<T> out = new ArrayList<>();
    for (T item : items) {
      if (required.stream().allMatch(c -> c.present(item))) {
        out.add(item);
      }
    }
    return out;
  }

  /**
   * Adds a table of the shown items, one row each, or the paragraph {@code whenEmpty} when none is shown.
   *
   * @return how many rows the table has
   * @throws IllegalStateException when a column cannot be a table cell (a list or a nested object)
   */
  public int table(ToolResult.Builder doc, List<T> items, String whenEmpty) {
    return table(doc, items, whenEmpty, null);
  }

  /**
   * {@link #table(ToolResult.Builder, List, String)} showing only the columns whose property is in {@code fields}
   * (all when null; see {@link #fieldsParam}).
   */
  public int table(ToolResult.Builder doc, List<T> items, String whenEmpty, @Nullable Collection<String> fields) {
    List<T> shown = shown(items);
    if (shown.isEmpty()) {
      doc.paragraph(whenEmpty);
      return 0;
    }
    List<Column<T>> cols = new ArrayList<>();
    for (Column<T> c : display) {
      if ((fields == null || fields.contains(c.key())) && saysSomething(c, shown) && !repeats(c, cols, shown)) {
        cols.add(c);
      }
    }
    List<List<Inline>> rows = new ArrayList<>();
    for (T item : shown) {
      List<Inline> row = new ArrayList<>();
      for (Column<T> c : cols) {
        row.add(c.cell(item));
      }
      rows.add(row);
    }
    doc.table(cols.stream().map(Column::header).toList(), rows);
    return rows.size();
  }

  /**
   * Whether some cell of {@code c} shows more than the plain dash of an absent value (a value, or the column's own
   * absent text such as "not available"). Throws, as {@link Column#cell} does, for a column that cannot be a cell.
   */
  private static <T> boolean saysSomething(Column<T> c, List<T> items) {
    boolean any = false;
    for (T item : items) {
      if (!(c.cell(item) instanceof Inline.Text t && t.text().equals("-"))) {
        any = true;
      }
    }
    return any;
  }

  /** Whether every cell of {@code c} shows the same Sentry text as the cell of one earlier column. */
  private static <T> boolean repeats(Column<T> c, List<Column<T>> earlier, List<T> items) {
    for (Column<T> e : earlier) {
      boolean same = true;
      for (T item : items) {
        if (!(c.cell(item) instanceof Inline.Data a) || !(e.cell(item) instanceof Inline.Data b)
            || !a.value().sameText(b.value())) {
          same = false;
          break;
        }
      }
      if (same) {
        return true;
      }
    }
    return false;
  }

  /**
   * Adds one section per shown item: a heading {@code title} followed by the item's number (1, 2, ...) at {@code
   * level}, then a field per column; a nested column adds its own section one level down.
   *
   * @return how many sections were added
   */
  public int sections(ToolResult.Builder doc, List<T> items, int level, String title) {
    return sections(doc, items, level, title, null);
  }

  /** {@link #sections(ToolResult.Builder, List, int, String)} with only the columns named in {@code fields}. */
  public int sections(ToolResult.Builder doc, List<T> items, int level, String title,
      @Nullable Collection<String> fields) {
    int n = 0;
    for (T item : shown(items)) {
      n++;
      doc.heading(level, title + " " + n);
      for (Column<T> c : display) {
        if (fields == null || fields.contains(c.key())) {
          c.field(doc, item, level);
        }
      }
    }
    return n;
  }

  /**
   * The optional {@code fields} parameter of a list tool: which of the shown columns (by property name) the result
   * text has. The structured items always have every property.
   */
  public InputSchema.Param fieldsParam() {
    return InputSchema.builder()
        .stringArray("fields", "Only these fields in the result text (default: all).")
        .enumValues(display.stream().map(Column::key).toList())
        .nullable()
        .param();
  }

  /** The {@code fields} argument, or null for all. */
  public static @Nullable List<String> fields(Args args) {
    List<String> f = args.strings("fields");
    return f.isEmpty() ? null : f;
  }

  /** The fields of one item (no heading), in display order. */
  public void fields(ToolResult.Builder doc, T item, int level) {
    for (Column<T> c : display) {
      c.field(doc, item, level);
    }
  }

  /** The shown items as structured objects. */
  public Structured.Arr structured(List<T> items) {
    List<Structured> out = new ArrayList<>();
    for (T item : shown(items)) {
      out.add(object(item));
    }
    return Structured.array(out);
  }

  /** One item as a structured object (whether or not it would be shown). */
  public Structured.Obj object(T item) {
    Structured.ObjBuilder b = Structured.object();
    for (Column<T> c : columns) {
      b.put(c.key(), c.structured(item));
    }
    return b.build();
  }

  /** The output schema of one item: an object with every column's property, all required, no others. */
  public Map<String, Object> itemSchema() {
    return OutputSchemas.object(properties());
  }

  /** The output schema of the items as an array. */
  public Map<String, Object> arraySchema(String description) {
    return array(itemSchema(), description);
  }

  /** Like {@link #itemSchema()}, but the item may also be null. */
  public Map<String, Object> nullableItemSchema() {
    return OutputSchemas.nullableObject(properties());
  }

  private Object[] properties() {
    Object[] props = new Object[columns.size() * 2];
    for (int i = 0; i < columns.size(); i++) {
      props[2 * i] = columns.get(i).key();
      props[2 * i + 1] = columns.get(i).schema();
    }
    return props;
  }

  // ------------------------------------------------------------------ columns

  /** One column: its label, property, schema and how it renders an item. */
  private interface Column<T> {
    String header();

    String key();

    Map<String, Object> schema();

    /** Whether the item has a value in this column. */
    boolean present(T item);

    Inline cell(T item);

    void field(ToolResult.Builder doc, T item, int level);

    Structured structured(T item);
  }

  /** A text value from Sentry. */
  private record Text<T>(String header, String key, Map<String, Object> schema,
      Function<T, @Nullable Untrusted> value, @Nullable String absent) implements Column<T> {
    @Override
    public boolean present(T item) {
      return value.apply(item) != null;
    }

    @Override
    public Inline cell(T item) {
      Untrusted v = value.apply(item);
      return v != null ? Inline.data(v) : Inline.text(absent == null ? "-" : absent);
    }

    @Override
    public void field(ToolResult.Builder doc, T item, int level) {
      Untrusted v = value.apply(item);
      if (v != null) {
        doc.field(header, v);
      } else if (absent != null) {
        doc.fieldText(header, absent);
      }
    }

    @Override
    public Structured structured(T item) {
      Untrusted v = value.apply(item);
      if (v == null) {
        return OutputSchemas.allowsNull(schema) ? Structured.NULL : Structured.str("");
      }
      return Structured.of(v);
    }
  }

  /**
   * A Sentry timestamp: shown as ISO-8601 (UTC) server text when it parses, else as the data Sentry sent; the
   * structured value is Sentry's text.
   */
  private record Timestamp<T>(String header, String key, Map<String, Object> schema,
      Function<T, SentryJson> value) implements Column<T> {
    @Override
    public boolean present(T item) {
      return value.apply(item).nonEmptyText() != null;
    }

    @Override
    public Inline cell(T item) {
      SentryJson v = value.apply(item);
      String iso = Rendering.isoTimestamp(v);
      return iso != null ? Inline.text(iso) : Rendering.cell(v.nonEmptyText());
    }

    @Override
    public void field(ToolResult.Builder doc, T item, int level) {
      Rendering.timestampField(doc, header, value.apply(item));
    }

    @Override
    public Structured structured(T item) {
      return Structured.of(value.apply(item).nonEmptyText());
    }
  }

  /** A whole number. */
  private record Count<T>(String header, String key, Map<String, Object> schema,
      Function<T, OptionalLong> value) implements Column<T> {
    @Override
    public boolean present(T item) {
      return value.apply(item).isPresent();
    }

    @Override
    public Inline cell(T item) {
      OptionalLong v = value.apply(item);
      return Inline.text(v.isPresent() ? Long.toString(v.getAsLong()) : "-");
    }

    @Override
    public void field(ToolResult.Builder doc, T item, int level) {
      OptionalLong v = value.apply(item);
      if (v.isPresent()) {
        doc.fieldText(header, Long.toString(v.getAsLong()));
      }
    }

    @Override
    public Structured structured(T item) {
      OptionalLong v = value.apply(item);
      return v.isPresent() ? Structured.of(v.getAsLong()) : Structured.NULL;
    }
  }

  /** A list of texts from Sentry: one field, the values separated by commas; a structured array. */
  private record TextList<T>(String header, String key, Map<String, Object> schema,
      Function<T, List<Untrusted>> value) implements Column<T> {
    @Override
    public boolean present(T item) {
      return !value.apply(item).isEmpty();
    }

    @Override
    public Inline cell(T item) {
      throw new IllegalStateException("the list column " + key + " cannot be a table cell");
    }

    @Override
    public void field(ToolResult.Builder doc, T item, int level) {
      List<Inline> inline = new ArrayList<>();
      for (Untrusted v : value.apply(item)) {
        if (!inline.isEmpty()) {
          inline.add(Inline.text(", "));
        }
        inline.add(Inline.data(v));
      }
      if (!inline.isEmpty()) {
        doc.field(header, inline.toArray(new Inline[0]));
      }
    }

    @Override
    public Structured structured(T item) {
      return Structured.array(value.apply(item).stream().map(Structured::of).toList());
    }
  }

  /**
   * An object of its own columns: a section (heading one level down, then its fields) when shown, else nothing; a
   * nested structured object, or null.
   */
  private record Nested<T>(String header, String key, Columns<SentryJson> of, Function<T, SentryJson> value)
      implements Column<T> {
    @Override
    public Map<String, Object> schema() {
      return of.nullableItemSchema();
    }

    @Override
    public boolean present(T item) {
      return !of.shown(List.of(value.apply(item))).isEmpty();
    }

    @Override
    public Inline cell(T item) {
      throw new IllegalStateException("the nested column " + key + " cannot be a table cell");
    }

    @Override
    public void field(ToolResult.Builder doc, T item, int level) {
      if (present(item)) {
        doc.heading(level + 1, header);
        of.fields(doc, value.apply(item), level + 1);
      }
    }

    @Override
    public Structured structured(T item) {
      return present(item) ? of.object(value.apply(item)) : Structured.NULL;
    }
  }

  // ------------------------------------------------------------------ builder

  /** Declares the columns, in the order of the structured properties. */
  public static final class Builder<T> {
    private final Map<String, Column<T>> byKey = new LinkedHashMap<>();
    private final List<String> displayHeaders = new ArrayList<>();
    private final List<String> requiredKeys = new ArrayList<>();

    private Builder() {}

    /**
     * A text column.
     *
     * @param header the label in the markdown (table header or field label)
     * @param key the property of the structured items
     * @param schema the property's output schema, e.g. {@code string("Team id.")} or {@code nullableString(...)}
     * @param value the item's value; null when absent
     */
    public Builder<T> column(String header, String key, Map<String, Object> schema,
        Function<T, @Nullable Untrusted> value) {
      return add(new Text<>(header, key, schema, value, null));
    }

    /** A text column that shows the server text {@code absent} where the item has no value. */
    public Builder<T> column(String header, String key, Map<String, Object> schema,
        Function<T, @Nullable Untrusted> value, String absent) {
      return add(new Text<>(header, key, schema, value, Objects.requireNonNull(absent, "absent")));
    }

    /** A Sentry timestamp (schema: a nullable string with {@code description}). */
    public Builder<T> timestamp(String header, String key, String description, Function<T, SentryJson> value) {
      return add(new Timestamp<>(header, key, nullableString(description), value));
    }

    /** A whole number (schema: a nullable integer with {@code description}). */
    public Builder<T> count(String header, String key, String description, Function<T, OptionalLong> value) {
      return add(new Count<>(header, key, nullableInteger(description), value));
    }

    /** A list of texts; {@code schema} is an array schema. Not for tables. */
    public Builder<T> list(String header, String key, Map<String, Object> schema,
        Function<T, List<Untrusted>> value) {
      return add(new TextList<>(header, key, schema, value));
    }

    /**
     * An object described by its own columns (schema: their nullable item schema); shown as a section titled
     * {@code header} when the nested value is shown by {@code of}. Not for tables.
     */
    public Builder<T> nested(String header, String key, Columns<SentryJson> of, Function<T, SentryJson> value) {
      return add(new Nested<>(header, key, of, value));
    }

    /**
     * The columns the markdown shows, by header, in this order (default: all, in declaration order). A column left
     * out is only in the structured items.
     */
    public Builder<T> displayOrder(String... headers) {
      displayHeaders.clear();
      displayHeaders.addAll(List.of(headers));
      return this;
    }

    /** Items without a value in this column (by key) are left out of the markdown and the structured items. */
    public Builder<T> skipItemsWithout(String key) {
      requiredKeys.add(key);
      return this;
    }

    private Builder<T> add(Column<T> c) {
      Objects.requireNonNull(c.header(), "header");
      if (byKey.putIfAbsent(c.key(), c) != null) {
        throw new IllegalArgumentException("two columns have the property " + c.key());
      }
      return this;
    }

    /**
     * The columns.
     *
     * @throws IllegalArgumentException when the display order names a column twice or names none, or a key
     *     to skip by is not a column
     */
    public Columns<T> build() {
      List<Column<T>> all = List.copyOf(byKey.values());
      List<Column<T>> display = all;
      if (!displayHeaders.isEmpty()) {
        display = new ArrayList<>();
        for (String h : displayHeaders) {
          Column<T> c = all.stream().filter(x -> x.header().equals(h)).findFirst()
              .orElseThrow(() -> new IllegalArgumentException("no column has the header " + h));
          if (display.contains(c)) {
            throw new IllegalArgumentException("the header " + h + " is in the display order twice");
          }
          display.add(c);
        }

      }
      List<Column<T>> required = new ArrayList<>();
      for (String k : requiredKeys) {
        Column<T> c = byKey.get(k);
        if (c == null) {
          throw new IllegalArgumentException("no column has the property " + k);
        }
        required.add(c);
      }
      return new Columns<>(all, display, required);
    }
  }
}
