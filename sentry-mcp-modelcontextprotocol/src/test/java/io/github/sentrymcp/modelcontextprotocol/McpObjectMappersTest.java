package io.github.sentrymcp.modelcontextprotocol;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

class McpObjectMappersTest {

  @Test
  void exceptionsSerializeWithoutStackTraceCauseOrSuppressed() throws Exception {
    McpError error =
        McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR).message("boom").data("d").build();
    error.initCause(new IllegalStateException("secret cause"));
    error.addSuppressed(new RuntimeException("secret suppressed"));
    String json = McpObjectMappers.create().writeValueAsString(error);
    assertTrue(json.contains("boom"), json);
    assertFalse(json.contains("stackTrace"), json);
    assertFalse(json.contains("secret"), json);
    assertFalse(json.contains("McpObjectMappersTest"), json);
  }
}
