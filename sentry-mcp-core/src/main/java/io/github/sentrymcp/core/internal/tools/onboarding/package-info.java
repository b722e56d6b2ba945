/**
 * Sentry's agentic onboarding: progress updates shown in its onboarding UI.
 *
 * <p>Tool classes are package-private; {@link io.github.sentrymcp.core.internal.tools.onboarding.OnboardingTools}
 * registers them. Internal: not API (see {@link io.github.sentrymcp.core.internal}).
 */
@NullMarked
package io.github.sentrymcp.core.internal.tools.onboarding;

import org.jspecify.annotations.NullMarked;
