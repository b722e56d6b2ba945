package io.github.sentrymcp.core.internal.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sentrymcp.api.CallObserver;
import io.github.sentrymcp.api.Csv;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.ModelExchange;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.model.LanguageModel;
import io.github.sentrymcp.api.model.ModelException;
import io.github.sentrymcp.api.model.ModelMessage;
import io.github.sentrymcp.api.model.ModelRequest;
import io.github.sentrymcp.api.model.ModelResponse;
import io.github.sentrymcp.api.model.ModelTool;
import io.github.sentrymcp.api.model.ModelToolCall;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.DefaultToolResultSanitizer;
import io.github.sentrymcp.core.internal.CallEvents;
import io.github.sentrymcp.core.internal.client.CallScope;
import io.github.sentrymcp.core.model.QueryTranslation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One bounded agent run: the model is sent the conversation, runs lookups through {@link AgentTool}s, and answers
 * one JSON object that a check accepts. It stops at the first bound: {@link QueryTranslation#maxSteps()} model
 * requests, the time limit (and the call's own deadline), the input-token and output-token budgets. Every lookup
 * result reaches the model rendered by the sanitizer, Sentry's values inside its nonce-fenced regions.
 */
final class AgentLoop {
  /** Lookups run per model turn; more calls in one turn are answered with an error. */
  static final int MAX_CALLS_PER_STEP = 4;
  /** The longest lookup result a model is sent (characters, after rendering). */
  static final int MAX_LOOKUP_CHARS = 12_000;
  /** A request is not sent with less output budget than this. */
  private static final int MIN_RESPONSE_TOKENS = 64;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FENCED_JSON = Pattern.compile("```(?:json)?\\s*(\\{.*?})\\s*```", Pattern.DOTALL);

  /** The verdict on an answer: null when accepted, else why not (server text) and the details (data). */
  record Rejection(String reason, List<Untrusted> details) {}

  /** Checks the model's answer; may call Sentry (for example to validate a query). */
  interface AnswerCheck {
    @Nullable Rejection check(ObjectNode answer);
  }

  /** What the run produced and what it cost. */
  record Outcome(ObjectNode answer, int steps, long inputTokens, long outputTokens, int lookups) {}

  private final QueryTranslation settings;
  private final CallScope scope;
  private final DefaultToolResultSanitizer fence;
  private final Map<String, AgentTool> tools = new LinkedHashMap<>();

  AgentLoop(QueryTranslation settings, CallScope scope, DefaultToolResultSanitizer fence, List<AgentTool> tools) {
    this.settings = settings;
    this.scope = scope;
    this.fence = fence;
    for (AgentTool t : tools) {
      this.tools.put(t.spec().name(), t);
    }
  }

  /**
   * Runs the conversation to an accepted answer.
   *
   * @throws AgentFailure when a bound is reached or the last answer is refused
   * @throws ModelException when the provider fails
   * @throws SentryMcpException when the call is cancelled or its deadline passes
   */
  Outcome run(String system, String request, AnswerCheck check) {
    LanguageModel model = settings.model();
    List<ModelTool> specs = tools.values().stream().map(AgentTool::spec).toList();
    long specChars = specs.stream()
        .mapToLong(s -> s.name().length() + s.description().length() + s.parametersSchema().length()).sum();
    List<ModelMessage> messages = new ArrayList<>();
    messages.add(new ModelMessage.User(request));
    long started = System.nanoTime();
    long limitNanos = settings.timeLimit().toNanos();
    long inputTokens = 0;
    long outputTokens = 0;
    int lookups = 0;
    Rejection last = null;
    for (int step = 1; step <= settings.maxSteps(); step++) {
      scope.check();
      long remaining = Math.min(limitNanos - (System.nanoTime() - started), scope.remainingNanos());
      if (remaining <= Duration.ofMillis(200).toNanos()) {
        throw new AgentFailure(ErrorKind.TIMEOUT, "the translation ran out of its time limit of "
            + seconds(settings.timeLimit()));
      }
      long estimate = estimateTokens(system, messages, specChars);
      if (inputTokens + estimate > settings.maxInputTokens()) {
        throw new AgentFailure(ErrorKind.UPSTREAM_ERROR, "the translation reached its input budget of "
            + settings.maxInputTokens() + " tokens");
      }
      long outLeft = settings.maxOutputTokens() - outputTokens;
      if (outLeft < MIN_RESPONSE_TOKENS) {
        throw new AgentFailure(ErrorKind.UPSTREAM_ERROR, "the translation reached its output budget of "
            + settings.maxOutputTokens() + " tokens");
      }
      int maxOut = (int) Math.min(settings.maxResponseTokens(), outLeft);
      ModelResponse response = generate(model, new ModelRequest(system, messages, specs, maxOut,
          Duration.ofNanos(remaining), scope.signal()));
      inputTokens += response.usage().inputTokens() > 0 ? response.usage().inputTokens() : estimate;
      outputTokens += response.usage().outputTokens() > 0 ? response.usage().outputTokens()
          : estimateTokens(response);
      if (!response.toolCalls().isEmpty()) {
        if (step == settings.maxSteps()) {
          // no request is left to read the lookups' results: they are not run
          throw new AgentFailure(ErrorKind.UPSTREAM_ERROR, "the model was still looking things up after "
              + settings.maxSteps() + " steps, the most a translation may take");
        }
        messages.add(ModelMessage.Assistant.of(response));
        int n = 0;
        for (ModelToolCall c : response.toolCalls()) {
          n++;
          if (n > MAX_CALLS_PER_STEP) {
            messages.add(new ModelMessage.ToolResult(c.id(), c.name(), "Not run: at most " + MAX_CALLS_PER_STEP
                + " lookups per turn.", true));
            continue;
          }
          lookups++;
          messages.add(lookup(c));
        }
        continue;
      }
      String text = response.text();
      ObjectNode answer = text == null ? null : parseAnswer(text);
      if (answer == null) {
        last = new Rejection(response.stop() == ModelResponse.Stop.MAX_TOKENS
            ? "the model's answer was cut off at its output limit" : "the model's answer was not one JSON object",
            List.of());
        if (text != null && !text.isBlank()) {
          messages.add(new ModelMessage.Assistant(text, List.of()));
        }
        messages.add(new ModelMessage.User("Answer with only the JSON object the instructions describe."));
        continue;
      }
      Rejection r = check.check(answer);
      if (r == null) {
        return new Outcome(answer, step, inputTokens, outputTokens, lookups);
      }
      last = r;
      scope.check();
      messages.add(new ModelMessage.Assistant(text, List.of()));
      messages.add(new ModelMessage.User(rejectionPrompt(r)));
    }
    Rejection r = last;
    if (r == null) {
      throw new AgentFailure(ErrorKind.UPSTREAM_ERROR, "the model gave no answer within " + settings.maxSteps()
          + " steps");
    }
    throw new AgentFailure(ErrorKind.UPSTREAM_ERROR, r.reason() + " (after " + settings.maxSteps() + " steps)",
        r.details());
  }

  /** Runs one lookup the model asked for; every problem becomes an error result the model can read. */
  private ModelMessage.ToolResult lookup(ModelToolCall call) {
    AgentTool tool = tools.get(call.name());
    if (tool == null) {
      return new ModelMessage.ToolResult(call.id(), call.name(), "Unknown tool. The only tools are: "
          + String.join(", ", tools.keySet()) + ".", true);
    }
    JsonNode args;
    try {
      args = call.arguments().isBlank() ? JSON.createObjectNode() : JSON.readTree(call.arguments());
    } catch (JsonProcessingException e) {
      args = null;
    }
    if (args == null || !args.isObject()) {
      return new ModelMessage.ToolResult(call.id(), call.name(), "The arguments must be a JSON object.", true);
    }
    try {
      ToolResult result = tool.run(args);
      return new ModelMessage.ToolResult(call.id(), call.name(), render(result), false);
    } catch (SentryMcpException e) {
      if (e.kind() == ErrorKind.CANCELLED || e.kind() == ErrorKind.TIMEOUT) {
        throw e;
      }
      ToolResult.Builder doc = ToolResult.builder().paragraph("The lookup failed: " + e.getMessage());
      for (Untrusted d : e.details().subList(0, Math.min(3, e.details().size()))) {
        doc.data(null, d.truncate(500));
      }
      return new ModelMessage.ToolResult(call.id(), call.name(), render(doc.build()), true);
    }
  }

  private String render(ToolResult result) {
    return fence.render(result).text();
  }

  /** The model's answer: the whole text, a fenced JSON block, or the first balanced object in it. */
  static @Nullable ObjectNode parseAnswer(String text) {
    String t = text.strip();
    ObjectNode whole = object(t);
    if (whole != null) {
      return whole;
    }
    Matcher m = FENCED_JSON.matcher(t);
    if (m.find()) {
      ObjectNode fenced = object(m.group(1));
      if (fenced != null) {
        return fenced;
      }
    }
    int start = t.indexOf('{');
    while (start >= 0) {
      int end = balancedEnd(t, start);
      if (end > start) {
        ObjectNode o = object(t.substring(start, end + 1));
        if (o != null) {
          return o;
        }
      }
      start = t.indexOf('{', start + 1);
    }
    return null;
  }

  private static @Nullable ObjectNode object(String s) {
    try {
      JsonNode n = JSON.readTree(s);
      return n instanceof ObjectNode o ? o : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** The index of the brace that closes the one at {@code start}, strings respected; -1 when none. */
  private static int balancedEnd(String s, int start) {
    int depth = 0;
    boolean inString = false;
    for (int i = start; i < s.length(); i++) {
      char c = s.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  private String rejectionPrompt(Rejection r) {
    StringBuilder b = new StringBuilder("That answer was not accepted: ").append(r.reason()).append('.');
    if (!r.details().isEmpty()) {
      ToolResult.Builder doc = ToolResult.builder().paragraph("Sentry's explanation:");
      for (Untrusted d : r.details()) {
        doc.data(null, d.truncate(500));
      }
      b.append('\n').append(render(doc.build()));
    }
    return b.append("\nCorrect it and answer with the JSON object again.").toString();
  }

  /** A rough count: a token is about three characters of prompt text (JSON and identifiers are dense). */
  private static long estimateTokens(String system, List<ModelMessage> messages, long specChars) {
    long chars = system.length() + specChars;
    for (ModelMessage m : messages) {
      if (m instanceof ModelMessage.User u) {
        chars += u.text().length();
      } else if (m instanceof ModelMessage.Assistant a) {
        chars += a.text() == null ? 0 : a.text().length();
        for (ModelToolCall c : a.toolCalls()) {
          chars += c.name().length() + c.arguments().length() + c.id().length();
        }
      } else if (m instanceof ModelMessage.ToolResult r) {
        chars += r.content().length() + r.callId().length();
      }
    }
    return chars / 3 + 1;
  }

  private static long estimateTokens(ModelResponse r) {
    long chars = r.text() == null ? 0 : r.text().length();
    for (ModelToolCall c : r.toolCalls()) {
      chars += c.name().length() + c.arguments().length();
    }
    return chars / 3 + 1;
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  /** The model's own words (an explanation or its reason for not answering), as untrusted-derived data. */
  static @Nullable Untrusted derived(JsonNode node, String field, int maxChars) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      return null;
    }
    return Untrusted.of(v.asText().strip(), "translation." + field, TrustClass.UNTRUSTED_DERIVED).truncate(maxChars);
  }

  /** One model request, reported to the call's observer (provider, model, time, tokens; never the text). */
  private ModelResponse generate(LanguageModel model, ModelRequest request) {
    Instant sentAt = Instant.now();
    long start = System.nanoTime();
    ErrorKind failure = ErrorKind.INTERNAL;
    ModelResponse response = null;
    try {
      response = model.generate(request);
      failure = null;
      return response;
    } catch (ModelException e) {
      failure = e.failure().kind();
      throw e;
    } finally {
      if (scope.observer() != CallObserver.NONE) {
        ModelResponse.Usage usage = response == null ? null : response.usage();
        CallEvents.modelExchange(scope.observer(), new ModelExchange(Csv.printable(model.providerName(), 64),
            Csv.printable(model.modelName(), 128), sentAt, Duration.ofNanos(System.nanoTime() - start),
            usage == null || usage.inputTokens() <= 0 ? null : usage.inputTokens(),
            usage == null || usage.outputTokens() <= 0 ? null : usage.outputTokens(), failure));
      }
    }
  }
}
