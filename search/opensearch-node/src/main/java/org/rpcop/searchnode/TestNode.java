package org.rpcop.searchnode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * A single OpenSearch node running inside this JVM, with the HTTP transport and the common
 * analysis filters (synonyms, stemmers) loaded from the classpath instead of a distribution.
 *
 * <p>It binds to the loopback address only and turns the disk watermarks off so that a nearly
 * full development disk does not turn the test indices read-only. Usage:
 * {@code java -cp ... org.rpcop.searchnode.TestNode <home-dir> [http-port] [transport-port]}
 * (defaults 9200 and 9300, as in OpenSearch).
 */
public final class TestNode extends Node {

    private static final List<Class<? extends Plugin>> PLUGINS =
            List.of(Netty4Plugin.class, CommonAnalysisPlugin.class);

    private TestNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
        super(environment, plugins, true);
    }

    static Settings settings(Path home, int httpPort, int transportPort) {
        return Settings.builder()
                .put("cluster.name", "portal-search-test")
                .put("node.name", "portal-search-test-node")
                .put("path.home", home.toString())
                .put("path.data", home.resolve("data").toString())
                .put("path.logs", home.resolve("logs").toString())
                .put("network.host", "127.0.0.1")
                .put("http.port", Integer.toString(httpPort))
                .put("transport.port", Integer.toString(transportPort))
                .put("discovery.type", "single-node")
                .put("cluster.routing.allocation.disk.threshold_enabled", false)
                .put("action.auto_create_index", true)
                .build();
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args.length > 0 ? args[0] : ".opensearch").toAbsolutePath();
        int httpPort = args.length > 1 ? Integer.parseInt(args[1]) : 9200;
        int transportPort = args.length > 2 ? Integer.parseInt(args[2]) : 9300;
        Files.createDirectories(home.resolve("config"));
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));

        Settings settings = settings(home, httpPort, transportPort);
        LogConfigurator.registerErrorListener();
        LogConfigurator.configureWithoutConfig(settings);
        Environment environment =
                InternalSettingsPreparer.prepareEnvironment(
                        settings, Collections.emptyMap(), home.resolve("config"), () -> "portal-search-test-node");

        TestNode node = new TestNode(environment, PLUGINS);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    try {
                                        node.close();
                                    } catch (Exception e) {
                                        System.err.println("Error while stopping the node: " + e);
                                    } finally {
                                        stopped.countDown();
                                    }
                                }));
        node.start();
        System.out.println("OpenSearch test node started on http://127.0.0.1:" + httpPort);
        stopped.await();
    }
}
