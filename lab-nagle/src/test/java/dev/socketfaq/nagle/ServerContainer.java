package dev.socketfaq.nagle;

import dev.socketfaq.testkit.LabContainers;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/** The instructor's server in a container, as the container tests start it: ready once it says it listens. */
final class ServerContainer {
    private ServerContainer() {}

    /** {@code ./lab nagle server} on {@code port}, bound to 0.0.0.0 so the other containers on the network reach it. */
    static GenericContainer<?> on(Network network, int port) {
        return LabContainers.javaMain(
                        network,
                        "server",
                        NagleLab.class.getName(),
                        "server",
                        "--bind",
                        "0.0.0.0",
                        "--port",
                        String.valueOf(port))
                .waitingFor(Wait.forLogMessage(".*listening on.*", 1));
    }
}
