package org.talkarchive.web.shared;

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
    public PageMeta meta(String path, String description, String image, String type) {
        return new PageMeta(publicBase + path, description, image, type);
    }

    public PageMeta meta(String path) {
        return PageMeta.of(publicBase + path);
    }

    public String search(SearchPageView view) {
        return templates.search(view).render();
    }

    public String talk(TalkPageView view) {
        return templates.talk(view).render();
    }

    public String speaker(BrowsePages.SpeakerPage view) {
        return templates.speaker(view).render();
    }

    public String event(BrowsePages.EventPage view) {
        return templates.event(view).render();
    }

    public String home(BrowsePages.HomePage view) {
        return templates.home(view).render();
    }

    public String events(BrowsePages.EventsIndex view) {
        return templates.events(view).render();
    }

    public String series(BrowsePages.SeriesPage view) {
        return templates.series(view).render();
    }

    public String speakers(BrowsePages.SpeakersIndex view) {
        return templates.speakers(view).render();
    }

    public String apiReference(ApiReference view) {
        return templates.apidocs(view).render();
    }

    public String adminSignIn(AdminPages.SignIn view) {
        return templates.adminsignin(view).render();
    }

    public String adminStatus(AdminPages.Status view) {
        return templates.admin(view).render();
    }

    public String adminJob(AdminPages.JobPage view) {
        return templates.adminjob(view).render();
    }

    public String adminJobs(AdminPages.Jobs view) {
        return templates.adminjobs(view).render();
    }

    public String adminAudit(AdminPages.Audit view) {
        return templates.adminaudit(view).render();
    }

    public String adminTalks(AdminPages.TalksPage view) {
        return templates.admintalks(view).render();
    }

    public String adminTalk(AdminPages.TalkPage view) {
        return templates.admintalk(view).render();
    }

    public String adminMerge(AdminPages.MergePage view) {
        return templates.adminmerge(view).render();
    }

    public String adminReports(AdminPages.ReportsPage view) {
        return templates.adminreports(view).render();
    }

    public String reportThanks(AdminPages.ReportThanks view) {
        return templates.reportthanks(view).render();
    }

    public String error(int status, String message) {
        return error(status, message, "", List.of());
    }

    /** An error page that keeps what was searched for and offers ways forward. */
    public String error(int status, String message, String searchText, List<ErrorPageView.Link> ways) {
        return templates.error(new ErrorPageView(status, message, searchText, ways)).render();
    }
}
