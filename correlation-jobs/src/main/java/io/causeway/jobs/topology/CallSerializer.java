package io.causeway.jobs.topology;

import static io.causeway.jobs.CompactSerializer.readString;
import static io.causeway.jobs.CompactSerializer.readVarInt;
import static io.causeway.jobs.CompactSerializer.readVarLong;
import static io.causeway.jobs.CompactSerializer.writeString;
import static io.causeway.jobs.CompactSerializer.writeVarInt;
import static io.causeway.jobs.CompactSerializer.writeVarLong;

import io.causeway.core.topology.Call;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Lists of calls inside the trace join's fragments and state: field by field, as {@link SpanViewSerializer} writes spans. */
final class CallSerializer {

  private CallSerializer() {}

  static void writeAll(List<Call> calls, DataOutputView out) throws IOException {
    writeVarInt(calls.size(), out);
    for (Call call : calls) {
      writeString(call.caller(), out);
      writeString(call.callee(), out);
      writeString(call.edgeKind(), out);
      writeVarLong(call.timestampMillis(), out);
      writeVarLong(call.durationMicros(), out);
      out.writeBoolean(call.error());
    }
  }

  static List<Call> readAll(DataInputView in) throws IOException {
    int size = readVarInt(in);
    if (size == 0) {
      return List.of();
    }
    List<Call> calls = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      calls.add(new Call(readString(in), readString(in), readString(in), readVarLong(in), readVarLong(in), in.readBoolean()));
    }
    return calls;
  }
}
