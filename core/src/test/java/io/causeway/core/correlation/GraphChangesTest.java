package io.causeway.core.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.DeltaType;
import io.causeway.avro.GraphChangeRef;
import io.causeway.avro.GraphDelta;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphChangesTest {

  private static final Instant ONSET = Instant.parse("2025-03-01T10:00:00Z");

  @Test
  void namesTheEdgesAddedOrRemovedInTheHourBeforeOnsetNewestFirst() {
    List<GraphDelta> deltas = List.of(
        delta(DeltaType.ADDED, "checkoutservice", "fraud-check", ONSET.minus(Duration.ofMinutes(12))),
        delta(DeltaType.REMOVED, "frontend", "adservice", ONSET.minus(Duration.ofMinutes(3))),
        delta(DeltaType.CHANGED, "frontend", "cartservice", ONSET.minus(Duration.ofMinutes(1))),
        delta(DeltaType.ADDED, "frontend", "legacy", ONSET.minus(Duration.ofMinutes(61))),
        delta(DeltaType.ADDED, "frontend", "later", ONSET.plusSeconds(30)));

    List<GraphChangeRef> changes = GraphChanges.before(ONSET.toEpochMilli(), deltas, Duration.ofHours(1));

    assertThat(changes).extracting(GraphChangeRef::getSummary).containsExactly(
        "the edge frontend -> adservice disappeared 3 min before onset",
        "a new edge checkoutservice -> fraud-check appeared 12 min before onset");
    assertThat(changes.get(1).getChange()).isEqualTo("ADDED");
  }

  private static GraphDelta delta(DeltaType type, String caller, String callee, Instant at) {
    return GraphDelta.newBuilder().setChange(type).setCaller(caller).setCallee(callee).setTime(at).build();
  }
}
