package io.causeway.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.causeway.core.correlation.CauseRanker;
import io.causeway.jobs.topology.TraceJoinFunction;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
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
 * qualified names). It lives here, beside the Flink operators, because the check must show it
 * finds Flink where an operator uses it; the algorithms themselves are the core module's.
 */
class AlgorithmsImportNoFlinkTest {

  private static final String CORE = "io/causeway/core";
  private static final Pattern FLINK_IN_SOURCE = Pattern.compile("\\borg\\s*\\.\\s*apache\\s*\\.\\s*flink\\b");

  @Test
  void noCompiledAlgorithmClassRefersToFlink() throws IOException {
    List<Path> classes = classFilesUnder(coreClassesRoot().resolve(CORE));

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
    List<Path> sources = sourceFilesUnder(coreSourceRoot().resolve(CORE));

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
    Path operatorClass = classesRoot(TraceJoinFunction.class).resolve("io/causeway/jobs/topology/TraceJoinFunction.class");
    Path operatorSource = sourceRoot("correlation-jobs").resolve("io/causeway/jobs/topology/TraceJoinFunction.java");

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

  private static Path coreClassesRoot() throws IOException {
    return classesRoot(CauseRanker.class);
  }

  /**
   * The root of the folder or jar that {@code type} was loaded from, whatever the build directory
   * (Maven hands a module's jar to the modules above it once it is packaged).
   */
  private static Path classesRoot(Class<?> type) throws IOException {
    Path location;
    try {
      location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    if (Files.isDirectory(location)) {
      return location;
    }
    FileSystem jar = FileSystems.newFileSystem(location);
    return jar.getPath("/");
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

  private static Path coreSourceRoot() {
    return sourceRoot("core");
  }

  /** A module's main sources, whether run by Maven (basedir) or from a module or the repository root. */
  private static Path sourceRoot(String module) {
    String workingDir = System.getProperty("user.dir");
    return Stream.of(System.getProperty("basedir"), workingDir)
        .filter(dir -> dir != null)
        .flatMap(dir -> Stream.of(Path.of(dir, module), Path.of(dir).resolveSibling(module)))
        .map(dir -> dir.resolve("src/main/java"))
        .filter(Files::isDirectory)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("cannot find " + module + "/src/main/java from " + workingDir));
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
