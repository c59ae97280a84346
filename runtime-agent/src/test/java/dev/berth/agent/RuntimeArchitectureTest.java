package dev.berth.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The runtime side's layering: kernel calls in one class, the runtime and the daemon's transport
 * free of the CLI.
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
  void daemonServesTheCommandLine_withoutKnowingIt() {
    noClasses()
        .that()
        .resideInAPackage("..daemon..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("..cli..")
        .orShould()
        .dependOnClassesThat()
        .haveSimpleName("LinuxKernel")
        .check(AGENT);
  }
}
