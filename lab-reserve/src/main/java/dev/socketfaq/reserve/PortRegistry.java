package dev.socketfaq.reserve;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Seat numbers for ports: the FAQ author's wish ("Port 80 is already reserved by Apache") made real. A claim names
 * a port and its owner before anyone binds it; claims live in a file ({@link RegistryFile}), so they survive
 * restarts; an exclusive file lock makes claimants in separate processes take turns, so two cannot both win.
 *
 * <p>A claim is a promise between cooperating programs, not a reservation the OS enforces: only bind() is that.
 * Reading ({@link #list}, {@link #check}) creates nothing: a registry that does not exist is simply empty.
 */
public final class PortRegistry {
    private final Path file;
    private final Path lockFile;
    private final Consumer<String> whileWaiting;
    private final RegistryFile registry;

    public PortRegistry(Path file) {
        this(file, message -> {});
    }

    /** {@code whileWaiting} hears once when a change has to wait for another process's lock (a command line says so). */
    public PortRegistry(Path file, Consumer<String> whileWaiting) {
        this(file, whileWaiting, () -> {});
    }

    /**
     * Test seam: {@code beforeReplacing} runs after a change has read the registry and before it replaces the file,
     * where a hand edit (which takes no lock) can land; a test edits the file there, deterministically.
     */
    PortRegistry(Path file, Consumer<String> whileWaiting, Step beforeReplacing) {
        this.file = file.toAbsolutePath();
        this.lockFile = Path.of(this.file + ".lock");
        this.whileWaiting = whileWaiting;
        this.registry = new RegistryFile(this.file, beforeReplacing);
    }

    /** A step that may touch files. */
    interface Step {
        void run() throws IOException;
    }

    /** The file whose exclusive lock a change holds (a test holds it too, to make claimants queue behind it). */
    Path lockFile() {
        return lockFile;
    }

    /** One claim: who reserved which port, since when. */
    public record Claim(int port, String owner, Instant since) {}

    // tag::claim[]
    /** Claims {@code port} for {@code owner}; fails with the current owner's name if someone else holds it. */
    public Claim claim(int port, String owner) throws IOException {
        RegistryFile.checkPort(port);
        RegistryFile.checkOwner(owner);
        return locked(
                () -> { // one claimant at a time, across processes: read, decide and write as one step
                    RegistryFile.Snapshot now = registry.read();
                    for (Claim c : now.claims()) {
                        if (c.port() == port && !c.owner().equals(owner)) throw new PortReservedException(c);
                        if (c.port() == port) return c; // already ours
                    }
                    var claim = new Claim(port, owner, Instant.now());
                    var updated = new ArrayList<>(now.claims());
                    updated.add(claim);
                    registry.replace(now, updated, "claiming port " + port);
                    return claim;
                });
    }
    // end::claim[]

    /** Releases {@code port} if {@code owner} holds it; returns whether it did. */
    public boolean release(int port, String owner) throws IOException {
        RegistryFile.checkPort(port);
        RegistryFile.checkOwner(owner);
        // A missing registry holds no claims: say so without creating its directory and lock file.
        if (!Files.exists(file)) return false;
        return locked(() -> {
            RegistryFile.Snapshot now = registry.read();
            var kept = now.claims().stream()
                    .filter(c -> !(c.port() == port && c.owner().equals(owner)))
                    .toList();
            if (kept.size() == now.claims().size()) return false;
            registry.replace(now, kept, "releasing port " + port);
            return true;
        });
    }

    /** Every claim, in port order. */
    public List<Claim> list() throws IOException {
        // No lock: a change replaces the file by an atomic rename, so a reader sees the old file or the new one, whole.
        return registry.read().claims();
    }

    /** The claim on {@code port}, if any: what a configuration check asks before binding. */
    public Optional<Claim> check(int port) throws IOException {
        RegistryFile.checkPort(port);
        return list().stream().filter(c -> c.port() == port).findFirst();
    }

    private interface Locked<T> {
        T run() throws IOException;
    }

    /** Runs {@code action} holding the registry's exclusive lock (other processes wait; this JVM's threads too). */
    private <T> T locked(Locked<T> action) throws IOException {
        synchronized (lockFile.toString().intern()) { // FileLock is per process: threads of one JVM take turns here
            try {
                Files.createDirectories(lockFile.getParent());
            } catch (IOException e) {
                throw RegistryFile.explained("cannot create the registry's directory " + lockFile.getParent(), e);
            }
            FileChannel ch;
            try {
                ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw RegistryFile.explained("cannot open the registry's lock file " + lockFile, e);
            }
            try (ch;
                    FileLock lock = lockOrWait(ch)) {
                return action.run();
            }
        }
    }

    private FileLock lockOrWait(FileChannel ch) throws IOException {
        FileLock lock = ch.tryLock();
        if (lock != null) return lock;
        // another process is changing the registry: say why we stop (a claim that seems to hang), then queue for it
        whileWaiting.accept("waiting for " + lockFile + ": another process is changing the registry");
        return ch.lock();
    }

    /** "port 8080 is reserved by apache (since ...)": what a claimant and a configuration check are told. */
    static String reserved(Claim claim) {
        return "port " + claim.port() + " is reserved by " + claim.owner() + " (since " + claim.since() + ")";
    }

    /** "port 8080 is reserved by apache (since ...)". */
    public static final class PortReservedException extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Claim claim;

        PortReservedException(Claim claim) {
            super(reserved(claim));
            this.claim = claim;
        }

        public Claim claim() {
            return claim;
        }
    }
}
