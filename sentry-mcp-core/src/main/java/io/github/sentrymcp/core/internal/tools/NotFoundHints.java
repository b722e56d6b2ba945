package io.github.sentrymcp.core.internal.tools;

import io.github.sentrymcp.api.ApiException;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SessionConstraints;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Sentry's 404 turned into a not-found error that says which of the caller's parameters to check, and which tools
 * list the valid values.
 *
 * <pre>{@code
 * SentryJson team = NotFoundHints.withHint(Map.of("organizationSlug", org), call.constraints(),
 *     () -> client.send(ApiRequest.post(path, body)).jsonObject("team"));
 * }</pre>
 */
public final class NotFoundHints {
  private NotFoundHints() {}

  /**
   * Like {@link #withHint(Map, SessionConstraints, Supplier)} for an unconstrained session (the hint may suggest
   * find_organizations and find_projects).
   */
  public static <T> T withHint(Map<String, String> params, Supplier<T> call) {
    return withHint(params, SessionConstraints.NONE, call);
  }

  /**
   * Runs an org- or project-scoped request and turns a 404 into a not-found error that names the (validated)
   * parameters the caller used.
   *
   * @param params parameter name to caller value; values must be validated slugs (they end up in server text)
   * @param constraints the session's constraints: tools hidden by them are not suggested
   */
  public static <T> T withHint(Map<String, String> params, SessionConstraints constraints, Supplier<T> call) {
    try {
      return call.get();
    } catch (ApiException e) {
      if (e.status() != 404) {
        throw e;
      }
      StringBuilder sb = new StringBuilder("Sentry found nothing at ").append(e.endpoint())
          .append(" (HTTP 404). Check these parameters:");
      String sep = " ";
      for (Map.Entry<String, String> p : params.entrySet()) {
        sb.append(sep).append(p.getKey()).append("='").append(p.getValue()).append('\'');
        sep = ", ";
      }
      sb.append('.');
      if (constraints.organizationSlug() == null) {
        sb.append(" find_organizations lists the organizations this token can access.");
      }
      if ((params.containsKey("projectSlug") || params.containsKey("projectSlugOrId"))
          && constraints.projectSlug() == null) {
        sb.append(" find_projects lists the projects of an organization.");
      }
      throw new ApiException(ErrorKind.NOT_FOUND, 404, e.endpoint(), sb.toString(), e.details(),
          e.retryAfter(), e);
    }
  }
}
