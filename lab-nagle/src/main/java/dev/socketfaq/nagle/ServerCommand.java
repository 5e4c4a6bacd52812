package dev.socketfaq.nagle;

import dev.socketfaq.kit.Cli;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code server}: the instructor's server, with the room's live view. */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        description = "Serves the lab's protocol until stopped (Ctrl-C). Binds to loopback unless --bind says so.")
final class ServerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--port",
            defaultValue = "7007",
            converter = Cli.PortConverter.class,
            description = "Port to listen on, 0 for any (${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--bind",
            defaultValue = "127.0.0.1",
            converter = Cli.AddressConverter.class,
            description = "Address to listen on (${DEFAULT-VALUE}: this machine only; 0.0.0.0 serves a classroom).")
    InetAddress bind;

    @Mixin
    Cli.MaxConnections maxConnections;

    @Option(
            names = "--view-seconds",
            defaultValue = "2",
            description = "How often the room's view is redrawn (default ${DEFAULT-VALUE}).")
    @Cli.Range(min = 1, max = 3_600)
    int viewSeconds;

    @Override
    public Integer call() throws Exception {
        var out = new PrintWriter(spec.commandLine().getOut(), true); // flushes each line: the view is live
        var view = new RoomView(out, System.console() != null);
        var server = ReplyServer.start(new InetSocketAddress(bind, port), false, maxConnections.limits(), view::log);
        out.printf("listening on %s; Ctrl-C to stop%n", server.address());
        view.start(server, viewSeconds);
        Cli.runUntilStopped(() -> {
            view.stop();
            server.close();
            view.summary(server);
        });
        return Cli.OK;
    }
}
