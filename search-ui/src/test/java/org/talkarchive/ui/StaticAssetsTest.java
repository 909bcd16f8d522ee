package org.talkarchive.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The sources of the stylesheets and scripts stay within what the build's lean copy of them (pom.xml, execution
 * {@code lean-static-assets}) can strip without a parser: it deletes CSS comments, the blanks around CSS's
 * {@code { } ;}, whole-line {@code //} comments and every line's indentation. A template literal or a string holding
 * such text would be changed by it; this test fails first.
 */
class StaticAssetsTest {

    private static final Path STATIC = Path.of("search-ui/static");

    private static String read(String file) throws IOException {
        return Files.readString(STATIC.resolve(file));
    }

    @Test
    void scriptsHaveNoTemplateLiteralsNorStringsAcrossLines() throws IOException {
        for (String file : List.of("app.js", "talk.js")) {
            String js = read(file);
            assertThat(js).as(file + ": a template literal keeps its line breaks and indentation").doesNotContain("`");
            assertThat(js).as(file + ": a string continued on the next line").doesNotContainPattern("\\\\\\r?\\n");
        }
    }

    @Test
    void stylesheetStringsHoldNoCommentsNorBraces() throws IOException {
        for (String file : List.of("app.css", "admin.css", "talk.css")) {
            Matcher string = Pattern.compile("\"[^\"]*\"|'[^']*'").matcher(read(file).replaceAll("(?s)/\\*.*?\\*/", ""));
            while (string.find()) {
                assertThat(string.group()).as(file).doesNotContainPattern("[{};]|/\\*|\\*/");
            }
        }
    }
}
