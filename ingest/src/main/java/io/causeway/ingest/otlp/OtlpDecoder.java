package io.causeway.ingest.otlp;

import java.util.List;

/**
 * Turns the value of one Kafka record that the OpenTelemetry Collector's Kafka exporter wrote into
 * our normalised records (one request gives many), or says why it cannot.
 *
 * @param <T> the normalised record type
 */
public interface OtlpDecoder<T> {

  /**
   * Decodes {@code payload}; {@code receivedAtMillis} (the Kafka record's timestamp) stands in for
   * a log or data point that carries no time of its own.
   */
  List<T> decode(byte[] payload, long receivedAtMillis) throws OtlpDecodeException;
}
