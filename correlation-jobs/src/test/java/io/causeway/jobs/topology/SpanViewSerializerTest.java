package io.causeway.jobs.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.core.topology.SpanView;
import java.util.List;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class SpanViewSerializerTest {

  private static final SpanView CLIENT =
      new SpanView("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", "53995c3f42cd8ad8", "shop/frontend", "CLIENT", 1_740_823_200_005L, 40_000, false, "redis-cart", "DATABASE");

  @Test
  void keepsEverythingButTheTraceIdOfASpanInAboutFortyBytes() throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    SpanViewSerializer.INSTANCE.serialize(CLIENT, out);

    SpanView read = SpanViewSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

    assertThat(read).isEqualTo(withTrace(CLIENT, null));
    assertThat(out.length()).isLessThan(80);
  }

  @Test
  void spellsOutKindsItDoesNotKnowAndKeepsNullsAndNonAsciiNames() throws Exception {
    SpanView odd = new SpanView("t", "s", null, "café-service", "SOMETHING_NEW", -5, 0, true, null, "QUEUE");
    DataOutputSerializer out = new DataOutputSerializer(64);
    SpanViewSerializer.WithTrace.INSTANCE.serialize(odd, out);

    assertThat(SpanViewSerializer.WithTrace.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()))).isEqualTo(odd);
  }

  @Test
  void writesAFragmentsTraceIdOnceAndGivesItBackToEachSpan() throws Exception {
    SpanView server = new SpanView(CLIENT.traceId(), "b7ad6b7169203331", CLIENT.spanId(), "shop/cart", "SERVER", 1_740_823_200_006L, 38_000, false, null, "EXTERNAL");
    TraceFragment fragment = new TraceFragment(CLIENT.traceId(), List.of(CLIENT, server));
    DataOutputSerializer out = new DataOutputSerializer(128);
    var serializer = new TraceFragment.Serializer();
    serializer.serialize(fragment, out);

    assertThat(serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()))).isEqualTo(fragment);
    DataOutputSerializer apart = new DataOutputSerializer(128);
    SpanViewSerializer.WithTrace.INSTANCE.serialize(CLIENT, apart);
    SpanViewSerializer.WithTrace.INSTANCE.serialize(server, apart);
    int framing = 4; // the span count outside the block of spans, the block's length (two bytes here), and the flag for a worked-out join
    assertThat(out.length()).as("the trace id written once, not twice").isEqualTo(apart.length() - CLIENT.traceId().length() - 1 + 1 + framing);
  }

  @Test
  void aFragmentCarriesItsWorkedOutJoinAcrossTheNetwork() throws Exception {
    SpanView server = new SpanView(CLIENT.traceId(), "b7ad6b7169203331", CLIENT.spanId(), "shop/cart", "SERVER", 1_740_823_200_006L, 38_000, false, null, "EXTERNAL");
    SpanView parent = new SpanView(CLIENT.traceId(), CLIENT.parentSpanId(), null, "shop/web", "SERVER", 1_740_823_200_000L, 90_000, false, null, "EXTERNAL");
    TraceFragment fragment = TraceFragment.joined(CLIENT.traceId(), List.of(server, CLIENT, parent), 5_000, new DataOutputSerializer(16));
    assertThat(fragment.fresh()).isNotNull();
    DataOutputSerializer out = new DataOutputSerializer(128);
    var serializer = new TraceFragment.Serializer();
    serializer.serialize(fragment, out);

    TraceFragment read = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

    assertThat(read.fresh()).isEqualTo(fragment.fresh());
    assertThat(read.spans()).isEqualTo(fragment.spans());
    assertThat(read.encoded()).isEqualTo(fragment.encoded());
  }

  private static SpanView withTrace(SpanView s, String traceId) {
    return new SpanView(traceId, s.spanId(), s.parentSpanId(), s.service(), s.kind(), s.startMillis(), s.durationMicros(), s.error(), s.peer(), s.peerKind());
  }
}
