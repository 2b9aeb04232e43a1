package io.causeway.notify.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.causeway.statequeries.cli.StateQueriesClient;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code causeway silence --service S --until 2h}: hold back notifications about a service for a
 * while; {@code --expire ID} lifts a silence now.
 */
@Command(
    name = "silence",
    mixinStandardHelpOptions = true,
    description = "Silence incidents whose first suspect is a service (and fault kind) until a time; nothing is sent for them meanwhile. "
        + "--expire ID lifts one.")
public final class SilenceCommand implements Callable<Integer> {

  @Option(names = "--service", paramLabel = "S", description = "The suspect service (required unless --expire).")
  String service;

  @Option(names = "--fault-kind", paramLabel = "K", description = "Only this fault kind: latency, errors, saturation, crash, bad_change, dependency (default: all).")
  String faultKind;

  @Option(names = "--until", paramLabel = "2h|ISO", description = "How long: a duration from now (30m, 2h, 1d) or an ISO-8601 time (required unless --expire).")
  String until;

  @Option(names = "--by", paramLabel = "NAME", description = "Who silences (default: the user name).")
  String by = System.getProperty("user.name");

  @Option(names = "--comment", paramLabel = "TEXT", description = "Why.")
  String comment;

  @Option(names = "--expire", paramLabel = "ID", description = "Lift the silence with this id now (as GET /api/silences lists them).")
  String expire;

  @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
      description = "state-queries' address (default: ${DEFAULT-VALUE}).")
  URI url;

  @Option(names = "--token", paramLabel = "TOKEN", description = "Its bearer token (default: $" + StateQueriesClient.TOKEN_ENV + ").")
  String token;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    StateQueriesClient client = new StateQueriesClient(url, token);
    if (expire != null) {
      String path = "/api/silences/" + StateQueriesClient.segment(expire) + "/expire";
      return ResponderPosts.post(client, path, StateQueriesClient.JSON.createObjectNode(), "silence", spec.commandLine().getOut(), spec.commandLine().getErr());
    }
    if (service == null || until == null) {
      spec.commandLine().getErr().println("silence: give --service and --until (or --expire ID to lift a silence)");
      return 2;
    }
    ObjectNode body = StateQueriesClient.JSON.createObjectNode().put("service", service).put("until", until).put("by", by);
    if (faultKind != null) {
      body.put("faultKind", faultKind);
    }
    if (comment != null) {
      body.put("comment", comment);
    }
    return ResponderPosts.post(client, "/api/silences", body, "silence", spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
