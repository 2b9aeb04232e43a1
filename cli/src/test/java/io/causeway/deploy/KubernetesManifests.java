package io.causeway.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The manifests of deploy/k8s, read as its kustomization.yaml lists them. */
final class KubernetesManifests {

  static final Path DIR = Path.of("..", "deploy", "k8s");
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private KubernetesManifests() {}

  /** The kustomization's resources, in order. */
  static List<String> kustomizationResources() {
    List<String> resources = new ArrayList<>();
    read(DIR.resolve("kustomization.yaml")).path("resources").forEach(resource -> resources.add(resource.asText()));
    return resources;
  }

  /** Every YAML file of the folder but the kustomization itself. */
  static List<String> yamlFiles() {
    try (Stream<Path> files = Files.list(DIR)) {
      return files.map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Each resource of the kustomization, one object per file. */
  static List<Manifest> all() {
    return kustomizationResources().stream().map(file -> new Manifest(file, (ObjectNode) read(DIR.resolve(file)))).toList();
  }

  static List<Manifest> ofKind(String kind) {
    return all().stream().filter(manifest -> manifest.kind().equals(kind)).toList();
  }

  static Manifest named(String kind, String name) {
    return ofKind(kind).stream()
        .filter(manifest -> manifest.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + DIR));
  }

  static JsonNode read(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
