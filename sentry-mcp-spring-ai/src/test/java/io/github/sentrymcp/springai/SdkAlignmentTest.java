package io.github.sentrymcp.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What a Spring AI 2.0 application gets on its classpath with this module: one MCP SDK version for every SDK module
 * (the one sentry-mcp-bom names, not the 2.0.0 Spring AI asks for), and the SDK's Jackson 3 JSON module only. The
 * Jackson 2 one must not come along: at SDK 2.2.0 the two need clashing versions of the JSON schema validator, and the
 * server then fails when it validates the first tool's schema.
 */
class SdkAlignmentTest {
  private static String jarOf(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName().toString();
  }

  @Test
  void everySdkModuleHasTheBomsVersion() throws Exception {
    String version = System.getProperty("sentry.mcp.sdk.version");
    assertTrue(version != null && !version.isBlank(), "the build passes the SDK version");
    assertEquals("mcp-core-" + version + ".jar", jarOf(McpSchema.class));
    assertEquals("mcp-json-jackson3-" + version + ".jar", jarOf(JacksonMcpJsonMapper.class));
  }

  @Test
  void theJackson2JsonModuleDoesNotComeAlong() {
    assertThrows(ClassNotFoundException.class,
        () -> Class.forName("io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper"));
  }
}
