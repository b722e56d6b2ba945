package io.github.sentrymcp.core.internal.tools;

import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Which API host serves an organization (spec §6.3, {@code resolveRegionUrlForOrganization}), for tools that look it
 * up themselves when no {@code regionUrl} is given (replays, profiles):
 *
 * <ol>
 *   <li>an explicit {@code regionUrl} argument (or the session's region constraint, injected as that argument) is
 *       validated by the client and used; a rejected one is the caller's error;
 *   <li>otherwise {@code GET /organizations/{org}/} on the configured host, and its {@code links.regionUrl} goes
 *       through the client's validator ({@link SentryApiClient#forRegion(Untrusted)});
 *   <li>an empty or missing {@code links.regionUrl}, or a failed lookup, means the configured host (a failed lookup
 *       is not cached; the data requests that follow report the real problem);
 *   <li>a region URL the validator rejects is never contacted: the configured host is used instead.
 * </ol>
 *
 * <p>Outcomes are cached per instance (one per tool instance, so per engine) and organization slug, at most {@value
 * #MAX_CACHED} entries. The cache holds validated origins only, never clients: each call derives its regional client
 * from its own client, with its own credentials, cancellation and deadline.
 */
public final class OrganizationRegions {
  static final int MAX_CACHED = 512;

  /** A cached outcome: the validated region origin (null for the configured host). */
  private record Cached(@Nullable String origin) {}

  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  /**
   * The client for the organization's region.
   *
   * @param base the call's client for the configured host
   * @param regionUrlArgument the non-blank {@code regionUrl} argument, or null
   * @param organizationSlug a validated slug
   * @throws SentryMcpException invalid input when the explicit {@code regionUrl} is not allowed
   */
  public SentryApiClient resolve(SentryApiClient base, @Nullable String regionUrlArgument, String organizationSlug) {
    if (regionUrlArgument != null) {
      return base.forRegion(regionUrlArgument);
    }
    Cached cached = cache.get(organizationSlug);
    if (cached != null) {
      String origin = cached.origin();
      return origin == null ? base : base.forRegion(origin);
    }
    Untrusted regionUrl;
    try {
      regionUrl = base.get(ApiPath.of("/organizations/{org}/", organizationSlug))
          .jsonObject("organization", TrustClass.UNTRUSTED_AUTHENTICATED)
          .path("links", "regionUrl")
          .text();
    } catch (SentryMcpException e) {
      return base;
    }
    SentryApiClient resolved;
    try {
      resolved = base.forRegion(regionUrl);
    } catch (SentryMcpException e) {
      resolved = base;
    }
    if (cache.size() >= MAX_CACHED) {
      cache.clear();
    }
    cache.put(organizationSlug, new Cached(resolved == base ? null : resolved.origin()));
    return resolved;
  }
}
