package org.talkarchive.web;

import java.util.List;
import org.talkarchive.ui.AdminPages;
import org.talkarchive.ui.ApiReference;
import org.talkarchive.ui.BrowsePages;
import org.talkarchive.ui.ErrorPageView;
import org.talkarchive.ui.PageMeta;
import org.talkarchive.ui.SearchPageView;
import org.talkarchive.ui.TalkPageView;
import org.talkarchive.ui.templates.StaticTemplates;
import org.talkarchive.ui.templates.Templates;

/**
 * Renders the templates of search-ui/templates, compiled at build time by jte-maven-plugin. Each template takes one
 * view record, and jte-models generates {@link Templates} with a typed method per template, so a template's
 * parameters are checked by the compiler rather than looked up in a map at run time.
 */
public final class Views {

    private final Templates templates = new StaticTemplates();
    private final String publicBase;

    /** @param publicBase the site's public URL, for the absolute addresses link previews need */
    public Views(String publicBase) {
        this.publicBase = publicBase;
    }

    /** What link previews read of the page at {@code path}. */
    PageMeta meta(String path, String description, String image, String type) {
        return new PageMeta(publicBase + path, description, image, type);
    }

    PageMeta meta(String path) {
        return PageMeta.of(publicBase + path);
    }

    String search(SearchPageView view) {
        return templates.search(view).render();
    }

    String talk(TalkPageView view) {
        return templates.talk(view).render();
    }

    String speaker(BrowsePages.SpeakerPage view) {
        return templates.speaker(view).render();
    }

    String event(BrowsePages.EventPage view) {
        return templates.event(view).render();
    }

    String home(BrowsePages.HomePage view) {
        return templates.home(view).render();
    }

    String events(BrowsePages.EventsIndex view) {
        return templates.events(view).render();
    }

    String series(BrowsePages.SeriesPage view) {
        return templates.series(view).render();
    }

    String speakers(BrowsePages.SpeakersIndex view) {
        return templates.speakers(view).render();
    }

    String apiReference(ApiReference view) {
        return templates.apidocs(view).render();
    }

    String adminSignIn(AdminPages.SignIn view) {
        return templates.adminsignin(view).render();
    }

    String adminStatus(AdminPages.Status view) {
        return templates.admin(view).render();
    }

    String adminJob(AdminPages.JobPage view) {
        return templates.adminjob(view).render();
    }

    String adminJobs(AdminPages.Jobs view) {
        return templates.adminjobs(view).render();
    }

    String adminAudit(AdminPages.Audit view) {
        return templates.adminaudit(view).render();
    }

    String adminTalks(AdminPages.TalksPage view) {
        return templates.admintalks(view).render();
    }

    String adminTalk(AdminPages.TalkPage view) {
        return templates.admintalk(view).render();
    }

    String adminMerge(AdminPages.MergePage view) {
        return templates.adminmerge(view).render();
    }

    String adminReports(AdminPages.ReportsPage view) {
        return templates.adminreports(view).render();
    }

    String reportThanks(AdminPages.ReportThanks view) {
        return templates.reportthanks(view).render();
    }

    String error(int status, String message) {
        return error(status, message, "", List.of());
    }

    /** An error page that keeps what was searched for and offers ways forward. */
    String error(int status, String message, String searchText, List<ErrorPageView.Link> ways) {
        return templates.error(new ErrorPageView(status, message, searchText, ways)).render();
    }
}
