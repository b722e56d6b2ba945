package io.github.sentrymcp.oauth;

import io.github.sentrymcp.api.Skill;
import io.github.sentrymcp.oauth.internal.Crypto;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The server-rendered consent and error pages: no script at all, one inline style allowed by a per-response nonce,
 * forms only to this server, Sentry and the client's redirect URI, no framing, no referrer to other origins, no
 * caching. Everything a
 * client or Sentry supplied is HTML-escaped text, never markup, an attribute name or a link.
 */
final class ConsentPage {
  private static final String STYLE = "body{font:15px/1.45 system-ui,sans-serif;max-width:36rem;margin:2rem auto;"
      + "padding:0 1rem;color:#1d1127}h1{font-size:1.3rem}fieldset{border:1px solid #ccc;border-radius:6px;"
      + "margin:1rem 0}label{display:block;margin:.3rem 0}code{background:#f3f0f7;padding:0 .2rem}"
      + ".note{color:#6c5f7c;font-size:.9rem}button{font-size:1rem;padding:.45rem 1.1rem;margin-right:.6rem}";

  /** What the consent page shows and submits. */
  record Model(String clientId, @Nullable String clientName, String redirectUri, String resource,
      @Nullable String fixedOrganization, @Nullable String fixedProject, PermissionLevel preselected,
      String requestBlob, String csrf, String actionPath) {}

  private ConsentPage() {}

  static void render(HttpServletResponse resp, Model m, Set<String> formTargets) throws IOException {
    String nonce = Crypto.randomToken();
    StringBuilder h = new StringBuilder(4096);
    h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
        .append("<title>Authorize an MCP client for Sentry</title><style nonce=\"").append(nonce).append("\">")
        .append(STYLE).append("</style></head><body><h1>Authorize an MCP client for Sentry</h1>");
    h.append("<p>An application asks to use Sentry on your behalf through this MCP server.</p><p>Client: <code>")
        .append(esc(m.clientId)).append("</code>");
    if (m.clientName != null && !m.clientName.isBlank()) {
      h.append(" calls itself <strong>").append(esc(m.clientName)).append("</strong>")
          .append(" <span class=\"note\">(chosen by the client, not verified)</span>");
    }
    h.append("</p><p>After you approve and sign in to Sentry, your browser goes to: <code>")
        .append(esc(m.redirectUri)).append("</code></p><p>Resource: <code>").append(esc(m.resource))
        .append("</code></p>");
    h.append("<form method=\"post\" action=\"").append(esc(m.actionPath)).append("\">")
        .append("<input type=\"hidden\" name=\"request\" value=\"").append(esc(m.requestBlob)).append("\">")
        .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(esc(m.csrf)).append("\">");
    h.append("<fieldset><legend>Permission level</legend>");
    for (PermissionLevel l : PermissionLevel.values()) {
      h.append("<label><input type=\"radio\" name=\"level\" id=\"level-").append(l.id()).append("\" value=\"")
          .append(l.id()).append('"').append(l == m.preselected ? " checked" : "").append("> ").append(l.title())
          .append("</label>");
    }
    h.append("</fieldset><fieldset><legend>Skills</legend>");
    for (Skill s : Skill.active()) {
      h.append("<label><input type=\"checkbox\" name=\"skill\" id=\"skill-").append(s.id()).append("\" value=\"")
          .append(s.id()).append("\" checked> ").append(esc(s.title())).append("</label>");
    }
    h.append("</fieldset><fieldset><legend>Limit to</legend>");
    if (m.fixedOrganization != null) {
      h.append("<p>Organization <code>").append(esc(m.fixedOrganization)).append("</code>");
      if (m.fixedProject != null) {
        h.append(", project <code>").append(esc(m.fixedProject)).append("</code>");
      }
      h.append(" (from the resource).</p>");
    } else {
      h.append("<label>Organization slug (optional) <input name=\"organization\" id=\"organization\"")
          .append(" maxlength=\"100\" pattern=\"[a-zA-Z0-9][a-zA-Z0-9._\\-]*\"></label>");
    }
    if (m.fixedProject == null) {
      h.append("<label>Project slug (optional, needs an organization) <input name=\"project\" id=\"project\"")
          .append(" maxlength=\"100\" pattern=\"[a-zA-Z0-9][a-zA-Z0-9._\\-]*\"></label>");
    }
    h.append("</fieldset><p class=\"note\">The client never receives your Sentry token; it gets a token of this")
        .append(" server's, limited to what you choose here. You can revoke it at any time.</p>")
        .append("<button type=\"submit\" name=\"action\" value=\"approve\" id=\"approve\">Approve</button>")
        .append("<button type=\"submit\" name=\"action\" value=\"deny\" id=\"deny\">Deny</button>")
        .append("</form></body></html>");
    send(resp, 200, h.toString(), nonce, formTargets);
  }

  /** A generic error page: a fixed sentence, never a token, secret or reflected input. */
  static void error(HttpServletResponse resp, int status, String sentence) throws IOException {
    String nonce = Crypto.randomToken();
    String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Authorization failed</title>"
        + "<style nonce=\"" + nonce + "\">" + STYLE + "</style></head><body><h1>Authorization failed</h1><p>"
        + esc(sentence) + "</p><p>Start again from your MCP client.</p></body></html>";
    send(resp, status, html, nonce, Set.of());
  }

  private static void send(HttpServletResponse resp, int status, String html, String nonce, Set<String> formTargets)
      throws IOException {
    Set<String> targets = new LinkedHashSet<>();
    targets.add("'self'");
    targets.addAll(formTargets);
    resp.setStatus(status);
    resp.setContentType("text/html;charset=utf-8");
    resp.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'nonce-" + nonce + "'; form-action "
        + String.join(" ", targets) + "; frame-ancestors 'none'; base-uri 'none'");
    resp.setHeader("X-Frame-Options", "DENY");
    resp.setHeader("X-Content-Type-Options", "nosniff");
    // same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" on the consent form's POST,
    // and the server checks that Origin; nothing is sent to other origins either way
    resp.setHeader("Referrer-Policy", "same-origin");
    resp.setHeader("Cache-Control", "no-store");
    byte[] body = html.getBytes(StandardCharsets.UTF_8);
    resp.setContentLength(body.length);
    resp.getOutputStream().write(body);
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t' || c == 0x7f || c == '\u2028' || c == '\u2029'
              || Character.getType(c) == Character.FORMAT) {
            b.append('\uFFFD'); // control and bidi-format characters cannot restyle the page
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
