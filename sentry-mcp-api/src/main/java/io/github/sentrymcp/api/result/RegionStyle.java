package io.github.sentrymcp.api.result;

/**
 * How untrusted-data regions are marked in rendered text. Every style keeps the nonce-tagged region boundary; a host
 * can choose how the data inside is marked, never switch the boundary off.
 */
public enum RegionStyle {
  /**
   * The default: short regions {@code <d-NONCE>value</d>} whose opening tag carries only the result's nonce (no value
   * can hold a {@code <}, so none can write a tag), one region per
   * run of adjacent Sentry values (field values, table rows, list items, data blocks) with the server's labels
   * inside, and values of a closed grammar (numbers, hex ids, UUIDs, timestamps, addresses, versions, a fixed
   * vocabulary of enum words such as issue statuses) shown bare. The sources and trust classes of each region are in
   * the result's {@code _meta}; how regions work is said once, in the server's instructions and the tools'
   * descriptions. The cheapest style in tokens.
   */
  COMPACT,
  /**
   * Tag-style delimiters around every single value, with its source and trust class in the text: {@code
   * <data-NONCE src="..." trust="...">value</data-NONCE>}, after a preamble line that names the nonce.
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
