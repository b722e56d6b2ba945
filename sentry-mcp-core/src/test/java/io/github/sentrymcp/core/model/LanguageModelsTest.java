package io.github.sentrymcp.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.sentrymcp.api.model.LanguageModel;
import java.net.http.HttpClient;
import org.junit.jupiter.api.Test;

class LanguageModelsTest {
  private static final String KEY = "sk-test-4f9c2a7e1b8d3c6a5e0fQz";

  @Test
  void eachProviderGetsItsAdapter() {
    LanguageModel openAi = LanguageModels.create(ModelSettings.builder(ModelProvider.OPENAI, KEY).build());
    LanguageModel azure = LanguageModels.create(ModelSettings.builder(ModelProvider.AZURE_OPENAI, KEY)
        .baseUrl("https://r.openai.azure.com/openai/v1").model("gpt-5-mini").build());
    LanguageModel openRouter = LanguageModels.create(ModelSettings.builder(ModelProvider.OPENROUTER, KEY).build());
    LanguageModel anthropic = LanguageModels.create(ModelSettings.builder(ModelProvider.ANTHROPIC, KEY).build());
    assertEquals("OpenAiChatModel", openAi.getClass().getSimpleName());
    assertEquals("OpenAiChatModel", azure.getClass().getSimpleName());
    assertEquals("OpenAiChatModel", openRouter.getClass().getSimpleName());
    assertEquals("AnthropicModel", anthropic.getClass().getSimpleName());
    assertEquals("openai gpt-5", openAi.name());
    assertEquals("azure-openai gpt-5-mini", azure.name());
    assertEquals("openrouter openai/gpt-5", openRouter.name());
    assertEquals("anthropic claude-sonnet-4-5", anthropic.name());
    assertEquals("AnthropicModel[anthropic claude-sonnet-4-5]", anthropic.toString(), "no key, no URL");
  }

  @Test
  void aClientThatFollowsRedirectsIsRefused() {
    ModelSettings s = ModelSettings.builder(ModelProvider.OPENAI, KEY).build();
    HttpClient following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    assertThrows(IllegalArgumentException.class, () -> LanguageModels.create(s, following));
    HttpClient never = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    assertEquals("openai gpt-5", LanguageModels.create(s, never).name());
  }
}
