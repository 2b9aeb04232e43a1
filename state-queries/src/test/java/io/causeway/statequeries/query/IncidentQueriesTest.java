package io.causeway.statequeries.query;

import static io.causeway.statequeries.Fixtures.NOW;
import static io.causeway.statequeries.Fixtures.T0;
import static io.causeway.statequeries.Fixtures.T1;
import static io.causeway.statequeries.Fixtures.T2;
import static io.causeway.statequeries.Fixtures.T3;
import static io.causeway.statequeries.Fixtures.incident;
import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.Feedback;
import io.causeway.avro.Incident;
import io.causeway.avro.IncidentMemory;
import io.causeway.avro.MemoryFeedback;
import io.causeway.avro.Verdict;
import io.causeway.avro.IncidentStatus;
import io.causeway.schemas.Topic;
import io.causeway.statequeries.StoreFixture;
import io.causeway.statequeries.materialize.Retention;
import io.causeway.statequeries.views.Page;
import io.causeway.statequeries.views.PageRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncidentQueriesTest {

  @TempDir Path dir;
  private StoreFixture fixture;
  private IncidentQueries incidents;

  @BeforeEach
  void open() {
    fixture = new StoreFixture(dir);
    incidents = new IncidentQueries(fixture.store());
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void keepsTheHighestVersionAsLatestWhenSnapshotsArriveOutOfOrder() throws Exception {
    fixture.apply(Topic.INCIDENTS, "inc-1",
        incident("inc-1", IncidentStatus.OPEN, 1, T0, T0, "cartservice"),
        incident("inc-1", IncidentStatus.UPDATED, 3, T0, T2, "cartservice"),
        incident("inc-1", IncidentStatus.UPDATED, 2, T0, T1, "cartservice"));

    assertThat(incidents.latest("inc-1")).map(Incident::getVersion).contains(3);
    assertThat(incidents.versions("inc-1")).extracting(Incident::getVersion).containsExactly(1, 2, 3);
    assertThat(incidents.version("inc-1", 2)).map(Incident::getUpdatedAt).contains(T1);
    assertThat(incidents.list(StatusFilter.ALL, new PageRequest(10, 0)).total()).isEqualTo(1);
  }

  @Test
  void listsOpenIncidentsNewestFirstAndMovesResolvedOnesToTheResolvedList() throws Exception {
    fixture.apply(Topic.INCIDENTS, null,
        incident("inc-a", IncidentStatus.OPEN, 1, T0, T0, "cartservice"),
        incident("inc-b", IncidentStatus.OPEN, 1, T1, T1, "adservice"),
        incident("inc-c", IncidentStatus.OPEN, 1, T2, T2, "paymentservice"),
        incident("inc-a", IncidentStatus.RESOLVED, 2, T0, T3, "cartservice"));

    assertThat(ids(incidents.list(StatusFilter.OPEN, new PageRequest(10, 0)))).containsExactly("inc-c", "inc-b");
    assertThat(ids(incidents.list(StatusFilter.RESOLVED, new PageRequest(10, 0)))).containsExactly("inc-a");
    assertThat(ids(incidents.list(StatusFilter.ALL, new PageRequest(10, 0)))).containsExactly("inc-c", "inc-b", "inc-a");
    assertThat(incidents.countOpen()).isEqualTo(2);
    assertThat(incidents.list(StatusFilter.OPEN, new PageRequest(10, 0)).items().get(0).topSuspect().service()).isEqualTo("paymentservice");
  }

  @Test
  void keepsTheFeedbackOfAnIncidentOnceEachAndDropsItWithTheIncident() throws Exception {
    Feedback confirmed = Feedback.newBuilder().setIncidentId("inc-1").setService("cartservice").setVerdict(Verdict.CONFIRMED)
        .setResolutionNote("flushed redis-cart").setAuthor("ana").setTime(T1).build();
    Feedback rejected = Feedback.newBuilder(confirmed).setService("frontend").setVerdict(Verdict.REJECTED).setResolutionNote(null)
        .setTime(T0.plusSeconds(30)).build();
    fixture.apply(Topic.INCIDENTS, "inc-1", incident("inc-1", IncidentStatus.RESOLVED, 2, T0, T0.plusSeconds(60), "cartservice"));
    fixture.apply(Topic.FEEDBACK, "inc-1", confirmed, rejected, confirmed);
    fixture.apply(Topic.FEEDBACK, "inc-10", Feedback.newBuilder(confirmed).setIncidentId("inc-10").build());

    assertThat(incidents.feedback("inc-1")).containsExactly(rejected, confirmed);

    new Retention(fixture.store(), Duration.ofMinutes(5)).run(NOW);
    assertThat(incidents.feedback("inc-1")).isEmpty();
    assertThat(incidents.feedback("inc-10")).hasSize(1);
  }

  @Test
  void servesIncidentMemoryWithItsShapeAndVerdicts() throws Exception {
    IncidentMemory memory = IncidentMemory.newBuilder(io.causeway.statequeries.Fixtures.memory("fp-1", "cartservice"))
        .setFeatures(java.util.Map.of("service:cartservice", 1.0))
        .setFeedback(java.util.List.of(MemoryFeedback.newBuilder().setIncidentId("inc-1").setService("cartservice")
            .setVerdict("CONFIRMED").setAuthor("ana").setTime(T1).build()))
        .build();
    fixture.apply(Topic.MEMORY, "fp-1", memory);

    assertThat(incidents.memory("fp-1")).contains(memory);
    assertThat(incidents.memories(new PageRequest(10, 0)).items()).containsExactly(memory);
  }

  @Test
  void pagesCarryTheTotalAndTheNextOffsetUntilTheLastPage() throws Exception {
    for (int i = 0; i < 5; i++) {
      fixture.apply(Topic.INCIDENTS, null, incident("inc-" + i, IncidentStatus.OPEN, 1, T0.plusSeconds(i), T0, "cartservice"));
    }

    Page<IncidentSummary> middle = incidents.list(StatusFilter.OPEN, new PageRequest(2, 2));
    Page<IncidentSummary> last = incidents.list(StatusFilter.OPEN, new PageRequest(2, 4));
    Page<IncidentSummary> beyond = incidents.list(StatusFilter.OPEN, new PageRequest(2, 9));

    assertThat(ids(middle)).containsExactly("inc-2", "inc-1");
    assertThat(middle.total()).isEqualTo(5);
    assertThat(middle.nextOffset()).isEqualTo(4);
    assertThat(ids(last)).containsExactly("inc-0");
    assertThat(last.nextOffset()).isNull();
    assertThat(beyond.items()).isEmpty();
    assertThat(beyond.total()).isEqualTo(5);
  }

  @Test
  void retentionDropsResolvedIncidentsWithTheirHistoryAndKeepsOpenOnes() throws Exception {
    fixture.apply(Topic.INCIDENTS, null,
        incident("inc-old", IncidentStatus.OPEN, 1, T0, T0, "cartservice"),
        incident("inc-old", IncidentStatus.RESOLVED, 2, T0, T1, "cartservice"),
        incident("inc-open", IncidentStatus.OPEN, 1, T0, T0, "adservice"));

    Retention.Removed removed = new Retention(fixture.store(), Duration.between(T2, NOW)).run(NOW);

    assertThat(removed.incidents()).isEqualTo(1);
    assertThat(incidents.latest("inc-old")).isEmpty();
    assertThat(incidents.versions("inc-old")).isEmpty();
    assertThat(ids(incidents.list(StatusFilter.ALL, new PageRequest(10, 0)))).containsExactly("inc-open");
  }

  private static java.util.List<String> ids(Page<IncidentSummary> page) {
    return page.items().stream().map(IncidentSummary::id).toList();
  }
}
