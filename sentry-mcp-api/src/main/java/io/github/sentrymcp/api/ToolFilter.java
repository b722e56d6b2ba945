package io.github.sentrymcp.api;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Per-tool allow and deny lists, applied on top of skills and scopes: a tool is usable only when {@link #only} is
 * null or names it, and {@link #disabled} does not. Enforced when listing and when calling.
 *
 * @param only the tools allowed, or null for no allow list
 * @param disabled the tools refused; wins over {@code only}
 */
public record ToolFilter(@Nullable Set<String> only, Set<String> disabled) {

  /** No allow list, nothing disabled. */
  public static final ToolFilter ALL = new ToolFilter(null, Set.of());

  /**
   * Copies the lists.
   *
   * @param only the tools allowed, or null for no allow list
   * @param disabled the tools refused; wins over {@code only}
   * @throws NullPointerException when {@code disabled} is null
   */
  public ToolFilter {
    only = only == null ? null : Collections.unmodifiableSet(new LinkedHashSet<>(only));
    disabled = Collections.unmodifiableSet(new LinkedHashSet<>(Objects.requireNonNull(disabled, "disabled")));
  }

  /**
   * Whether {@code tool} may be listed and called.
   *
   * @param tool the tool's name
   * @return true when the allow list (if any) contains it and it is not disabled
   */
  public boolean allows(String tool) {
    return (only == null || only.contains(tool)) && !disabled.contains(tool);
  }

  /**
   * Every tool name either list mentions (to check them against a catalog).
   *
   * @return the names, allow list first
   */
  public Set<String> mentioned() {
    Set<String> all = new LinkedHashSet<>();
    if (only != null) {
      all.addAll(only);
    }
    all.addAll(disabled);
    return all;
  }

  /**
   * Why {@code tool} is refused, for error messages; empty when it is allowed.
   *
   * @param tool the tool's name
   * @return the reason, or an empty string
   */
  public String reason(String tool) {
    if (disabled.contains(tool)) {
      return "it is disabled for this session";
    }
    if (only != null && !only.contains(tool)) {
      return "it is not among the tools enabled for this session";
    }
    return "";
  }
}
