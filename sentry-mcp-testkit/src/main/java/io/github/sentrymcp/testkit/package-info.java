/**
 * FakeSentry: a fake Sentry REST API on 127.0.0.1 for tests and sandbox runs.
 *
 * <p>Start one with {@link io.github.sentrymcp.testkit.FakeSentry#builder()}; it serves a realistic
 * dataset built from real Sentry API response samples, records every request in a journal and can
 * inject faults ({@link io.github.sentrymcp.testkit.FaultRule}, {@link
 * io.github.sentrymcp.testkit.Fault}).
 */
@org.jspecify.annotations.NullMarked
package io.github.sentrymcp.testkit;
