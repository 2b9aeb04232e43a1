package io.causeway.jobs.topology;

import io.causeway.jobs.CompactSerializer;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What the trace join knows of a trace: when its state expires, how many spans it holds (for the
 * per-trace cap), whether any child ever waited for its parent (so that the expiry only clears
 * that state when there is something to clear), and, while only one fragment has come, that
 * fragment ({@code first}, else null): a trace that arrives whole is one value in state.
 */
record TraceProgress(long expiresAt, int spans, boolean childrenWaited, StoredFragment first) {

  /** More spans, now in the map by span id: the opening fragment, if it was still here, has moved there. */
  TraceProgress plus(int more, boolean waited) {
    return new TraceProgress(expiresAt, spans + more, childrenWaited || waited, null);
  }

  /** Expiry, span count, the waited flag, then the opening fragment if it is still held here. */
  static final class Serializer extends CompactSerializer<TraceProgress> {
    private static final long serialVersionUID = 1L;

    static final Serializer INSTANCE = new Serializer();

    @Override
    public void serialize(TraceProgress progress, DataOutputView out) throws IOException {
      LegacySerializer.INSTANCE.serialize(progress, out);
      out.writeBoolean(progress.first() != null);
      if (progress.first() != null) {
        StoredFragment.write(progress.first(), out);
      }
    }

    @Override
    public TraceProgress deserialize(DataInputView in) throws IOException {
      TraceProgress progress = LegacySerializer.INSTANCE.deserialize(in);
      StoredFragment first = in.readBoolean() ? StoredFragment.read(in) : null;
      return new TraceProgress(progress.expiresAt(), progress.spans(), progress.childrenWaited(), first);
    }

    @Override
    public TypeSerializerSnapshot<TraceProgress> snapshotConfiguration() {
      return new WithFragmentSnapshot();
    }
  }

  /**
   * Restores {@link Serializer} from a checkpoint. State written before the opening fragment was
   * kept here ({@link Snapshot}) is read with {@link LegacySerializer} and rewritten on restore.
   */
  public static final class WithFragmentSnapshot extends SimpleTypeSerializerSnapshot<TraceProgress> {
    public WithFragmentSnapshot() {
      super(() -> Serializer.INSTANCE);
    }

    @Override
    public TypeSerializerSchemaCompatibility<TraceProgress> resolveSchemaCompatibility(TypeSerializerSnapshot<TraceProgress> old) {
      if (old instanceof Snapshot) {
        return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
      }
      return super.resolveSchemaCompatibility(old);
    }
  }

  /** The format up to version 0.1: expiry, span count and the waited flag, no fragment. */
  static final class LegacySerializer extends CompactSerializer<TraceProgress> {
    private static final long serialVersionUID = 1L;

    static final LegacySerializer INSTANCE = new LegacySerializer();

    @Override
    public void serialize(TraceProgress progress, DataOutputView out) throws IOException {
      out.writeLong(progress.expiresAt());
      writeVarInt(progress.spans(), out);
      out.writeBoolean(progress.childrenWaited());
    }

    @Override
    public TraceProgress deserialize(DataInputView in) throws IOException {
      return new TraceProgress(in.readLong(), readVarInt(in), in.readBoolean(), null);
    }

    @Override
    public TypeSerializerSnapshot<TraceProgress> snapshotConfiguration() {
      return new Snapshot();
    }
  }

  /** Restores {@link LegacySerializer}: the snapshot class checkpoints of version 0.1 name. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<TraceProgress> {
    public Snapshot() {
      super(() -> LegacySerializer.INSTANCE);
    }
  }
}
