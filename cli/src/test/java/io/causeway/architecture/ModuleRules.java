package io.causeway.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The dependency rules, built over a way to tell a class's module so that the tests can run them
 * on the real classes and on fixtures that break them.
 */
final class ModuleRules {

  private ModuleRules() {}

  /** No class uses a class of a module that is not below its own (or its own). */
  static ArchRule arrowsPointDown(JavaClasses imported, Function<JavaClass, Optional<String>> moduleOf) {
    Map<String, String> moduleByClass = new HashMap<>();
    imported.forEach(javaClass -> moduleOf.apply(javaClass).ifPresent(module -> moduleByClass.put(javaClass.getName(), module)));
    return classes()
        .that(belongToAModule(moduleOf))
        .should(onlyUseModulesBelow(moduleOf, moduleByClass))
        .because("modules depend only on modules below them (schemas <- core <- correlation-jobs; cli on top)");
  }

  /** The algorithms are plain Java: core has no Flink in it. */
  static ArchRule coreIsFreeOfFlink(Function<JavaClass, Optional<String>> moduleOf) {
    return noClasses()
        .that(belongToModule("core", moduleOf))
        .should().dependOnClassesThat().resideInAPackage("org.apache.flink..")
        .because("the core algorithms are plain Java; the Flink wiring is correlation-jobs'");
  }

  /**
   * Inside core, the ranking and memory sit on top of the detectors, the graph, the log miner and
   * the action policy, and memory above the ranking whose incidents it remembers.
   */
  static ArchRule corePackagesLayered(String corePackage) {
    return layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .withOptionalLayers(true)
        .layer("memory").definedBy(corePackage + ".memory..")
        .layer("correlation").definedBy(corePackage + ".correlation..")
        .layer("algorithms").definedBy(
            corePackage + ".detection..", corePackage + ".logs..", corePackage + ".topology..", corePackage + ".policy..")
        .whereLayer("memory").mayNotBeAccessedByAnyLayer()
        .whereLayer("correlation").mayOnlyBeAccessedByLayers("memory")
        .whereLayer("algorithms").mayOnlyBeAccessedByLayers("correlation", "memory");
  }

  private static DescribedPredicate<JavaClass> belongToAModule(Function<JavaClass, Optional<String>> moduleOf) {
    return DescribedPredicate.describe("belong to a checked module", javaClass -> moduleOf.apply(javaClass).isPresent());
  }

  private static DescribedPredicate<JavaClass> belongToModule(String module, Function<JavaClass, Optional<String>> moduleOf) {
    return DescribedPredicate.describe("belong to module " + module, javaClass -> moduleOf.apply(javaClass).filter(module::equals).isPresent());
  }

  private static ArchCondition<JavaClass> onlyUseModulesBelow(Function<JavaClass, Optional<String>> moduleOf, Map<String, String> moduleByClass) {
    return new ArchCondition<>("only use classes of their own module or of modules below it") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        String from = moduleOf.apply(origin).orElseThrow();
        Set<String> allowed = Modules.MAY_USE.get(from);
        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
          String to = moduleByClass.get(dependency.getTargetClass().getName());
          if (to != null && !to.equals(from) && !allowed.contains(to)) {
            events.add(SimpleConditionEvent.violated(origin, from + " -> " + to + ": " + dependency.getDescription()));
          }
        }
      }
    };
  }
}
