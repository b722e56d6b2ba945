package io.github.sentrymcp.core.internal.agent;

import io.github.sentrymcp.api.model.LanguageModel;
import io.github.sentrymcp.api.model.ModelMessage;
import io.github.sentrymcp.api.model.ModelRequest;
import io.github.sentrymcp.api.model.ModelResponse;
import io.github.sentrymcp.api.model.ModelToolCall;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * A model for tests: a host's own {@link LanguageModel} implementation that answers from a script (the request number,
 * from 1, and the request) and records every request it was sent.
 */
final class ScriptedModel implements LanguageModel {
  final List<ModelRequest> requests = new CopyOnWriteArrayList<>();
  private final BiFunction<Integer, ModelRequest, ModelResponse> script;

  ScriptedModel(BiFunction<Integer, ModelRequest, ModelResponse> script) {
    this.script = script;
  }

  /** Answers these responses in turn (the last one again once they run out). */
  static ScriptedModel answering(ModelResponse... responses) {
    return new ScriptedModel((n, r) -> responses[Math.min(n, responses.length) - 1]);
  }

  @Override
  public String name() {
    return "scripted test-model";
  }

  @Override
  public ModelResponse generate(ModelRequest request) {
    requests.add(request);
    return script.apply(requests.size(), request);
  }

  static ModelResponse text(String text) {
    return new ModelResponse(text, List.of(), new ModelResponse.Usage(100, 20), ModelResponse.Stop.END);
  }

  static ModelResponse calls(ModelToolCall... calls) {
    return new ModelResponse(null, List.of(calls), new ModelResponse.Usage(100, 20), ModelResponse.Stop.TOOL_CALLS);
  }

  static ModelToolCall call(String id, String name, String arguments) {
    return new ModelToolCall(id, name, arguments);
  }

  /** The tool results of the last request, in order. */
  List<ModelMessage.ToolResult> lastToolResults() {
    return requests.get(requests.size() - 1).messages().stream()
        .filter(m -> m instanceof ModelMessage.ToolResult).map(m -> (ModelMessage.ToolResult) m).toList();
  }
}
