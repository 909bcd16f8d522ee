package org.talkarchive.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.talkarchive.importer.PyvideoCorpusReader;
import org.talkarchive.infra.Json;
import org.talkarchive.synthetic.CorpusModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code learn}: the synthetic corpus model, learned from a corpus. */
@Command(name = "learn", mixinStandardHelpOptions = true,
        description = "Learn the synthetic corpus model (frequency tables) from a corpus in the pyvideo layout.",
        footer = {"", "Examples:",
                "  java -jar talk-archive.jar learn /tmp/pyvideo --out src/main/resources/synthetic/pyvideo-model.json",
                "", "Reads the corpus as 'import' does (rejected records are left out); needs no engines."})
final class LearnCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FOLDER", description = "the corpus folder (event folders with category.json and videos/)")
    Path folder;

    @Option(names = "--out", required = true, description = "the model file to write (JSON)")
    Path out;

    @Override
    public Integer call() {
        ObjectMapper json = Json.create();
        var corpus = new PyvideoCorpusReader(json).read(folder, n -> { });
        CorpusModel model = CorpusModel.learn("pyvideo corpus: " + folder.getFileName(), corpus.events());
        model.write(json, out);
        System.out.println("Learned " + model.describe() + "; written to " + out);
        return 0;
    }
}
