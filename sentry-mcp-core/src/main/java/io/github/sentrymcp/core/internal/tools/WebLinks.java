package io.github.sentrymcp.core.internal.tools;

import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
import org.jspecify.annotations.Nullable;

/**
 * Sentry web (UI) links. SaaS: {@code https://<org>.sentry.io/<path>} (regional API hosts are never used for UI
 * links); self-hosted: {@code <scheme>://<host>/organizations/<org>/<path>}. A link that embeds Sentry data is itself
 * {@link Untrusted}; one built only from validated caller input is a plain string.
 */
public final class WebLinks {
  private final SentryMcpConfig config;

  public WebLinks(SentryMcpConfig config) {
    this.config = config;
  }

  /** Base URL of an organization's UI, ending without a slash. {@code org} must be a validated slug. */
  public String organization(String org) {
    if (config.isSaas()) {
      return "https://" + ApiPath.percentEncode(org) + ".sentry.io";
    }
    return config.baseUrl() + "/organizations/" + ApiPath.percentEncode(org);
  }

  /** A UI path under the organization built from server text and validated identifiers only. */
  public String path(String org, String pathSuffix) {
    return organization(org) + pathSuffix;
  }

  /** {@code .../issues/<shortId>/}; the id came from Sentry. */
  public Untrusted issue(String org, Untrusted shortIdOrId) {
    return Untrusted.of(organization(org) + "/issues/" + ApiPath.percentEncode(shortIdOrId.rawValue()) + "/",
        shortIdOrId.source() + "#url", shortIdOrId.trust());
  }

  /** {@code .../explore/traces/trace/<traceId>/}; {@code traceId} must be validated hex. */
  public String trace(String org, String traceId) {
    return organization(org) + "/explore/traces/trace/" + ApiPath.percentEncode(traceId) + "/";
  }

  /** {@code .../monitors/<id>/} of an uptime monitor; the id came from Sentry. */
  public Untrusted uptimeMonitor(String org, Untrusted monitorId) {
    return Untrusted.of(organization(org) + "/monitors/" + ApiPath.percentEncode(monitorId.rawValue()) + "/",
        monitorId.source() + "#url", monitorId.trust());
  }

  /** {@code .../crons/<project>/<slug>/} of a cron monitor ({@code .../crons/<slug>/} without a project). */
  public Untrusted cronMonitor(String org, @Nullable Untrusted project, Untrusted slug) {
    String path = "/crons/" + (project == null ? "" : ApiPath.percentEncode(project.rawValue()) + "/")
        + ApiPath.percentEncode(slug.rawValue()) + "/";
    return Untrusted.of(organization(org) + path, slug.source() + "#url", slug.trust());
  }

  /** {@code .../explore/conversations/<id>/} of an agent conversation; the id came from Sentry. */
  public Untrusted conversation(String org, Untrusted conversationId) {
    return Untrusted.of(organization(org) + "/explore/conversations/" + ApiPath.percentEncode(
        conversationId.rawValue()) + "/", conversationId.source() + "#url", conversationId.trust());
  }

  /**
   * {@code .../<pathPrefix><id>/}; {@code pathPrefix} is server text beginning and ending with a slash (e.g. {@code
   * /monitors/alerts/}), the id came from Sentry and is percent-encoded as one segment.
   */
  public Untrusted resource(String org, String pathPrefix, Untrusted id) {
    return Untrusted.of(organization(org) + pathPrefix + ApiPath.percentEncode(id.rawValue()) + "/",
        id.source() + "#url", id.trust());
  }
}
