package io.causeway.benchmarks.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.causeway.avro.ChangeEvent;
import io.causeway.avro.LogRecord;
import io.causeway.avro.MetricPoint;
import io.causeway.avro.Span;
import io.causeway.ingest.sim.InMemoryTelemetrySink;
import io.causeway.ingest.sim.TelemetrySink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RetryingPreloadTest {

  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  /** The fleet's first 30 simulated seconds, straight into memory: what each preload must deliver. */
  private static InMemoryTelemetrySink expected() {
    InMemoryTelemetrySink sink = new InMemoryTelemetrySink();
    fleet(sink).advance(Duration.ofSeconds(30));
    return sink;
  }

  private static ServiceFleet fleet(TelemetrySink sink) {
    return new ServiceFleet(11, 5, 7, Instant.parse("2026-03-01T10:00:00Z"), sink);
  }

  @Test
  void aChunkWhoseFlushFailsIsWrittenAgainWholeThroughANewSink() {
    Sinks sinks = new Sinks(1);
    try (RetryingPreload preload = new RetryingPreload(sinks, 1_000, new PrintStream(log, true, StandardCharsets.UTF_8))) {
      fleet(preload).advance(Duration.ofSeconds(30));
    }

    InMemoryTelemetrySink expected = expected();
    assertThat(sinks.made).hasSize(2);
    assertThat(sinks.made.get(0).isClosed()).as("the failed sink is closed").isTrue();
    InMemoryTelemetrySink second = sinks.made.get(1).delivered;
    // the first sink failed on its first flush, so the second got every record, the first chunk again among them
    assertThat(second.spans()).hasSameSizeAs(expected.spans());
    assertThat(second.metrics()).hasSameSizeAs(expected.metrics());
    assertThat(second.logs()).hasSameSizeAs(expected.logs());
    assertThat(second.spans().get(0)).isEqualTo(expected.spans().get(0));
    assertThat(second.isClosed()).isTrue();
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("preload: a chunk of 1,000 records failed (attempt 1 of 3)");
  }

  @Test
  void givesUpWithTheLastErrorAfterThreeFailedAttemptsOnOneChunk() {
    Sinks sinks = new Sinks(Integer.MAX_VALUE);
    RetryingPreload preload = new RetryingPreload(sinks, 1_000, new PrintStream(log, true, StandardCharsets.UTF_8));

    assertThatThrownBy(() -> fleet(preload).advance(Duration.ofSeconds(30)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("failed 3 times on one chunk of 1000 records")
        .hasRootCauseMessage("batch expired");
    assertThat(sinks.made).hasSize(RetryingPreload.ATTEMPTS).allMatch(FlakySink::isClosed);
  }

  @Test
  void writesInChunksOfTheGivenSize() {
    Sinks sinks = new Sinks(0);
    try (RetryingPreload preload = new RetryingPreload(sinks, 500, new PrintStream(log, true, StandardCharsets.UTF_8))) {
      fleet(preload).advance(Duration.ofSeconds(30));
    }

    InMemoryTelemetrySink expected = expected();
    int records = expected.spans().size() + expected.metrics().size() + expected.logs().size() + expected.changes().size();
    assertThat(sinks.made).hasSize(1);
    assertThat(sinks.made.get(0).delivered.flushes()).as("one flush per full chunk, one for the rest").isEqualTo(records / 500 + 1);
    assertThat(log.size()).isZero();
  }

  /** Makes sinks whose first {@code failing} flushes, over all of them, fail. */
  private static final class Sinks implements Supplier<FlakySink> {
    private final List<FlakySink> made = new ArrayList<>();
    private int failuresLeft;

    Sinks(int failing) {
      this.failuresLeft = failing;
    }

    @Override
    public FlakySink get() {
      FlakySink sink = new FlakySink(this);
      made.add(sink);
      return sink;
    }
  }

  /** Keeps what it is given; a flush fails while its maker has failures left, as a producer's expired batch would. */
  private static final class FlakySink implements TelemetrySink {
    private final Sinks maker;
    private final InMemoryTelemetrySink delivered = new InMemoryTelemetrySink();

    FlakySink(Sinks maker) {
      this.maker = maker;
    }

    boolean isClosed() {
      return delivered.isClosed();
    }

    @Override
    public void span(Span span) {
      delivered.span(span);
    }

    @Override
    public void metric(MetricPoint point) {
      delivered.metric(point);
    }

    @Override
    public void log(LogRecord record) {
      delivered.log(record);
    }

    @Override
    public void change(ChangeEvent change) {
      delivered.change(change);
    }

    @Override
    public void flush() {
      if (maker.failuresLeft > 0) {
        maker.failuresLeft--;
        throw new IllegalStateException("1 telemetry record(s) could not be written", new RuntimeException("batch expired"));
      }
      delivered.flush();
    }

    @Override
    public void close() {
      delivered.close();
    }
  }
}
