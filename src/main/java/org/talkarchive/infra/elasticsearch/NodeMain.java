package org.talkarchive.infra.elasticsearch;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Entry point of the embedded Elasticsearch node's own JVM (Java 21+), started by {@link EmbeddedElasticsearch}.
 *
 * <p>Elasticsearch 9 is compiled for Java 21 while this project targets Java 17, so the server classes are reached
 * by reflection instead of being compiled against. The node lives exactly as long as its parent: when the parent's
 * end of standard input closes (clean stop or crash), the node closes and the JVM exits.
 *
 * <p>Arguments: {@code <home> <httpPort> <transportPort>} for a single-node cluster, followed by
 * {@code <clusterName> <nodeName> <seedHosts> <initialMasterNodes>} (the last two comma-separated) for a node of a
 * cluster on loopback ({@link EmbeddedCluster}).
 */
public final class NodeMain {

    private NodeMain() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        String httpPort = args[1];
        String transportPort = args[2];

        Class<?> settingsClass = Class.forName("org.elasticsearch.common.settings.Settings");
        Object builder = settingsClass.getMethod("builder").invoke(null);
        Method put = builder.getClass().getMethod("put", String.class, String.class);
        Map<String, String> values = new java.util.LinkedHashMap<>(Map.ofEntries(
                Map.entry("path.home", home.toString()),
                Map.entry("path.data", home.resolve("data").toString()),
                Map.entry("path.logs", home.resolve("logs").toString()),
                Map.entry("http.host", "127.0.0.1"),
                Map.entry("http.port", httpPort),
                Map.entry("transport.host", "127.0.0.1"),
                Map.entry("transport.port", transportPort),
                // A laptop disk at 90% must not turn every index read-only.
                Map.entry("cluster.routing.allocation.disk.threshold_enabled", "false"),
                Map.entry("action.destructive_requires_name", "false"),
                // Without a log4j2.properties the node logs errors only; at INFO its log (standard output, which
                // EmbeddedElasticsearch appends to logs/node-console.log) says when it joined, which master it
                // follows, and which shard copies it recovered: what an operator reads when a node does not rejoin.
                Map.entry("logger.level", "INFO")));
        if (args.length >= 7) {
            values.put("cluster.name", args[3]);
            values.put("node.name", args[4]);
            values.put("discovery.seed_hosts", args[5]);
            // Read only while no cluster has formed yet; a node that restarts rejoins the cluster it knows.
            values.put("cluster.initial_master_nodes", args[6]);
        } else {
            values.put("cluster.name", "talk-archive-embedded");
            values.put("node.name", "embedded");
            values.put("discovery.type", "single-node");
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            put.invoke(builder, e.getKey(), e.getValue());
        }
        Object settings = builder.getClass().getMethod("build").invoke(builder);

        Class<?> logConfigurator = Class.forName("org.elasticsearch.common.logging.LogConfigurator");
        logConfigurator.getMethod("configureESLogging").invoke(null);
        logConfigurator.getMethod("configureWithoutConfig", settingsClass).invoke(null, settings);

        Class<?> environmentClass = Class.forName("org.elasticsearch.env.Environment");
        Object environment = environmentClass.getConstructor(settingsClass, Path.class)
                .newInstance(settings, home.resolve("config"));
        Path modulesDir = (Path) environmentClass.getMethod("modulesDir").invoke(environment);

        Class<?> loaderClass = Class.forName("org.elasticsearch.plugins.PluginsLoader");
        Object modules = loaderClass.getMethod("loadModulesBundles", Path.class, boolean.class)
                .invoke(null, modulesDir, false);
        // false: the server runs on the class path, so it has no module exports to hand to plugins.
        Object pluginsLoader = loaderClass.getMethod("createPluginsLoader", Set.class, Set.class, Map.class, boolean.class)
                .invoke(null, modules, Set.of(), Map.of(), false);

        Class<?> nodeClass = Class.forName("org.elasticsearch.node.Node");
        Object node = nodeClass.getConstructor(environmentClass, loaderClass).newInstance(environment, pluginsLoader);
        nodeClass.getMethod("start").invoke(node);
        System.out.println("talk-archive: embedded Elasticsearch node started on 127.0.0.1:" + httpPort);

        Runnable close = () -> {
            try {
                ((AutoCloseable) node).close();
            } catch (Exception e) {
                e.printStackTrace();
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(close, "embedded-node-shutdown"));
        waitForParentToGo(System.in);
        System.exit(0); // runs the shutdown hook, which closes the node
    }

    private static void waitForParentToGo(InputStream in) {
        try {
            while (in.read() != -1) {
                // nothing is sent; EOF means the parent closed the pipe or died
            }
        } catch (IOException ignored) {
            // a broken pipe means the same as EOF
        }
    }
}
