package io.causeway.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.core.correlation.CauseRanker;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The algorithm packages are plain Java: no class in {@code io.causeway.core..} may depend on
 * {@code org.apache.flink..}. Checked twice without extra libraries: on the compiled classes (every
 * type a class refers to is named in its constant pool) and on the sources (imports and fully
 * qualified names).
 */
class AlgorithmsImportNoFlinkTest {

  private static final String CORE = "io/causeway/core";
  private static final Pattern FLINK_IN_SOURCE = Pattern.compile("\\borg\\s*\\.\\s*apache\\s*\\.\\s*flink\\b");

  @Test
  void noCompiledAlgorithmClassRefersToFlink() throws IOException {
    List<Path> classes = classFilesUnder(classesRoot().resolve(CORE));

    assertThat(classes)
        .as("compiled algorithm classes")
        .extracting(p -> p.getFileName().toString())
        .contains("CauseRanker.class", "RobustDetector.class", "CallExtractor.class", "ServiceGraph.class");
    List<String> offenders = new ArrayList<>();
    for (Path file : classes) {
      flinkReferencesInClass(file).forEach(ref -> offenders.add(file.getFileName() + " -> " + ref));
    }
    assertThat(offenders).as("references from io.causeway.core to Flink").isEmpty();
  }

  @Test
  void noAlgorithmSourceImportsFlink() throws IOException {
    List<Path> sources = sourceFilesUnder(sourceRoot().resolve(CORE));

    assertThat(sources)
        .as("algorithm sources")
        .extracting(p -> p.getFileName().toString())
        .contains("CauseRanker.java", "RobustDetector.java", "CallExtractor.java", "ServiceGraph.java");
    List<String> offenders = new ArrayList<>();
    for (Path file : sources) {
      flinkReferencesInSource(file).forEach(line -> offenders.add(file.getFileName() + ": " + line));
    }
    assertThat(offenders).as("Flink in io.causeway.core sources").isEmpty();
  }

  /** The checks would catch a Flink dependency: they do find the one a Flink operator has. */
  @Test
  void theChecksSeeFlinkWhereAnOperatorUsesIt() throws IOException {
    Path operatorClass = classesRoot().resolve("io/causeway/jobs/topology/TraceJoinFunction.class");
    Path operatorSource = sourceRoot().resolve("io/causeway/jobs/topology/TraceJoinFunction.java");

    assertThat(flinkReferencesInClass(operatorClass))
        .contains("org/apache/flink/streaming/api/functions/KeyedProcessFunction");
    assertThat(flinkReferencesInSource(operatorSource))
        .anyMatch(line -> line.startsWith("import org.apache.flink.streaming.api.functions.KeyedProcessFunction"));
  }

  @Test
  void theSourceCheckSeesFullyQualifiedUseAndIgnoresComments() {
    List<String> code =
        List.of(
            "// unlike org.apache.flink operators, this is plain Java",
            " * See {@link org.apache.flink.util.Collector} in the docs.",
            "  var t = new org.apache.flink.api.java.tuple.Tuple2<>(a, b);",
            "import static org.apache.flink.util.Preconditions.checkArgument;");

    assertThat(flinkReferencesInLines(code))
        .containsExactly(
            "var t = new org.apache.flink.api.java.tuple.Tuple2<>(a, b);",
            "import static org.apache.flink.util.Preconditions.checkArgument;");
  }

  // --- compiled classes -------------------------------------------------------------------

  /** Where this module's main classes were compiled to, whatever the build directory. */
  private static Path classesRoot() {
    try {
      return Path.of(CauseRanker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Path> classFilesUnder(Path dir) throws IOException {
    assertThat(dir).as("compiled algorithm packages").isDirectory();
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.toString().endsWith(".class")).sorted().toList();
    }
  }

  /** The constant-pool strings of a class file that name something in Flink. */
  static List<String> flinkReferencesInClass(Path classFile) throws IOException {
    List<String> refs = new ArrayList<>();
    for (String utf8 : constantPoolStrings(classFile)) {
      if (utf8.contains("org/apache/flink") || utf8.contains("org.apache.flink")) {
        refs.add(utf8);
      }
    }
    return refs;
  }

  /** Reads the CONSTANT_Utf8 entries of a class file (JVMS §4.4). */
  private static List<String> constantPoolStrings(Path classFile) throws IOException {
    List<String> strings = new ArrayList<>();
    try (InputStream file = Files.newInputStream(classFile);
        DataInputStream in = new DataInputStream(file)) {
      if (in.readInt() != 0xCAFEBABE) {
        throw new IOException("not a class file: " + classFile);
      }
      in.readUnsignedShort(); // minor
      in.readUnsignedShort(); // major
      int count = in.readUnsignedShort();
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> strings.add(in.readUTF());
          case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
          case 5, 6 -> {
            in.skipNBytes(8);
            i++; // long and double take two slots
          }
          case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
          case 15 -> in.skipNBytes(3);
          default -> throw new IOException("unknown constant pool tag " + tag + " in " + classFile);
        }
      }
    }
    return strings;
  }

  // --- sources ----------------------------------------------------------------------------

  /** The module's main sources, whether run by Maven (basedir) or from the module or repository root. */
  private static Path sourceRoot() {
    String workingDir = System.getProperty("user.dir");
    return Stream.of(System.getProperty("basedir"), workingDir, workingDir + "/correlation-jobs")
        .filter(dir -> dir != null)
        .map(dir -> Path.of(dir, "src", "main", "java"))
        .filter(dir -> Files.isDirectory(dir.resolve(CORE)))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("cannot find correlation-jobs/src/main/java from " + workingDir));
  }

  private static List<Path> sourceFilesUnder(Path dir) throws IOException {
    assertThat(dir).as("algorithm sources").isDirectory();
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }

  private static List<String> flinkReferencesInSource(Path source) throws IOException {
    return flinkReferencesInLines(Files.readAllLines(source, StandardCharsets.UTF_8));
  }

  /** Code lines (not comment lines) that import or name a Flink type. */
  static List<String> flinkReferencesInLines(List<String> lines) {
    List<String> refs = new ArrayList<>();
    for (String raw : lines) {
      String line = raw.strip();
      if (line.startsWith("//") || line.startsWith("*") || line.startsWith("/*")) {
        continue;
      }
      Matcher flink = FLINK_IN_SOURCE.matcher(line);
      if (flink.find()) {
        refs.add(line);
      }
    }
    return refs;
  }
}
