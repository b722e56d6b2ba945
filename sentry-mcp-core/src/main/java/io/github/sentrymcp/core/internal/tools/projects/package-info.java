/**
 * Project management: teams, projects, team access to projects, and client keys (DSNs).
 *
 * <p>Tool classes are package-private; {@link io.github.sentrymcp.core.internal.tools.projects.ProjectTools} registers them. Internal:
 * not API (see {@link io.github.sentrymcp.core.internal}).
 */
@NullMarked
package io.github.sentrymcp.core.internal.tools.projects;

import org.jspecify.annotations.NullMarked;
