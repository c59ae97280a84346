package dev.berth.registry;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The boundaries that keep the registry layered: HTTP → services → storage SPI / JPA. */
@AnalyzeClasses(packages = "dev.berth", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule httpCodeNeverTouchesStorageOrJpa =
      noClasses()
          .that()
          .resideInAnyPackage("dev.berth.registry.api..", "dev.berth.registry.web..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.berth.registry.storage..",
              "org.springframework.data..",
              "jakarta.persistence..",
              "org.hibernate..")
          .orShould()
          .dependOnClassesThat()
          .haveSimpleNameEndingWith("Records")
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule servicesDoNotDependOnHttpCode =
      noClasses()
          .that()
          .resideOutsideOfPackages(
              "dev.berth.registry.api..",
              "dev.berth.registry.web..",
              "dev.berth.registry.auth.web..")
          .and()
          .areNotAnnotatedWith(org.springframework.web.bind.annotation.RestController.class)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.berth.registry.api..", "dev.berth.registry.web..");

  @ArchTest
  static final ArchRule storageKnowsOnlyBytes =
      noClasses()
          .that()
          .resideInAPackage("dev.berth.registry.storage..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.berth.registry.blob..",
              "dev.berth.registry.manifest..",
              "dev.berth.registry.catalog..",
              "jakarta.persistence..",
              "org.springframework.data..");

  /**
   * Flyway and Jackson 2 are loaded once, in a class loader that is dropped after the migration; a
   * single reference from anywhere else would load them for good in the application's loader.
   */
  @ArchTest
  static final ArchRule onlyTheMigratorNamesFlyway =
      noClasses()
          .that()
          .doNotHaveFullyQualifiedName("dev.berth.registry.schema.FlywayMigrator")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.flywaydb..", "com.fasterxml.jackson.core..", "com.fasterxml.jackson.databind..");

  @ArchTest
  static final ArchRule sharedOciTypesStayFrameworkFree =
      noClasses()
          .that()
          .resideInAPackage("dev.berth.oci..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework..", "dev.berth.registry..", "dev.berth.agent..");
}
