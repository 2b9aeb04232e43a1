package io.causeway.jobs.topology;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What the trace join knows of a trace besides its spans: when its state expires, how many spans
 * it holds (for the per-trace cap), and whether any child ever waited for its parent (so that the
 * expiry only clears that state when there is something to clear).
 */
record TraceProgress(long expiresAt, int spans, boolean childrenWaited) {

  TraceProgress plus(int more, boolean waited) {
    return new TraceProgress(expiresAt, spans + more, childrenWaited || waited);
  }

  static final class Serializer extends CompactSerializer<TraceProgress> {
    private static final long serialVersionUID = 1L;

    static final Serializer INSTANCE = new Serializer();

    @Override
    public void serialize(TraceProgress progress, DataOutputView out) throws IOException {
      out.writeLong(progress.expiresAt());
      writeVarInt(progress.spans(), out);
      out.writeBoolean(progress.childrenWaited());
    }

    @Override
    public TraceProgress deserialize(DataInputView in) throws IOException {
      return new TraceProgress(in.readLong(), readVarInt(in), in.readBoolean());
    }

    @Override
    public TypeSerializerSnapshot<TraceProgress> snapshotConfiguration() {
      return new Snapshot();
    }
  }

  /** Restores the serializer from a checkpoint; the format has one version so far. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<TraceProgress> {
    public Snapshot() {
      super(() -> Serializer.INSTANCE);
    }
  }
}
