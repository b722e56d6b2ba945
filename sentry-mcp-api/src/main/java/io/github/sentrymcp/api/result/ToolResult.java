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

  /**
   * Starts a result.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The document's blocks, in order.
   *
   * @return an unmodifiable list
   */
  public List<Block> blocks() {
    return blocks;
  }

  /**
   * Structured content, for tools that declare an output schema.
   *
   * @return the structured content, or null when there is none
   */
  public Structured.@Nullable Obj structured() {
    return structured;
  }

  /**
   * Binary content (images, files), in order.
   *
   * @return an unmodifiable list
   */
  public List<BinaryContent> binaries() {
    return binaries;
  }

  /**
   * Server text that says how to get what a result cut at the size cap leaves out (the next page's cursor, a
   * narrower call), or null for the sanitizer's generic advice.
   *
   * @return the hint, or null
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

    /**
     * A heading.
     *
     * @param level 1 to 4
     * @param text server-written text
     * @return this builder
     * @throws IllegalArgumentException when {@code level} is not 1 to 4
     */
    public Builder heading(int level, String text) {
      blocks.add(new Block.Heading(level, text));
      return this;
    }

    /**
     * A paragraph of server-written text.
     *
     * @param text the text
     * @return this builder
     */
    public Builder paragraph(String text) {
      blocks.add(new Block.Paragraph(List.of(Inline.text(text))));
      return this;
    }

    /**
     * A paragraph of inline runs.
     *
     * @param content the runs
     * @return this builder
     */
    public Builder paragraph(Inline... content) {
      blocks.add(new Block.Paragraph(Arrays.asList(content)));
      return this;
    }

    /**
     * {@code **label**: value} with a Sentry value; omitted when the value is absent.
     *
     * @param label server-written label
     * @param value the value, or null to add nothing
     * @return this builder
     */
    public Builder field(String label, @Nullable Untrusted value) {
      if (value != null) {
        blocks.add(new Block.Field(label, List.of(Inline.data(value))));
      }
      return this;
    }

    /**
     * {@code **label**: value} with server-written text.
     *
     * @param label server-written label
     * @param serverText server-written value
     * @return this builder
     */
    public Builder fieldText(String label, String serverText) {
      blocks.add(new Block.Field(label, List.of(Inline.text(serverText))));
      return this;
    }

    /**
     * {@code **label**: value} with inline runs.
     *
     * @param label server-written label
     * @param value the runs
     * @return this builder
     */
    public Builder field(String label, Inline... value) {
      blocks.add(new Block.Field(label, Arrays.asList(value)));
      return this;
    }

    /**
     * A bulleted list; an empty list adds nothing.
     *
     * @param items the items, each a list of inline runs
     * @return this builder
     */
    public Builder bullets(List<List<Inline>> items) {
      if (!items.isEmpty()) {
        blocks.add(new Block.BulletList(items));
      }
      return this;
    }

    /**
     * A table.
     *
     * @param headers server-written column headers
     * @param rows the rows, each a list of cells
     * @return this builder
     */
    public Builder table(List<String> headers, List<List<Inline>> rows) {
      blocks.add(new Block.Table(headers, rows));
      return this;
    }

    /**
     * A multi-line Sentry value, fenced as data.
     *
     * @param label a server-written label, or null
     * @param content the Sentry value
     * @return this builder
     */
    public Builder data(@Nullable String label, Untrusted content) {
      blocks.add(new Block.DataBlock(label, content));
      return this;
    }

    /**
     * A server-written code block.
     *
     * @param language the fence's language, such as {@code json}
     * @param code the code
     * @return this builder
     */
    public Builder code(String language, String code) {
      blocks.add(new Block.CodeBlock(language, code));
      return this;
    }

    /**
     * Any block.
     *
     * @param block the block
     * @return this builder
     * @throws NullPointerException when {@code block} is null
     */
    public Builder block(Block block) {
      blocks.add(Objects.requireNonNull(block, "block"));
      return this;
    }

    /**
     * The structured content (for tools that declare an output schema); replaces earlier content.
     *
     * @param content the content
     * @return this builder
     * @throws NullPointerException when {@code content} is null
     */
    public Builder structured(Structured.Obj content) {
      this.structured = Objects.requireNonNull(content, "content");
      return this;
    }

    /**
     * Adds binary content.
     *
     * @param content the content
     * @return this builder
     * @throws NullPointerException when {@code content} is null
     */
    public Builder binary(BinaryContent content) {
      binaries.add(Objects.requireNonNull(content, "content"));
      return this;
    }

    /**
     * Server text shown when the result is cut at the size cap: how to get the rest.
     *
     * @param serverText the hint
     * @return this builder
     */
    public Builder truncationHint(String serverText) {
      this.truncationHint = Objects.requireNonNull(serverText, "serverText");
      return this;
    }

    /**
     * Builds the result.
     *
     * @return the result
     */
    public ToolResult build() {
      return new ToolResult(blocks, structured, binaries, truncationHint);
    }
  }
}
