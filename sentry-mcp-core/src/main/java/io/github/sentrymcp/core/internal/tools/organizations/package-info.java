/**
 * Who the token is and what it can reach: organizations, teams, projects, releases.
 *
 * <p>Tool classes are package-private; {@link io.github.sentrymcp.core.internal.tools.organizations.OrganizationTools} registers them. Internal:
 * not API (see {@link io.github.sentrymcp.core.internal}).
 */
@NullMarked
package io.github.sentrymcp.core.internal.tools.organizations;

import org.jspecify.annotations.NullMarked;
