/**
 * Event attachments: listing and downloading them.
 *
 * <p>Tool classes are package-private; {@link io.github.sentrymcp.core.internal.tools.attachments.AttachmentTools} registers them. Internal:
 * not API (see {@link io.github.sentrymcp.core.internal}).
 */
@NullMarked
package io.github.sentrymcp.core.internal.tools.attachments;

import org.jspecify.annotations.NullMarked;
