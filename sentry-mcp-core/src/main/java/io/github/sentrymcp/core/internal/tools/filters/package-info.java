/**
 * The custom inbound filter tools of a project: rules that drop matching errors, logs, metrics or spans at ingest
 * (find, create, update, delete).
 */
@NullMarked
package io.github.sentrymcp.core.internal.tools.filters;

import org.jspecify.annotations.NullMarked;
