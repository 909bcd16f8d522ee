package org.talkarchive.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.talkarchive.infra.Json;
import org.talkarchive.synthetic.CorpusModel;
import org.talkarchive.synthetic.SyntheticCorpus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code generate}: a synthetic corpus in the pyvideo layout, for scale tests. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write a synthetic corpus in the pyvideo layout, with the real corpus's distributions"
                + " (for scale tests); the same seed and size give byte-identical files.",
        footer = {"", "Examples:",
                "  java -jar talk-archive.jar generate --talks 100000 --seed 42 --out /tmp/synthetic",
                "  java -jar talk-archive.jar generate --talks 1000 --out /tmp/small --model my-model.json",
                "", "Then: java -jar talk-archive.jar import /tmp/synthetic",
                "Needs no engines and no corpus: the model (frequency tables learned by 'learn') is built in."})
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--talks", required = true, description = "how many talks to write")
    int talks;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the generator (default 1)")
    long seed;

    @Option(names = "--out", required = true, description = "an empty or new folder to write to")
    Path out;

    @Option(names = "--model", description = "a model file written by 'learn' (default: the built-in one,"
            + " learned from the pyvideo corpus)")
    Path model;

    @Override
    public Integer call() {
        ObjectMapper json = Json.create();
        CorpusModel corpusModel = model == null ? CorpusModel.builtIn(json) : CorpusModel.read(json, model);
        long started = System.nanoTime();
        SyntheticCorpus.Summary summary;
        try (ConsoleProgress progress = ConsoleProgress.onStderr()) {
            progress.generating(talks);
            summary = new SyntheticCorpus(corpusModel, json).generate(talks, seed, out, progress::generated);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("Generated %,d talks in %,d events (%,.1f MB) in %s in %.1f s (%,.0f talks/s)%n",
                summary.talks(), summary.events(), summary.bytes() / 1e6, out, seconds, summary.talks() / seconds);
        return 0;
    }
}
