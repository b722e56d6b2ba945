package io.github.sentrymcp.core.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.sentrymcp.api.ErrorKind;
import io.github.sentrymcp.api.SentryMcpException;
import io.github.sentrymcp.api.config.SentryMcpConfig;
import io.github.sentrymcp.core.DefaultRegionUrlValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link SentryApiClient#webUrlOrganization}: which hosts a caller's Sentry web URL may name (nothing is sent). */
class SentryApiClientWebUrlTest {

  static SentryApiClient client(SentryMcpConfig config) {
    return SentryApiClient.create(config, new DefaultRegionUrlValidator(config.host(), config.allowedRegionDomains()));
  }

  static final SentryApiClient SAAS = client(SentryMcpConfig.builder().build());
  static final SentryApiClient SELF_HOSTED = client(SentryMcpConfig.builder().host("sentry.example.com").build());
  static final SentryApiClient INSECURE =
      client(SentryMcpConfig.builder().host("sentry.internal:9000").insecureHttp(true).build());

  @Test
  void saasHostsAndOrganizationSubdomains() {
    assertNull(SAAS.webUrlOrganization("https://sentry.io/organizations/acme/issues/1/"));
    assertNull(SAAS.webUrlOrganization("https://sentry.io:443/organizations/acme/issues/1/"));
    assertNull(SAAS.webUrlOrganization("https://us.sentry.io/organizations/acme/issues/1/"));
    assertNull(SAAS.webUrlOrganization("https://de.sentry.io/organizations/acme/issues/1/"));
    assertEquals("my-org", SAAS.webUrlOrganization("https://my-org.sentry.io/issues/1/"));
    assertEquals("my-org", SAAS.webUrlOrganization("  https://MY-ORG.Sentry.IO:443/issues/1/?a=b#c\n"));
    assertEquals("123", SAAS.webUrlOrganization("https://123.sentry.io/issues/1/"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "http://sentry.io/issues/1/",
      "http://my-org.sentry.io/issues/1/",
      "https://www.sentry.io/issues/1/",
      "https://eu.sentry.io/issues/1/",
      "https://a.b.sentry.io/issues/1/",
      "https://my-org.us.sentry.io/issues/1/",
      "https://my_org.sentry.io/issues/1/",
      "https://-org.sentry.io/issues/1/",
      "https://org-.sentry.io/issues/1/",
      "https://.sentry.io/issues/1/",
      "https://my-org.sentry.io./issues/1/",
      "https://sentry.io./issues/1/",
      "https://my-org.sentry.io:8443/issues/1/",
      "https://my-org.sentry.io.evil.com/issues/1/",
      "https://evil.com/my-org.sentry.io/issues/1/",
      "https://evil.com?.sentry.io/issues/1/",
      "https://evil.com#.sentry.io",
      "https://my-org.sentry.io@evil.com/issues/1/",
      "https://user:pw@my-org.sentry.io/issues/1/",
      "https://my-org.sentry.io\\@evil.com/",
      "https://evil.com\\.sentry.io/",
      "https://my-org%2esentry.io/issues/1/",
      "https://my%2Dorg.sentry.io/issues/1/",
      "https://ｍy-org.sentry.io/issues/1/",
      "https://my-org.ｓentry.io/issues/1/",
      "https://127.0.0.1/issues/1/",
      "https://2130706433/issues/1/",
      "https://[::1]/issues/1/",
      "https://0x7f.1/issues/1/",
      "ftp://my-org.sentry.io/issues/1/",
      "javascript://my-org.sentry.io/%0aalert(1)",
      "https://",
      "",
      "https://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.sentry.io/"})
  void saasRefusesEverythingElseWithAFixedMessage(String url) {
    SentryMcpException e = assertThrows(SentryMcpException.class, () -> SAAS.webUrlOrganization(url), url);
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertEquals("The url is not a web URL of this server's Sentry: its host must be the configured Sentry host, an"
        + " organization subdomain of it, or an allowed region host (https only). No request was sent.",
        e.getMessage());
    assertFalse(!url.isEmpty() && e.getMessage().contains(url));
  }

  @Test
  void selfHostedHasNoOrganizationSubdomains() {
    assertNull(SELF_HOSTED.webUrlOrganization("https://sentry.example.com/organizations/acme/issues/1/"));
    for (String url : new String[] {"https://acme.sentry.example.com/issues/1/",
        "http://sentry.example.com/organizations/acme/issues/1/", "https://example.com/organizations/acme/issues/1/",
        "https://acme.sentry.io/issues/1/"}) {
      assertThrows(SentryMcpException.class, () -> SELF_HOSTED.webUrlOrganization(url), url);
    }
  }

  @Test
  void plainHttpOnlyForTheConfiguredInsecureOrigin() {
    assertNull(INSECURE.webUrlOrganization("http://sentry.internal:9000/organizations/acme/issues/1/"));
    for (String url : new String[] {"http://sentry.internal/organizations/acme/issues/1/",
        "http://sentry.internal:9001/organizations/acme/issues/1/", "http://acme.sentry.internal:9000/issues/1/",
        "http://us.sentry.io/organizations/acme/issues/1/"}) {
      assertThrows(SentryMcpException.class, () -> INSECURE.webUrlOrganization(url), url);
    }
  }
}
