package dev.berth.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The image side's layering: JNA only in linux/, pure planning, no server code. */
class ImageArchitectureTest {
  private static final JavaClasses AGENT =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages("dev.berth.agent");

  @Test
  void jnaOnlyInTheLinuxPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage("..linux..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.sun.jna..")
        .check(AGENT);
  }

  @Test
  void snapshotPlanningTouchesNoNetworkOrNative() {
    noClasses()
        .that()
        .resideInAPackage("..snapshot..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("..pull..", "..unpack..", "java.net..", "com.sun.jna..")
        .check(AGENT);
  }

  @Test
  void agentNeverDependsOnTheRegistryServer() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.berth.registry..")
        .check(AGENT);
  }

  @Test
  void cliOnlyParsesArguments() {
    noClasses()
        .that()
        .resideOutsideOfPackage("..cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("picocli..")
        .check(AGENT);
  }
}
