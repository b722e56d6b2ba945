package io.github.sentrymcp.core.internal.schema;

import io.github.sentrymcp.api.SessionConstraints;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Parameters shared by many tools, with the reference server's names, descriptions and identifier rules. */
public final class Params {
  private Params() {}

  /** {@code [0-9a-fA-F]{32}}: event and trace ids. */
  public static final Pattern HEX32 = Pattern.compile("[0-9a-fA-F]{32}");

  /** Resource ids: slug charset, 1 to 100 characters (numeric ids, UUIDs, short ids, {@code latest}). */
  public static final Pattern RESOURCE_ID = SessionConstraints.SLUG;

  /**
   * Issue ids: numeric, or a short id such as {@code PROJECT-1Z43} (ASCII letters, digits, {@code _} and {@code -}
   * only; the canonical form is upper case, see {@link #canonicalIssueId}).
   */
  public static final Pattern ISSUE_ID = Pattern.compile("\\d{1,20}|[A-Za-z0-9][\\w-]{0,98}-[A-Za-z0-9]+");

  public static final Pattern PERIOD = Pattern.compile("\\d{1,6}[hdw]");

  /** Problem description for a slug, or null when valid. */
  public static @Nullable String slugProblem(String value) {
    if (value.length() > 100) {
      return "must be at most 100 characters";
    }
    return SessionConstraints.SLUG.matcher(value).matches()
        ? null
        : "must be a slug: letters, digits, '.', '_' or '-', starting with a letter or digit";
  }

  /**
   * Problem description for an id that becomes a path segment (slug charset, 1 to 100 characters: numeric ids,
   * 32-hex key ids, UUIDs), or null when valid. Refuses {@code /}, {@code \}, {@code %} and a leading {@code .}, so
   * {@code ../} never reaches a request.
   */
  public static @Nullable String resourceIdProblem(String value) {
    if (value.length() > 100) {
      return "must be at most 100 characters";
    }
    return RESOURCE_ID.matcher(value).matches()
        ? null
        : "must be an id: letters, digits, '.', '_' or '-', starting with a letter or digit";
  }

  /** Problem description for a numeric id (at most 20 digits) or slug, or null when valid. */
  public static @Nullable String slugOrIdProblem(String value) {
    if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return value.length() <= 20 ? null : "numeric ids have at most 20 digits";
    }
    return slugProblem(value);
  }

  public static InputSchema.Param organizationSlug() {
    return InputSchema.builder()
        .string("organizationSlug", "The organization's slug (find_organizations lists them).")
        .required().minLength(1).check(Params::slugProblem).param();
  }

  public static InputSchema.Param optionalOrganizationSlug() {
    return InputSchema.builder()
        .string("organizationSlug", "The organization's slug (find_organizations lists them).")
        .nullable().minLength(1).check(Params::slugProblem).param();
  }

  public static InputSchema.Param regionUrl() {
    return InputSchema.builder()
        .string("regionUrl", "The organization's region URL (regionUrl from find_organizations, e.g."
            + " 'https://us.sentry.io'), if known.")
        .nullable().maxLength(2048).param();
  }

  public static InputSchema.Param projectSlug(boolean required) {
    InputSchema.ParamBuilder b = InputSchema.builder()
        .string("projectSlug", "The project's slug (find_projects lists them).")
        .minLength(1).check(Params::slugProblem);
    return (required ? b.required() : b.nullable()).param();
  }

  public static InputSchema.Param query(String description) {
    return InputSchema.builder().string("query", description).nullable().maxLength(1000).param();
  }

  public static InputSchema.Param cursor() {
    return InputSchema.builder()
        .string("cursor", "Cursor for the next page, as returned by a previous call (`nextCursor`).")
        .nullable().maxLength(200).pattern(Pattern.compile("[A-Za-z0-9:._-]{1,200}")).param();
  }

  /**
   * The canonical form of an issue id, or null when {@code raw} is not exactly one. Nothing in the id is removed or
   * replaced: leading and trailing ASCII whitespace (space, tab, CR, LF, FF) is trimmed, the rest must match {@link
   * #ISSUE_ID} as it is (so a space, a zero-width or format character, a BOM, a no-break space, fullwidth digits,
   * look-alike letters from other scripts or any punctuation other than {@code _} and {@code -} make it invalid),
   * and ASCII letters are upper-cased (Sentry's short ids are upper case and it looks them up ignoring case; nothing
   * outside ASCII is case-mapped, so {@code ı} never becomes {@code I}).
   */
  public static @Nullable String canonicalIssueId(String raw) {
    String v = trimAsciiWhitespace(raw);
    return ISSUE_ID.matcher(v).matches() ? asciiUpperCase(v) : null;
  }

  /**
   * {@code s} without leading and trailing ASCII whitespace (space, tab, CR, LF, FF). Other Unicode spaces (no-break,
   * ideographic, zero-width) are kept, so they make an identifier invalid instead of silently disappearing.
   */
  public static String trimAsciiWhitespace(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isAsciiWhitespace(s.charAt(start))) {
      start++;
    }
    while (end > start && isAsciiWhitespace(s.charAt(end - 1))) {
      end--;
    }
    return start == 0 && end == s.length() ? s : s.substring(start, end);
  }

  /** {@code s} with {@code a-z} upper-cased and every other character unchanged. */
  public static String asciiUpperCase(String s) {
    char[] chars = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'a' && c <= 'z') {
        if (chars == null) {
          chars = s.toCharArray();
        }
        chars[i] = (char) (c - ('a' - 'A'));
      }
    }
    return chars == null ? s : new String(chars);
  }

  private static boolean isAsciiWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }
}
