package io.causeway.ingest.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Builds OTLP payloads with the official classes, as the Collector's Kafka exporter writes them:
 * {@code otlp_proto} is the request's {@code toByteArray()}, {@code otlp_json} its OTLP/JSON.
 */
final class OtlpFixtures {

  static final Instant START = Instant.parse("2025-03-01T10:00:00.123456789Z");
  static final long START_NANOS = nanos(START);
  static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";
  static final String SPAN_ID = "eee19b7ec3c1b174";
  static final String PARENT_ID = "eee19b7ec3c1b173";
  static final InstrumentationScope SCOPE = InstrumentationScope.newBuilder().setName("io.opentelemetry.grpc-1.6").setVersion("2.1.0").build();

  private OtlpFixtures() {}

  static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  static byte[] payload(Message request, OtlpEncoding encoding) {
    return encoding == OtlpEncoding.PROTO ? request.toByteArray() : OtlpJson.print(request).getBytes(StandardCharsets.UTF_8);
  }

  static ByteString id(String hex) {
    return ByteString.copyFrom(HexFormat.of().parseHex(hex));
  }

  /** The resource of a pod of productcatalogservice in the shop namespace, in production. */
  static Resource shopResource() {
    return Resource.newBuilder()
        .addAttributes(string("service.name", "productcatalogservice"))
        .addAttributes(string("service.namespace", "shop"))
        .addAttributes(string("service.instance.id", "productcatalogservice-6d9f8-x2x7q"))
        .addAttributes(string("host.name", "node-3"))
        .addAttributes(string("deployment.environment.name", "production"))
        .addAttributes(string("service.version", "v0.10.2"))
        .addAttributes(string("telemetry.sdk.language", "go"))
        .build();
  }

  static KeyValue string(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  static KeyValue integer(String key, long value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
  }

  static KeyValue array(String key, AnyValue... values) {
    ArrayValue.Builder array = ArrayValue.newBuilder();
    for (AnyValue value : values) {
      array.addValues(value);
    }
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setArrayValue(array)).build();
  }

  static AnyValue kvlist(KeyValue... entries) {
    KeyValueList.Builder list = KeyValueList.newBuilder();
    for (KeyValue entry : entries) {
      list.addValues(entry);
    }
    return AnyValue.newBuilder().setKvlistValue(list).build();
  }
}
