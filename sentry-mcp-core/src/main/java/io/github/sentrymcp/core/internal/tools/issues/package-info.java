/**
 * Issues and their events: details, event search, status and assignee changes, notes; the event renderer.
 *
 * <p>Tool classes are package-private; {@link io.github.sentrymcp.core.internal.tools.issues.IssueTools} registers them. Internal:
 * not API (see {@link io.github.sentrymcp.core.internal}).
 */
@NullMarked
package io.github.sentrymcp.core.internal.tools.issues;

import org.jspecify.annotations.NullMarked;
