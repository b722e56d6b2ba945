/**
 * The documentation tools: search_docs (the docs search backend) and get_doc (one page of Sentry's documentation).
 * They read public documentation, never Sentry's API, and send no credential.
 *
 * <p>Tool classes are package-private; {@link io.github.sentrymcp.core.internal.tools.docs.DocsTools} registers them.
 * Internal: not API (see {@link io.github.sentrymcp.core.internal}).
 */
@NullMarked
package io.github.sentrymcp.core.internal.tools.docs;

import org.jspecify.annotations.NullMarked;
