package dev.socketfaq.serverport;

import java.io.IOException;
import java.net.InetSocketAddress;

/** A time service at a host and port, found by whatever means; {@code how} says which, for people. */
public record TcpEndpoint(InetSocketAddress address, String how) implements Rendezvous.Endpoint {
    @Override
    public String where() {
        return address.getAddress().getHostAddress() + ":" + address.getPort() + " (" + how + ")";
    }

    @Override
    public String ask() throws IOException {
        return TimeProtocol.ask(address);
    }
}
