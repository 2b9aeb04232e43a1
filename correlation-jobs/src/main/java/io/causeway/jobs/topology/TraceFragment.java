package io.causeway.jobs.topology;

import io.causeway.core.topology.SpanView;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Spans of one trace that arrived close together, in arrival order: what {@link TraceBatcher}
 * sends to the trace join, so that a trace seen whole costs one keyed-state visit, not one per span.
 */
public record TraceFragment(String traceId, List<SpanView> spans) {

  public static TraceFragment of(SpanView span) {
    return new TraceFragment(span.traceId(), List.of(span));
  }

  static final TypeInformation<TraceFragment> TYPE = new CompactTypeInfo<>(TraceFragment.class, new Serializer());

  /** The trace id once, then each span without it. */
  static final class Serializer extends CompactSerializer<TraceFragment> {
    private static final long serialVersionUID = 1L;

    @Override
    public void serialize(TraceFragment fragment, DataOutputView out) throws IOException {
      writeString(fragment.traceId(), out);
      writeVarInt(fragment.spans().size(), out);
      for (SpanView span : fragment.spans()) {
        SpanViewSerializer.write(span, out);
      }
    }

    @Override
    public TraceFragment deserialize(DataInputView in) throws IOException {
      String traceId = readString(in);
      int size = readVarInt(in);
      List<SpanView> spans = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        spans.add(SpanViewSerializer.read(traceId, in));
      }
      return new TraceFragment(traceId, spans);
    }

    @Override
    public TypeSerializerSnapshot<TraceFragment> snapshotConfiguration() {
      return new Snapshot();
    }
  }

  /** Restores the serializer from a checkpoint; the format has one version so far. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<TraceFragment> {
    public Snapshot() {
      super(Serializer::new);
    }
  }
}
