/**
 * Preprod snapshots (UI screenshot comparisons): a snapshot's summary, one image with its previews, and the latest
 * base snapshot of an app.
 *
 * <p>Tool classes are package-private; {@link io.github.sentrymcp.core.internal.tools.snapshots.SnapshotTools}
 * registers them. Internal: not API (see {@link io.github.sentrymcp.core.internal}).
 */
@NullMarked
package io.github.sentrymcp.core.internal.tools.snapshots;

import org.jspecify.annotations.NullMarked;
