package io.github.sentrymcp.transport.stdio;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each incoming JSON-RPC line before the SDK's session sees it, and each outgoing answer before it is written.
 * It answers what the SDK would answer wrongly or not at all (see {@link StdioTransportProvider}): malformed messages,
 * requests outside the lifecycle, bad parameters of the methods this server implements, {@code ping}. Every message
 * it writes itself is fixed server text; client-supplied text is never echoed except a short, printable method name.
 *
 * <p>Thread-safety: {@link #check} runs on the reading thread only; {@link #outgoing} on any thread.
 */
final class ProtocolGuard {
  private static final Logger LOG = LoggerFactory.getLogger(ProtocolGuard.class);

  static final int PARSE_ERROR = -32700;
  static final int INVALID_REQUEST = -32600;
  static final int METHOD_NOT_FOUND = -32601;
  static final int INVALID_PARAMS = -32602;
  static final int INTERNAL_ERROR = -32603;

  static final Set<String> LOG_LEVELS =
      Set.of("debug", "info", "notice", "warning", "error", "critical", "alert", "emergency");

  /** The request methods the server implements (besides {@code initialize} and {@code ping}). */
  record Methods(Set<String> requests) {
    Methods {
      requests = Set.copyOf(requests);
    }

    /** A tools-only server, with or without the logging capability. */
    static Methods tools(boolean logging) {
      return logging
          ? new Methods(Set.of(McpSchema.METHOD_TOOLS_LIST, McpSchema.METHOD_TOOLS_CALL,
              McpSchema.METHOD_LOGGING_SET_LEVEL))
          : new Methods(Set.of(McpSchema.METHOD_TOOLS_LIST, McpSchema.METHOD_TOOLS_CALL));
    }
  }

  /** What to do with a line. */
  enum Action {
    /** Hand {@link Verdict#message()} to the SDK. */
    PASS,
    /** Write {@link Verdict#answer()} (an error or a ping result) and nothing else. */
    ANSWER,
    /** Cancel the request {@link Verdict#cancelledKey()}. */
    CANCEL,
    /** Drop it (a notification or response with nothing to do). */
    IGNORE
  }

  record Verdict(
      Action action,
      McpSchema.@Nullable JSONRPCMessage message,
      byte @Nullable [] answer,
      @Nullable String cancelledKey,
      boolean impliedInitialized) {}

  private enum Phase {
    /** Nothing but ping before initialize. */
    NEW,
    /** initialize handed to the SDK, not answered yet. */
    INITIALIZING,
    /** initialize answered; notifications/initialized not seen yet. */
    INITIALIZED,
    /** Serving. */
    READY
  }

  private static final Verdict IGNORED = new Verdict(Action.IGNORE, null, null, null, false);

  private final ObjectMapper mapper;
  /** One JSON value per line: "{...} trailing" is not a message. */
  private final ObjectReader reader;
  private final Methods methods;
  private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.NEW);

  ProtocolGuard(ObjectMapper mapper, Methods methods) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.reader = mapper.readerFor(Object.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.methods = Objects.requireNonNull(methods, "methods");
  }

  /** Whether the session is initialized (the client may be pinged). */
  boolean isReady() {
    Phase p = phase.get();
    return p == Phase.READY || p == Phase.INITIALIZED;
  }

  /** A key for a JSON-RPC id: strings and numbers never collide. */
  static String key(Object id) {
    return id instanceof String s ? "s:" + s : "n:" + id;
  }

  // ------------------------------------------------------------------------------------------------------ inbound

  Verdict check(byte[] line) {
    if (isBlank(line)) {
      return IGNORED; // blank lines between messages are harmless
    }
    Object value;
    try {
      value = reader.readValue(line);
    } catch (IOException | RuntimeException | StackOverflowError e) {
      LOG.warn("answered an input line that is not valid JSON ({} bytes) with a parse error", line.length);
      return answer(error(null, PARSE_ERROR, "Parse error: the message is not valid JSON."));
    }
    if (value instanceof List<?> list) {
      return answer(error(null, INVALID_REQUEST, list.isEmpty()
          ? "Invalid Request: an empty batch."
          : "Invalid Request: JSON-RPC batches are not supported; send one message per line."));
    }
    if (!(value instanceof Map<?, ?> map)) {
      return answer(error(null, INVALID_REQUEST, "Invalid Request: a message must be a JSON object."));
    }
    Object rawId = map.get("id");
    boolean hasId = map.containsKey("id");
    Object echoId = echoableId(rawId);
    if (!"2.0".equals(map.get("jsonrpc"))) {
      return answer(error(echoId, INVALID_REQUEST, "Invalid Request: \"jsonrpc\" must be \"2.0\"."));
    }
    if (map.containsKey("method")) {
      if (!(map.get("method") instanceof String method)) {
        return answer(error(echoId, INVALID_REQUEST, "Invalid Request: \"method\" must be a string."));
      }
      Object params = map.get("params");
      if (!hasId) {
        return notification(method, params);
      }
      if (!isValidId(rawId)) {
        return answer(error(echoId, INVALID_REQUEST,
            "Invalid Request: \"id\" must be a string or an integer (at most 2^63-1)."));
      }
      Object id = Objects.requireNonNull(rawId);
      if (params != null && !(params instanceof Map)) {
        return answer(params instanceof List
            ? error(id, INVALID_PARAMS, "Invalid params: \"params\" must be an object.")
            : error(id, INVALID_REQUEST, "Invalid Request: \"params\" must be an object."));
      }
      return request(method, id, castMap(params));
    }
    if (hasId && (map.containsKey("result") || map.containsKey("error"))) {
      return response(map);
    }
    return answer(error(echoId, INVALID_REQUEST,
        "Invalid Request: a message needs \"method\" (a request or notification) or \"result\"/\"error\""
            + " (a response)."));
  }

  private Verdict request(String method, Object id, @Nullable Map<String, Object> params) {
    if (McpSchema.METHOD_PING.equals(method)) {
      return answer(result(id, Map.of()));
    }
    if (McpSchema.METHOD_INITIALIZE.equals(method)) {
      String problem = initializeProblem(params);
      if (problem != null) {
        return answer(error(id, INVALID_PARAMS, problem));
      }
      if (!phase.compareAndSet(Phase.NEW, Phase.INITIALIZING)) {
        return answer(error(id, INVALID_REQUEST, "Invalid Request: the session is already initialized."));
      }
      return pass(new McpSchema.JSONRPCRequest(McpSchema.JSONRPC_VERSION, method, id, params), false);
    }
    if (!methods.requests().contains(method)) {
      return answer(error(id, METHOD_NOT_FOUND, "Method not found: " + printableMethod(method)));
    }
    Phase p = phase.get();
    if (p == Phase.NEW || p == Phase.INITIALIZING) {
      return answer(error(id, INVALID_REQUEST,
          "Invalid Request: the session is not initialized; send initialize first."));
    }
    String problem = paramsProblem(method, params);
    if (problem != null) {
      return answer(error(id, INVALID_PARAMS, problem));
    }
    boolean implied = p == Phase.INITIALIZED && phase.compareAndSet(Phase.INITIALIZED, Phase.READY);
    return pass(new McpSchema.JSONRPCRequest(McpSchema.JSONRPC_VERSION, method, id, params), implied);
  }

  private Verdict notification(String method, @Nullable Object params) {
    if (McpSchema.METHOD_NOTIFICATION_INITIALIZED.equals(method)) {
      Phase p = phase.get();
      if (p == Phase.INITIALIZED && phase.compareAndSet(Phase.INITIALIZED, Phase.READY)) {
        return pass(new McpSchema.JSONRPCNotification(McpSchema.JSONRPC_VERSION, method, null), false);
      }
      return IGNORED; // before initialize was answered, or repeated
    }
    if ("notifications/cancelled".equals(method)) {
      Object requestId = params instanceof Map<?, ?> m ? m.get("requestId") : null;
      if (isValidId(requestId)) {
        return new Verdict(Action.CANCEL, null, null, key(Objects.requireNonNull(requestId)), false);
      }
      return IGNORED;
    }
    if (McpSchema.METHOD_NOTIFICATION_ROOTS_LIST_CHANGED.equals(method) && phase.get() == Phase.READY) {
      return pass(new McpSchema.JSONRPCNotification(McpSchema.JSONRPC_VERSION, method,
          params instanceof Map ? params : null), false);
    }
    return IGNORED; // notifications are never answered, unknown ones are ignored
  }

  private Verdict response(Map<?, ?> map) {
    Object id = map.get("id");
    if (!isValidId(id)) {
      return IGNORED;
    }
    if (id instanceof String s && s.startsWith(StdioTransportProvider.PING_ID_PREFIX)) {
      return IGNORED;
    }
    Object error = map.get("error");
    McpSchema.JSONRPCResponse.JSONRPCError err = null;
    if (error instanceof Map<?, ?> e && e.get("code") instanceof Number code) {
      err = new McpSchema.JSONRPCResponse.JSONRPCError(code.intValue(),
          e.get("message") instanceof String msg ? msg : "", null);
    } else if (error != null) {
      return IGNORED;
    }
    return pass(new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, id, map.get("result"), err), false);
  }

  // ---------------------------------------------------------------------------------------------------- params

  private static @Nullable String initializeProblem(@Nullable Map<String, Object> params) {
    if (params == null) {
      return "Invalid params: initialize needs params with protocolVersion, capabilities and clientInfo.";
    }
    if (!(params.get("protocolVersion") instanceof String)) {
      return "Invalid params: initialize needs \"protocolVersion\" as a string.";
    }
    Object caps = params.get("capabilities");
    if (caps != null && !(caps instanceof Map)) {
      return "Invalid params: \"capabilities\" must be an object.";
    }
    Object info = params.get("clientInfo");
    if (info != null && !(info instanceof Map)) {
      return "Invalid params: \"clientInfo\" must be an object.";
    }
    return metaProblem(params);
  }

  private static @Nullable String paramsProblem(String method, @Nullable Map<String, Object> params) {
    if (params != null) {
      String meta = metaProblem(params);
      if (meta != null) {
        return meta;
      }
    }
    switch (method) {
      case McpSchema.METHOD_TOOLS_CALL: {
        if (params == null) {
          return "Invalid params: tools/call needs params with \"name\" (the tool name) and \"arguments\".";
        }
        Object name = params.get("name");
        if (!(name instanceof String s) || s.isEmpty()) {
          return "Invalid params: tools/call needs \"name\", the tool name, as a non-empty string.";
        }
        Object args = params.get("arguments");
        if (args != null && !(args instanceof Map)) {
          return "Invalid params: \"arguments\" must be an object of argument names and values.";
        }
        return null;
      }
      case McpSchema.METHOD_TOOLS_LIST: {
        Object cursor = params == null ? null : params.get("cursor");
        if (cursor != null) {
          return "Invalid params: unknown cursor; tools/list returns every tool in one page, so there is no"
              + " next page to ask for.";
        }
        return null;
      }
      case McpSchema.METHOD_LOGGING_SET_LEVEL: {
        Object level = params == null ? null : params.get("level");
        if (!(level instanceof String l) || !LOG_LEVELS.contains(l)) {
          return "Invalid params: \"level\" must be one of debug, info, notice, warning, error, critical, alert,"
              + " emergency.";
        }
        return null;
      }
      default:
        return null;
    }
  }

  private static @Nullable String metaProblem(Map<String, Object> params) {
    Object meta = params.get("_meta");
    if (meta == null) {
      return null;
    }
    if (!(meta instanceof Map<?, ?> m)) {
      return "Invalid params: \"_meta\" must be an object.";
    }
    Object token = m.get("progressToken");
    if (token != null && !isValidId(token)) {
      return "Invalid params: \"_meta.progressToken\" must be a string or an integer.";
    }
    return null;
  }

  // --------------------------------------------------------------------------------------------------- outbound

  /**
   * The answer as it may go out: an internal error the SDK produced keeps its code but gets a fixed message and no
   * data (the SDK puts exception messages there). Also moves the lifecycle on when {@code initialize} is answered.
   */
  McpSchema.JSONRPCResponse outgoing(McpSchema.JSONRPCResponse response, boolean answersInitialize) {
    if (answersInitialize) {
      phase.compareAndSet(Phase.INITIALIZING, response.error() == null ? Phase.INITIALIZED : Phase.NEW);
    }
    McpSchema.JSONRPCResponse.JSONRPCError error = response.error();
    if (error == null) {
      return response;
    }
    if (error.code() == INTERNAL_ERROR || error.code() >= -32099 && error.code() <= -32000) {
      return new McpSchema.JSONRPCResponse(response.jsonrpc(), response.id(), null,
          new McpSchema.JSONRPCResponse.JSONRPCError(error.code(), "Internal error", null));
    }
    if (error.data() != null) {
      return new McpSchema.JSONRPCResponse(response.jsonrpc(), response.id(), null,
          new McpSchema.JSONRPCResponse.JSONRPCError(error.code(), error.message(), null));
    }
    return response;
  }

  byte[] lineTooLong(int maxLineBytes) {
    return error(null, INVALID_REQUEST, "Invalid Request: the message is longer than the limit of "
        + (maxLineBytes >= 1024 * 1024 ? maxLineBytes / (1024 * 1024) + " MiB" : maxLineBytes + " bytes") + ".");
  }

  byte[] duplicateId(Object id) {
    return error(id, INVALID_REQUEST, "Invalid Request: a request with this id is still in progress.");
  }

  byte[] internalError(Object id) {
    return error(id, INTERNAL_ERROR, "Internal error");
  }

  byte[] ping(String id) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("jsonrpc", "2.0");
    m.put("id", id);
    m.put("method", McpSchema.METHOD_PING);
    return bytes(m);
  }

  // ---------------------------------------------------------------------------------------------------- helpers

  private static Verdict pass(McpSchema.JSONRPCMessage message, boolean impliedInitialized) {
    return new Verdict(Action.PASS, message, null, null, impliedInitialized);
  }

  private static Verdict answer(byte[] json) {
    return new Verdict(Action.ANSWER, null, json, null, false);
  }

  private byte[] error(@Nullable Object id, int code, String message) {
    Map<String, Object> err = new LinkedHashMap<>();
    err.put("code", code);
    err.put("message", message);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("jsonrpc", "2.0");
    m.put("id", id);
    m.put("error", err);
    return bytes(m);
  }

  private byte[] result(Object id, Object result) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("jsonrpc", "2.0");
    m.put("id", id);
    m.put("result", result);
    return bytes(m);
  }

  private byte[] bytes(Map<String, Object> message) {
    try {
      return mapper.writeValueAsBytes(message);
    } catch (IOException e) {
      // only plain maps, strings and numbers: cannot happen
      throw new IllegalStateException("could not serialize an error answer", e);
    }
  }

  /** MCP ids: a string or an integer that fits a signed 64-bit integer (JSON-RPC discourages fractions). */
  static boolean isValidId(@Nullable Object id) {
    return id instanceof String || id instanceof Integer || id instanceof Long;
  }

  /** The id to put into an error answer: a usable one, or a number as written (so the client can match it), else null. */
  private static @Nullable Object echoableId(@Nullable Object id) {
    if (isValidId(id) || id instanceof BigInteger) {
      return id;
    }
    if (id instanceof Double d && Double.isFinite(d)) {
      return d;
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static @Nullable Map<String, Object> castMap(@Nullable Object params) {
    return (Map<String, Object>) params;
  }

  private static String printableMethod(String method) {
    if (method.length() > 64) {
      return "(a method name longer than 64 characters)";
    }
    for (int i = 0; i < method.length(); i++) {
      char c = method.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return "(a method name with characters other than printable ASCII)";
      }
    }
    return method;
  }

  private static boolean isBlank(byte[] line) {
    for (byte b : line) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\f' && b != 0x0b) {
        return false;
      }
    }
    return true;
  }
}
