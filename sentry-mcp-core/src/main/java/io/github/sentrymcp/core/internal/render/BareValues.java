package io.github.sentrymcp.core.internal.render;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The closed grammars a Sentry value may match to be shown without a region: values that Sentry itself generates or
 * that have a fixed form, and that cannot carry an instruction because they have no room for words. A value that
 * matches none of them is fenced as every other Sentry value; the sanitizer decides, never a tool.
 *
 * <ul>
 *   <li>numbers: integers and decimals of at most 20 digits a side, with an optional exponent;
 *   <li>lower-case hex ids of 6 to 64 digits (event, trace and span ids, commit hashes) and UUIDs;
 *   <li>ISO-8601 dates and timestamps;
 *   <li>IPv4 and IPv6 addresses and dotted version numbers;
 *   <li>one word of a fixed vocabulary of Sentry enum values ({@link #WORDS}): issue status and substatus, levels,
 *       priorities, issue categories and types, event types, span statuses, HTTP methods, platform identifiers,
 *       {@code true}, {@code false}, {@code yes}, {@code no}. The match is exact and case-sensitive.
 * </ul>
 */
public final class BareValues {

  private BareValues() {}

  private static final Pattern NUMBER = Pattern.compile("-?[0-9]{1,20}(?:\\.[0-9]{1,20})?(?:[eE][-+]?[0-9]{1,3})?");
  private static final Pattern HEX_ID = Pattern.compile("[0-9a-f]{6,64}");
  private static final Pattern UUID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern TIMESTAMP = Pattern.compile(
      "[0-9]{4}-[0-9]{2}-[0-9]{2}(?:T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\\.[0-9]{1,9})?)?)?"
          + "(?:Z|[+-][0-9]{2}:?[0-9]{2})?");
  private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(?:\\.[0-9]{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("(?=.*:.*:)[0-9a-fA-F:.]{2,45}");
  private static final Pattern VERSION = Pattern.compile("v?[0-9]{1,9}(?:\\.[0-9]{1,9}){1,4}");

  /** The fixed vocabulary of single-word enum values. */
  static final Set<String> WORDS = Set.of(
      // issue status and substatus
      "resolved", "unresolved", "ignored", "muted", "archived", "reprocessing", "pending_deletion",
      "deletion_in_progress", "resolvedInNextRelease", "ongoing", "new", "regressed", "escalating",
      "archived_until_escalating", "archived_until_condition_met", "archived_forever",
      // levels and priorities
      "fatal", "error", "warning", "info", "debug", "sample", "log", "high", "medium", "low",
      // issue categories and event types
      "performance", "feedback", "cron", "uptime", "replay", "metric", "metric_alert", "outage", "db_query",
      "http_client", "frontend", "mobile", "default", "transaction", "csp", "hpkp", "expectct", "expectstaple",
      "nel", "generic", "profile", "crons", "user_experience", "responsiveness", "configuration",
      // common issue types
      "performance_n_plus_one_db_queries", "performance_n_plus_one_api_calls", "performance_slow_db_query",
      "performance_consecutive_db_queries", "performance_consecutive_http", "performance_render_blocking_asset_span",
      "performance_file_io_main_thread", "performance_db_main_thread", "performance_large_http_payload",
      "performance_http_overhead", "performance_uncompressed_assets", "performance_m_n_plus_one_db_queries",
      "profile_file_io_main_thread", "profile_image_decode_main_thread", "profile_json_decode_main_thread",
      "profile_regex_main_thread", "profile_frame_drop", "monitor_check_in_failure", "monitor_check_in_timeout",
      "monitor_check_in_missed", "uptime_domain_failure", "replay_hydration_error", "replay_deadclick",
      "replay_rageclick",
      // span and check-in statuses
      "ok", "cancelled", "unknown", "unknown_error", "invalid_argument", "deadline_exceeded", "not_found",
      "already_exists", "permission_denied", "resource_exhausted", "failed_precondition", "aborted",
      "out_of_range", "unimplemented", "internal_error", "unavailable", "data_loss", "unauthenticated",
      "active", "disabled", "enabled", "paused", "missed_checkin", "timeout", "in_progress", "success", "failure",
      // HTTP methods
      "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "CONNECT", "TRACE",
      // roles
      "member", "admin", "owner", "manager", "contributor", "billing",
      // platforms
      "javascript", "node", "python", "java", "ruby", "php", "go", "rust", "dotnet", "csharp", "cocoa", "swift",
      "objc", "android", "apple", "apple-ios", "apple-macos", "flutter", "dart", "react-native", "native", "c",
      "cpp", "elixir", "perl", "kotlin", "unity", "unreal", "electron", "javascript-react", "javascript-nextjs",
      "javascript-vue", "javascript-angular", "javascript-svelte", "javascript-sveltekit", "javascript-remix",
      "javascript-astro", "javascript-nuxt", "javascript-browser", "node-express", "node-nestjs", "node-koa",
      "node-fastify", "node-hapi", "node-connect", "node-cloudflare-workers", "node-cloudflare-pages",
      "python-django", "python-flask", "python-fastapi", "python-celery", "python-aiohttp", "python-starlette",
      "python-tornado", "python-pyramid", "python-rq", "python-bottle", "python-falcon", "python-sanic",
      "python-awslambda", "python-gcpfunctions", "java-spring", "java-spring-boot", "java-logback", "java-log4j2",
      "ruby-rails", "ruby-rack", "php-laravel", "php-symfony", "go-http", "go-gin", "go-echo", "dotnet-aspnetcore",
      "dotnet-maui", "dotnet-wpf", "dotnet-winforms", "minidump", "other",
      // truth values
      "true", "false", "yes", "no", "none", "null");

  /** True when {@code value} matches one of the closed grammars and may be shown without a region. */
  public static boolean isBare(String value) {
    int n = value.length();
    if (n == 0 || n > 64) {
      return false;
    }
    char c = value.charAt(0);
    if ((c >= '0' && c <= '9') || c == '-' || c == 'v') {
      return NUMBER.matcher(value).matches() || HEX_ID.matcher(value).matches() || UUID.matcher(value).matches()
          || TIMESTAMP.matcher(value).matches() || IPV4.matcher(value).matches() || IPV6.matcher(value).matches()
          || VERSION.matcher(value).matches();
    }
    if (WORDS.contains(value)) {
      return true;
    }
    return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':'
        ? HEX_ID.matcher(value).matches() || UUID.matcher(value).matches() || IPV6.matcher(value).matches()
        : false;
  }
}
