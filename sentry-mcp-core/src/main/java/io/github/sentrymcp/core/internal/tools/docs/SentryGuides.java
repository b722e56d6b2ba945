package io.github.sentrymcp.core.internal.tools.docs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The platform and platform/guide ids {@code search_docs} accepts as {@code guide} (the reference's list). */
final class SentryGuides {
  private SentryGuides() {}

  private static final List<String> PLATFORMS = List.of(
      "javascript", "python", "java", "dotnet", "go", "php", "ruby", "android", "apple", "unity", "unreal", "rust",
      "elixir", "kotlin", "native", "dart", "godot", "nintendo-switch", "playstation", "powershell", "react-native",
      "xbox");

  private static final Map<String, List<String>> GUIDES = guides();

  private static Map<String, List<String>> guides() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("javascript", List.of("nextjs", "react", "gatsby", "remix", "vue", "angular", "hono", "svelte", "express",
        "fastify", "astro", "bun", "capacitor", "cloudflare", "connect", "cordova", "deno", "electron", "ember",
        "nuxt", "solid", "solidstart", "sveltekit", "tanstack-react", "wasm", "node", "koa", "nestjs", "hapi"));
    m.put("python", List.of("django", "flask", "fastapi", "celery", "tornado", "pyramid", "aiohttp", "anthropic",
        "airflow", "aws-lambda", "boto3", "bottle", "chalice", "dramatiq", "falcon", "langchain", "litestar",
        "logging", "loguru", "openai", "quart", "ray", "redis", "rq", "sanic", "sqlalchemy", "starlette"));
    m.put("dart", List.of("flutter"));
    m.put("dotnet", List.of("aspnetcore", "maui", "wpf", "winforms", "aspnet", "aws-lambda", "azure-functions",
        "blazor-webassembly", "entityframework", "google-cloud-functions", "extensions-logging", "log4net", "nlog",
        "serilog", "uwp", "xamarin"));
    m.put("java", List.of("spring", "spring-boot", "android", "jul", "log4j2", "logback", "servlet"));
    m.put("go", List.of("echo", "fasthttp", "fiber", "gin", "http", "iris", "logrus", "negroni", "slog", "zerolog"));
    m.put("php", List.of("laravel", "symfony"));
    m.put("ruby", List.of("delayed_job", "rack", "rails", "resque", "sidekiq"));
    m.put("android", List.of("kotlin"));
    m.put("apple", List.of("ios", "macos", "watchos", "tvos", "visionos"));
    m.put("kotlin", List.of("multiplatform"));
    return m;
  }

  /** Every id: the platforms, then {@code platform/guide} for each guide (126 ids). */
  static final List<String> ALL = all();

  private static List<String> all() {
    List<String> out = new ArrayList<>(PLATFORMS);
    GUIDES.forEach((platform, guides) -> guides.forEach(g -> out.add(platform + "/" + g)));
    return List.copyOf(out);
  }
}
