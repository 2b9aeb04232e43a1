package io.causeway.ingest.nezha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.causeway.avro.LogRecord;
import io.causeway.avro.MetricPoint;
import io.causeway.avro.Severity;
import io.causeway.ingest.datasets.Datasets;
import io.causeway.ingest.sim.InMemoryTelemetrySink;
import io.causeway.schemas.EdgeMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    assertThat(sink.metrics()).extracting(m -> m.getName()).contains("container.cpu.utilization", "server.latency.p90")
        .as("the node's figures are not the service's").noneMatch(name -> name.contains("Node"));
    assertThat(sink.metrics()).filteredOn(m -> m.getName().equals("container.cpu.utilization"))
        .allSatisfy(m -> assertThat(m.getValue()).isBetween(0.0, 1.0));
    assertThat(sink.logs()).extracting(LogRecord::getSeverity).contains(Severity.INFO, Severity.WARN);
    assertThat(sink.logs()).allSatisfy(l -> assertThat(l.getBody()).doesNotStartWith("{\"log\""));
    assertThat(eventTimes(sink)).as("spans come in event-time order").isSorted();
    assertThat(sink.logs()).allSatisfy(l -> assertThat(l.getTimestamp()).isBetween(FIRST_INJECTION.minusSeconds(600), FIRST_INJECTION.plusSeconds(180)));
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
  void copiesTheNormalWindowInFrontOfEveryCaseWithoutTouchingTheCases() throws IOException {
    Path day = nezhaDay();
    NezhaReplay replay = new NezhaReplay(PodNames.defaults());
    List<NezhaReplay.Interval> cases = replay.cases(day);
    InMemoryTelemetrySink sink = new InMemoryTelemetrySink();
    Instant secondCaseEnds = cases.get(1).to();

    replay.replay(day, new NezhaReplay.Window(Instant.MIN, secondCaseEnds, null, true), sink);
    List<NezhaReplay.Interval> placements = replay.normalPlacements(day, NezhaReplay.Window.wholeDayWithNormalBeforeEachCase());

    assertThat(cases).as("one case per injection minute run").hasSize(NezhaFaults.read(day.resolve("2023-01-29-fault_list.json"), PodNames.defaults()).size());
    assertThat(placements).hasSizeBetween(cases.size(), cases.size() * NezhaReplay.MAX_NORMAL_COPIES);
    for (NezhaReplay.Interval copy : placements) {
      assertThat(cases).as("a normal copy never overlaps a case").noneMatch(c -> c.from().isBefore(copy.to()) && copy.from().isBefore(c.to()));
    }
    assertThat(sink.spans()).filteredOn(s -> s.getTraceId().endsWith("-n0"))
        .as("the first copy sits in front of the first case").isNotEmpty()
        .allSatisfy(s -> assertThat(s.getStartTime()).isBefore(cases.get(0).from()));
    long copiesBeforeSecondCase = sink.spans().stream()
        .filter(s -> s.getTraceId().matches(".*-n\\d+$") && s.getStartTime().isAfter(cases.get(0).to()))
        .count();
    assertThat(copiesBeforeSecondCase).as("the second case has its own baseline").isPositive();
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
  void linesOfOneMillisecondComeInTheOrderTheyWereLogged(@TempDir Path dir) throws IOException {
    Path table = dir.resolve("10_13_log.csv");
    Files.writeString(table, String.join("\n",
        "Timestamp,TimeUnixNano,Node,PodName,Container,TraceID,SpanID,Log",
        row("2023-01-29T08:49:25.174272339Z", "1674982165174272339", "TravelServiceImpl#457"),
        row("2023-01-29T08:49:25.17409795Z", "1674982165174097950", "TravelServiceImpl#451"),
        row("2023-01-29T08:49:25.1741Z", "1674982165174100000", "TravelServiceImpl#452")));

    List<LogRecord> lines = new NezhaLogs(PodNames.defaults()).read(table);

    assertThat(lines).extracting(LogRecord::getTimestamp).containsOnly(Instant.parse("2023-01-29T08:49:25.174Z"));
    assertThat(lines).extracting(l -> l.getBody().replaceAll(".*(#\\d+).*", "$1")).as("the public tables list them newest first")
        .containsExactly("#451", "#452", "#457");
  }

  private static String row(String iso, String nanos, String location) {
    return iso + "," + nanos + ",node,ts-travel-service-64469b5b48-25zj6,server,trace1,span1,"
        + "\"{\"\"log\"\":\"\"16:49:25.174 INFO  t.s." + location + " TraceID: trace1 SpanID: span1 [getTickets]\\n\"\",\"\"stream\"\":\"\"stdout\"\"}\"";
  }

  @Test
  void aBrokenUnixTimeFallsBackToTheIsoTimestamp() {
    assertThat(NezhaLogs.timestampOf("2023-01-29T09:20:29.295", "-6795364578871345152")).isEqualTo(Instant.parse("2023-01-29T09:20:29.295Z"));
    assertThat(NezhaLogs.timestampOf("2023-01-29T09:20:29.295Z", "1674984029295000000")).isEqualTo(Instant.parse("2023-01-29T09:20:29.295Z"));
  }

  @Test
  void readsTheSeverityFromTheLine() {
    assertThat(NezhaLogs.severityOf("16:42:22.382 INFO  t.s.TravelServiceImpl#532 TraceID: x")).isEqualTo(Severity.INFO);
    assertThat(NezhaLogs.severityOf("16:42:22.382 WARN  t.s.X#1 slow")).isEqualTo(Severity.WARN);
    assertThat(NezhaLogs.severityOf("2023-01-29 ERROR something failed")).isEqualTo(Severity.ERROR);
    assertThat(NezhaLogs.severityOf("no level here")).isEqualTo(Severity.UNKNOWN);
  }

  @Test
  void replaysTheMeshEdgeLatencyOfTheOnlineBoutiqueDayAsEdgeMetricsOfTheCallees() throws IOException {
    Path day = nezhaDay().resolveSibling("onlineboutique-2022-08-22");
    assumeTrue(Files.isDirectory(day), Datasets.whereToGet("nezha"));
    Instant emailDelay = Instant.parse("2022-08-22T05:43:48Z");
    InMemoryTelemetrySink sink = new InMemoryTelemetrySink();

    new NezhaReplay(PodNames.defaults()).replay(day, new NezhaReplay.Window(emailDelay.minusSeconds(300), emailDelay.plusSeconds(150), null), sink);

    List<MetricPoint> checkoutToEmail = sink.metrics().stream()
        .filter(m -> m.getName().equals(EdgeMetrics.LATENCY_P50) && m.getService().equals("emailservice"))
        .toList();
    assertThat(checkoutToEmail).isNotEmpty().allSatisfy(m -> assertThat(m.getLabels()).containsEntry(EdgeMetrics.CALLER, "checkoutservice"));
    assertThat(checkoutToEmail).as("3 ms before the delay, about 750 ms after").anySatisfy(m -> assertThat(m.getValue()).isLessThan(10))
        .anySatisfy(m -> assertThat(m.getValue()).isGreaterThan(500));
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
