package io.causeway.launcher;

import java.io.PrintWriter;

/**
 * A service that {@code causeway demo} starts beside the embedded runtime (state-queries, for
 * one). Modules register implementations, one class name per line, in the classpath resource
 * {@value #RESOURCE}; each needs a public no-argument constructor.
 */
public interface DemoCompanion {

  String RESOURCE = "META-INF/causeway/demo-companions";

  /** Starts against the demo's broker and says where to reach it; closing stops it. */
  AutoCloseable start(String bootstrapServers, java.nio.file.Path workDir, PrintWriter status) throws Exception;
}
