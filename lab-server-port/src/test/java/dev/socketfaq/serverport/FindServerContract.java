package dev.socketfaq.serverport;

import dev.socketfaq.serverport.TwoInstances.Stage;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The contract every way of finding the server is held to, on a host that already runs a web server on its HTTP
 * port and where a stranger may try to take an instance's clients: two instances of the service both start, and a
 * client finds each, answered by that instance and no one else. Forbidden: a start that fails, a client that cannot
 * find an instance, a client sent elsewhere.
 */
record FindServerContract(Map<String, Integer> agreed) {

    /** What one mode did: where it broke (MET if nowhere), the contract's own words, and the steps it took. */
    record Outcome(Mode mode, Stage stage, Exception error, String message, List<String> steps) {
        boolean met() {
            return stage == Stage.MET;
        }
    }

    // tag::contract[]
    /** Runs {@code mode} on a fresh host (web server, open and guarded directory) and says how it did. */
    Outcome observe(Mode mode) throws IOException {
        List<String> steps = new ArrayList<>();
        try (var host = ServiceHost.start(InetAddress.getLoopbackAddress(), agreed)) {
            TwoInstances.Result result = host.check(mode, steps::add);
            String message = result.met()
                    ? mode.label() + ": meets the contract: both instances started and each client found its own"
                    : "broken: " + result.message();
            return new Outcome(mode, result.stage(), result.error(), message, steps);
        }
    }
    // end::contract[]
}
