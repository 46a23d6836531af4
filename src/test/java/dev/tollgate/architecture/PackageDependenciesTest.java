package dev.tollgate.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Package by feature with arrows pointing one way (docs/architecture.md). */
class PackageDependenciesTest {

    private static final String BASE = "dev.tollgate.";

    /**
     * Which feature packages each package may use; {@code web} may use any, and {@code support} none. The console
     * calls {@code /v1} over HTTP like any client, so it needs only sign-in ({@code serviceaccount}, the users' IdP
     * settings in {@code web}) and the envelope encryption that seals its sessions ({@code keys}).
     */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "audit", Set.of(),
            "hierarchy", Set.of("audit"),
            "iam", Set.of("hierarchy", "audit"),
            "policy", Set.of("hierarchy", "iam", "audit"),
            "serviceaccount", Set.of("hierarchy", "iam", "policy", "audit"),
            "keys", Set.of("serviceaccount", "hierarchy", "iam", "policy", "audit"),
            "publish", Set.of("keys", "serviceaccount"),
            "federation", Set.of("hierarchy", "iam", "policy", "audit"),
            "token", Set.of("keys", "serviceaccount", "iam", "federation", "policy", "audit", "hierarchy"),
            "console", Set.of("keys", "serviceaccount", "web"));

    /**
     * Inside a split feature: which sibling sub-packages each sub-package may use. The feature's own package holds
     * the shared low-level types and uses none of them.
     */
    private static final Map<String, Set<String>> INSIDE = Map.of(
            "keys", Set.of(),
            "keys.signing", Set.of(),
            "keys.account", Set.of("keys.signing"),
            "federation", Set.of(),
            "federation.cel", Set.of(),
            "federation.verify", Set.of(),
            "federation.admin", Set.of("federation.cel", "federation.verify"),
            "federation.exchange", Set.of("federation.admin", "federation.verify"));

    private static final Set<String> ALL = Set.of(
            "audit",
            "hierarchy",
            "iam",
            "policy",
            "serviceaccount",
            "keys",
            "publish",
            "federation",
            "token",
            "console",
            "web",
            "support");

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.tollgate");
    }

    @Test
    void featurePackagesAreFreeOfCycles() {
        slices().matching("dev.tollgate.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void supportUsesNoFeature() {
        noClasses()
                .that()
                .resideInAPackage(BASE + "support..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        packages(ALL.stream().filter(p -> !p.equals("support")).toArray(String[]::new)))
                .check(classes);
    }

    @Test
    void featuresUseOnlyWhatTheyMay() {
        ALLOWED.forEach((feature, allowed) -> {
            String[] forbidden = ALL.stream()
                    .filter(p -> !p.equals(feature) && !p.equals("support") && !allowed.contains(p))
                    .toArray(String[]::new);
            noClasses()
                    .that()
                    .resideInAPackage(BASE + feature + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(packages(forbidden))
                    .allowEmptyShould(true)
                    .check(classes);
        });
    }

    @Test
    void subPackagesUseOnlyWhatTheyMay() {
        INSIDE.forEach((inner, allowed) -> {
            String feature = inner.contains(".") ? inner.substring(0, inner.indexOf('.')) : inner;
            String[] forbidden = INSIDE.keySet().stream()
                    .filter(p -> p.startsWith(feature + ".") && !p.equals(inner) && !allowed.contains(p))
                    .toArray(String[]::new);
            noClasses()
                    .that()
                    .resideInAPackage(BASE + inner)
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(packages(forbidden))
                    .allowEmptyShould(true)
                    .check(classes);
        });
    }

    private static String[] packages(String... names) {
        return Arrays.stream(names).map(name -> BASE + name + "..").toArray(String[]::new);
    }
}
