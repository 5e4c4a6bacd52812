package dev.socketfaq.serverport;

import dev.socketfaq.kit.Implementation;
import dev.socketfaq.serverport.broken.FixedPortNumber;
import dev.socketfaq.serverport.broken.HijackedHttpPort;
import dev.socketfaq.serverport.broken.UnpublishedRandomPort;
import dev.socketfaq.serverport.directory.Publisher;
import dev.socketfaq.serverport.fixed.AgreedPort;
import dev.socketfaq.serverport.fixed.RandomPortInDirectory;
import dev.socketfaq.serverport.fixed.ReuseWebServer;

/** The ways this lab's clients find the server, as students name them ({@code demo --mode agreed}). */
public enum Mode implements Implementation {
    HIJACK(Kind.BROKEN, "the time service on the web server's port"),
    FIXED_NUMBER(Kind.BROKEN, "one port number compiled into both sides"),
    UNPUBLISHED(Kind.BROKEN, "port 0, told to no one"),
    OPEN_DIRECTORY(Kind.BROKEN, "port 0, published in a directory anyone may write"),
    AGREED(Kind.FIXED, "a port agreed out of band"),
    DIRECTORY(Kind.FIXED, "port 0, published in a directory only its publisher may write"),
    HTTP(Kind.FIXED, "a resource of the host's web server");

    private final Kind kind;
    private final String what;

    Mode(Kind kind, String what) {
        this.kind = kind;
        this.what = what;
    }

    @Override
    public Kind kind() {
        return kind;
    }

    @Override
    public String what() {
        return what;
    }

    /** Both sides of this mode on {@code host}. */
    public Rendezvous create(ServiceHost host) {
        var address = host.address();
        return switch (this) {
            case HIJACK -> new HijackedHttpPort(address, host.web().port());
            case FIXED_NUMBER -> new FixedPortNumber(address);
            case UNPUBLISHED -> new UnpublishedRandomPort(address);
            case OPEN_DIRECTORY ->
                new RandomPortInDirectory(address, host.openDirectory().address(), Publisher.ANONYMOUS);
            case AGREED -> new AgreedPort(address, host.agreed(), "the host's configuration");
            case DIRECTORY ->
                new RandomPortInDirectory(address, host.guardedDirectory().address(), host.publisher());
            case HTTP -> ReuseWebServer.on(host.web());
        };
    }
}
