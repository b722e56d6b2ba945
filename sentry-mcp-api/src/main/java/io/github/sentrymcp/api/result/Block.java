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

  /** A markdown heading of level 1 to 4, server text only. */
  record Heading(int level, String text) implements Block {
    public Heading {
      Objects.requireNonNull(text, "text");
      if (level < 1 || level > 4) {
        throw new IllegalArgumentException("heading level must be 1..4");
      }
    }
  }

  record Paragraph(List<Inline> content) implements Block {
    public Paragraph {
      content = List.copyOf(content);
    }
  }

  /** A labelled fact: {@code **Label**: value}. */
  record Field(String label, List<Inline> value) implements Block {
    public Field {
      Objects.requireNonNull(label, "label");
      value = List.copyOf(value);
    }
  }

  record BulletList(List<List<Inline>> items) implements Block {
    public BulletList {
      items = items.stream().map(List::copyOf).toList();
    }
  }

  /** A table with server-written column headers. */
  record Table(List<String> headers, List<List<Inline>> rows) implements Block {
    public Table {
      headers = List.copyOf(headers);
      rows = rows.stream().map(List::copyOf).toList();
    }
  }

  /** A multi-line Sentry value (a stack frame's context, an attachment, a breadcrumb log), fenced as data. */
  record DataBlock(@Nullable String label, Untrusted content) implements Block {
    public DataBlock {
      Objects.requireNonNull(content, "content");
    }
  }

  /** Server-written code (a JSON example, a suggested call). */
  record CodeBlock(String language, String code) implements Block {
    public CodeBlock {
      Objects.requireNonNull(language, "language");
      Objects.requireNonNull(code, "code");
    }
  }
}
