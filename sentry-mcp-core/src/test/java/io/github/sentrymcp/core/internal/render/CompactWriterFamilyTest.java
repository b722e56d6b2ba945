package io.github.sentrymcp.core.internal.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CompactWriterFamilyTest {

  @Test
  void sourceFamiliesDropArrayAndEntryIndexesOnly() {
    assertEquals("event.tags[].key", CompactWriter.family("event.tags[3].key"));
    assertEquals("event.contexts{}.value{}.key", CompactWriter.family("event.contexts{3}.value{4}.key"));
    assertEquals("issue.title", CompactWriter.family("issue.title"));
    // anything that is not a plain index stays as it is
    assertEquals("attachment.content[part 1]", CompactWriter.family("attachment.content[part 1]"));
    assertEquals("a[].b{x}.c[", CompactWriter.family("a[12].b{x}.c["));
  }
}
