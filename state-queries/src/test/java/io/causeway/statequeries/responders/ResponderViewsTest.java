package io.causeway.statequeries.responders;

import static io.causeway.statequeries.Fixtures.NOW;
import static io.causeway.statequeries.Fixtures.T0;
import static io.causeway.statequeries.Fixtures.T1;
import static io.causeway.statequeries.Fixtures.T2;
import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.IncidentAck;
import io.causeway.avro.Silence;
import io.causeway.schemas.Topic;
import io.causeway.statequeries.StoreFixture;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acks and silences as materialised: per incident in time order, replaced and deleted by id, bounded by the retention. */
class ResponderViewsTest {

  @TempDir Path dir;
  private StoreFixture store;
  private ResponderViews views;

  @BeforeEach
  void open() {
    store = new StoreFixture(dir);
    views = new ResponderViews(store.store());
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void acksAreListedPerIncidentOldestFirstAndAReReadOverwrites() throws Exception {
    store.apply(Topic.ACKS, "inc-1", ack("inc-1", "carol", T1), ack("inc-1", "alice", T0), ack("inc-2", "bob", T0), ack("inc-1", "alice", T0));

    assertThat(views.acks("inc-1")).extracting(IncidentAck::getBy).containsExactly("alice", "carol");
    assertThat(views.acks("inc-")).isEmpty();
  }

  @Test
  void aLaterSilenceOfTheSameIdReplacesItAndATombstoneDeletesIt() throws Exception {
    store.apply(Topic.SILENCES, "sil-1", silence("sil-1", NOW.plusSeconds(3600)), silence("sil-1", NOW));
    store.apply(Topic.SILENCES, "sil-2", silence("sil-2", NOW.plusSeconds(60)));

    assertThat(views.silences(NOW, false)).extracting(Silence::getId).containsExactly("sil-2");
    assertThat(views.silences(NOW, true)).extracting(Silence::getId).containsExactly("sil-1", "sil-2");

    store.applyRaw(Topic.SILENCES, "sil-2", null);

    assertThat(views.silences(NOW, true)).extracting(Silence::getId).containsExactly("sil-1");
  }

  @Test
  void theRetentionDropsAcksMadeAndSilencesEndedBeforeTheCutoff() throws Exception {
    store.apply(Topic.ACKS, "inc-1", ack("inc-1", "alice", T0), ack("inc-1", "carol", T2));
    store.apply(Topic.SILENCES, "sil-old", silence("sil-old", T0.plus(Duration.ofMinutes(5))));
    store.apply(Topic.SILENCES, "sil-new", silence("sil-new", T2));

    int dropped = views.dropOlderThan(T1);

    assertThat(dropped).isEqualTo(2);
    assertThat(views.acks("inc-1")).extracting(IncidentAck::getBy).containsExactly("carol");
    assertThat(views.silences(T0, true)).extracting(Silence::getId).containsExactly("sil-new");
  }

  private static IncidentAck ack(String incident, String by, java.time.Instant time) {
    return IncidentAck.newBuilder().setIncidentId(incident).setBy(by).setTime(time).build();
  }

  private static Silence silence(String id, java.time.Instant until) {
    return Silence.newBuilder().setId(id).setService("cartservice").setUntil(until).setBy("bob").setCreatedAt(T0).build();
  }
}
