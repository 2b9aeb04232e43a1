package io.causeway.statequeries;

import io.causeway.schemas.AvroCodec;
import io.causeway.schemas.Topic;
import io.causeway.statequeries.materialize.RecordApplier;
import io.causeway.statequeries.store.ViewStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.avro.specific.SpecificRecord;
import org.rocksdb.WriteBatchWithIndex;

/** A real store in a temporary folder, fed the way the materialiser feeds it. */
public final class StoreFixture implements AutoCloseable {

  private final ViewStore store;
  private final RecordApplier applier;

  public StoreFixture(Path dir) {
    this.store = ViewStore.open(dir);
    this.applier = new RecordApplier(store);
  }

  public ViewStore store() {
    return store;
  }

  @SuppressWarnings("unchecked")
  public <T extends SpecificRecord> StoreFixture apply(Topic topic, String key, T... records) throws RecordApplier.Rejected {
    for (T record : records) {
      byte[] value = AvroCodec.of((Class<T>) record.getClass()).encode(record);
      applyRaw(topic, key, value);
    }
    return this;
  }

  public StoreFixture applyRaw(Topic topic, String key, byte[] value) throws RecordApplier.Rejected {
    try (WriteBatchWithIndex batch = store.newBatch()) {
      applier.apply(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, batch);
      store.write(batch);
    }
    return this;
  }

  @Override
  public void close() {
    store.close();
  }
}
