/**
 * Configuration objects; their builders report every problem at once.
 */
@NullMarked
package io.github.sentrymcp.api.config;

import org.jspecify.annotations.NullMarked;
