package dev.socketfaq.testkit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.stream.Stream;

/**
 * Host names in the labs' tests resolve without the network: a test that asks for an unknown host must not send
 * a DNS query to a server outside the machine. Installed for every test JVM through {@code META-INF/services}
 * (the JDK's resolver SPI); the labs' own programs, outside tests, use the system's resolver as usual.
 *
 * <p>Resolved as the system would: address literals, {@code localhost} and this machine's own host name (the OS
 * answers those from its hosts file). Every other name is unknown, at once.
 */
public final class LoopbackOnlyResolver extends InetAddressResolverProvider {

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver system = configuration.builtinResolver();
        String self = configuration.lookupLocalHostName();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                if (host.equalsIgnoreCase("localhost") || host.equalsIgnoreCase(self))
                    return system.lookupByName(host, policy);
                throw new UnknownHostException(
                        host + " (tests resolve only localhost and " + self + ": see testkit LoopbackOnlyResolver)");
            }

            @Override
            public String lookupByAddress(byte[] addr) throws UnknownHostException {
                return system.lookupByAddress(addr);
            }
        };
    }

    @Override
    public String name() {
        return "labs: loopback-only names for tests";
    }
}
