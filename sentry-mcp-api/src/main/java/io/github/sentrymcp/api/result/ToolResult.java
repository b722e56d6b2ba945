package io.github.sentrymcp.api.result;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a tool returns: a document of blocks, optional structured content and optional binary parts. Server text and
 * Sentry values are different types, so a tool cannot put Sentry text into a heading, a label or a property name.
 * Render it with a {@code ToolResultSanitizer}.
 */
public final class ToolResult {
  private final List<Block> blocks;
  private final Structured.@Nullable Obj structured;
  private final List<BinaryContent> binaries;
  private final @Nullable String truncationHint;

  private ToolResult(List<Block> blocks, Structured.@Nullable Obj structured, List<BinaryContent> binaries,
      @Nullable String truncationHint) {
    this.blocks = List.copyOf(blocks);
    this.structured = structured;
    this.binaries = List.copyOf(binaries);
    this.truncationHint = truncationHint;
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<Block> blocks() {
    return blocks;
  }

  /** Structured content, for tools that declare an output schema. */
  public Structured.@Nullable Obj structured() {
    return structured;
  }

  public List<BinaryContent> binaries() {
    return binaries;
  }

  /**
   * Server text that says how to get what a result cut at the size cap leaves out (the next page's cursor, a
   * narrower call), or null for the sanitizer's generic advice.
   */
  public @Nullable String truncationHint() {
    return truncationHint;
  }

  @Override
  public String toString() {
    return "ToolResult[" + blocks.size() + " blocks, structured=" + (structured != null) + "]";
  }

  /** Builds a {@link ToolResult}; every {@code String} parameter is server-written text. */
  public static final class Builder {
    private final List<Block> blocks = new ArrayList<>();
    private Structured.@Nullable Obj structured;
    private final List<BinaryContent> binaries = new ArrayList<>();
    private @Nullable String truncationHint;

    private Builder() {}

    public Builder heading(int level, String text) {
      blocks.add(new Block.Heading(level, text));
      return this;
    }

    public Builder paragraph(String text) {
      blocks.add(new Block.Paragraph(List.of(Inline.text(text))));
      return this;
    }

    public Builder paragraph(Inline... content) {
      blocks.add(new Block.Paragraph(Arrays.asList(content)));
      return this;
    }

    /** {@code **label**: value} with a Sentry value; omitted when the value is absent. */
    public Builder field(String label, @Nullable Untrusted value) {
      if (value != null) {
        blocks.add(new Block.Field(label, List.of(Inline.data(value))));
      }
      return this;
    }

    /** {@code **label**: value} with server-written text. */
    public Builder fieldText(String label, String serverText) {
      blocks.add(new Block.Field(label, List.of(Inline.text(serverText))));
      return this;
    }

    public Builder field(String label, Inline... value) {
      blocks.add(new Block.Field(label, Arrays.asList(value)));
      return this;
    }

    public Builder bullets(List<List<Inline>> items) {
      if (!items.isEmpty()) {
        blocks.add(new Block.BulletList(items));
      }
      return this;
    }

    public Builder table(List<String> headers, List<List<Inline>> rows) {
      blocks.add(new Block.Table(headers, rows));
      return this;
    }

    /** A multi-line Sentry value, fenced as data. */
    public Builder data(@Nullable String label, Untrusted content) {
      blocks.add(new Block.DataBlock(label, content));
      return this;
    }

    public Builder code(String language, String code) {
      blocks.add(new Block.CodeBlock(language, code));
      return this;
    }

    public Builder block(Block block) {
      blocks.add(Objects.requireNonNull(block, "block"));
      return this;
    }

    public Builder structured(Structured.Obj content) {
      this.structured = Objects.requireNonNull(content, "content");
      return this;
    }

    public Builder binary(BinaryContent content) {
      binaries.add(Objects.requireNonNull(content, "content"));
      return this;
    }

    /** Server text shown when the result is cut at the size cap: how to get the rest. */
    public Builder truncationHint(String serverText) {
      this.truncationHint = Objects.requireNonNull(serverText, "serverText");
      return this;
    }

    public ToolResult build() {
      return new ToolResult(blocks, structured, binaries, truncationHint);
    }
  }
}
