package io.causeway.jobs;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** RED figures of one key over part of one window, merged downstream into the window's total. */
public record PartialRed(String key, RedAccumulator red) {

  /** On the wire: the key, then the accumulator as {@link RedAccumulatorSerializer} writes it. */
  static final TypeInformation<PartialRed> TYPE = new CompactTypeInfo<>(PartialRed.class, new Serializer());

  static final class Serializer extends CompactSerializer<PartialRed> {
    private static final long serialVersionUID = 1L;

    @Override
    public void serialize(PartialRed partial, DataOutputView out) throws IOException {
      writeString(partial.key(), out);
      RedAccumulatorSerializer.INSTANCE.serialize(partial.red(), out);
    }

    @Override
    public PartialRed deserialize(DataInputView in) throws IOException {
      return new PartialRed(readString(in), RedAccumulatorSerializer.INSTANCE.deserialize(in));
    }

    @Override
    public TypeSerializerSnapshot<PartialRed> snapshotConfiguration() {
      return new Snapshot();
    }
  }

  /** Restores the serializer from a checkpoint; the format has one version so far. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<PartialRed> {
    public Snapshot() {
      super(Serializer::new);
    }
  }
}
