package io.github.sentrymcp.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/** A LangChain4j chat model that answers from a script and records what it was asked. */
final class ScriptedChatModel implements ChatModel {
  final List<ChatRequest> requests = new ArrayList<>();
  private final Deque<Function<ChatRequest, ChatResponse>> script = new ArrayDeque<>();

  ScriptedChatModel then(ChatResponse response) {
    script.add(request -> response);
    return this;
  }

  ScriptedChatModel then(Function<ChatRequest, ChatResponse> answer) {
    script.add(answer);
    return this;
  }

  ScriptedChatModel thenFail(RuntimeException e) {
    script.add(request -> {
      throw e;
    });
    return this;
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    requests.add(request);
    Function<ChatRequest, ChatResponse> next = script.poll();
    if (next == null) {
      throw new AssertionError("the script has no answer for request " + requests.size());
    }
    return next.apply(request);
  }
}
