package io.causeway.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The project's modules, lowest first, and which modules each may use: the arrows of the poms,
 * written down once more so that a test sees a new arrow that points up. A class belongs to the
 * module whose {@code target/classes} it was compiled into; packages do not say it, as
 * {@code io.causeway.runtime} and {@code io.causeway.launcher} are split between the bottom
 * (topic names, the embedded broker, demo companions) and the top (the launcher and runtime).
 */
final class Modules {

  /** Module name to the modules below it that it may use; benchmarks, on top of all, is not checked. */
  static final Map<String, Set<String>> MAY_USE = mayUse();

  private Modules() {}

  private static Map<String, Set<String>> mayUse() {
    Map<String, Set<String>> arrows = new LinkedHashMap<>();
    arrows.put("schemas", Set.of());
    arrows.put("launcher-spi", Set.of());
    arrows.put("core", Set.of("schemas"));
    arrows.put("ingest", Set.of("schemas"));
    arrows.put("correlation-jobs", Set.of("schemas", "core", "ingest"));
    arrows.put("state-queries", Set.of("schemas", "launcher-spi"));
    arrows.put("cli", Set.of("schemas", "launcher-spi", "core", "ingest", "correlation-jobs", "state-queries"));
    return arrows;
  }

  /** The main classes of every module, read from the build's output folders under {@code project}, and any extra folders. */
  static JavaClasses importMainClasses(Path project, Path... extraFolders) {
    List<Path> folders = new ArrayList<>(List.of(extraFolders));
    for (String module : MAY_USE.keySet()) {
      Path classes = project.resolve(module).resolve("target/classes");
      if (!Files.isDirectory(classes)) {
        throw new IllegalStateException(classes + " is missing: build the modules first (mvn -B -ntp verify from the project root)");
      }
      folders.add(classes);
    }
    return new ClassFileImporter().importPaths(folders);
  }

  /** The module a class was compiled into: the folder above its {@code target/classes}. */
  static Optional<String> moduleByBuildFolder(JavaClass javaClass) {
    return javaClass.getSource().map(source -> source.getUri().getPath()).flatMap(Modules::moduleInPath);
  }

  private static Optional<String> moduleInPath(String path) {
    int target = path.indexOf("/target/classes/");
    if (target < 0) {
      return Optional.empty();
    }
    String module = path.substring(path.lastIndexOf('/', target - 1) + 1, target);
    return MAY_USE.containsKey(module) ? Optional.of(module) : Optional.empty();
  }

  /** For fixtures: the module a class poses as is named by its package's last part. */
  static Function<JavaClass, Optional<String>> moduleByPackageSuffix(String packagePrefix, Map<String, String> suffixToModule) {
    return javaClass -> {
      String pkg = javaClass.getPackageName();
      return pkg.startsWith(packagePrefix) ? Optional.ofNullable(suffixToModule.get(pkg.substring(packagePrefix.length()))) : Optional.empty();
    };
  }
}
