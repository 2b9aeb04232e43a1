package io.causeway.ingest.otlp;

import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Causeway keeps of an OTLP resource, by OpenTelemetry's semantic conventions.
 *
 * <ul>
 *   <li>service: {@code service.name}; without one, {@code unknown_service:<process.executable.name>}
 *       or {@code unknown_service}, as OpenTelemetry SDKs name such a service;
 *   <li>namespace: {@code service.namespace}, or null;
 *   <li>instance: the first of {@code service.instance.id}, {@code k8s.pod.name}, {@code host.name},
 *       or null;
 *   <li>{@link #KEPT_ATTRIBUTES}: copied into every span's and log's attributes and every metric's
 *       labels, except {@code service.version}, which metrics leave out so that a deploy does not
 *       start new series.
 * </ul>
 *
 * @param service service name, never null
 * @param namespace service namespace or null
 * @param instance instance (pod, host) or null
 * @param kept the {@link #KEPT_ATTRIBUTES} this resource has
 */
record OtlpResource(String service, String namespace, String instance, Map<String, String> kept) {

  static final String UNKNOWN_SERVICE = "unknown_service";

  /** Resource attributes copied onto the records; the rest of the resource is dropped. */
  static final List<String> KEPT_ATTRIBUTES = List.of("deployment.environment", "deployment.environment.name", "service.version");

  /** Scope name and version, under the names OpenTelemetry gives them outside OTLP. */
  static final String SCOPE_NAME = "otel.scope.name";
  static final String SCOPE_VERSION = "otel.scope.version";

  static OtlpResource of(Resource resource) {
    var attributes = resource.getAttributesList();
    String service = AnyValues.find(attributes, "service.name");
    if (service == null) {
      String executable = AnyValues.find(attributes, "process.executable.name");
      service = executable == null ? UNKNOWN_SERVICE : UNKNOWN_SERVICE + ":" + executable;
    }
    String instance = AnyValues.find(attributes, "service.instance.id");
    if (instance == null) {
      instance = AnyValues.find(attributes, "k8s.pod.name");
    }
    if (instance == null) {
      instance = AnyValues.find(attributes, "host.name");
    }
    Map<String, String> kept = new LinkedHashMap<>();
    for (String key : KEPT_ATTRIBUTES) {
      String value = AnyValues.find(attributes, key);
      if (value != null) {
        kept.put(key, value);
      }
    }
    return new OtlpResource(service, AnyValues.find(attributes, "service.namespace"), instance, Map.copyOf(kept));
  }

  /** Kept resource attributes and the scope, under the record's own attributes (which win). */
  Map<String, String> attributes(InstrumentationScope scope, Map<String, String> own) {
    Map<String, String> all = new LinkedHashMap<>(kept);
    if (!scope.getName().isEmpty()) {
      all.put(SCOPE_NAME, scope.getName());
    }
    if (!scope.getVersion().isEmpty()) {
      all.put(SCOPE_VERSION, scope.getVersion());
    }
    all.putAll(own);
    return all;
  }
}
