package org.talkarchive.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Map;

/** Renders the precompiled templates of search-ui/templates (compiled at build time by jte-maven-plugin). */
public final class Views {

    private final TemplateEngine engine =
            TemplateEngine.createPrecompiled(null, ContentType.Html, null, "org.talkarchive.ui.templates");

    public String render(String template, Map<String, Object> params) {
        StringOutput output = new StringOutput();
        engine.render(template, params, output);
        return output.toString();
    }
}
