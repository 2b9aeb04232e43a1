package io.causeway.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;

/**
 * Built-in Kubernetes objects read into the fabric8 Kubernetes model, strictly: the model keeps
 * fields it does not know in an "additional properties" map, which this reader turns off, so a
 * misspelled field fails with its path; and no scalar is coerced, so a port written as a string
 * where the API wants an integer fails too (IntOrString fields take either, as in the API).
 */
final class StrictKubernetesModel {

  private static final Map<String, Class<?>> TYPES = Map.of(
      "v1/ConfigMap", ConfigMap.class,
      "v1/Secret", Secret.class,
      "v1/Service", Service.class,
      "v1/PersistentVolumeClaim", PersistentVolumeClaim.class,
      "apps/v1/Deployment", Deployment.class);

  private static final ObjectMapper STRICT = JsonMapper.builder()
      .annotationIntrospector(new NoAdditionalProperties())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .build();

  private StrictKubernetesModel() {}

  static boolean knows(JsonNode resource) {
    return TYPES.containsKey(typeKey(resource));
  }

  /** What is wrong with a built-in object: empty when the model reads it strictly. */
  static List<String> problems(JsonNode resource) {
    Class<?> type = TYPES.get(typeKey(resource));
    if (type == null) {
      return List.of("no model for " + typeKey(resource) + "; known: " + TYPES.keySet());
    }
    return problems(resource, type);
  }

  /** The metadata of any object (custom resources' schemas leave it open). */
  static List<String> metadataProblems(JsonNode resource) {
    return problems(resource.path("metadata"), ObjectMeta.class);
  }

  static <T> T read(JsonNode resource, Class<T> type) {
    try {
      return STRICT.treeToValue(resource, type);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e.getOriginalMessage(), e);
    }
  }

  private static List<String> problems(JsonNode node, Class<?> type) {
    try {
      STRICT.treeToValue(node, type);
      return List.of();
    } catch (JsonProcessingException e) {
      return List.of(e.getOriginalMessage() + " at " + pathOf(e));
    }
  }

  private static String pathOf(JsonProcessingException e) {
    return e instanceof JsonMappingException mapping ? mapping.getPathReference() : "";
  }

  private static String typeKey(JsonNode resource) {
    return resource.path("apiVersion").asText() + "/" + resource.path("kind").asText();
  }

  /** Ignores the model's any-setters, so that unknown fields reach FAIL_ON_UNKNOWN_PROPERTIES. */
  private static final class NoAdditionalProperties extends JacksonAnnotationIntrospector {
    private static final long serialVersionUID = 1L;

    @Override
    public Boolean hasAnySetter(Annotated annotated) {
      return Boolean.FALSE;
    }
  }
}
