package io.causeway.jobs.topology;

import static io.causeway.jobs.CompactSerializer.readVarInt;
import static io.causeway.jobs.CompactSerializer.writeVarInt;

import io.causeway.core.topology.Call;
import io.causeway.core.topology.SpanView;
import java.io.IOException;
import java.util.List;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The fragment that opened a trace, as the trace join keeps it (in the trace's {@link
 * TraceProgress}) while no other fragment has come: its spans as the block of bytes they
 * travelled in (decoded only if another fragment comes), and what the join timeout will then have
 * to do, worked out when the fragment came, so that a trace that arrives whole is never decoded
 * from state.
 *
 * @param spans the spans, as {@link SpanViewSerializer#encodeAll} writes them
 * @param atTimeout the calls to emit at the timeout: client spans with no traced child
 * @param orphans spans whose parent is not in the fragment, counted at the timeout as unjoined
 * @param childrenWaited whether any of them waits for its parent in the join's state
 */
record StoredFragment(byte[] spans, List<Call> atTimeout, int orphans, boolean childrenWaited) {

  List<SpanView> decode(String traceId) throws IOException {
    return SpanViewSerializer.decodeAll(traceId, spans);
  }

  /** Written inside the trace's progress ({@link TraceProgress.Serializer}): spans, calls at timeout, orphans, waited flag. */
  static void write(StoredFragment fragment, DataOutputView out) throws IOException {
    writeVarInt(fragment.spans().length, out);
    out.write(fragment.spans());
    CallSerializer.writeAll(fragment.atTimeout(), out);
    writeVarInt(fragment.orphans(), out);
    out.writeBoolean(fragment.childrenWaited());
  }

  static StoredFragment read(DataInputView in) throws IOException {
    byte[] spans = new byte[readVarInt(in)];
    in.readFully(spans);
    return new StoredFragment(spans, CallSerializer.readAll(in), readVarInt(in), in.readBoolean());
  }
}
