package dev.socketfaq.serverport;

import java.io.IOException;

/**
 * How a client finds the server: the FAQ's "Server port" question. The client speaks first, so it must know
 * where the server listens before anything is said; each implementation is one answer to "where".
 * Both sides live in one object because they must agree: {@link #start} is what the server does,
 * {@link #locate} is what the client does to find that very server.
 */
public interface Rendezvous {

    /** Server side: starts instance {@code instance} of the time service and makes it findable. */
    Running start(String instance) throws IOException;

    /** Client side: finds instance {@code instance}; talking to it is {@link Endpoint#ask()}. */
    Endpoint locate(String instance) throws IOException;

    /** A running instance; {@link #close()} stops it and takes back whatever it published. */
    interface Running extends AutoCloseable {
        /** Where it listens, for people: "127.0.0.1:40123", a URL, a directory entry. */
        String where();

        @Override
        void close() throws IOException;
    }

    /** Where a client found an instance, and the one question it can ask there. */
    interface Endpoint {
        String where();

        /** Asks the instance the time; the reply line names the instance that answered. */
        String ask() throws IOException;
    }

    /** Instance names appear in reply lines, DNs and URL paths: keep them plain. */
    static String checkInstance(String instance) {
        if (instance == null || !instance.matches("[A-Za-z0-9_-]{1,32}")) {
            throw new IllegalArgumentException(
                    "instance name '" + instance + "' must be 1..32 letters, digits, '-' or '_'");
        }
        return instance;
    }
}
