package io.causeway.notify.cli;

import io.causeway.statequeries.cli.StateQueriesClient;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;

/** How {@code ack} and {@code silence} post and report: the stored record on out, a refusal on err. */
final class ResponderPosts {

  private ResponderPosts() {}

  static int post(StateQueriesClient client, String path, ObjectNode body, String field, PrintWriter out, PrintWriter err)
      throws InterruptedException {
    StateQueriesClient.Answer answer;
    try {
      answer = client.post(path, body);
    } catch (IOException e) {
      err.println("cannot reach state-queries at " + client.base() + ": " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
      return StateQueriesClient.NOT_STORED;
    }
    if (answer.stored()) {
      out.println(answer.body().has(field) ? answer.body().get(field).toString() : answer.raw());
    } else {
      err.println("refused (" + answer.status() + "): " + answer.message());
    }
    return answer.exitCode();
  }
}
