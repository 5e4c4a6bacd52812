package dev.socketfaq.testkit;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A lab's main class in a child JVM (the same java binary as the test), for lessons that need a separate
 * process: signals, a child that binds its own port, claimants in separate processes. {@link #close()} kills
 * it if it still runs, so no test leaves a process behind.
 *
 * <p>The child writes to a file, not a pipe: when a process exits, the JDK drains and closes its pipe under
 * any thread still reading it, which can lose the last lines, exactly the ones a shutdown hook prints.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final Path output;

    private ChildJvm(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts {@code mainClass} of the lab under test with {@code args}; stderr goes to the same output. */
    public static ChildJvm start(Class<?> mainClass, String... args) throws IOException {
        var command = new ArrayList<String>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(labClasspath());
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        Path output = Files.createTempFile("child-jvm-", ".log");
        var process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        return new ChildJvm(process, output);
    }

    /** The lab's classes and runtime jars, as Maven built them (target/classes, target/runtime-classpath.txt). */
    public static String labClasspath() {
        return LabContainers.labClasspath().stream()
                .map(Path::toString)
                .collect(Collectors.joining(java.io.File.pathSeparator));
    }

    public Process process() {
        return process;
    }

    /** Everything the child has printed so far. */
    public String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits up to {@code timeout} for a line containing {@code text} and returns it. */
    public String awaitLine(String text, Duration timeout) {
        await().atMost(timeout)
                .pollInterval(Duration.ofMillis(20))
                .alias("a line containing '" + text + "' from the child JVM")
                .until(() -> line(text).isPresent() || !process.isAlive());
        return line(text)
                .orElseThrow(() -> new AssertionError("the child JVM exited (code " + process.exitValue()
                        + ") without printing '" + text + "':\n" + output()));
    }

    private Optional<String> line(String text) {
        return output().lines().filter(l -> l.contains(text)).findFirst();
    }

    /** Waits for the child to exit and returns its exit code and its whole output. */
    public Exit awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the child JVM did not exit within " + timeout + "; output so far:\n" + output());
        }
        return new Exit(process.exitValue(), output());
    }

    public record Exit(int code, String output) {}

    @Override
    public void close() throws InterruptedException, IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(output);
    }
}
