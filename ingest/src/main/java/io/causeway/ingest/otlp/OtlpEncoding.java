package io.causeway.ingest.otlp;

import java.util.Arrays;
import java.util.Locale;

/** The two encodings of the OpenTelemetry Collector's Kafka exporter that Causeway reads. */
public enum OtlpEncoding {
  /** {@code otlp_proto}: the binary protobuf of the Export*ServiceRequest (the exporter's default). */
  PROTO("otlp_proto"),
  /** {@code otlp_json}: OTLP/JSON (lowerCamelCase fields, hex ids, enums as integers). */
  JSON("otlp_json");

  private final String exporterName;

  OtlpEncoding(String exporterName) {
    this.exporterName = exporterName;
  }

  /** The name the Collector's Kafka exporter configuration uses ({@code encoding: otlp_proto}). */
  public String exporterName() {
    return exporterName;
  }

  /** The encoding the exporter calls {@code name}; fails with the names it knows. */
  public static OtlpEncoding of(String name) {
    String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (OtlpEncoding encoding : values()) {
      if (encoding.exporterName.equals(wanted)) {
        return encoding;
      }
    }
    throw new IllegalArgumentException(
        "unknown OTLP encoding '" + name + "'; use one of " + Arrays.stream(values()).map(OtlpEncoding::exporterName).toList());
  }
}
