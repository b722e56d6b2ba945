package io.github.sentrymcp.api.result;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A block of a tool's document. Only server-written text can be a heading, a label, a table header or a code
 * block; Sentry values appear only as {@link Inline.Data} runs or {@link DataBlock}s.
 */
public sealed interface Block
    permits Block.Heading,
        Block.Paragraph,
        Block.Field,
        Block.BulletList,
        Block.Table,
        Block.DataBlock,
        Block.CodeBlock {

  /**
   * A markdown heading of level 1 to 4, server text only.
   *
   * @param level 1 to 4
   * @param text server-written text
   */
  record Heading(int level, String text) implements Block {
    /**
     * Checks the level.
     *
     * @param level 1 to 4
     * @param text server-written text
     * @throws NullPointerException when {@code text} is null
     * @throws IllegalArgumentException when {@code level} is not 1 to 4
     */
    public Heading {
      Objects.requireNonNull(text, "text");
      if (level < 1 || level > 4) {
        throw new IllegalArgumentException("heading level must be 1..4");
      }
    }
  }

  /**
   * A paragraph of inline runs.
   *
   * @param content the runs, in order
   */
  record Paragraph(List<Inline> content) implements Block {
    /**
     * Copies the runs.
     *
     * @param content the runs, in order
     */
    public Paragraph {
      content = List.copyOf(content);
    }
  }

  /**
   * A labelled fact: {@code **Label**: value}.
   *
   * @param label server-written label
   * @param value the value's runs
   */
  record Field(String label, List<Inline> value) implements Block {
    /**
     * Copies the value's runs.
     *
     * @param label server-written label
     * @param value the value's runs
     * @throws NullPointerException when {@code label} is null
     */
    public Field {
      Objects.requireNonNull(label, "label");
      value = List.copyOf(value);
    }
  }

  /**
   * A bulleted list; each item is a list of inline runs.
   *
   * @param items the items, in order
   */
  record BulletList(List<List<Inline>> items) implements Block {
    /**
     * Copies the items.
     *
     * @param items the items, in order
     */
    public BulletList {
      items = items.stream().map(List::copyOf).toList();
    }
  }

  /**
   * A table with server-written column headers.
   *
   * @param headers server-written column headers
   * @param rows the rows, each a list of cells
   */
  record Table(List<String> headers, List<List<Inline>> rows) implements Block {
    /**
     * Copies the headers and rows.
     *
     * @param headers server-written column headers
     * @param rows the rows, each a list of cells
     */
    public Table {
      headers = List.copyOf(headers);
      rows = rows.stream().map(List::copyOf).toList();
    }
  }

  /**
   * A multi-line Sentry value (a stack frame's context, an attachment, a breadcrumb log), fenced as data.
   *
   * @param label a server-written label, or null
   * @param content the Sentry value
   */
  record DataBlock(@Nullable String label, Untrusted content) implements Block {
    /**
     * Checks the content.
     *
     * @param label a server-written label, or null
     * @param content the Sentry value
     * @throws NullPointerException when {@code content} is null
     */
    public DataBlock {
      Objects.requireNonNull(content, "content");
    }
  }

  /**
   * Server-written code (a JSON example, a suggested call).
   *
   * @param language the fence's language, such as {@code json}
   * @param code the code
   */
  record CodeBlock(String language, String code) implements Block {
    /**
     * Checks that both components are present.
     *
     * @param language the fence's language, such as {@code json}
     * @param code the code
     * @throws NullPointerException when {@code language} or {@code code} is null
     */
    public CodeBlock {
      Objects.requireNonNull(language, "language");
      Objects.requireNonNull(code, "code");
    }
  }
}
