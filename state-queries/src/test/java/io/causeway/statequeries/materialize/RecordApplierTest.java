package io.causeway.statequeries.materialize;

import static io.causeway.statequeries.Fixtures.T0;
import static io.causeway.statequeries.Fixtures.change;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.avro.ChangeEvent;
import io.causeway.schemas.AvroCodec;
import io.causeway.schemas.Topic;
import io.causeway.statequeries.StoreFixture;
import io.causeway.statequeries.store.View;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordApplierTest {

  @TempDir Path dir;
  private StoreFixture fixture;

  @BeforeEach
  void open() {
    fixture = new StoreFixture(dir);
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void rejectsBytesThatAreNotAvroWithABadHeaderReason() {
    assertThatThrownBy(() -> fixture.applyRaw(Topic.ANOMALIES, "x", "not avro".getBytes()))
        .isInstanceOfSatisfying(RecordApplier.Rejected.class, e -> assertThat(e.reason()).isEqualTo("bad-header"));
  }

  @Test
  void rejectsARecordOfAnotherTypeAsAnUnknownSchema() {
    byte[] change = AvroCodec.of(ChangeEvent.class).encode(change("c-1", "cartservice", T0));

    assertThatThrownBy(() -> fixture.applyRaw(Topic.INCIDENTS, "x", change))
        .isInstanceOfSatisfying(RecordApplier.Rejected.class, e -> assertThat(e.reason()).isEqualTo("unknown-schema"));
  }

  @Test
  void rejectsATruncatedRecordAndWritesNothing() {
    byte[] change = AvroCodec.of(ChangeEvent.class).encode(change("c-1", "cartservice", T0));

    assertThatThrownBy(() -> fixture.applyRaw(Topic.CHANGES, "x", Arrays.copyOf(change, change.length - 6)))
        .isInstanceOf(RecordApplier.Rejected.class);
    boolean[] any = {false};
    fixture.store().scan(View.CHANGES, new byte[0], null, (k, v) -> any[0] = true);
    assertThat(any[0]).isFalse();
  }

  @Test
  void aNullValueIsADeletionOnlyOnCompactedTopics() throws Exception {
    fixture.applyRaw(Topic.MEMORY, "fp-1", null);

    assertThatThrownBy(() -> fixture.applyRaw(Topic.ANOMALIES, "cartservice", null))
        .isInstanceOfSatisfying(RecordApplier.Rejected.class, e -> assertThat(e.reason()).isEqualTo("null-payload"));
    assertThatThrownBy(() -> fixture.applyRaw(Topic.EDGES, null, null))
        .isInstanceOfSatisfying(RecordApplier.Rejected.class, e -> assertThat(e.reason()).isEqualTo("no-key"));
  }
}
