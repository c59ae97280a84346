package dev.berth.agent;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The runtime side's layering: kernel calls in one class, the runtime free of the CLI, the thin
 * client free of everything but the JDK.
 */
class RuntimeArchitectureTest {
  private static final JavaClasses AGENT =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.berth.agent");

  @Test
  void inLinux_onlyLinuxKernelAndLinuxFilesCallJna() {
    noClasses()
        .that()
        .resideInAPackage("..linux..")
        .and()
        .haveNameNotMatching(".*\\.(LinuxKernel|LinuxFiles)(\\$.*)?")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.sun.jna..")
        .check(AGENT);
  }

  @Test
  void runtimeUsesTheKernelOnlyThroughTheInterface() {
    noClasses()
        .that()
        .resideInAPackage("..runtime..")
        .should()
        .dependOnClassesThat()
        .haveSimpleName("LinuxKernel")
        .orShould()
        .dependOnClassesThat()
        .resideInAPackage("..cli..")
        .check(AGENT);
  }

  @Test
  void thinClient_needsOnlyTheJdk() {
    String client = ".*\\.daemon\\.(ThinClient|DaemonProtocol|DaemonEndpoint)(\\$.*)?";
    classes()
        .that()
        .haveNameMatching(client)
        .should()
        .onlyDependOnClassesThat(
            resideInAnyPackage("java..", "sun.misc..")
                .or(
                    com.tngtech.archunit.base.DescribedPredicate.describe(
                        "the client's own classes", type -> type.getName().matches(client))))
        .check(AGENT);
  }
}
