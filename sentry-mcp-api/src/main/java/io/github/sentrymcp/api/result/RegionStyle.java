package io.github.sentrymcp.api.result;

/**
 * How untrusted-data regions are marked in rendered text. Every style keeps the nonce-tagged region boundary; a host
 * can choose how the data inside is marked, never switch the boundary off.
 */
public enum RegionStyle {
  /**
   * Tag-style delimiters: {@code <data-NONCE src="..." trust="...">value</data-NONCE>}. The default: compact and
   * readable.
   */
  TAGS,
  /**
   * Tags plus datamarking (after Hines et al., "Defending Against Indirect Prompt Injection Attacks With
   * Spotlighting", 2024): inside a region every space is replaced by {@code ˆ} (U+02C6), so untrusted text stays
   * recognisable as data even far from its delimiters. A literal U+02C6 in the data is written as a character
   * reference, so the marking is reversible.
   */
  DATAMARKING;

  /** The datamarking marker, U+02C6 MODIFIER LETTER CIRCUMFLEX ACCENT. */
  public static final char DATAMARK = '\u02C6';
}
