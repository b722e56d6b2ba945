package io.github.sentrymcp.core.internal.tools;

import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Which API host serves an organization (spec §6.3, {@code resolveRegionUrlForOrganization}), for the tools that look
 * it up themselves when no {@code regionUrl} is given (traces, replays, profiles):
 *
 * <ol>
 *   <li>an explicit {@code regionUrl} argument (or the session's region constraint, injected as that argument) is
 *       validated by the client and used; a rejected one is the caller's error;
 *   <li>otherwise {@code GET /organizations/{org}/} on the configured host, and its {@code links.regionUrl} goes
 *       through the client's validator ({@link SentryApiClient#forRegion(Untrusted)});
 *   <li>an empty or missing {@code links.regionUrl} means the configured host (self-hosted Sentry);
 *   <li>a failed lookup means the configured host too, like the reference (not cached, so the next call asks again;
 *       the data requests that follow report the real problem: unknown organization, expired token, ...);
 *   <li>a region URL the validator rejects is never contacted: the configured host is used instead, and {@link
 *       Resolution#regionRejected()} says so for tools that tell the agent.
 * </ol>
 *
 * <p>Outcomes of successful lookups are cached per instance (one per tool instance, so per engine) and organization
 * slug, at most {@value #MAX_CACHED} entries. The cache holds validated origins only, never clients: each call derives
 * its regional client from its own client, with its own credentials, cancellation and deadline.
 */
public final class OrganizationRegions {
  static final int MAX_CACHED = 512;

  /**
   * Where to send the organization's requests.
   *
   * @param client the client for the organization's region (or the configured host), bound to the caller's call
   * @param regionRejected whether Sentry named a region host that the validator refused
   */
  public record Resolution(SentryApiClient client, boolean regionRejected) {}

  /** A cached outcome: the validated region origin (null for the configured host). */
  private record Cached(@Nullable String origin, boolean regionRejected) {}

  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  /**
   * The client for the organization's region; see {@link #resolution} for whether a region was refused.
   *
   * @param base the call's client for the configured host
   * @param regionUrlArgument the non-blank {@code regionUrl} argument, or null
   * @param organizationSlug a validated slug
   * @throws SentryMcpException invalid input when the explicit {@code regionUrl} is not allowed
   */
  public SentryApiClient resolve(SentryApiClient base, @Nullable String regionUrlArgument, String organizationSlug) {
    return resolution(base, regionUrlArgument, organizationSlug).client();
  }

  /**
   * The organization's region and whether Sentry named one the validator refused.
   *
   * @param base the call's client for the configured host
   * @param regionUrlArgument the non-blank {@code regionUrl} argument, or null
   * @param organizationSlug a validated slug
   * @throws SentryMcpException invalid input when the explicit {@code regionUrl} is not allowed
   */
  public Resolution resolution(SentryApiClient base, @Nullable String regionUrlArgument, String organizationSlug) {
    if (regionUrlArgument != null) {
      return new Resolution(base.forRegion(regionUrlArgument), false);
    }
    Cached cached = cache.get(organizationSlug);
    if (cached != null) {
      // the origin passed the validator when it was cached; it is validated again for this client
      String origin = cached.origin();
      return new Resolution(origin == null ? base : base.forRegion(origin), cached.regionRejected());
    }
    Untrusted regionUrl;
    try {
      regionUrl = base.get(ApiPath.of("/organizations/{org}/", organizationSlug))
          .jsonObject("organization", TrustClass.UNTRUSTED_AUTHENTICATED)
          .path("links", "regionUrl")
          .text();
    } catch (SentryMcpException e) {
      return new Resolution(base, false);
    }
    Resolution resolved;
    Cached entry;
    try {
      SentryApiClient regional = base.forRegion(regionUrl);
      resolved = new Resolution(regional, false);
      entry = new Cached(regional == base ? null : regional.origin(), false);
    } catch (SentryMcpException e) {
      resolved = new Resolution(base, true);
      entry = new Cached(null, true);
    }
    if (cache.size() >= MAX_CACHED) {
      cache.clear();
    }
    cache.put(organizationSlug, entry);
    return resolved;
  }
}
