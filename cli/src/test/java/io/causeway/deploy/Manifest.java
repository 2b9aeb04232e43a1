package io.causeway.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One Kubernetes object of deploy/k8s, as parsed from its file. */
record Manifest(String file, ObjectNode body) {

  String apiVersion() {
    return body.path("apiVersion").asText();
  }

  String kind() {
    return body.path("kind").asText();
  }

  String name() {
    return body.path("metadata").path("name").asText();
  }

  JsonNode at(String pointer) {
    return body.at(pointer);
  }

  /** A deep copy to break on purpose, leaving this one as read. */
  ObjectNode mutableCopy() {
    return body.deepCopy();
  }

  @Override
  public String toString() {
    return file + " (" + kind() + " " + name() + ")";
  }
}
