package io.github.sentrymcp.core.internal.tools.alerts;

import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.SentryJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Slack action copied from the alert with a new channel name (or workspace) but the old channel id: Sentry checks
 * a given id against the name, so the copied id is dropped and Sentry resolves the new channel's id itself. An id the
 * caller changed is kept.
 */
final class SlackTargets {
  private SlackTargets() {}

  /**
   * The action groups with stale Slack channel ids removed.
   *
   * @param groups action groups as {@link AlertRuleBodies#actionFilters} built them
   * @param current the alert as Sentry returned it before the update
   */
  @SuppressWarnings("unchecked")
  static List<Object> dropStaleChannelIds(List<Object> groups, SentryJson current) {
    List<SentryJson> previous = new ArrayList<>();
    for (SentryJson group : current.get("actionFilters").items()) {
      for (SentryJson action : group.get("actions").items()) {
        if (action.isObject()) {
          previous.add(action);
        }
      }
    }
    List<Object> out = new ArrayList<>();
    for (Object g : groups) {
      Map<String, @Nullable Object> group = new LinkedHashMap<>((Map<String, @Nullable Object>) g);
      List<Object> actions = new ArrayList<>();
      for (Object a : (List<Object>) group.getOrDefault("actions", List.of())) {
        actions.add(withoutStaleId((Map<String, @Nullable Object>) a, previous));
      }
      group.put("actions", actions);
      out.add(group);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, @Nullable Object> withoutStaleId(Map<String, @Nullable Object> action,
      List<SentryJson> previous) {
    Object id = action.get("id");
    if (!"slack".equals(action.get("type")) || id == null
        || !(action.get("config") instanceof Map<?, ?> rawConfig)) {
      return action;
    }
    Map<String, Object> config = (Map<String, Object>) rawConfig;
    if (!(config.get("targetDisplay") instanceof String display) || display.isEmpty()) {
      return action;
    }
    SentryJson before = null;
    for (SentryJson p : previous) {
      Untrusted pid = p.get("id").text();
      if (pid != null && pid.contentEquals(scalarText(id))) {
        before = p;
        break;
      }
    }
    if (before == null || !before.get("config").isObject()) {
      return action;
    }
    SentryJson beforeConfig = before.get("config");
    boolean sameDestination = same(display, beforeConfig.get("targetDisplay"))
        && sameText(action.get("integrationId"), before.get("integrationId"));
    if (sameDestination || !same(config.get("targetIdentifier"), beforeConfig.get("targetIdentifier"))) {
      return action;
    }
    Map<String, Object> newConfig = new LinkedHashMap<>(config);
    newConfig.remove("targetIdentifier");
    Map<String, @Nullable Object> out = new LinkedHashMap<>(action);
    out.put("config", newConfig);
    return out;
  }

  /** A caller scalar (string, number, null or absent) and a Sentry value are the same. */
  private static boolean same(@Nullable Object caller, SentryJson sentry) {
    Untrusted text = sentry.text();
    if (caller == null) {
      return text == null;
    }
    if (caller instanceof String s) {
      return sentry.isText() && text != null && text.contentEquals(s);
    }
    if (caller instanceof Number) {
      return text != null && text.contentEquals(scalarText(caller));
    }
    return false;
  }

  /** Like {@link #same} but comparing the text forms ({@code "5"} and {@code 5} are the same integration). */
  private static boolean sameText(@Nullable Object caller, SentryJson sentry) {
    Untrusted text = sentry.text();
    return caller == null ? text == null : text != null && text.contentEquals(scalarText(caller));
  }

  private static String scalarText(Object value) {
    return value instanceof String s ? s : String.valueOf(value);
  }
}
