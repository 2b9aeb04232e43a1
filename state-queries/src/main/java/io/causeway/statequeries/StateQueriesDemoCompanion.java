package io.causeway.statequeries;

import io.causeway.launcher.DemoCompanion;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Starts state-queries beside {@code causeway demo}: data under the demo's work folder, on
 * 127.0.0.1 at port 8080, or at a free port when 8080 is taken (or set
 * {@code -Dcauseway.state-queries.port}); the URL is printed in the demo's status.
 */
public final class StateQueriesDemoCompanion implements DemoCompanion {

  static final String PORT_PROPERTY = "causeway.state-queries.port";

  public StateQueriesDemoCompanion() {}

  @Override
  public AutoCloseable start(String bootstrapServers, Path workDir, PrintWriter status) throws Exception {
    int port = Integer.getInteger(PORT_PROPERTY, 8080);
    StateQueriesService service;
    try {
      service = StateQueriesService.start(config(bootstrapServers, workDir, port));
    } catch (java.net.BindException e) {
      service = StateQueriesService.start(config(bootstrapServers, workDir, 0));
    }
    status.println("causeway demo: state-queries at " + service.url() + "/api/graph (incidents: /api/incidents, metrics: /metrics)");
    status.flush();
    return service;
  }

  private static StateQueriesConfig config(String bootstrapServers, Path workDir, int port) {
    return StateQueriesConfig.builder()
        .bootstrapServers(bootstrapServers)
        .dataDir(workDir.resolve("state-queries"))
        .port(port)
        .build();
  }
}
