package io.causeway.jobs.topology;

import io.causeway.core.topology.SpanView;
import io.causeway.jobs.CompactSerializer;
import io.causeway.jobs.CompactTypeInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Spans of one trace that arrived close together, in arrival order: what {@link TraceBatcher}
 * sends to the trace join, so that a trace seen whole costs one keyed-state visit, not one per span.
 * The spans travel as one block of bytes ({@link SpanViewSerializer#encodeAll}), decoded only if
 * the join needs them as objects; a fragment from the batcher also carries its {@link
 * FreshTraceJoin}, with which the join handles a fragment that opens its trace without decoding it.
 */
public final class TraceFragment {

  private final String traceId;
  private final int size;
  private List<SpanView> spans;
  private byte[] encoded;
  private final FreshTraceJoin fresh;

  /** Spans with no join worked out: the join takes them one by one. */
  public TraceFragment(String traceId, List<SpanView> spans) {
    this(traceId, spans.size(), spans, null, null);
  }

  private TraceFragment(String traceId, int size, List<SpanView> spans, byte[] encoded, FreshTraceJoin fresh) {
    this.traceId = traceId;
    this.size = size;
    this.spans = spans;
    this.encoded = encoded;
    this.fresh = fresh;
  }

  public static TraceFragment of(SpanView span) {
    return new TraceFragment(span.traceId(), List.of(span));
  }

  /** The spans with their join worked out as if they opened the trace, encoded with {@code buffer}. */
  static TraceFragment joined(String traceId, List<SpanView> spans, int maxSpansPerTrace, DataOutputSerializer buffer) {
    try {
      return new TraceFragment(traceId, spans.size(), spans, SpanViewSerializer.encodeAll(spans, buffer), FreshTraceJoin.of(spans, maxSpansPerTrace));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // an in-memory buffer does not fail
    }
  }

  public String traceId() {
    return traceId;
  }

  public int size() {
    return size;
  }

  public List<SpanView> spans() {
    if (spans == null) {
      try {
        spans = SpanViewSerializer.decodeAll(traceId, encoded);
      } catch (IOException e) {
        throw new UncheckedIOException("malformed trace fragment", e);
      }
    }
    return spans;
  }

  /** The spans as one block of bytes, as the join stores them. */
  byte[] encoded() {
    if (encoded == null) {
      try {
        encoded = SpanViewSerializer.encodeAll(spans, new DataOutputSerializer(64 * size));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return encoded;
  }

  /** The join of the fragment as the first of its trace, or null when the join must go span by span. */
  FreshTraceJoin fresh() {
    return fresh;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TraceFragment that && traceId.equals(that.traceId) && spans().equals(that.spans()); // the join is derived from them
  }

  @Override
  public int hashCode() {
    return Objects.hash(traceId, spans());
  }

  @Override
  public String toString() {
    return "TraceFragment[" + traceId + ", " + size + " spans" + (fresh == null ? "" : ", joined") + "]";
  }

  static final TypeInformation<TraceFragment> TYPE = new CompactTypeInfo<>(TraceFragment.class, new Serializer());

  /** The trace id, the spans' block of bytes, then the worked-out join if there is one. */
  static final class Serializer extends CompactSerializer<TraceFragment> {
    private static final long serialVersionUID = 1L;

    @Override
    public void serialize(TraceFragment fragment, DataOutputView out) throws IOException {
      writeString(fragment.traceId(), out);
      writeVarInt(fragment.size(), out);
      byte[] encoded = fragment.encoded();
      writeVarInt(encoded.length, out);
      out.write(encoded);
      out.writeBoolean(fragment.fresh != null);
      if (fragment.fresh != null) {
        CallSerializer.writeAll(fragment.fresh.calls(), out);
        CallSerializer.writeAll(fragment.fresh.atTimeout(), out);
      }
    }

    @Override
    public TraceFragment deserialize(DataInputView in) throws IOException {
      String traceId = readString(in);
      int size = readVarInt(in);
      byte[] encoded = new byte[readVarInt(in)];
      in.readFully(encoded);
      FreshTraceJoin fresh = in.readBoolean() ? new FreshTraceJoin(CallSerializer.readAll(in), CallSerializer.readAll(in)) : null;
      return new TraceFragment(traceId, size, null, encoded, fresh);
    }

    @Override
    public TypeSerializerSnapshot<TraceFragment> snapshotConfiguration() {
      return new Snapshot();
    }
  }

  /**
   * Restores the serializer from a checkpoint. Fragments only cross the network, never sit in
   * state, so a change of format needs no migration.
   */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<TraceFragment> {
    public Snapshot() {
      super(Serializer::new);
    }
  }
}
