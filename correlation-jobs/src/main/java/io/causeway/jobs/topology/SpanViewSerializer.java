package io.causeway.jobs.topology;

import io.causeway.core.topology.SpanView;
import io.causeway.jobs.CompactSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A span as the trace join keeps it in state: everything but the trace id (the state's key), kinds
 * as one byte each, times as var-ints — about 40 bytes for a span with 16-hex-digit ids, where
 * the POJO serializer wrote well over 100.
 */
final class SpanViewSerializer extends CompactSerializer<SpanView> {

  private static final long serialVersionUID = 1L;

  static final SpanViewSerializer INSTANCE = new SpanViewSerializer();

  private static final String[] KINDS = {"SERVER", "CLIENT", "PRODUCER", "CONSUMER", "INTERNAL", "UNSPECIFIED"};
  private static final String[] PEER_KINDS = {"DATABASE", "MESSAGING", "EXTERNAL"};
  private static final int NONE = 0;
  private static final int OTHER = 0x7F;

  @Override
  public void serialize(SpanView span, DataOutputView out) throws IOException {
    write(span, out);
  }

  @Override
  public SpanView deserialize(DataInputView in) throws IOException {
    return read(null, in);
  }

  static void write(SpanView span, DataOutputView out) throws IOException {
    writeString(span.spanId(), out);
    writeString(span.parentSpanId(), out);
    writeString(span.service(), out);
    writeCode(span.kind(), KINDS, out);
    writeCode(span.peerKind(), PEER_KINDS, out);
    writeString(span.peer(), out);
    out.writeBoolean(span.error());
    writeVarLong(span.startMillis(), out);
    writeVarLong(span.durationMicros(), out);
  }

  /** Reads a span written by {@link #write}, giving it {@code traceId} (null when read from state). */
  static SpanView read(String traceId, DataInputView in) throws IOException {
    String spanId = readString(in);
    String parentSpanId = readString(in);
    String service = readString(in);
    String kind = readCode(KINDS, in);
    String peerKind = readCode(PEER_KINDS, in);
    String peer = readString(in);
    boolean error = in.readBoolean();
    long startMillis = readVarLong(in);
    long durationMicros = readVarLong(in);
    return new SpanView(traceId, spanId, parentSpanId, service, kind, startMillis, durationMicros, error, peer, peerKind);
  }

  /**
   * Spans of one trace as one block of bytes (their count, then each without the trace id): how a
   * fragment carries them to the trace join and how the join stores them, so that the join can
   * store the spans of a fragment without decoding them. {@code buffer} is a scratch buffer.
   */
  static byte[] encodeAll(List<SpanView> spans, DataOutputSerializer buffer) throws IOException {
    buffer.clear();
    writeVarInt(spans.size(), buffer);
    for (SpanView span : spans) {
      write(span, buffer);
    }
    return buffer.getCopyOfBuffer();
  }

  /** The spans of a block written by {@link #encodeAll}, each given {@code traceId}. */
  static List<SpanView> decodeAll(String traceId, byte[] encoded) throws IOException {
    DataInputDeserializer in = new DataInputDeserializer(encoded);
    int size = readVarInt(in);
    List<SpanView> spans = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      spans.add(read(traceId, in));
    }
    return spans;
  }

  /** A known name as its index + 1, null as 0, anything else spelled out after a marker. */
  private static void writeCode(String name, String[] known, DataOutputView out) throws IOException {
    if (name == null) {
      out.writeByte(NONE);
      return;
    }
    for (int i = 0; i < known.length; i++) {
      if (known[i].equals(name)) {
        out.writeByte(i + 1);
        return;
      }
    }
    out.writeByte(OTHER);
    writeString(name, out);
  }

  private static String readCode(String[] known, DataInputView in) throws IOException {
    int code = in.readUnsignedByte();
    if (code == NONE) {
      return null;
    }
    if (code == OTHER) {
      return readString(in);
    }
    if (code > known.length) {
      throw new IOException("unknown kind code " + code);
    }
    return known[code - 1];
  }

  @Override
  public TypeSerializerSnapshot<SpanView> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Restores the serializer from a checkpoint; the format has one version so far. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<SpanView> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }

  /** The whole span, trace id first: for a span on its own between operators. */
  static final class WithTrace extends CompactSerializer<SpanView> {
    private static final long serialVersionUID = 1L;

    static final WithTrace INSTANCE = new WithTrace();

    @Override
    public void serialize(SpanView span, DataOutputView out) throws IOException {
      writeString(span.traceId(), out);
      write(span, out);
    }

    @Override
    public SpanView deserialize(DataInputView in) throws IOException {
      return read(readString(in), in);
    }

    @Override
    public TypeSerializerSnapshot<SpanView> snapshotConfiguration() {
      return new WithTraceSnapshot();
    }
  }

  /** Restores {@link WithTrace} from a checkpoint. */
  public static final class WithTraceSnapshot extends SimpleTypeSerializerSnapshot<SpanView> {
    public WithTraceSnapshot() {
      super(() -> WithTrace.INSTANCE);
    }
  }
}
