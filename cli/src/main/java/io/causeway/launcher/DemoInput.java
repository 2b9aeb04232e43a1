package io.causeway.launcher;

import io.causeway.ingest.otlp.OtlpEncoding;
import io.causeway.ingest.sim.KafkaTelemetrySink;
import io.causeway.ingest.sim.OtlpTelemetrySink;
import io.causeway.ingest.sim.TelemetrySink;
import io.causeway.jobs.otlp.OtlpOptions;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/** What the demo's simulator writes, and what the jobs then read. */
enum DemoInput {
  /** Causeway's own Avro topics ({@code telemetry.*}). */
  AVRO("avro"),
  /**
   * OTLP on the {@code otlp_*} topics, as the OpenTelemetry Collector's Kafka exporter writes it;
   * the jobs read them and not the empty {@code telemetry.*} topics ({@code causeway.otlp.enabled},
   * {@code causeway.otlp.only}). Changes stay Avro on {@code telemetry.changes}: the Collector
   * does not carry them.
   */
  OTLP("otlp");

  private final String flag;

  DemoInput(String flag) {
    this.flag = flag;
  }

  /** Job options that make the jobs read this input. */
  Map<String, String> jobOptions(OtlpEncoding encoding) {
    return this == AVRO
        ? Map.of()
        : Map.of(OtlpOptions.ENABLED.key(), "true", OtlpOptions.ONLY.key(), "true", OtlpOptions.ENCODING.key(), encoding.exporterName());
  }

  TelemetrySink sink(String bootstrapServers, OtlpEncoding encoding) {
    return this == AVRO ? new KafkaTelemetrySink(bootstrapServers) : new OtlpTelemetrySink(bootstrapServers, encoding);
  }

  /** For the status line: where the simulator's telemetry goes. */
  String describe(OtlpEncoding encoding) {
    if (this == AVRO) {
      return "Avro to telemetry.spans, telemetry.metrics, telemetry.logs";
    }
    OtlpTelemetrySink.Topics topics = OtlpTelemetrySink.Topics.defaults();
    return "OTLP (" + encoding.exporterName() + ") to " + topics.spans() + ", " + topics.metrics() + ", " + topics.logs()
        + "; changes in Avro to " + topics.changes();
  }

  @Override
  public String toString() {
    return flag;
  }

  /** {@code avro} or {@code otlp}, in any case; anything else names the choices. */
  static final class Converter implements CommandLine.ITypeConverter<DemoInput> {
    @Override
    public DemoInput convert(String value) {
      String wanted = value.trim().toLowerCase(Locale.ROOT);
      return Arrays.stream(values())
          .filter(input -> input.flag.equals(wanted))
          .findFirst()
          .orElseThrow(() -> new CommandLine.TypeConversionException("'" + value + "' is not an input; use avro or otlp"));
    }
  }

  /** {@code otlp_proto} or {@code otlp_json}, the Collector's names. */
  static final class EncodingConverter implements CommandLine.ITypeConverter<OtlpEncoding> {
    @Override
    public OtlpEncoding convert(String value) {
      try {
        return OtlpEncoding.of(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
