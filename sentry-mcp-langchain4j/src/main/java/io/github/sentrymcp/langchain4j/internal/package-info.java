/** Implementation details of the LangChain4j adapters; not a public API. */
@NullMarked
package io.github.sentrymcp.langchain4j.internal;

import org.jspecify.annotations.NullMarked;
