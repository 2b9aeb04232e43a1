package io.causeway.statequeries.responders;

import io.causeway.avro.IncidentAck;
import io.causeway.avro.Silence;
import io.causeway.schemas.AvroCodec;
import io.causeway.statequeries.query.Decoding;
import io.causeway.statequeries.store.View;
import io.causeway.statequeries.store.ViewKeys;
import io.causeway.statequeries.store.ViewStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBatchWithIndex;

/**
 * The responders' records in the store: acknowledgements per incident (oldest first) and
 * silences by id. Both are bounded by the retention: an ack older than it, and a silence that
 * ended before it, are deleted.
 */
public final class ResponderViews {

  private final ViewStore store;
  private final AvroCodec<IncidentAck> acks = AvroCodec.of(IncidentAck.class);
  private final AvroCodec<Silence> silences = AvroCodec.of(Silence.class);

  public ResponderViews(ViewStore store) {
    this.store = store;
  }

  public void putAck(IncidentAck ack, byte[] value, WriteBatchWithIndex batch) {
    store.put(batch, View.ACKS, ViewKeys.ack(ack.getIncidentId(), ack.getTime(), ack.getBy()), value);
  }

  public void putSilence(Silence silence, byte[] value, WriteBatchWithIndex batch) {
    store.put(batch, View.SILENCES, ViewKeys.silence(silence.getId()), value);
  }

  public void deleteSilence(String id, WriteBatchWithIndex batch) {
    store.delete(batch, View.SILENCES, ViewKeys.silence(id));
  }

  /** The incident's acknowledgements, oldest first. */
  public List<IncidentAck> acks(String incidentId) {
    List<IncidentAck> found = new ArrayList<>();
    store.scanPrefix(View.ACKS, ViewKeys.incident(incidentId), (k, v) -> {
      found.add(Decoding.decode(acks, v));
      return true;
    });
    return found;
  }

  public Optional<Silence> silence(String id) {
    byte[] stored = store.get(View.SILENCES, ViewKeys.silence(id));
    return stored == null ? Optional.empty() : Optional.of(Decoding.decode(silences, stored));
  }

  /** Silences still holding at {@code now} (or all stored ones), the soonest to end first. */
  public List<Silence> silences(Instant now, boolean includeEnded) {
    List<Silence> found = new ArrayList<>();
    store.scan(View.SILENCES, new byte[0], null, (k, v) -> {
      Silence silence = Decoding.decode(silences, v);
      if (includeEnded || silence.getUntil().isAfter(now)) {
        found.add(silence);
      }
      return true;
    });
    found.sort(Comparator.comparing(Silence::getUntil).thenComparing(Silence::getId));
    return found;
  }

  /** Deletes acks made before {@code cutoff} and silences that ended before it; returns how many. */
  public int dropOlderThan(Instant cutoff) {
    List<byte[]> oldAcks = new ArrayList<>();
    store.scan(View.ACKS, new byte[0], null, (k, v) -> {
      if (Decoding.decode(acks, v).getTime().isBefore(cutoff)) {
        oldAcks.add(k);
      }
      return true;
    });
    List<byte[]> ended = new ArrayList<>();
    store.scan(View.SILENCES, new byte[0], null, (k, v) -> {
      if (Decoding.decode(silences, v).getUntil().isBefore(cutoff)) {
        ended.add(k);
      }
      return true;
    });
    try (WriteBatch batch = new WriteBatch()) {
      oldAcks.forEach(k -> store.delete(batch, View.ACKS, k));
      ended.forEach(k -> store.delete(batch, View.SILENCES, k));
      store.write(batch);
    }
    return oldAcks.size() + ended.size();
  }
}
