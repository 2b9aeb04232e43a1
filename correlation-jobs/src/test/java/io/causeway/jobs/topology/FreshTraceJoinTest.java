package io.causeway.jobs.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.core.topology.Call;
import io.causeway.core.topology.CallExtractor;
import io.causeway.core.topology.SpanView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FreshTraceJoinTest {

  private static final String[] SERVICES = {"frontend", "cart", "catalog", "checkout"};
  private static final String[] KINDS = {"SERVER", "CLIENT", "PRODUCER", "CONSUMER", "INTERNAL"};

  @Test
  void emitsWhatTheJoinWouldSpanBySpanInTheSameOrderForRandomTracesInRandomOrder() {
    Random random = new Random(20250301L);
    for (int trace = 0; trace < 2_000; trace++) {
      List<SpanView> spans = randomTrace(random, "t" + trace, 1 + random.nextInt(30));
      Collections.shuffle(spans, random);

      FreshTraceJoin joined = FreshTraceJoin.of(spans, 5_000);

      assertThat(joined).isNotNull();
      assertThat(joined.calls()).as("trace %d", trace).containsExactlyElementsOf(spanBySpan(spans));
      assertThat(joined.atTimeout()).as("trace %d at timeout", trace).containsExactlyInAnyOrderElementsOf(CallExtractor.untracedPeerCalls(spans));
    }
  }

  @Test
  void leavesToTheJoinAFragmentWithARepeatedSpanAMissingParentOrMoreSpansThanTheCap() {
    List<SpanView> spans = randomTrace(new Random(7), "t", 6);

    assertThat(FreshTraceJoin.of(spans, 6)).isNotNull();
    assertThat(FreshTraceJoin.of(spans, 5)).as("over the cap").isNull();
    List<SpanView> repeated = new ArrayList<>(spans);
    repeated.add(spans.get(3));
    assertThat(FreshTraceJoin.of(repeated, 5_000)).as("a span repeated").isNull();
    assertThat(FreshTraceJoin.of(spans.subList(1, 6), 5_000)).as("the root is missing: its children wait").isNull();
  }

  /** The join's own order for a trace's first fragment: parent if seen, then the children that waited. */
  private static List<Call> spanBySpan(List<SpanView> spans) {
    List<Call> calls = new ArrayList<>();
    Map<String, SpanView> seen = new HashMap<>();
    Map<String, List<SpanView>> waiting = new HashMap<>();
    for (SpanView span : spans) {
      if (span.hasParent()) {
        SpanView parent = seen.get(span.parentSpanId());
        if (parent != null) {
          calls.addAll(CallExtractor.between(parent, span));
        } else {
          waiting.computeIfAbsent(span.parentSpanId(), id -> new ArrayList<>()).add(span);
        }
      }
      List<SpanView> children = waiting.remove(span.spanId());
      if (children != null) {
        children.forEach(child -> calls.addAll(CallExtractor.between(span, child)));
      }
      seen.put(span.spanId(), span);
    }
    return calls;
  }

  /** A random tree of spans: span 0 is the root, every other span's parent is an earlier one. */
  private static List<SpanView> randomTrace(Random random, String traceId, int size) {
    List<SpanView> spans = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      String parent = i == 0 ? null : "s" + random.nextInt(i);
      String kind = KINDS[random.nextInt(KINDS.length)];
      String peer = random.nextInt(3) == 0 ? "peer-" + random.nextInt(3) : null;
      String peerKind = random.nextBoolean() ? "MESSAGING" : "DATABASE";
      spans.add(new SpanView(traceId, "s" + i, parent, SERVICES[random.nextInt(SERVICES.length)], kind, 1_000L + i, 100L * (i + 1), random.nextInt(10) == 0, peer, peerKind));
    }
    return spans;
  }
}
