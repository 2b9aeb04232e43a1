package io.causeway.ingest.nezha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.causeway.avro.LogRecord;
import io.causeway.avro.Severity;
import io.causeway.ingest.datasets.Datasets;
import io.causeway.ingest.sim.InMemoryTelemetrySink;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replayer on the public TrainTicket day: every signal, services not pods, in time order. */
class NezhaReplayTest {

  /** The first fault's inject_time, read as UTC (its inject_timestamp is 8 hours off; see NezhaFaults). */
  private static final Instant FIRST_INJECTION = Instant.parse("2023-01-29T08:43:04Z");

  @Test
  void replaysTheFirstCaseInEventTimeOrderWithServicesNotPods() throws IOException {
    Path day = nezhaDay();
    InMemoryTelemetrySink sink = new InMemoryTelemetrySink();
    var window = new NezhaReplay.Window(FIRST_INJECTION.minusSeconds(600), FIRST_INJECTION.plusSeconds(180), FIRST_INJECTION.minusSeconds(120));

    long sent = new NezhaReplay(PodNames.defaults()).replay(day, window, sink);

    assertThat(sent).isEqualTo(sink.spans().size() + sink.logs().size() + sink.metrics().size());
    assertThat(sink.spans()).isNotEmpty().allSatisfy(s -> assertThat(s.getService()).startsWith("ts-").doesNotMatch(".*-[a-z0-9]{5}$"));
    assertThat(sink.metrics()).extracting(m -> m.getName()).contains("container.cpu.utilization", "server.latency.p90");
    assertThat(sink.metrics()).filteredOn(m -> m.getName().equals("container.cpu.utilization"))
        .allSatisfy(m -> assertThat(m.getValue()).isBetween(0.0, 1.0));
    assertThat(sink.logs()).extracting(LogRecord::getSeverity).contains(Severity.INFO, Severity.WARN);
    assertThat(sink.logs()).allSatisfy(l -> assertThat(l.getBody()).doesNotStartWith("{\"log\""));
    assertThat(eventTimes(sink)).as("spans come in event-time order").isSorted();
  }

  @Test
  void theNormalWindowEndsWhereItIsAskedTo() throws IOException {
    Path day = nezhaDay();
    InMemoryTelemetrySink sink = new InMemoryTelemetrySink();
    Instant normalEnd = FIRST_INJECTION.minusSeconds(300);

    new NezhaReplay(PodNames.defaults()).replay(day, new NezhaReplay.Window(FIRST_INJECTION.minusSeconds(900), normalEnd.plusSeconds(1), normalEnd), sink);

    assertThat(sink.spans()).as("the normal window's spans, moved to end at %s", normalEnd).hasSizeGreaterThan(1000)
        .allSatisfy(s -> assertThat(s.getStartTime()).isBefore(normalEnd));
    assertThat(sink.spans().get(sink.spans().size() - 1).getStartTime()).isAfter(normalEnd.minusSeconds(30));
  }

  @Test
  void faultsAreReadOnTheTelemetrysClockWithTheirService() throws IOException {
    Path day = nezhaDay();

    var faults = NezhaFaults.read(day.resolve("2023-01-29-fault_list.json"), PodNames.defaults());

    assertThat(faults).hasSize(28);
    assertThat(faults.get(0)).isEqualTo(new NezhaFaults.Fault(FIRST_INJECTION, "ts-contacts-service-866bd68c97-xcqfx", "ts-contacts-service", "return"));
    assertThat(faults).extracting(NezhaFaults.Fault::type).containsOnly("return", "exception", "cpu_contention");
  }

  @Test
  void readsTheSeverityFromTheLine() {
    assertThat(NezhaLogs.severityOf("16:42:22.382 INFO  t.s.TravelServiceImpl#532 TraceID: x")).isEqualTo(Severity.INFO);
    assertThat(NezhaLogs.severityOf("16:42:22.382 WARN  t.s.X#1 slow")).isEqualTo(Severity.WARN);
    assertThat(NezhaLogs.severityOf("2023-01-29 ERROR something failed")).isEqualTo(Severity.ERROR);
    assertThat(NezhaLogs.severityOf("no level here")).isEqualTo(Severity.UNKNOWN);
  }

  private static List<Instant> eventTimes(InMemoryTelemetrySink sink) {
    List<Instant> times = new ArrayList<>();
    sink.spans().forEach(s -> times.add(s.getStartTime()));
    return times;
  }

  private static Path nezhaDay() {
    var nezha = Datasets.dataset("nezha");
    assumeTrue(nezha.isPresent(), Datasets.whereToGet("nezha"));
    return nezha.get().resolve("trainticket-2023-01-29");
  }
}
