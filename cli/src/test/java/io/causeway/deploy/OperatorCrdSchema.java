package io.causeway.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The openAPIV3Schema of one Flink Kubernetes Operator custom resource, as published in
 * flink-kubernetes-operator-api 1.10.0 on Maven Central (its {@code META-INF/fabric8} CRDs), made a
 * JSON schema that a validator checks strictly.
 *
 * <p>Two changes, both stated here and in deploy/k8s/README.md. First, the one exception: operator
 * 1.10's {@code spec.flinkVersion} enum stops at {@code v1_20}; it is widened to the values operator
 * 1.15.0 (the release the manifests target, whose CRD is not on Central here) defines in
 * {@code FlinkVersion.java}. Second, unknown fields are errors, as {@code kubectl apply
 * --validate=strict} makes them, where the API server would otherwise prune them silently: every
 * object schema with properties that does not preserve unknown fields gets {@code
 * additionalProperties: false}, and the root allows only apiVersion, kind, metadata, spec, status.
 */
final class OperatorCrdSchema {

  /** FlinkVersion.java of operator release 1.15.0: v2_0 from 1.11, v2_1/v2_2 from 1.13, v2_3/v2_4 from 1.15. */
  static final List<String> OPERATOR_1_15_FLINK_VERSIONS =
      List.of("v1_13", "v1_14", "v1_15", "v1_16", "v1_17", "v1_18", "v1_19", "v1_20", "v2_0", "v2_1", "v2_2", "v2_3", "v2_4");

  private static final Map<String, String> CRD_BY_KIND = Map.of(
      "FlinkDeployment", "META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml",
      "FlinkSessionJob", "META-INF/fabric8/flinksessionjobs.flink.apache.org-v1.yml");
  private static final String PRESERVE_UNKNOWN = "x-kubernetes-preserve-unknown-fields";

  private final ObjectNode schema;
  private final JsonSchema validator;

  private OperatorCrdSchema(ObjectNode schema) {
    this.schema = schema;
    this.validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
  }

  /** The published schema of that kind and API version, strict, with flinkVersion widened. */
  static OperatorCrdSchema widened(String kind, String apiVersion) {
    ObjectNode schema = published(kind, apiVersion);
    ArrayNode flinkVersions = flinkVersionEnum(schema);
    flinkVersions.removeAll();
    OPERATOR_1_15_FLINK_VERSIONS.forEach(flinkVersions::add);
    return new OperatorCrdSchema(schema);
  }

  /** The published schema as it is (strict, but flinkVersion as operator 1.10 knows it). */
  static OperatorCrdSchema asPublished(String kind, String apiVersion) {
    return new OperatorCrdSchema(published(kind, apiVersion));
  }

  /** The flinkVersion values this schema accepts. */
  List<String> flinkVersions() {
    List<String> values = new ArrayList<>();
    flinkVersionEnum(schema).forEach(value -> values.add(value.asText()));
    return values;
  }

  /** What the validator finds wrong with a resource: empty when it conforms. */
  List<String> problems(JsonNode resource) {
    List<String> problems = new ArrayList<>();
    for (ValidationMessage message : validator.validate(resource)) {
      problems.add(message.getMessage());
    }
    return problems;
  }

  private static ObjectNode published(String kind, String apiVersion) {
    JsonNode crd = crd(kind);
    String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
    for (JsonNode served : crd.path("spec").path("versions")) {
      if (served.path("name").asText().equals(version) && served.path("served").asBoolean()) {
        ObjectNode schema = (ObjectNode) served.path("schema").path("openAPIV3Schema").deepCopy();
        allowObjectRoot(schema);
        makeStrict(schema);
        return schema;
      }
    }
    throw new AssertionError(kind + " " + apiVersion + " is not a served version of the published CRD");
  }

  private static JsonNode crd(String kind) {
    String resource = CRD_BY_KIND.get(kind);
    try (InputStream in = OperatorCrdSchema.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new AssertionError(resource + " is not on the test classpath (flink-kubernetes-operator-api)");
      }
      return KubernetesManifests.YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ArrayNode flinkVersionEnum(ObjectNode schema) {
    JsonNode values = schema.at("/properties/spec/properties/flinkVersion/enum");
    if (!values.isArray()) {
      throw new AssertionError("the published schema has no spec.flinkVersion enum");
    }
    return (ArrayNode) values;
  }

  /** The fields Kubernetes adds to every object, which CRD schemas leave out. */
  private static void allowObjectRoot(ObjectNode schema) {
    ObjectNode properties = schema.with("properties");
    properties.set("apiVersion", JsonNodeFactory.instance.objectNode().put("type", "string"));
    properties.set("kind", JsonNodeFactory.instance.objectNode().put("type", "string"));
    properties.set("metadata", JsonNodeFactory.instance.objectNode().put("type", "object"));
  }

  private static void makeStrict(JsonNode node) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      boolean preservesUnknown = object.path(PRESERVE_UNKNOWN).asBoolean(false);
      if (object.has("properties") && !object.has("additionalProperties") && !preservesUnknown) {
        object.put("additionalProperties", false);
      }
      removeKubernetesExtensions(object);
    }
    node.forEach(OperatorCrdSchema::makeStrict);
  }

  /** The x-kubernetes-* keywords mean nothing to a JSON-schema validator; their effect is above. */
  private static void removeKubernetesExtensions(ObjectNode object) {
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      if (names.next().startsWith("x-kubernetes-")) {
        names.remove();
      }
    }
  }
}
