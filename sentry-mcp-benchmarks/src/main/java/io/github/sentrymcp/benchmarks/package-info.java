/**
 * JMH benchmarks of the engine against the in-process {@code FakeSentry}: the sanitizer's share of a tool call's CPU.
 * Build {@code target/benchmarks.jar} and run it; see BENCHMARKS.md.
 */
@NullMarked
package io.github.sentrymcp.benchmarks;

import org.jspecify.annotations.NullMarked;
