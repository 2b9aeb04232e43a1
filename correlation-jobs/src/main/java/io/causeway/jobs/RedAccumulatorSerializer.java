package io.causeway.jobs;

import static io.causeway.jobs.CompactSerializer.readString;
import static io.causeway.jobs.CompactSerializer.readVarInt;
import static io.causeway.jobs.CompactSerializer.readVarLong;
import static io.causeway.jobs.CompactSerializer.writeString;
import static io.causeway.jobs.CompactSerializer.writeVarInt;
import static io.causeway.jobs.CompactSerializer.writeVarLong;

import io.causeway.core.topology.EdgeStats;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A {@link RedAccumulator} as label, counts and the sketch's own bin encoding (a few dozen bytes for
 * a typical window). Kryo, which Flink fell back to for this class, wrote class names and the dense
 * store's whole array of doubles, and was most of the window stage's CPU: every partial crossing
 * the network and every read and write of the window's state in RocksDB went through it.
 */
public final class RedAccumulatorSerializer extends TypeSerializerSingleton<RedAccumulator> {

  private static final long serialVersionUID = 1L;

  public static final RedAccumulatorSerializer INSTANCE = new RedAccumulatorSerializer();

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public RedAccumulator createInstance() {
    return new RedAccumulator();
  }

  @Override
  public RedAccumulator copy(RedAccumulator from) {
    return new RedAccumulator().merge(from);
  }

  @Override
  public RedAccumulator copy(RedAccumulator from, RedAccumulator reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(RedAccumulator acc, DataOutputView out) throws IOException {
    writeString(acc.label(), out);
    EdgeStats stats = acc.stats();
    writeVarLong(stats.calls(), out);
    writeVarLong(stats.errors(), out);
    byte[] latency = stats.encodedLatency();
    writeVarInt(latency.length, out);
    out.write(latency);
  }

  @Override
  public RedAccumulator deserialize(DataInputView in) throws IOException {
    String label = readString(in);
    long calls = readVarLong(in);
    long errors = readVarLong(in);
    byte[] latency = new byte[readVarInt(in)];
    in.readFully(latency);
    return new RedAccumulator(label, EdgeStats.restore(calls, errors, latency));
  }

  @Override
  public RedAccumulator deserialize(RedAccumulator reuse, DataInputView in) throws IOException {
    return deserialize(in);
  }

  @Override
  public void copy(DataInputView in, DataOutputView out) throws IOException {
    serialize(deserialize(in), out);
  }

  @Override
  public TypeSerializerSnapshot<RedAccumulator> snapshotConfiguration() {
    return new Snapshot();
  }

  /**
   * Restores the serializer from a checkpoint. Window state written before this serializer existed
   * was Kryo's: it is read with Kryo once and rewritten in this format (Flink migrates it on restore).
   */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<RedAccumulator> {
    public Snapshot() {
      super(() -> INSTANCE);
    }

    @Override
    public TypeSerializerSchemaCompatibility<RedAccumulator> resolveSchemaCompatibility(TypeSerializerSnapshot<RedAccumulator> old) {
      if (old instanceof KryoSerializerSnapshot) {
        return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
      }
      return super.resolveSchemaCompatibility(old);
    }
  }
}
