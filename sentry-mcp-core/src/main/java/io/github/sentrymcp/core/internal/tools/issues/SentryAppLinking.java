package io.github.sentrymcp.core.internal.tools.issues;

import io.github.sentrymcp.api.ApiException;
import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.result.ToolResult;
import io.github.sentrymcp.api.result.TrustClass;
import io.github.sentrymcp.api.result.Untrusted;
import io.github.sentrymcp.core.internal.client.ApiPath;
import io.github.sentrymcp.core.internal.client.ApiRequest;
import io.github.sentrymcp.core.internal.client.ApiResponse;
import io.github.sentrymcp.core.internal.client.Query;
import io.github.sentrymcp.core.internal.client.RequestJson;
import io.github.sentrymcp.core.internal.client.SentryApiClient;
import io.github.sentrymcp.core.internal.client.SentryJson;
import io.github.sentrymcp.core.internal.schema.Args;
import io.github.sentrymcp.core.internal.tools.ToolCall;
import io.github.sentrymcp.core.internal.tools.WebLinks;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code link_issue} through an installed Sentry App (Linear, Shortcut, or any App with an issue-link component): the
 * App's link form is filled from the external URL and the caller's {@code fields}, and Sentry calls the App.
 *
 * <p>Requests, after the issue lookup: {@code GET /organizations/{org}/sentry-app-installations/?per_page=100}, {@code
 * GET /organizations/{org}/sentry-app-components/?filter=issue-link&per_page=100} (both on the control host of
 * sentry.io), {@code GET /organizations/{org}/issues/{id}/external-issues/?per_page=100} (every page of each); for each
 * select field with a {@code uri}, {@code GET /sentry-app-installations/{uuid}/external-requests/?uri=..&query=..
 * &projectId=..[&dependentData={json}]}; then {@code POST /sentry-app-installations/{uuid}/external-issue-actions/
 * ?expectedExternalIssueUrl=..} with the form values, {@code groupId}, {@code action: "link"} and the form's {@code
 * uri} (never retried). Sentry answers 201 for a new link and 200 for one that existed.
 *
 * <p>The form is read as the reference reads it: fields are {@code select}, {@code text} or {@code textarea}; the
 * field naming the existing issue is the one named like {@code issueId}/{@code issue}/{@code url}..., or the only
 * required field; a Linear key or Shortcut story number from the URL selects its option; defaults and dependent
 * fields ({@code depends_on}) are resolved in order. App names, field names and option labels never reach a message:
 * an error names a field only in its details.
 */
final class SentryAppLinking {
  private SentryAppLinking() {}

  static final int MAX_FIELDS = 50;
  static final int MAX_VALUE_CHARS = 2048;

