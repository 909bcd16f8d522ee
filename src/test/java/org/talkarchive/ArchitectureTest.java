package org.talkarchive;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The boundaries the README describes, held by the build: {@code indexer/} (publishing to Elasticsearch) needs
 * nothing of the service but name folding; only the HTTP layer and the command line know Javalin; what viewers
 * see ({@code search-ui/}: templates compiled to {@code org.talkarchive.ui.templates}, and the view models and links
 * they read in {@code org.talkarchive.ui}) is used by the HTTP layer alone and knows nothing of it; one composition
 * root wires everything and is held by entry points only; and the feature packages depend on each other without
 * cycles. SQL goes through JDBI, with named parameters: no code outside {@code infra/postgres} (the pools) holds
 * a JDBC connection or prepares a JDBC statement itself. Request bodies are read by {@code web/shared/RequestBodies}
 * alone, which counts the bytes while reading and takes forms urlencoded only. In {@code web/}, the viewers' and the
 * admins' handlers ({@code viewer}, {@code admin}) share only {@code shared}, and only the routes know both.
 */
@AnalyzeClasses(packages = "org.talkarchive", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Wires everything, so it may know everything (Javalin included); nothing but the entry points knows it. */
    private static final String COMPOSITION_ROOT = "org.talkarchive.Archive";

    @ArchTest
    static final ArchRule indexerNeedsOnlyText = noClasses().that().resideInAPackage("org.talkarchive.indexer..")
            .should().dependOnClassesThat().resideInAnyPackage("org.talkarchive", "org.talkarchive.importer..",
                    "org.talkarchive.talks..", "org.talkarchive.search..", "org.talkarchive.web..",
                    "org.talkarchive.health..", "org.talkarchive.infra..", "org.talkarchive.config..",
                    "org.talkarchive.cli..", "org.talkarchive.ui..")
            .because("indexer/ is a boundary: it publishes PostgreSQL rows to Elasticsearch and shares only text");

    @ArchTest
    static final ArchRule textNeedsNothingOfOurs = noClasses().that().resideInAPackage("org.talkarchive.text..")
            .should().dependOnClassesThat().resideInAnyPackage("org.talkarchive", "org.talkarchive.importer..",
                    "org.talkarchive.talks..", "org.talkarchive.search..", "org.talkarchive.web..",
                    "org.talkarchive.health..", "org.talkarchive.infra..", "org.talkarchive.indexer..",
                    "org.talkarchive.cli..", "org.talkarchive.config..", "org.talkarchive.ui..");

    @ArchTest
    static final ArchRule servicesKnowNothingOfHttp = noClasses().that()
            .resideOutsideOfPackages("org.talkarchive.web..", "org.talkarchive.cli..", "org.talkarchive.ui..")
            .and().doNotHaveFullyQualifiedName(COMPOSITION_ROOT)
            .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..", "gg.jte..")
            .because("services are plain Java; HTTP lives in web/");

    @ArchTest
    static final ArchRule whatViewersSeeNeedsNoServer = noClasses().that().resideInAPackage("org.talkarchive.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("org.talkarchive", "org.talkarchive.web..",
                    "org.talkarchive.cli..", "org.talkarchive.infra..", "org.talkarchive.indexer..",
                    "org.talkarchive.importer..", "org.talkarchive.health..", "org.talkarchive.config..")
            .because("search-ui/ (templates and the view models they read) renders search results and talks, "
                    + "and knows nothing of how they were found or served");

    @ArchTest
    static final ArchRule templatesAreUsedByTheHttpLayerOnly = classes().that()
            .resideInAPackage("org.talkarchive.ui.templates..")
            .should().onlyBeAccessed().byAnyPackage("org.talkarchive.web..", "org.talkarchive.ui.templates..");

    @ArchTest
    static final ArchRule nobodyLooksServicesUpInTheCompositionRoot = noClasses().that()
            .resideOutsideOfPackage("org.talkarchive.cli..").and().doNotHaveFullyQualifiedName(COMPOSITION_ROOT)
            .should().dependOnClassesThat().haveFullyQualifiedName(COMPOSITION_ROOT)
            .because("services get what they need through their constructors; only entry points hold the root");

    @ArchTest
    static final ArchRule nothingDependsOnTheCommandLine = noClasses().that()
            .resideOutsideOfPackage("org.talkarchive.cli..")
            .should().dependOnClassesThat().resideInAPackage("org.talkarchive.cli..");

    @ArchTest
    static final ArchRule sqlGoesThroughJdbi = noClasses().that()
            .resideOutsideOfPackage("org.talkarchive.infra.postgres..")
            .should().dependOnClassesThat().haveFullyQualifiedName("java.sql.Connection")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.sql.Statement")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.sql.PreparedStatement")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.sql.CallableStatement")
            .because("SQL is written with named parameters through JDBI (a Handle), not by counting ? positions");

    @ArchTest
    static final ArchRule featuresHaveNoCycles = slices().matching("org.talkarchive.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule webAreasStandApart = noClasses().that().resideInAPackage("org.talkarchive.web.viewer..")
            .should().dependOnClassesThat().resideInAPackage("org.talkarchive.web.admin..")
            .orShould().dependOnClassesThat().resideInAPackage("org.talkarchive.web")
            .because("web/viewer (what viewers reach) shares with web/admin only what web/shared holds; the routes in"
                    + " web/ depend on the areas, not the other way");

    @ArchTest
    static final ArchRule adminStandsApart = noClasses().that().resideInAPackage("org.talkarchive.web.admin..")
            .should().dependOnClassesThat().resideInAPackage("org.talkarchive.web.viewer..")
            .orShould().dependOnClassesThat().resideInAPackage("org.talkarchive.web")
            .because("web/admin shares with web/viewer only what web/shared holds");

    @ArchTest
    static final ArchRule sharedHandlerPartsKnowNoArea = noClasses().that()
            .resideInAPackage("org.talkarchive.web.shared..")
            .should().dependOnClassesThat().resideInAnyPackage("org.talkarchive.web", "org.talkarchive.web.viewer..",
                    "org.talkarchive.web.admin..")
            .because("web/shared is what every area's handlers use: the page renderer and how requests are read");

    /** Javalin's and the servlet API's body readers: unbounded for chunked bodies, multipart spooled to disk. */
    private static final DescribedPredicate<JavaMethodCall> BODY_READERS = DescribedPredicate.describe(
            "a body reader of Javalin's Context or the servlet request", call -> {
                String owner = call.getTargetOwner().getName();
                String name = call.getName();
                boolean javalin = owner.startsWith("io.javalin.http.")
                        && name.matches("(form|body|uploadedFile|multipart).*");
                boolean servlet = owner.startsWith("jakarta.servlet.")
                        && name.matches("getInputStream|getReader|getParts?|getParameter.*");
                return javalin || servlet;
            });

    @ArchTest
    static final ArchRule bodiesAreReadWithinALimit = noClasses().that()
            .doNotHaveFullyQualifiedName("org.talkarchive.web.shared.RequestBodies")
            .should().callMethodWhere(BODY_READERS)
            .because("a request body is read through web/shared/RequestBodies, which stops at a limit while reading");
}
