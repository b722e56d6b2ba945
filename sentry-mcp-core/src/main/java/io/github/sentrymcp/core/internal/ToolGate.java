package io.github.sentrymcp.core.internal;

import io.github.sentrymcp.api.GrantHints;
import io.github.sentrymcp.api.Scope;
import io.github.sentrymcp.api.ScopeResolver;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.SentryTool;
import io.github.sentrymcp.api.Session;
import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.api.ToolDescriptor;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The one decision whether a session may list and call a tool: the session's tool lists, its skills, its scopes (with
 * the hierarchy) and its constraints (a tool hidden under them). The engine asks it for listing and for every call;
 * built-in tools ask it again when called directly from Java, with the same answer.
 */
public final class ToolGate {
  private final ScopeResolver scopes;
  private final GrantHints hints;
  /**
   * Which tools the last session asked about may be used: sessions are immutable, and a server usually asks for the
   * same session again and again (stdio has one), so the grant is evaluated once per session and tool.
   */
  private volatile Memo memo = new Memo(null);

  private static final class Memo {
    final @Nullable Session session;
    final java.util.concurrent.ConcurrentHashMap<String, Boolean> allowed = new java.util.concurrent.ConcurrentHashMap<>();

    Memo(@Nullable Session session) {
      this.session = session;
    }
  }

  public ToolGate(ScopeResolver scopes, GrantHints hints) {
    this.scopes = Objects.requireNonNull(scopes, "scopes");
    this.hints = Objects.requireNonNull(hints, "hints");
  }

  /** Why the session may not use the tool, or null when it may. No request is involved. */
  public @Nullable SentryMcpException problem(SentryTool tool, Session session) {
    Memo m = memo;
    if (m.session != session) {
      m = new Memo(session);
      memo = m;
    }
    String name = tool.descriptor().name();
    if (Boolean.TRUE.equals(m.allowed.get(name))) {
      return null;
    }
    SentryMcpException p = decide(tool, session);
    if (p == null) {
      m.allowed.put(name, Boolean.TRUE);
    }
    return p;
  }

  private @Nullable SentryMcpException decide(SentryTool tool, Session session) {
    ToolDescriptor d = tool.descriptor();
    SentryMcpException p = problem(d, session);
    if (p != null) {
      return p;
    }
    if (tool.hiddenUnder(session.constraints())) {
      return SentryMcpException.permissionDenied(
          "The tool " + d.name() + " is not available in this constrained session.");
    }
    return null;
  }

  /** The grant part of {@link #problem(SentryTool, Session)}: tool lists, skills and scopes. */
  public @Nullable SentryMcpException problem(ToolDescriptor d, Session session) {
    if (!session.toolFilter().allows(d.name())) {
      return SentryMcpException.permissionDenied("The tool " + d.name() + " is not available: "
          + session.toolFilter().reason(d.name()) + "." + hint(hints.forToolFilter(d.name())));
    }
    if (Collections.disjoint(d.skills(), session.skills())) {
      return SentryMcpException.permissionDenied("The tool " + d.name()
          + " is not enabled by the granted skills. It belongs to: "
          + d.skills().stream().map(Skill::id).collect(Collectors.joining(", ")) + "."
          + hint(hints.forSkills(d.skills())));
    }
    Set<Scope> missing = scopes.missing(session.grantedScopes(), d.requiredScopes());
    if (!missing.isEmpty()) {
      String list = missing.stream().map(Scope::id).collect(Collectors.joining(","));
      return SentryMcpException.permissionDenied("The tool " + d.name() + " needs the scope(s) " + list
          + ", which this session was not granted." + hint(hints.forScopes(missing)));
    }
    return null;
  }

  private static String hint(String text) {
    return text.isBlank() ? "" : " " + text.strip();
  }
}
