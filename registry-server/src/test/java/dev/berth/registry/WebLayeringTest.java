package dev.berth.registry;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.data.repository.Repository;

/** The UI is a thin layer over services: no storage, no JPA repositories, no SQL in web/. */
@AnalyzeClasses(
    packages = "dev.berth.registry",
    importOptions = ImportOption.DoNotIncludeTests.class)
class WebLayeringTest {

  @ArchTest
  static final ArchRule webUsesNoStorage =
      noClasses()
          .that()
          .resideInAPackage("..registry.web..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("..registry.storage..");

  @ArchTest
  static final ArchRule webUsesNoJpaRepositories =
      noClasses()
          .that()
          .resideInAPackage("..registry.web..")
          .should()
          .dependOnClassesThat()
          .areAssignableTo(Repository.class);

  @ArchTest
  static final ArchRule webRunsNoSql =
      noClasses()
          .that()
          .resideInAPackage("..registry.web..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework.jdbc..", "jakarta.persistence..");
}
