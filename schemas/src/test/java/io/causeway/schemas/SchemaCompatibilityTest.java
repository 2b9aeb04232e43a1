package io.causeway.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The schemas in the repo stay compatible, both ways, with every released version. */
class SchemaCompatibilityTest {

  private static final Path RELEASED = Path.of("released");

  static Stream<Arguments> releasedTopicSchemas() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    try (Stream<Path> versions = Files.list(RELEASED)) {
      for (Path version : versions.filter(Files::isDirectory).sorted().toList()) {
        Map<String, Schema> released = parseVersion(version);
        for (Topic topic : Topic.values()) {
          String name = topic.valueType().getName();
          if (released.containsKey(name)) {
            cases.add(Arguments.of(version.getFileName().toString(), topic, released.get(name)));
          }
        }
      }
    }
    assertThat(cases).as("released schemas under %s", RELEASED.toAbsolutePath()).isNotEmpty();
    return cases.stream();
  }

  @ParameterizedTest(name = "{1} vs release {0}")
  @MethodSource("releasedTopicSchemas")
  void currentSchemaReadsWhatReleasedWritersWroteAndViceVersa(
      String version, Topic topic, Schema released) {
    Schema current = SpecificData.get().getSchema(topic.valueType());

    assertCompatible("backward: current reads " + version, current, released);
    assertCompatible("forward: " + version + " reads current", released, current);
  }

  private static void assertCompatible(String direction, Schema reader, Schema writer) {
    var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    assertThat(result.getType())
        .as("%s %s: %s", reader.getName(), direction, result.getResult().getIncompatibilities())
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  /** Parses a release folder; shared types (common/, DependencyEdge) first, as the build does. */
  private static Map<String, Schema> parseVersion(Path version) throws IOException {
    Schema.Parser parser = new Schema.Parser();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(version)) {
      files = walk.filter(p -> p.toString().endsWith(".avsc")).sorted(RELEASED_ORDER).toList();
    }
    for (Path file : files) {
      parser.parse(file.toFile());
    }
    return parser.getTypes();
  }

  private static final java.util.Comparator<Path> RELEASED_ORDER =
      java.util.Comparator.<Path>comparingInt(
              p -> p.getParent().getFileName().toString().equals("common") ? 0 : 1)
          .thenComparingInt(p -> p.getFileName().toString().equals("DependencyEdge.avsc") ? 0 : 1)
          .thenComparing(Path::toString);
}
