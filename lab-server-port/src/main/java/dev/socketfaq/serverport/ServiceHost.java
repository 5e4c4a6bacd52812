package dev.socketfaq.serverport;

import dev.socketfaq.serverport.broken.OpenDirectory;
import dev.socketfaq.serverport.directory.Publisher;
import dev.socketfaq.serverport.directory.ServiceDirectory;
import dev.socketfaq.serverport.fixed.GuardedDirectory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The host every mode runs on, in the tests and the demo: a web server on its "HTTP port" (port 0 here, standing
 * for 80), a directory anyone may write, a guarded one whose publisher password was generated at start, and the
 * ports agreed for instances a and b. Closing it stops all of them, and any stranger it let in.
 */
public final class ServiceHost implements AutoCloseable {
    private final InetAddress address;
    private final Map<String, Integer> agreed;
    private final Publisher publisher = Publisher.generate();
    private final List<AutoCloseable> running = new ArrayList<>();
    private final WebServer web;
    private final ServiceDirectory openDirectory;
    private final ServiceDirectory guardedDirectory;

    private ServiceHost(InetAddress address, Map<String, Integer> agreed) throws IOException {
        this.address = address;
        this.agreed = Map.copyOf(agreed);
        try {
            web = started(WebServer.start(new InetSocketAddress(address, 0)));
            openDirectory = started(ServiceDirectory.start(address, 0, new OpenDirectory()));
            guardedDirectory = started(ServiceDirectory.start(address, 0, new GuardedDirectory(publisher)));
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts the host's servers on {@code address}; {@code agreed} maps instance names to their agreed ports. */
    public static ServiceHost start(InetAddress address, Map<String, Integer> agreed) throws IOException {
        return new ServiceHost(address, agreed);
    }

    private <T extends AutoCloseable> T started(T server) {
        running.add(server);
        return server;
    }

    public InetAddress address() {
        return address;
    }

    public Map<String, Integer> agreed() {
        return agreed;
    }

    public WebServer web() {
        return web;
    }

    public ServiceDirectory openDirectory() {
        return openDirectory;
    }

    public ServiceDirectory guardedDirectory() {
        return guardedDirectory;
    }

    public Publisher publisher() {
        return publisher;
    }

    /** Someone who tries to take instance a's clients through the directory {@code mode} publishes in, if any. */
    public TwoInstances.Intruder intruder(Mode mode) throws IOException {
        ServiceDirectory target = switch (mode) {
            case OPEN_DIRECTORY -> openDirectory;
            case DIRECTORY -> guardedDirectory;
            default -> null;
        };
        if (target == null) return TwoInstances.Intruder.NONE;
        return started(Stranger.start(address, target.address(), TwoInstances.INSTANCES.getFirst()));
    }

    /** Runs the experiment for {@code mode} on this host. */
    public TwoInstances.Result check(Mode mode, java.util.function.Consumer<String> progress) throws IOException {
        return TwoInstances.check(mode.label(), mode.create(this), intruder(mode), progress);
    }

    @Override
    public void close() throws IOException {
        IOException failed = null;
        for (AutoCloseable server : running.reversed()) {
            try {
                server.close();
            } catch (Exception e) {
                if (failed == null) failed = new IOException("stopping the host: " + e.getMessage(), e);
            }
        }
        running.clear();
        if (failed != null) throw failed;
    }
}
