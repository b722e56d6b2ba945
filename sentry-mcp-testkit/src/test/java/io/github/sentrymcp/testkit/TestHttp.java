package io.github.sentrymcp.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** A tiny java.net.http client for the tests. */
final class TestHttp {
  static final ObjectMapper MAPPER = new ObjectMapper();

  final HttpClient client;
  final String base;

  TestHttp(FakeSentry fake) {
    this(fake, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
  }

  TestHttp(FakeSentry fake, HttpClient client) {
    this.client = client;
    this.base = fake.baseUrl();
  }

  HttpResponse<byte[]> get(String pathAndQuery, String... headers) throws IOException {
    return send("GET", pathAndQuery, null, headers);
  }

  HttpResponse<byte[]> send(
      String method, String pathAndQuery, @Nullable String body, String... headers)
      throws IOException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(10));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    try {
      return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  JsonNode json(String pathAndQuery) throws IOException {
    HttpResponse<byte[]> r = get(pathAndQuery);
    if (r.statusCode() != 200) {
      throw new AssertionError(pathAndQuery + " -> " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
    }
    return parse(r);
  }

  static JsonNode parse(HttpResponse<byte[]> r) {
    try {
      return MAPPER.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
