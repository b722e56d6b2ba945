package io.github.sentrymcp.oauth.internal;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Fetches a document from a URL a client named (a client ID metadata document) without letting the URL reach into
 * the server's own network: https only, no credentials or fragment, every address the host resolves to must be a
 * public unicast address (no loopback, private, link-local, carrier-grade NAT, unique-local, multicast or
 * unspecified address, also when written as IPv4-mapped, IPv4-compatible, 6to4, NAT64 or Teredo IPv6), a host that
 * looks numeric only as a standard dotted quad (no decimal, octal or hex forms), no redirects (a client that follows
 * them is refused), status 200 with a JSON media type, a time cap over the whole exchange and a size cap. A DNS
 * answer that changes between the check and the connection is a residual risk (the JDK's HTTP client resolves
 * again); an egress proxy closes it.
 */
public final class OutboundUrlGuard {
  private static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super("too large", null);
    }
  }

  /** Collects a body up to a cap; a longer body fails the exchange at once. */
  private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final java.util.concurrent.CompletableFuture<byte[]> result = new java.util.concurrent.CompletableFuture<>();
    private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    private final int max;
    private java.util.concurrent.Flow.@Nullable Subscription subscription;

    LimitedBody(int max) {
      this.max = max;
    }

    @Override
    public java.util.concurrent.CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(java.util.List<java.nio.ByteBuffer> items) {
      for (java.nio.ByteBuffer b : items) {
        if (out.size() + b.remaining() > max) {
          if (subscription != null) {
            subscription.cancel();
          }
          result.completeExceptionally(new TooLarge());
          return;
        }
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        out.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(out.toByteArray());
    }
  }

  /** Why a fetch was refused or failed; fixed texts, never the URL. */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    public Refused(String reason) {
      super(reason, null, false, false);
    }
  }

  /** A host of digits, dots and hex prefixes (the last label of a DNS name is never numeric). */
  private static final Pattern NUMERIC_HOST = Pattern.compile("(?i)(?:.*\\.)?(?:0x[0-9a-f]*|[0-9]+)\\.?");
  private static final String OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
  private static final Pattern DOTTED_QUAD = Pattern.compile("(?:" + OCTET + "\\.){3}" + OCTET);

  private final HttpClient http;
  private final Predicate<InetAddress> allowed;
  private final Duration timeout;
  private final int maxBytes;

  public OutboundUrlGuard(HttpClient http, Predicate<InetAddress> allowed, Duration timeout, int maxBytes) {
    this.http = http;
    this.allowed = allowed;
    this.timeout = timeout;
    this.maxBytes = maxBytes;
  }

  /** The default address policy: public unicast addresses only. */
  public static boolean isPublic(InetAddress a) {
    if (a instanceof Inet6Address v6) {
      byte[] b = v6.getAddress();
      boolean mapped = true;
      for (int i = 0; i < 10; i++) {
        mapped &= b[i] == 0;
      }
      if (mapped && b[10] == 0 && b[11] == 0) {
        return false; // ::/96: unspecified, loopback and IPv4-compatible addresses (routed to IPv4 by some stacks)
      }
      if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
        try {
          return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
          return false;
        }
      }
      if ((b[0] & 0xfe) == 0xfc || (b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0x0d
          && (b[3] & 0xff) == 0xb8) {
        return false; // fc00::/7 unique local, 2001:db8::/32 documentation
      }
      if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02 || (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64
          && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
        return false; // 6to4 and NAT64 can wrap private IPv4 addresses
      }
      if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0 && b[3] == 0) {
        return false; // 2001::/32 Teredo wraps an IPv4 address too
      }
    }
    if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return false;
    }
    if (a instanceof Inet4Address) {
      byte[] b = a.getAddress();
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first != 0 && !(first == 100 && second >= 64 && second < 128) // carrier-grade NAT
          && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) && !(first == 198 && (second == 18 || second == 19))
          && first < 224;
    }
    return true;
  }

  /**
   * The body of {@code GET url} (status 200, JSON), at most the size cap.
   *
   * @throws Refused when the URL or one of its addresses is not allowed, or the fetch failed
   */
  public byte[] fetchJson(URI url) throws Refused {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    String host = url.getHost();
    if (!scheme.equals("https") || host == null || url.getRawUserInfo() != null || url.getRawFragment() != null) {
      throw new Refused("the URL must be https without credentials or fragment");
    }
    if (NUMERIC_HOST.matcher(host).matches() && !DOTTED_QUAD.matcher(host).matches()) {
      // 2130706433, 0177.0.0.1, 0x7f000001: resolvers (and proxies) disagree on what these mean
      throw new Refused("the host must be a name or an IP address in standard form");
    }
    if (http.followRedirects() != HttpClient.Redirect.NEVER) {
      throw new Refused("the HTTP client follows redirects"); // a redirect's target would not be checked
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
    } catch (UnknownHostException e) {
      throw new Refused("the host does not resolve");
    }
    for (InetAddress a : addresses) {
      if (!allowed.test(a)) {
        throw new Refused("the host resolves to an address that is not allowed");
      }
    }
    HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).header("Accept", "application/json").GET()
        .build();
    java.util.concurrent.CompletableFuture<HttpResponse<byte[]>> future =
        http.sendAsync(request, info -> new LimitedBody(maxBytes));
    HttpResponse<byte[]> response;
    try { // the cap covers the whole exchange, body included (a slow body cannot hold a thread)
      response = future.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new Refused("the document could not be fetched");
    } catch (java.util.concurrent.TimeoutException e) {
      future.cancel(true);
      throw new Refused("the document took too long");
    } catch (java.util.concurrent.ExecutionException e) {
      throw new Refused(e.getCause() instanceof TooLarge
          ? "the document is larger than " + maxBytes + " bytes" : "the document could not be fetched");
    }
    if (response.previousResponse().isPresent() || response.statusCode() != 200) {
      throw new Refused("the document's server answered " + response.statusCode());
    }
    @Nullable String type = response.headers().firstValue("Content-Type").orElse(null);
    String media = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!media.equals("application/json") && !(media.startsWith("application/") && media.endsWith("+json"))) {
      throw new Refused("the document is not JSON");
    }
    return response.body();
  }
}
