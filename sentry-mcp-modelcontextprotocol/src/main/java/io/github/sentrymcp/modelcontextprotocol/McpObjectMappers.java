package io.github.sentrymcp.modelcontextprotocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Jackson 2 {@link ObjectMapper}s for the MCP SDK's JSON binding. */
public final class McpObjectMappers {
  private McpObjectMappers() {}

  /**
   * A plain {@link ObjectMapper} (the SDK's own default settings) that never serializes a {@link Throwable}'s stack
   * trace, cause chain or suppressed exceptions: the SDK serializes exceptions in some error paths, and those must
   * not reach a client.
   *
   * @return a new mapper
   */
  public static ObjectMapper create() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.addMixIn(Throwable.class, ThrowableMixIn.class);
    return mapper;
  }

  @JsonIgnoreProperties(
      value = {"stackTrace", "suppressed", "cause", "localizedMessage"},
      ignoreUnknown = true)
  abstract static class ThrowableMixIn {}
}
