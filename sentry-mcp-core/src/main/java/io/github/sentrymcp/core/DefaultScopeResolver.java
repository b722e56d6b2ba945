package io.github.sentrymcp.core;

import io.github.sentrymcp.api.ConfigurationException;
import io.github.sentrymcp.api.Csv;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.ScopeResolver;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The Sentry scope hierarchy: {@code admin ⊃ write ⊃ read} within one resource, nothing across resources, {@code
 * project:releases} alone. Unknown scopes are errors, never dropped.
 */
public final class DefaultScopeResolver implements ScopeResolver {

  /** The resolver; it holds no state. */
  public static final DefaultScopeResolver INSTANCE = new DefaultScopeResolver();

  private DefaultScopeResolver() {}

  @Override
  public Set<Scope> parse(String csv) {
    Csv<Scope> parsed = Csv.parse(csv, Scope::fromId);
    if (!parsed.invalid().isEmpty()) {
      throw new ConfigurationException(List.of(
          "invalid scope(s) " + parsed.invalidQuoted() + "; valid scopes: " + Scope.validIds()));
    }
    return parsed.valid().isEmpty()
        ? Collections.unmodifiableSet(EnumSet.noneOf(Scope.class))
        : Collections.unmodifiableSet(EnumSet.copyOf(parsed.valid()));
  }

  @Override
  public Set<Scope> resolve(@Nullable Set<Scope> replace, Set<Scope> add) {
    EnumSet<Scope> grant = EnumSet.noneOf(Scope.class);
    grant.addAll(replace != null ? replace : Scope.DEFAULTS);
    grant.addAll(add);
    return Collections.unmodifiableSet(Scope.expand(grant));
  }

  @Override
  public Set<Scope> missing(Set<Scope> granted, Set<Scope> required) {
    if (required.isEmpty()) {
      return Set.of();
    }
    Set<Scope> expanded = Scope.expand(granted);
    EnumSet<Scope> out = EnumSet.noneOf(Scope.class);
    for (Scope r : required) {
      if (!expanded.contains(r)) {
        out.add(r);
      }
    }
    return Collections.unmodifiableSet(out);
  }
}