  private static final Pattern TARGET_FIELD =
      Pattern.compile("issue_?id|issue|external_?issue|external_?id|issue_?url|url", Pattern.CASE_INSENSITIVE);
  private static final Pattern URL_NAMED = Pattern.compile("(?is).*url.*");
  private static final Pattern HTTP_URL = Pattern.compile("(?is)https?://.*");
  private static final Pattern FORM_URI = Pattern.compile("/(?!/)[^@\\\\\r\n]*");
  private static final Pattern DIGITS = Pattern.compile("\\d+");
  private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9]*-\\d+");
  private static final Pattern DIGITS_TOKEN = Pattern.compile("(?s)\\d+(?:[^A-Za-z0-9-].*)?");
  private static final Pattern KEY_TOKEN = Pattern.compile("(?s)[A-Za-z][A-Za-z0-9]*-\\d+(?:[^A-Za-z0-9-].*)?");
  private static final List<String> RESERVED =
      List.of("groupId", "action", "uri", "expectedExternalIssueUrl", "__proto__", "constructor", "prototype");

  /** A form value: text (the caller's or Sentry's) or a number. */
  record FormValue(@Nullable Untrusted text, @Nullable Number number) {

    static FormValue caller(String s, String source) {
      return new FormValue(Untrusted.of(s, source, TrustClass.UNTRUSTED_EXTERNAL), null);
    }

    static @Nullable FormValue of(SentryJson v) {
      if (v.isText()) {
        return new FormValue(v.text(), null);
      }
      if (v.isNumber()) {
        OptionalLong l = v.asLong();
        return new FormValue(null, l.isPresent() ? (Number) l.getAsLong() : (Number) v.asDouble().orElse(0));
      }
      return null;
    }

    private String numberText() {
      Number n = number;
      return n == null ? "" : n instanceof Long ? n.toString() : Double.toString(n.doubleValue());
    }

    /** Whether both are the same text ({@code String(a) === String(b)}). */
    boolean same(FormValue o) {
      if (text != null && o.text != null) {
        return text.sameText(o.text);
      }
      if (text != null) {
        return text.contentEquals(o.numberText());
      }
      if (o.text != null) {
        return o.text.contentEquals(numberText());
      }
      return numberText().equals(o.numberText());
    }

    /** The same value of the same type ({@code a === b}). */
    boolean identical(FormValue o) {
      return (text == null) == (o.text == null) && same(o);
    }

    boolean matches(Pattern p) {
      return text != null ? text.matches(p) : p.matcher(numberText()).matches();
    }

    boolean isEmpty() {
      return text != null && text.isEmpty();
    }

    /** The value as written into a request. */
    Object value() {
      Object v = text != null ? text : number;
      return v == null ? "" : v;
    }

    void addTo(Query q, String name) {
      if (text != null) {
        q.add(name, text);
      } else {
        q.add(name, numberText());
      }
    }
  }

  record Choice(FormValue value, FormValue label) {}

  record Field(Untrusted name, boolean select, @Nullable List<Choice> choices, @Nullable FormValue defaultValue,
      List<Untrusted> dependsOn, boolean multiple, @Nullable Untrusted uri) {}

  /** The caller's {@code fields}, checked before any request: string or number values, by name. */
  static Map<String, FormValue> suppliedFields(Args args) {
    Map<String, Object> raw = args.object("fields");
    if (raw.size() > MAX_FIELDS) {
      throw SentryMcpException.invalidInput("fields may hold at most " + MAX_FIELDS + " values.");
    }
    Map<String, FormValue> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : raw.entrySet()) {
      Object v = e.getValue();
      if (e.getKey().isEmpty() || e.getKey().length() > 200) {
        throw SentryMcpException.invalidInput("Each name in fields must have 1 to 200 characters.");
      }
      if (v instanceof String s) {
        if (s.length() > MAX_VALUE_CHARS) {
          throw SentryMcpException.invalidInput("Each value in fields may have at most " + MAX_VALUE_CHARS
              + " characters.");
        }
        out.put(e.getKey(), FormValue.caller(s, "fields"));
      } else if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
        out.put(e.getKey(), new FormValue(null, normalize(n)));
      } else {
        throw SentryMcpException.invalidInput("Each value in fields must be a string or a number.");
      }
    }
    return out;
  }

  private static Number normalize(Number n) {
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
      return n.longValue();
    }
    if (n instanceof BigInteger b && b.bitLength() < 64) {
      return b.longValue();
    }
    if (n instanceof BigDecimal d) {
      try {
        return d.longValueExact();
      } catch (ArithmeticException e) {
        return d.doubleValue();
      }
    }
    double d = n.doubleValue();
    return d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15 ? (Number) (long) d : (Number) d;
  }

  /** The issue key a Linear or Shortcut URL names (upper case), or null. */
  static @Nullable String issueKey(IssueLinking.Target t) {
    return IssueLinking.inferredApp(t) == null ? null : t.segments().get(2).toUpperCase(Locale.ROOT);
  }

  static ToolResult link(WebLinks links, SentryApiClient api, ToolCall call, IssueLinking.LinkedIssue issue,
      IssueLinking.Target target, String appSlug, Map<String, FormValue> supplied) {
    String org = issue.ref().organizationSlug();
    SentryApiClient control = api.controlHost();
    List<SentryJson> installations = IssueLinking.readAll(control,
        ApiPath.of("/organizations/{org}/sentry-app-installations/", org), "sentryAppInstallations", issue);
    call.checkCancelled();
    List<SentryJson> components = IssueLinking.readAll(control,
        ApiPath.of("/organizations/{org}/sentry-app-components/", org), "issue-link", "sentryAppComponents", issue);
    call.checkCancelled();
    List<SentryJson> appLinks = IssueLinking.readAll(api, IssueLinking.appLinksPath(issue), "externalIssues", issue);
    call.checkCancelled();

    List<SentryJson> installed = new ArrayList<>();
    for (SentryJson i : installations) {
      // a self-hosted Sentry that omits the status is taken to list installed Apps only
      SentryJson status = i.get("status");
      if (i.path("app", "slug").textEquals(appSlug) && (status.isAbsent() || status.textEquals("installed"))) {
        installed.add(i);
      }
    }
    if (installed.isEmpty()) {
      throw SentryMcpException.invalidInput("The Sentry App '" + appSlug + "' is not installed in this"
          + " organization. Install it first, or provide appSlug of an installed App (or integrationId for a native"
          + " integration).");
    }
    if (installed.size() > 1) {
      throw SentryMcpException.invalidInput("The Sentry App '" + appSlug + "' has several installations in this"
          + " organization, so the one to link through is unclear; link the issue in Sentry's web UI.");
    }
    SentryJson installation = installed.get(0);
    Untrusted installationUuid = installation.get("uuid").requireText("the uuid of a Sentry App installation");
    Untrusted appUuid = installation.path("app", "uuid").nonEmptyText();

    List<SentryJson> matching = new ArrayList<>();
    for (SentryJson c : components) {
      Untrusted componentApp = c.path("sentryApp", "uuid").nonEmptyText();
      if (c.get("type").textEquals("issue-link") && c.path("sentryApp", "slug").textEquals(appSlug)
          && (appUuid == null || (componentApp != null && componentApp.sameText(appUuid)))) {
        matching.add(c);
      }
    }
    SentryJson form = matching.size() == 1 && !isTruthy(matching.get(0).get("error"))
        ? matching.get(0).path("schema", "link") : null;
    Untrusted formUri = form == null || !form.get("uri").isText() ? null : form.get("uri").text();
    List<Field> required = form == null ? null : fields(form.get("required_fields"));
    List<Field> optional = form == null ? null : fields(form.get("optional_fields"));
    if (formUri == null || required == null || optional == null) {
      throw SentryMcpException.invalidInput("The Sentry App '" + appSlug + "' has no usable form for linking an"
          + " existing issue; link the issue in Sentry's web UI.");
    }
    checkUri(formUri);
    List<Field> all = new ArrayList<>(required);
    all.addAll(optional);
    checkNames(all, supplied);

    List<SentryJson> existing = new ArrayList<>();
    for (SentryJson l : appLinks) {
      if (l.get("serviceType").textEquals(appSlug)) {
        existing.add(l);
      }
    }
    Pattern same = IssueLinking.sameAppIssue(target);
    Untrusted existingUrl = existing.isEmpty() ? null
        : IssueLinking.textOrAbsent(existing.get(0).get("webUrl"), "the URL of a Sentry App link").nonEmptyText();
    if (existing.size() > 1 || (existing.size() == 1 && (existingUrl == null || !existingUrl.matches(same)))) {
      List<Untrusted> details = new ArrayList<>();
      for (SentryJson l : existing) {
        Untrusted u = l.get("webUrl").nonEmptyText();
        if (u != null && details.size() < 5) {
          details.add(u.truncate(IssueLinking.MAX_URL_CHARS));
        }
      }
      throw new SentryMcpException(ErrorKind.INVALID_INPUT, "This Sentry issue is already linked to another issue"
          + " of the Sentry App '" + appSlug + "' (the details list it). Unlink it with unlink_issue before linking"
          + " a replacement.", details, null);
    }

    Map<Integer, FormValue> values = resolve(control, call, issue, target, installationUuid, required, all,
        supplied);

    List<RequestJson.Member> members = new ArrayList<>();
    for (Map.Entry<Integer, FormValue> e : values.entrySet()) {
      members.add(new RequestJson.Member(all.get(e.getKey()).name(), e.getValue().value()));
    }
    Map<String, Object> body = RequestJson.object(members);
    body.put("groupId", Long.toString(issue.numericId()));
    body.put("action", "link");
    body.put("uri", formUri);
    Query query = Query.create();
    if (existingUrl != null) {
      query.add("expectedExternalIssueUrl", existingUrl);
    } else {
      query.add("expectedExternalIssueUrl", target.url());
    }
    call.checkCancelled();
    ApiResponse response;
    try {
      response = control.send(new ApiRequest("POST",
          ApiPath.of("/sentry-app-installations/{uuid}/external-issue-actions/", installationUuid), query, body,
          false));
    } catch (ApiException e) {
      if (e.status() == 409) {
        throw new ApiException(ErrorKind.INVALID_INPUT, 409, e.endpoint(), "Sentry refused the link (HTTP 409): it"
            + " conflicts with the issue's current link or the App's canonical URL. Check the current link, use the"
            + " provider's exact issue URL (with its title path), unlink a different issue first, or retry if"
            + " another link operation was running.", e.details(), e.retryAfter(), e);
      }
      throw IssueWrites.enriched(e, issue.ref(), "The link");
    }
    SentryJson linked = response.jsonObject("sentryAppExternalIssue", TrustClass.UNTRUSTED_AUTHENTICATED);
    Untrusted url = linked.get("webUrl").nonEmptyText();
    boolean changed = response.status() == 201;
    return IssueLinking.result("Linked External Issue", links, issue,
        url == null ? IssueLinking.callerUrl(target) : url, linked.get("displayName").nonEmptyText(), null, appSlug,
        changed ? "linked" : "already_linked",
        changed ? "The external issue is now linked to the Sentry issue."
            : "The external issue was already linked; nothing changed.");
  }

  /** JavaScript truthiness of a component's {@code error}: absent, null, false, "" and 0 mean no error. */
  private static boolean isTruthy(SentryJson v) {
    if (v.isAbsent()) {
      return false;
    }
    if (v.asBoolean().isPresent()) {
      return v.asBoolean().get();
    }
    if (v.isText()) {
      return v.nonEmptyText() != null;
    }
    return !v.isNumber() || v.asDouble().orElse(0) != 0;
  }

  /** The fields of a form list (missing or null: none), or null when one is not usable. */
  private static @Nullable List<Field> fields(SentryJson list) {
    if (list.isAbsent()) {
      return List.of();
    }
    if (!list.isArray() || list.size() > MAX_FIELDS) {
      return null;
    }
    List<Field> out = new ArrayList<>();
    for (SentryJson f : list.items()) {
      Untrusted name = f.get("name").nonEmptyText();
      SentryJson type = f.get("type");
      boolean select = type.textEquals("select");
      if (name == null || !(select || type.textEquals("text") || type.textEquals("textarea"))) {
        return null;
      }
      List<Choice> choices = choices(f.get("choices"));
      if (choices == null) {
        choices = choices(f.get("options"));
      }
      List<Untrusted> deps = new ArrayList<>();
      for (SentryJson d : f.get("depends_on").items()) {
        Untrusted dep = d.nonEmptyText();
        if (dep == null) {
          return null;
        }
        deps.add(dep);
      }
      out.add(new Field(name, select, choices, FormValue.of(f.get("defaultValue")), deps,
          f.get("multiple").asBoolean().orElse(false), f.get("uri").nonEmptyText()));
    }
    return out;
  }

  /** {@code [[value, label], ...]}; malformed entries are skipped; null when there is no list. */
  private static @Nullable List<Choice> choices(SentryJson list) {
    if (!list.isArray()) {
      return null;
    }
    List<Choice> out = new ArrayList<>();
    for (SentryJson c : list.items()) {
      FormValue value = c.isArray() && c.size() == 2 ? FormValue.of(c.at(0)) : null;
      FormValue label = c.isArray() && c.size() == 2 ? FormValue.of(c.at(1)) : null;
      if (value != null && label != null) {
        out.add(new Choice(value, label));
      }
    }
    return out;
  }

  private static void checkUri(Untrusted uri) {
    if (!uri.matches(FORM_URI)) {
      throw SentryMcpException.invalidInput("The Sentry App's link form has an invalid callback URI; link the"
          + " issue in Sentry's web UI.");
    }
  }

  private static void checkNames(List<Field> all, Map<String, FormValue> supplied) {
    for (int i = 0; i < all.size(); i++) {
      Untrusted name = all.get(i).name();
      boolean bad = RESERVED.stream().anyMatch(name::contentEquals);
      for (int j = 0; j < i && !bad; j++) {
        bad = all.get(j).name().sameText(name);
      }
      if (bad) {
        throw SentryMcpException.invalidInput("The Sentry App's link form has reserved or duplicate field names;"
            + " link the issue in Sentry's web UI.");
      }
    }
    for (String key : supplied.keySet()) {
      if (all.stream().noneMatch(f -> f.name().contentEquals(key))) {
        throw new SentryMcpException(ErrorKind.INVALID_INPUT, "fields names a field the Sentry App's link form does"
            + " not have (the details name it).", List.of(Untrusted.of(key, "fields", TrustClass.UNTRUSTED_EXTERNAL)
            .truncate(IssueLinking.DETAIL_CHARS)), null);
      }
    }
  }

  private static SentryMcpException fieldError(String message, Field field) {
    return new SentryMcpException(ErrorKind.INVALID_INPUT, message,
        List.of(field.name().truncate(IssueLinking.DETAIL_CHARS)), null);
  }

  private static @Nullable FormValue supplied(Map<String, FormValue> supplied, Field f) {
    for (Map.Entry<String, FormValue> e : supplied.entrySet()) {
      if (f.name().contentEquals(e.getKey())) {
        return e.getValue();
      }
    }
    return null;
  }

  private static int indexOf(List<Field> all, Untrusted name) {
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).name().sameText(name)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isKeyLike(FormValue v, String key) {
    return v.matches(DIGITS.matcher(key).matches() ? DIGITS : KEY);
  }

  private static boolean isKey(FormValue v, String key) {
    return v.matches(Pattern.compile(Pattern.quote(key), Pattern.CASE_INSENSITIVE));
  }

  /** Whether a label's leading token (letters, digits and '-') is {@code key}. */
  private static boolean labelIsKey(FormValue label, String key) {
    return label.matches(Pattern.compile("(?is)" + Pattern.quote(key) + "(?:[^A-Za-z0-9-].*)?"));
  }

  private static boolean labelIsKeyLike(FormValue label, String key) {
    return label.matches(DIGITS.matcher(key).matches() ? DIGITS_TOKEN : KEY_TOKEN);
  }

  /** The form values, in the order they were resolved (dependencies first), by index into {@code all}. */
  private static Map<Integer, FormValue> resolve(SentryApiClient control, ToolCall call,
      IssueLinking.LinkedIssue issue, IssueLinking.Target target, Untrusted installationUuid, List<Field> required,
      List<Field> all, Map<String, FormValue> supplied) {
    List<Integer> candidates = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).name().matches(TARGET_FIELD)) {
        candidates.add(i);
      }
    }
    int targetIndex = candidates.size() == 1 ? candidates.get(0)
        : candidates.isEmpty() && required.size() == 1 ? 0 : -1;
    if (targetIndex < 0) {
      throw SentryMcpException.invalidInput("The field of the Sentry App's link form that names the existing issue"
          + " could not be identified; link the issue in Sentry's web UI.");
    }
    String key = issueKey(target);
    FormValue url = FormValue.caller(target.url(), "externalIssueUrl");
    Set<Integer> pending = new LinkedHashSet<>();
    for (int i = 0; i < required.size(); i++) {
      pending.add(i);
    }
    pending.add(targetIndex);
    for (int i = 0; i < all.size(); i++) {
      FormValue v = supplied(supplied, all.get(i));
      if (v == null) {
        v = all.get(i).defaultValue();
      }
      if (v != null && !v.isEmpty()) {
        pending.add(i);
      }
    }
    List<Integer> queue = new ArrayList<>(pending);
    for (int q = 0; q < queue.size(); q++) {
      for (Untrusted dep : all.get(queue.get(q)).dependsOn()) {
        int d = indexOf(all, dep);
        if (d < 0) {
          throw SentryMcpException.invalidInput("The Sentry App's link form refers to a field it does not define;"
              + " link the issue in Sentry's web UI.");
        }
        if (pending.add(d)) {
          queue.add(d);
        }
      }
    }
    Map<Integer, FormValue> values = new LinkedHashMap<>();
    Untrusted projectText = issue.issue().path("project", "id").text();
    OptionalLong projectId = issue.issue().path("project", "id").asLong();
    while (!pending.isEmpty()) {
      boolean progressed = false;
      for (int index : List.copyOf(pending)) {
        if (!pending.contains(index)) {
          continue;
        }
        Field field = all.get(index);
        List<Integer> deps = new ArrayList<>();
        for (Untrusted dep : field.dependsOn()) {
          deps.add(indexOf(all, dep));
        }
        if (deps.stream().anyMatch(pending::contains)) {
          continue;
        }
        if (field.multiple()) {
          throw fieldError("A field of the Sentry App's link form takes several values, which is not supported"
              + " (the details name it); link the issue in Sentry's web UI.", field);
        }
        boolean isTarget = index == targetIndex;
        String targetKey = isTarget ? key : null;
        boolean isTargetUrl = isTarget && field.name().matches(URL_NAMED);
        FormValue value = supplied(supplied, field);
        if (value == null && targetKey == null && !isTargetUrl) {
          value = field.defaultValue();
        }
        FormValue search = !isTarget ? value
            : isTargetUrl ? url
            : key != null ? FormValue.caller(key, "externalIssueUrl")
            : value != null ? value : url;
        if (field.select()) {
          List<Choice> choices = field.choices() == null ? List.of() : field.choices();
          if (field.uri() != null) {
            checkUri(field.uri());
            Query query = Query.create().add("uri", field.uri());
            if (search != null) {
              search.addTo(query, "query");
            }
            if (projectId.isPresent()) {
              query.add("projectId", projectId.getAsLong());
            } else {
              query.add("projectId", projectText);
            }
            if (!deps.isEmpty()) {
              List<RequestJson.Member> data = new ArrayList<>();
              for (int d : deps) {
                FormValue dv = values.get(d);
                data.add(new RequestJson.Member(all.get(d).name(), dv == null ? "" : dv.value()));
              }
              query.add("dependentData", RequestJson.text(data, "dependentData"));
            }
            call.checkCancelled();
            SentryJson options;
            try {
              options = control.send(ApiRequest.get(ApiPath.of("/sentry-app-installations/{uuid}/external-requests/",
                  installationUuid), query)).jsonObject("sentryAppOptions", TrustClass.UNTRUSTED_AUTHENTICATED);
            } catch (ApiException e) {
              throw IssueWrites.enriched(e, issue.ref(), "The option search");
            }
            List<Choice> found = choices(options.get("choices"));
            choices = found == null ? List.of() : found;
            if (targetKey == null && !isTargetUrl && value == null) {
              value = FormValue.of(options.get("defaultValue"));
            }
          }
          FormValue wanted = value != null ? value : search;
          List<Choice> matches = new ArrayList<>();
          for (Choice c : choices) {
            if ((wanted != null && (c.value().same(wanted) || c.label().same(wanted)))
                || (isTarget && key != null && labelIsKey(c.label(), key)
                    && (value == null || c.value().same(value)))) {
              matches.add(c);
            }
          }
          if (matches.size() != 1) {
            throw fieldError("A field of the Sentry App's link form has no value that matches exactly one of its"
                + " options (the details name it). Provide the option's value for it in fields.", field);
          }
          Choice selected = matches.get(0);
          if (targetKey != null) {
            boolean conflict;
            if (isKeyLike(selected.value(), targetKey)) {
              conflict = !isKey(selected.value(), targetKey);
            } else {
              boolean identifiedOther = false;
              boolean identifiedSelected = false;
              for (Choice c : choices) {
                if (isKey(c.value(), targetKey) || labelIsKey(c.label(), targetKey)) {
                  identifiedOther = true;
                  identifiedSelected |= c.value().identical(selected.value());
                }
              }
              conflict = (identifiedOther && !identifiedSelected)
                  || (labelIsKeyLike(selected.label(), targetKey) && !labelIsKey(selected.label(), targetKey));
            }
            if (conflict) {
              throw fieldError("A value in fields names another external issue than externalIssueUrl (the details"
                  + " name the field).", field);
            }
          }
          value = selected.value();
        } else {
          if (value == null) {
            value = search;
          }
          if (isTarget && value != null
              && (((isTargetUrl || value.matches(HTTP_URL)) && !value.matches(IssueLinking.sameAppIssue(target)))
                  || (targetKey != null && isKeyLike(value, targetKey) && !isKey(value, targetKey)))) {
            throw fieldError("A value in fields names another external issue than externalIssueUrl (the details"
                + " name the field).", field);
          }
        }
        if (value == null || value.isEmpty()) {
          throw fieldError("A required field of the Sentry App's link form has no value (the details name it)."
              + " Provide it in fields, by that name.", field);
        }
        values.put(index, value);
        pending.remove(index);
        progressed = true;
      }
      if (!progressed) {
        throw SentryMcpException.invalidInput("The Sentry App's link form has circular field dependencies; link the"
            + " issue in Sentry's web UI.");
      }
    }
    return values;
  }
}
