package io.github.sentrymcp.core.internal.tools.snapshots;

import static io.github.sentrymcp.core.internal.tools.Rendering.cell;

import io.github.sentrymcp.api.result.Inline;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.core.internal.client.SentryJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** The image tables the snapshot tools share: one row per image, at most {@value #MAX_ROWS} per table. */
final class SnapshotRendering {
  /** Most rows of one image table. */
  static final int MAX_ROWS = 100;

  /** Longest description shown. */
  static final int MAX_DESCRIPTION = 200;

  private SnapshotRendering() {}

  /** How a table shows its images. */
  enum Style {
    /** Name, group, file. */
    PLAIN,
    /** Name, group, file, diff: comparison pairs. */
    CHANGED,
    /** Previous name, name, group, file: renamed pairs. */
    RENAMED,
    /** Name, group, file, description. */
    DESCRIBED
  }

  /** The image of an entry: {@code head_image} of a comparison pair, else the entry itself. */
  static SentryJson head(SentryJson entry) {
    SentryJson head = entry.get("head_image");
    return head.isObject() ? head : entry;
  }

  /** {@code image_file_name}, else {@code key}. */
  static SentryJson fileName(SentryJson image) {
    SentryJson file = image.get("image_file_name");
    return file.nonEmptyText() != null ? file : image.get("key");
  }

  /** The array {@code field} of {@code root}, empty when absent or not an array. */
  static List<SentryJson> list(SentryJson root, String field) {
    SentryJson a = root.get(field);
    return a.isArray() ? a.items() : List.of();
  }

  /**
   * A heading with the count, then the table (at most {@value #MAX_ROWS} rows, the rest counted in server text).
   *
   * @param total the count Sentry reports, or -1 to use the number of entries
   */
  static void section(ToolResult.Builder doc, String title, List<SentryJson> entries, long total, Style style) {
    long count = Math.max(total, entries.size());
    doc.heading(2, title + " (" + count + ")");
    if (entries.isEmpty()) {
      doc.paragraph("Sentry listed none of them.");
      return;
    }
    List<List<Inline>> rows = new ArrayList<>();
    for (SentryJson entry : entries.subList(0, Math.min(entries.size(), MAX_ROWS))) {
      SentryJson image = head(entry);
      List<Inline> row = new ArrayList<>();
      if (style == Style.RENAMED) {
        row.add(cell(entry.path("base_image", "display_name").nonEmptyText()));
      }
      row.add(cell(image.get("display_name").nonEmptyText()));
      row.add(cell(image.get("group").nonEmptyText()));
      row.add(cell(fileName(image).nonEmptyText()));
      if (style == Style.CHANGED) {
        row.add(Inline.text(diffPercent(entry.get("diff"))));
      }
      if (style == Style.DESCRIBED) {
        var d = image.get("description").nonEmptyText();
        row.add(cell(d == null ? null : d.truncate(MAX_DESCRIPTION)));
      }
      rows.add(row);
    }
    List<String> headers = switch (style) {
      case PLAIN -> List.of("Name", "Group", "File");
      case CHANGED -> List.of("Name", "Group", "File", "Diff");
      case RENAMED -> List.of("Previous name", "Name", "Group", "File");
      case DESCRIBED -> List.of("Name", "Group", "File", "Description");
    };
    doc.table(headers, rows);
    if (count > Math.min(entries.size(), MAX_ROWS)) {
      doc.paragraph("*" + (count - Math.min(entries.size(), MAX_ROWS)) + " more not listed.*");
    }
  }

  /** A diff fraction (0 to 1) as a percentage with one decimal, or a dash. */
  static String diffPercent(SentryJson diff) {
    OptionalDouble d = diff.asDouble();
    if (d.isEmpty() || !Double.isFinite(d.getAsDouble()) || d.getAsDouble() < 0) {
      return "-";
    }
    double v = d.getAsDouble();
    return String.format(Locale.ROOT, "%.1f%%", v <= 1 ? v * 100 : Math.min(v, 100));
  }

  /** A count field of the snapshot, or -1. */
  static long count(SentryJson root, String field) {
    OptionalLong n = root.get(field).asLong();
    return n.isPresent() && n.getAsLong() >= 0 ? n.getAsLong() : -1;
  }
}
