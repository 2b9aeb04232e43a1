package io.causeway.statequeries.feedback;

import io.causeway.avro.Feedback;
import io.causeway.avro.Incident;
import io.causeway.schemas.Topic;
import io.causeway.statequeries.publish.TopicPublisher;
import io.causeway.statequeries.query.IncidentQueries;
import io.causeway.statequeries.http.ApiException;
import io.causeway.statequeries.http.Reply;
import io.causeway.statequeries.http.Route;
import io.causeway.statequeries.http.RouteGroup;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code POST /api/incidents/{id}/feedback}: a responder confirms or rejects a cause of a known
 * incident. The {@code Feedback} record goes to {@code incident.feedback} (key: the incident id)
 * and the answer, 201 with the record, comes once the broker has stored it.
 */
public final class FeedbackRoutes implements RouteGroup {

  /** Where accepted feedback goes; it returns once the record is stored. */
  @FunctionalInterface
  public interface FeedbackWriter {
    void write(Feedback feedback) throws IOException;
  }

  private final Function<String, Optional<Incident>> incidents;
  private final FeedbackWriter writer;
  private final Clock clock;

  public FeedbackRoutes(Function<String, Optional<Incident>> incidents, FeedbackWriter writer, Clock clock) {
    this.incidents = incidents;
    this.writer = writer;
    this.clock = clock;
  }

  /** Over the materialised incidents, writing to {@code incident.feedback} keyed by incident id. */
  public static FeedbackRoutes over(IncidentQueries incidents, TopicPublisher publisher, Clock clock) {
    return over(incidents::latest, publisher, clock);
  }

  /** Over any view of the incidents (a replay's responder keeps its own), writing as {@link #over(IncidentQueries, TopicPublisher, Clock)} does. */
  public static FeedbackRoutes over(Function<String, Optional<Incident>> incidents, TopicPublisher publisher, Clock clock) {
    return new FeedbackRoutes(incidents,
        feedback -> publisher.publish(Topic.FEEDBACK, feedback.getIncidentId().toString(), feedback, feedback.getTime()), clock);
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.post("/api/incidents/{id}/feedback", "/api/incidents/([^/]+)/feedback", Set.of(), (path, params, body) -> {
          Incident incident = incidents.apply(path.get(0))
              .orElseThrow(() -> ApiException.notFound("no incident '" + path.get(0) + "'"));
          Feedback feedback = FeedbackRequest.parse(body.json(), incident, clock.instant());
          store(feedback);
          return new Reply(201, feedback);
        }));
  }

  private void store(Feedback feedback) {
    try {
      writer.write(feedback);
    } catch (IOException e) {
      throw ApiException.unavailable("the feedback was not stored, try again: " + e.getMessage());
    }
  }
}
