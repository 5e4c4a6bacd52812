package dev.socketfaq.kit;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.AnnotatedElement;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import picocli.CommandLine;

/**
 * Runs a lab's picocli command with the course's conventions, the same for every lab:
 * exit code 0 on success, 2 on a usage error (picocli prints the one-line reason and a hint),
 * 1 on a runtime failure, reported as one line "error: ..." without a stack trace.
 */
public final class Cli {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    private Cli() {}

    /** Builds the command line for {@code command} with the course's error handling. */
    public static CommandLine commandLine(Object command) {
        var cli = new CommandLine(command);
        cli.setCaseInsensitiveEnumValuesAllowed(true); // --mode broken, as students type it
        registerImplementationConverters(cli);
        cli.setExecutionStrategy(parseResult -> {
            checkRanges(parseResult);
            return new CommandLine.RunLast().execute(parseResult);
        });
        cli.setExecutionExceptionHandler((ex, line, parseResult) -> {
            line.getErr().println("error: " + describe(ex));
            line.getErr().flush();
            return FAILURE;
        });
        cli.setParameterExceptionHandler((ex, args) -> {
            var line = ex.getCommandLine();
            PrintWriter err = line.getErr();
            err.println("error: " + ex.getMessage());
            err.println("Try '" + line.getCommandSpec().qualifiedName() + " --help' for usage.");
            err.flush();
            return USAGE;
        });
        return cli;
    }

    /** Runs {@code command} with {@code args} and returns its exit code. */
    public static int run(Object command, String... args) {
        return commandLine(command).execute(args);
    }

    /** One readable line for a failure: what failed, not a stack trace. */
    public static String describe(Throwable ex) {
        return switch (ex) {
            case UnknownHostException u -> "unknown host: " + u.getMessage();
            case ConnectException c -> "cannot connect: " + c.getMessage();
            case NoRouteToHostException n -> "no route to host: " + n.getMessage();
            case SocketTimeoutException t -> "timed out: " + t.getMessage();
            case IOException io when io.getMessage() != null -> io.getMessage();
            default -> ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
        };
    }

    /** What a server command does when it is told to stop: close its server, report what it did. */
    @FunctionalInterface
    public interface OnStop {
        void stop() throws Exception;
    }

    /**
     * Blocks a server command until Ctrl-C or SIGTERM. The JVM then runs shutdown hooks on a thread of their own;
     * ours runs {@code onStop} (close the server: connections closed, threads joined, directory entries removed)
     * and the JVM exits when it is done.
     */
    public static void runUntilStopped(OnStop onStop) throws InterruptedException {
        var stopped = new java.util.concurrent.CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                onStop.stop();
                            } catch (Exception e) {
                                System.err.println("error: " + describe(e));
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "stop-on-signal"));
        stopped.await(); // returns only as the JVM exits: the hook has run
    }

    /** Converts and checks a TCP/UDP port option: 0..65535, or a clear usage error. */
    public static final class PortConverter implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int port;
            try {
                port = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a port number (0..65535)");
            }
            if (port < 0 || port > 65535) {
                throw new CommandLine.TypeConversionException("port " + port + " is out of range (0..65535)");
            }
            return port;
        }
    }

    /** A count of things to do (requests, rounds, samples): 1 to 10,000,000. A zero count would measure nothing. */
    public static final class CountConverter implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return count(value, 1);
        }
    }

    /** A count that may be zero (warm-up requests): 0 to 10,000,000. */
    public static final class CountOrZeroConverter implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return count(value, 0);
        }
    }

    private static int count(String value, int min) {
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a whole number");
        }
        if (n < min || n > 10_000_000) {
            throw new CommandLine.TypeConversionException(n + " is out of range (" + min + "..10000000)");
        }
        return (int) n;
    }

    /** Converts an address option that must be a literal IP address (a bind address): no name lookup. */
    public static final class AddressConverter implements CommandLine.ITypeConverter<java.net.InetAddress> {
        @Override
        public java.net.InetAddress convert(String value) {
            try {
                return java.net.InetAddress.ofLiteral(value.trim());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not an IP address (e.g. 127.0.0.1, 0.0.0.0, ::1)");
            }
        }
    }

    /**
     * The bounds of a numeric option, checked by {@link #commandLine} before the command runs, so every lab says
     * it the same way: {@code error: --threads 0 is out of range (1..64)}.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.FIELD, ElementType.METHOD})
    public @interface Range {
        long min();

        long max();
    }

    private static void checkRanges(CommandLine.ParseResult parseResult) {
        for (CommandLine line : parseResult.asCommandLineList()) {
            for (CommandLine.Model.OptionSpec option : line.getCommandSpec().options()) {
                if (!(option.userObject() instanceof AnnotatedElement element)) continue;
                Range range = element.getAnnotation(Range.class);
                if (range == null || !(option.getValue() instanceof Number number)) continue;
                long value = number.longValue();
                if (value < range.min() || value > range.max()) {
                    throw new CommandLine.ParameterException(
                            line,
                            option.longestName() + " " + value + " is out of range (" + range.min() + ".." + range.max()
                                    + ")");
                }
            }
        }
    }

    /** Lets students type an implementation's label ({@code --mode self-pipe}) for every option of such a type. */
    private static void registerImplementationConverters(CommandLine cli) {
        var types = new java.util.LinkedHashSet<Class<?>>();
        collectImplementationTypes(cli, types);
        for (Class<?> type : types) {
            register(cli, type);
        }
    }

    private static void collectImplementationTypes(CommandLine line, java.util.Set<Class<?>> types) {
        for (var option : line.getCommandSpec().options()) {
            Class<?> type = option.type();
            if (type.isEnum() && Implementation.class.isAssignableFrom(type)) types.add(type);
        }
        for (CommandLine sub : line.getSubcommands().values()) {
            collectImplementationTypes(sub, types);
        }
    }

    private static <T> void register(CommandLine cli, Class<T> type) {
        cli.registerConverter(type, value -> implementation(type, value));
    }

    /** The implementation of {@code type} whose label is {@code value}, or a usage error that lists the labels. */
    public static <T> T implementation(Class<T> type, String value) {
        String wanted = value.trim().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        var labels = new java.util.ArrayList<String>();
        for (T constant : type.getEnumConstants()) {
            String label = ((Implementation) constant).label();
            if (label.equals(wanted)) return constant;
            labels.add(label);
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not one of " + String.join(", ", labels));
    }

    /** {@code --max-connections} for a server a class connects to: {@code @Mixin Cli.MaxConnections max;}. */
    public static final class MaxConnections {
        @CommandLine.Option(
                names = "--max-connections",
                defaultValue = "" + SocketServer.MAX_CONNECTIONS,
                description = "Clients served at once; one more is told why it is refused (default ${DEFAULT-VALUE}).")
        @Range(min = 1, max = 100_000)
        int value;

        /** The server's limits with this cap. */
        public SocketServer.Limits limits() {
            return SocketServer.Limits.DEFAULT.withMaxConnections(value);
        }
    }
}
