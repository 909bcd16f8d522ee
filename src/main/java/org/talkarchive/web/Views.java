package org.talkarchive.web;

import org.talkarchive.ui.templates.StaticTemplates;
import org.talkarchive.ui.templates.Templates;
import org.talkarchive.ui.ErrorPageView;
import org.talkarchive.ui.SearchPageView;
import org.talkarchive.ui.TalkPageView;

/**
 * Renders the templates of search-ui/templates, compiled at build time by jte-maven-plugin. Each template takes one
 * view record, and jte-models generates {@link Templates} with a typed method per template, so a template's
 * parameters are checked by the compiler rather than looked up in a map at run time.
 */
public final class Views {

    private final Templates templates = new StaticTemplates();

    String search(SearchPageView view) {
        return templates.search(view).render();
    }

    String talk(TalkPageView view) {
        return templates.talk(view).render();
    }

    String error(int status, String message) {
        return templates.error(new ErrorPageView(status, message)).render();
    }
}
