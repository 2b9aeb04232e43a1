package io.causeway.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The modules' arrows point down only, core is plain Java, and inside core the ranking and memory
 * sit on top. It lives in the cli, the top module, whose build comes after every module it reads.
 * Each rule is also run on fixtures that break it, so a rule that could never fail is noticed.
 */
class ArchitectureTest {

  private static final Path PROJECT = Path.of("..");
  private static final String FIXTURES = "io.causeway.architecture.fixture";

  private static JavaClasses mainClasses;

  @BeforeAll
  static void importTheModules() {
    mainClasses = Modules.importMainClasses(PROJECT);
  }

  @Test
  void everyModuleIsSeen() {
    assertThat(mainClasses.stream().map(Modules::moduleByBuildFolder).flatMap(Optional::stream).distinct())
        .containsExactlyInAnyOrderElementsOf(Modules.MAY_USE.keySet());
  }

  @Test
  void modulesDependOnlyOnModulesBelowThem() {
    ModuleRules.arrowsPointDown(mainClasses, Modules::moduleByBuildFolder).check(mainClasses);
  }

  @Test
  void coreImportsNoFlink() {
    ModuleRules.coreIsFreeOfFlink(Modules::moduleByBuildFolder).check(mainClasses);
  }

  @Test
  void insideCoreTheRankingAndMemorySitOnTop() {
    ModuleRules.corePackagesLayered("io.causeway.core").check(mainClasses);
  }

  @Test
  void aCoreClassThatImportsFlinkFails() {
    JavaClasses withFixtures = mainClassesAndFixtures();

    EvaluationResult result = ModuleRules.coreIsFreeOfFlink(fixturesPosingAsModules()).evaluate(withFixtures);

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .anyMatch(line -> line.contains("RanksInsideFlink") && line.contains("org.apache.flink"));
  }

  @Test
  void stateQueriesThatImportTheJobsFail() {
    JavaClasses withFixtures = mainClassesAndFixtures();

    EvaluationResult result = ModuleRules.arrowsPointDown(withFixtures, fixturesPosingAsModules()).evaluate(withFixtures);

    assertThat(result.getFailureReport().getDetails())
        .anyMatch(line -> line.contains("state-queries -> correlation-jobs") && line.contains("ReadsTheJobsOptions"))
        .noneMatch(line -> line.contains("RanksInsideFlink"));
  }

  @Test
  void aDetectorThatUsesTheRankingFails() {
    JavaClasses fixtures = new ClassFileImporter().importPackages(FIXTURES + ".layers");

    EvaluationResult result = ModuleRules.corePackagesLayered(FIXTURES + ".layers").evaluate(fixtures);

    assertThat(result.getFailureReport().getDetails())
        .isNotEmpty()
        .allMatch(line -> line.contains("DetectorThatAsksTheRanking"))
        .noneMatch(line -> line.contains("PlainDetector"));
  }

  private static JavaClasses mainClassesAndFixtures() {
    return Modules.importMainClasses(PROJECT, PROJECT.resolve("cli/target/test-classes/" + FIXTURES.replace('.', '/')));
  }

  private static Function<JavaClass, Optional<String>> fixturesPosingAsModules() {
    Function<JavaClass, Optional<String>> fixtures =
        Modules.moduleByPackageSuffix(FIXTURES + ".", Map.of("core", "core", "statequeries", "state-queries"));
    return javaClass -> fixtures.apply(javaClass).or(() -> Modules.moduleByBuildFolder(javaClass));
  }
}
