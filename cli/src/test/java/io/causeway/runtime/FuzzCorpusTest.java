package io.causeway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.ingest.otlp.OtlpDecodeException;
import io.causeway.ingest.otlp.OtlpDecoder;
import io.causeway.ingest.otlp.OtlpEncoding;
import io.causeway.ingest.otlp.OtlpLogDecoder;
import io.causeway.ingest.otlp.OtlpMetricDecoder;
import io.causeway.ingest.otlp.OtlpSpanDecoder;
import io.causeway.runtime.FuzzCorpus.Bad;
import io.causeway.runtime.FuzzCorpus.Input;
import io.causeway.runtime.FuzzCorpus.Kind;
import io.causeway.runtime.FuzzCorpus.Signal;
import io.causeway.schemas.AvroCodec;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every record of the fuzz corpus is refused by the decoder its topic is read with, for a reason
 * its kind allows, in both OTLP encodings: what makes "every bad record is dead-lettered" in
 * {@code OtlpFuzzITCase} an exact count rather than a hope. Also that every kind occurs on every
 * topic it is made for.
 */
class FuzzCorpusTest {

  private static final int RECORDS_PER_TOPIC = 1_200;

  @ParameterizedTest
  @EnumSource(OtlpEncoding.class)
  void everyBadRecordIsRefusedForAnAllowedReason(OtlpEncoding tracesEncoding) throws Exception {
    Map<Signal, OtlpEncoding> encodings = OtlpFuzzITCase.encodings(tracesEncoding);
    FuzzCorpus corpus = new FuzzCorpus(encodings, Instant.parse("2026-01-01T00:00:00Z"));

    for (Input input : Input.values()) {
      Map<Kind, Integer> kinds = new EnumMap<>(Kind.class);
      Map<String, Integer> reasons = new TreeMap<>();
      for (int i = 0; i < RECORDS_PER_TOPIC; i++) {
        Bad bad = corpus.bad(input, i);
        String reason = refusal(input, encodings, bad.value());
        assertThat(reason).as("%s record %d (%s, %d bytes) must be refused", input, i, bad.kind(), bad.value() == null ? -1 : bad.value().length)
            .isNotNull().isIn(bad.reasons());
        assertThat(bad.value() == null ? 0 : bad.value().length).isLessThanOrEqualTo(FuzzCorpus.MAX_VALUE_BYTES);
        kinds.merge(bad.kind(), 1, Integer::sum);
        reasons.merge(reason, 1, Integer::sum);
      }
      assertThat(kinds).as("kinds on %s", input).containsKeys(Kind.CORRUPT, Kind.TRUNCATED, Kind.WRONG_SCHEMA, Kind.WRONG_ENCODING, Kind.EMPTY, Kind.OVERSIZED);
      if (input.isOtlp()) {
        assertThat(kinds).as("kinds on %s", input).containsKeys(Kind.INVALID, Kind.NULL);
      }
    }
  }

  /** What the jobs' deserializers do with {@code value}: the dead-letter reason, or null if it decodes. */
  private static String refusal(Input input, Map<Signal, OtlpEncoding> encodings, byte[] value) {
    if (!input.isOtlp()) {
      try {
        FuzzCorpus.codec(input.avroType).decode(value);
        return null;
      } catch (AvroCodec.DecodeException e) {
        return e.reason();
      } catch (UnsupportedOperationException e) {
        return "malformed";
      }
    }
    OtlpEncoding encoding = encodings.get(input.signal);
    OtlpDecoder<?> decoder = switch (input.signal) {
      case TRACES -> new OtlpSpanDecoder(encoding);
      case METRICS -> new OtlpMetricDecoder(encoding);
      case LOGS -> new OtlpLogDecoder(encoding);
    };
    try {
      decoder.decode(value, 0);
      return null;
    } catch (OtlpDecodeException e) {
      return e.reason();
    } catch (RuntimeException e) {
      return "otlp-mapping-failed: " + e;
    }
  }
}
