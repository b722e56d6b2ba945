package io.github.sentrymcp.core;

import io.github.sentrymcp.api.RegionUrlValidator;
import java.util.Set;

/** Strict, parser-independent region URL validation (see {@link #validate}). */
public final class DefaultRegionUrlValidator implements RegionUrlValidator {

  /**
   * @param baseHost the configured Sentry host (lower-case, may carry a port)
   * @param allowedHosts exact host names allowed besides the base host
   */
  public DefaultRegionUrlValidator(String baseHost, Set<String> allowedHosts) {
    throw new UnsupportedOperationException("TODO");
  }

  @Override
  public String validate(String regionUrl) {
    throw new UnsupportedOperationException("TODO");
  }
}
