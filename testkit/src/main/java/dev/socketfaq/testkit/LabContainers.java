package dev.socketfaq.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * Real hosts for the labs: containers that run a lab's own classes on JDK 25, on networks the test creates.
 *
 * <p>The image is the public {@code eclipse-temurin:25-jre}, which a student's Docker pulls; CI builds a small
 * local stand-in under the same name ({@code .ci/run}), so no code differs. Override with {@code -Dlabs.javaImage}.
 * The lab's classes and runtime jars are copied in (from {@code target/classes} and
 * {@code target/runtime-classpath.txt}); nothing is mounted, so nothing on the host can be changed.
 */
public final class LabContainers {
    public static final DockerImageName JAVA_IMAGE =
            DockerImageName.parse(System.getProperty("labs.javaImage", "eclipse-temurin:25-jre"));

    private LabContainers() {}

    /**
     * A container that runs {@code mainClass} of the lab under test with {@code args}, on {@code network}
     * under the name {@code alias}. Not started: add waits or ports, then start it (try-with-resources).
     */
    public static GenericContainer<?> javaMain(Network network, String alias, String mainClass, String... args) {
        var container = new GenericContainer<>(JAVA_IMAGE).withNetwork(network).withNetworkAliases(alias);
        return withLabClasses(container).withCommand(javaCommand(mainClass, args));
    }

    /**
     * A host with the lab's classes that stays alive, so a test can run lab commands in it one after another
     * ({@link #execMain}) and see each one's exit code and output.
     */
    public static GenericContainer<?> javaHost(Network network, String alias) {
        var container = new GenericContainer<>(JAVA_IMAGE).withNetwork(network).withNetworkAliases(alias);
        return withLabClasses(container).withCommand("sleep", "600");
    }

    /** Runs {@code mainClass} of the lab in a started {@link #javaHost} and returns its exit code and output. */
    public static Container.ExecResult execMain(GenericContainer<?> host, String mainClass, String... args) {
        try {
            return host.execInContainer(javaCommand(mainClass, args));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "interrupted while running " + mainClass + " in " + host.getContainerName(), e);
        }
    }

    private static GenericContainer<?> withLabClasses(GenericContainer<?> container) {
        List<Path> classpath = labClasspath();
        for (int i = 0; i < classpath.size(); i++) {
            container.withCopyFileToContainer(
                    MountableFile.forHostPath(classpath.get(i)), inContainer(classpath.get(i), i));
        }
        return container;
    }

    private static String[] javaCommand(String mainClass, String... args) {
        List<Path> classpath = labClasspath();
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < classpath.size(); i++) entries.add(inContainer(classpath.get(i), i));
        var command = new ArrayList<>(
                List.of("java", "-XX:TieredStopAtLevel=1", "-cp", String.join(":", entries), mainClass));
        command.addAll(List.of(args));
        return command.toArray(String[]::new);
    }

    private static String inContainer(Path entry, int i) {
        return Files.isDirectory(entry) ? "/lab/cp/" + i : "/lab/cp/" + i + ".jar";
    }

    /** A container that only stays alive (for exec'ing commands into it), on {@code network} as {@code alias}. */
    public static GenericContainer<?> idle(Network network, String alias) {
        return new GenericContainer<>(JAVA_IMAGE)
                .withNetwork(network)
                .withNetworkAliases(alias)
                .withCommand("sleep", "600");
    }

    /** A user-defined bridge network of the test's own: close it when done. */
    public static Network network() {
        return Network.newNetwork();
    }

    /** Sets kernel settings inside the container's own network namespace (e.g. net.ipv4.ip_local_port_range). */
    public static <C extends GenericContainer<?>> C withSysctls(C container, Map<String, String> sysctls) {
        container.withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withSysctls(sysctls));
        return container;
    }

    /** Attaches a started container to a second network (a multihomed host). */
    public static void connect(GenericContainer<?> container, Network network) {
        DockerClientFactory.instance()
                .client()
                .connectToNetworkCmd()
                .withContainerId(container.getContainerId())
                .withNetworkId(network.getId())
                .exec();
    }

    /** The container's IPv4 address on {@code network}: asked, never assumed (subnets differ between machines). */
    public static String addressOn(GenericContainer<?> container, Network network) {
        var info = DockerClientFactory.instance()
                .client()
                .inspectContainerCmd(container.getContainerId())
                .exec();
        return info.getNetworkSettings().getNetworks().values().stream()
                .filter(n -> network.getId().equals(n.getNetworkID()))
                .map(n -> n.getIpAddress())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        container.getContainerName() + " is not on network " + network.getId()));
    }

    /** target/classes of the lab under test, then its runtime dependencies (Surefire sets labs.classesDir). */
    public static List<Path> labClasspath() {
        Path classes = Path.of(System.getProperty("labs.classesDir", "target/classes"));
        Path listing = classes.getParent().resolve("runtime-classpath.txt");
        if (!Files.isDirectory(classes) || !Files.isRegularFile(listing)) {
            throw new IllegalStateException("no compiled lab at " + classes
                    + " (run through Maven: the lab's pom must declare maven-dependency-plugin)");
        }
        try {
            String cp = Files.readString(listing).strip();
            return Stream.concat(
                            Stream.of(classes),
                            cp.isEmpty()
                                    ? Stream.empty()
                                    : Stream.of(cp.split(java.io.File.pathSeparator))
                                            .map(Path::of))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
