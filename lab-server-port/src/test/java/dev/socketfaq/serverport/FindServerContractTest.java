package dev.socketfaq.serverport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Evidence;
import dev.socketfaq.kit.PortHolders;
import dev.socketfaq.serverport.ServerPortLab.Strategy;
import dev.socketfaq.serverport.TwoInstances.Stage;
import dev.socketfaq.serverport.broken.FixedPortNumber;
import dev.socketfaq.serverport.broken.HijackedHttpPort;
import dev.socketfaq.serverport.fixed.AgreedPort;
import dev.socketfaq.serverport.fixed.RandomPortInDirectory;
import dev.socketfaq.serverport.fixed.ReuseWebServer;
import dev.socketfaq.serverport.fixed.ServiceDirectory;
import java.io.IOException;
import java.net.BindException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One contract, every way of finding the server, on a host that already runs a web server on its HTTP port
 * (the FAQ's user who installs your application next to a normal web server): two instances of the service
 * both start, and a client finds each. Each strategy declares its outcome up front; the test asserts it.
 */
@Timeout(30)
class FindServerContractTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /**
     * The agreement of this test's configuration. Below 32768, outside the default ranges of ports handed to outgoing
     * connections on Linux (32768-60999) and on Windows and macOS (49152-65535): a port in such a range can be held
     * by any client connection's TIME_WAIT for a minute, which is lab-reserve's lesson. Not outside every host's range:
     * FreeBSD's default is 10000-65535 and tuned Linux hosts often start at 1024; there, if a client connection holds
     * one of these ports, the test skips and names the holder (assumeFree).
     */
    static final Map<String, Integer> AGREED = Map.of("a", 27_021, "b", 27_022);

    // tag::expectations[]
    static final Map<Strategy, Stage> EXPECTED = Map.of(
            Strategy.HIJACK, Stage.FIRST_START, // the web server holds the HTTP port
            Strategy.FIXED_NUMBER, Stage.SECOND_START, // one compiled-in port: one instance per host
            Strategy.AGREED, Stage.MET,
            Strategy.DIRECTORY, Stage.MET,
            Strategy.HTTP, Stage.MET);
    // end::expectations[]

    static WebServer web;
    static ServiceDirectory directory;
    static final List<List<?>> outcomes = new ArrayList<>();

    @BeforeAll
    static void host() throws IOException {
        web = WebServer.start(new InetSocketAddress(LOOPBACK, 0)); // port 0 stands for 80
        directory = ServiceDirectory.start(LOOPBACK, 0);
    }

    @AfterAll
    static void writeEvidenceAndStop() {
        if (outcomes.size() == Strategy.values().length) {
            Evidence.named("contract-outcomes", "The two-instances contract, per way of finding the server")
                    .what("On a host that runs a web server on its HTTP port, two instances of the time service start "
                            + "and a client finds each; the message is the contract's own, from this build.")
                    .headline("two instances on one host: "
                            + outcomes.stream()
                                    .map(o -> o.get(0) + " *"
                                            + switch ((Stage) o.get(3)) {
                                                case MET -> "both found";
                                                case FIRST_START -> "cannot start";
                                                case SECOND_START -> "second cannot start";
                                                case FIND -> "not found";
                                            }
                                            + "*")
                                    .collect(java.util.stream.Collectors.joining(", ")))
                    .table(List.of("strategy", "kind", "expected", "observed", "contract says"), outcomes)
                    .write();
        }
        if (directory != null) directory.close();
        if (web != null) web.close();
    }

    static Rendezvous strategy(Strategy s) {
        return switch (s) {
            case HIJACK -> new HijackedHttpPort(LOOPBACK, web.port());
            case FIXED_NUMBER -> new FixedPortNumber(LOOPBACK);
            case AGREED -> new AgreedPort(LOOPBACK, AGREED, "the test's configuration");
            case DIRECTORY -> new RandomPortInDirectory(LOOPBACK, directory.address());
            case HTTP -> ReuseWebServer.on(web);
        };
    }

    // tag::contract-test[]
    @ParameterizedTest(name = "{0}")
    @EnumSource(Strategy.class)
    void each_strategy_has_the_outcome_it_declares(Strategy s) throws Exception {
        if (s == Strategy.FIXED_NUMBER) assumeFree(FixedPortNumber.PORT);
        if (s == Strategy.AGREED) AGREED.values().forEach(FindServerContractTest::assumeFree);

        TwoInstances.Result result = TwoInstances.check(s.label(), strategy(s), line -> {});

        outcomes.add(
                List.of(s.label(), s.kind, EXPECTED.get(s), result.stage(), result.met() ? "met" : result.message()));
        assertThat(result.stage()).as(result.message()).isEqualTo(EXPECTED.get(s));
        if (!result.met()) {
            assertThat(result.error())
                    .as("the broken ones fail with the bind error itself")
                    .isInstanceOf(BindException.class)
                    .hasMessageContaining("Address already in use");
        }
        assertThat(homePage())
                .as("the host's web server still serves its home page")
                .isEqualTo(200);
    }
    // end::contract-test[]

    /** The host's web server answers its home page. */
    static int homePage() throws IOException {
        var http = (HttpURLConnection)
                URI.create("http://127.0.0.1:" + web.port() + "/").toURL().openConnection();
        http.setConnectTimeout(2_000);
        http.setReadTimeout(2_000);
        http.setRequestProperty("Connection", "close");
        try {
            return http.getResponseCode();
        } finally {
            http.disconnect();
        }
    }

    /** Skips (with the holder's name) when another program holds a port this test must use. */
    static void assumeFree(int port) {
        try (var probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(LOOPBACK, port));
        } catch (IOException e) {
            Assumptions.abort("port " + port + " is taken on this machine: " + PortHolders.describe(port));
        }
    }
}
