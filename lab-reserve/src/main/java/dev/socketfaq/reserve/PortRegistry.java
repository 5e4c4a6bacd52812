package dev.socketfaq.reserve;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Seat numbers for ports: the FAQ author's wish ("Port 80 is already reserved by Apache") made real. A claim
 * names a port and its owner before anyone binds it; claims live in a file, so they survive restarts; an
 * exclusive file lock makes concurrent claimants, in separate processes, take turns, so two cannot both win.
 *
 * <p>A claim is a promise between cooperating programs, not a reservation the OS enforces: only bind() is that.
 * The file is never rewritten unless it parsed completely, and it is replaced atomically, so no claim is lost.
 * Reading ({@link #list}, {@link #check}) creates nothing: a registry that does not exist is simply empty.
 */
public final class PortRegistry {
    private final Path file;
    private final Path lockFile;
    private final Consumer<String> whileWaiting;
    private final Step beforeReplacing;

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
        this.beforeReplacing = beforeReplacing;
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
        checkPort(port);
        checkOwner(owner);
        return locked(() -> {
            Snapshot registry = read();
            for (Claim c : registry.claims()) {
                if (c.port() == port && !c.owner().equals(owner)) {
                    throw new PortReservedException(c);
                }
                if (c.port() == port) return c; // already ours
            }
            var claim = new Claim(port, owner, Instant.now());
            var updated = new ArrayList<>(registry.claims());
            updated.add(claim);
            write(registry, updated, "claiming port " + port); // refused if someone edited the file since it was read
            return claim;
        });
    }
    // end::claim[]

    /** Releases {@code port} if {@code owner} holds it; returns whether it did. */
    public boolean release(int port, String owner) throws IOException {
        checkPort(port);
        checkOwner(owner);
        // A missing registry holds no claims: say so without creating its directory and lock file. (Should someone
        // create it meanwhile, this release simply happened first.)
        if (!Files.exists(file)) return false;
        return locked(() -> {
            Snapshot registry = read();
            var kept = registry.claims().stream()
                    .filter(c -> !(c.port() == port && c.owner().equals(owner)))
                    .toList();
            if (kept.size() == registry.claims().size()) return false;
            write(registry, kept, "releasing port " + port);
            return true;
        });
    }

    /** Every claim, in port order. */
    public List<Claim> list() throws IOException {
        // No lock: a change replaces the file by an atomic rename, so a reader sees the old file or the new one, whole.
        // So reading needs no lock file, and creates nothing where it only looked.
        return read().claims();
    }

    /** The claim on {@code port}, if any: what a configuration check asks before binding. */
    public Optional<Claim> check(int port) throws IOException {
        checkPort(port);
        return list().stream().filter(c -> c.port() == port).findFirst();
    }

    private interface Locked<T> {
        T run() throws IOException;
    }

    /** Runs {@code action} holding the registry's exclusive lock (other processes wait; this JVM's threads too). */
    private <T> T locked(Locked<T> action) throws IOException {
        synchronized (
                lockFile.toString().intern()) { // FileLock is per process: threads of one JVM must take turns here
            try {
                Files.createDirectories(lockFile.getParent());
            } catch (IOException e) {
                throw explained("cannot create the registry's directory " + lockFile.getParent(), e);
            }
            FileChannel ch;
            try {
                ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw explained("cannot open the registry's lock file " + lockFile, e);
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

    /** 65,536 ports, each claimed on one line of a few dozen bytes, fit in far less. */
    static final int MAX_BYTES = 8 * 1024 * 1024;

    /** The claims as read, and the file's bytes they were read from (null: there was no file), to tell later whether it changed. */
    private record Snapshot(List<Claim> claims, byte[] bytes) {}

    /** The file's bytes, or null if there is none. */
    private byte[] bytes() throws IOException {
        try (var in = Files.newInputStream(file)) {
            // one line per port at most: a registry larger than this is not one (a device, a wrong path)
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new RegistryCorruptException(file + " is larger than " + MAX_BYTES / 1024 / 1024
                        + " MiB, too large for a port registry (a wrong path?): nothing was changed");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            return null; // no registry yet: no claims
        } catch (RegistryCorruptException e) {
            throw e;
        } catch (IOException e) {
            throw explained("cannot read the registry " + file, e);
        }
    }

    private Snapshot read() throws IOException {
        byte[] bytes = bytes();
        if (bytes == null) return new Snapshot(List.of(), null);
        List<Claim> claims = new ArrayList<>();
        List<String> lines;
        try {
            lines = java.nio.charset.StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString()
                    .lines()
                    .toList();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new RegistryCorruptException(
                    file + " is not UTF-8 text (a damaged file?): fix or remove it; nothing was changed");
        }
        Map<Integer, Integer> lineOfPort = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] f = line.split("\t");
            try {
                if (f.length != 3) throw new IllegalArgumentException("expected 3 tab-separated fields");
                var claim = new Claim(Integer.parseInt(f[0]), f[1], Instant.parse(f[2]));
                checkPort(claim.port());
                checkOwner(claim.owner());
                claims.add(claim);
            } catch (RuntimeException e) {
                throw new RegistryCorruptException(file + " line " + (i + 1) + " is corrupt ('" + line
                        + "'): fix or remove that line; nothing was changed");
            }
            // A port has one owner: two lines for one port (a hand edit, a merge) would make the answer depend on
            // which line a reader meets first, and a release would drop both. Which one is right, only a person knows.
            Integer first = lineOfPort.putIfAbsent(claims.getLast().port(), i);
            if (first != null) {
                throw new RegistryCorruptException(file + " lines " + (first + 1) + " and " + (i + 1)
                        + " both claim port "
                        + claims.getLast().port() + " ('" + lines.get(first).strip() + "' and '" + line
                        + "'): remove one of them; nothing was changed");
            }
        }
        claims.sort((a, b) -> Integer.compare(a.port(), b.port()));
        return new Snapshot(claims, bytes);
    }

    /**
     * Replaces the file with {@code claims}, unless it changed since {@code basis} was read. The lock makes this lab's
     * own processes take turns, but a person editing the file takes no lock: without this check, a claim typed in
     * by hand between our read and our rename would be overwritten without a word (a lost claim). What is left is
     * the instant between the check and the atomic rename; an editor that saves later, from what it read before,
     * overwrites us in turn, which no lock it does not take can prevent.
     */
    private void write(Snapshot basis, List<Claim> claims, String doing) throws IOException {
        beforeReplacing.run();
        var text =
                new StringBuilder("# port\towner\tsince   (Socket FAQ Labs port registry; edit with ./lab reserve)\n");
        for (Claim c : claims)
            text.append(c.port())
                    .append('\t')
                    .append(c.owner())
                    .append('\t')
                    .append(c.since())
                    .append('\n');
        Path tmp;
        try {
            tmp = Files.createTempFile(file.getParent(), ".registry-", ".tmp");
        } catch (IOException e) {
            throw explained("cannot write a new copy of the registry in " + file.getParent(), e);
        }
        try {
            Files.writeString(tmp, text);
            if (!Arrays.equals(bytes(), basis.bytes())) {
                throw new RegistryChangedException(
                        file + " changed while " + doing + " (edited by hand?): nothing was written; try again");
            }
            Files.move(
                    tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING); // all or nothing
        } catch (RegistryChangedException | RegistryCorruptException e) {
            throw e;
        } catch (IOException e) {
            throw explained("cannot replace the registry " + file, e);
        } finally {
            Files.deleteIfExists(tmp); // gone after the move; after a failure, no half-written copy is left behind
        }
    }

    /**
     * What failed and why, in one line: the JDK's file exceptions carry only the path when errno was EACCES, ENOENT
     * or EEXIST ("error: /proc/version.lock"), which names neither the operation nor the reason.
     */
    private static IOException explained(String what, IOException e) {
        String reason = switch (e) {
            case FileSystemException f when f.getReason() != null -> f.getReason();
            case AccessDeniedException a -> "permission denied";
            case NoSuchFileException n -> "no such file or directory (or that file system allows no new files)";
            case FileAlreadyExistsException x ->
                x.getFile() + " is in the way: it is not a directory"; // maybe an ancestor
            default -> e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        };
        return new IOException(what + ": " + reason, e);
    }

    static void checkPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(
                    "port " + port + " is out of range (1..65535; 0 means 'any port' and cannot be claimed)");
        }
    }

    /**
     * An owner is one field of one line of the file, so it may hold no control character (tab, CR, LF, NUL, ESC, ...)
     * and no line or paragraph separator: a CR, for one, is a line break to the reader, which would then find the
     * rest of the line corrupt and refuse every later command. Nor an unpaired surrogate, which UTF-8 cannot encode.
     */
    static void checkOwner(String owner) {
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException(
                    "an owner is a non-empty name, not blank"); // echoing it could print a line break
        }
        owner.codePoints().filter(PortRegistry::notInAName).findFirst().ifPresent(cp -> {
            throw new IllegalArgumentException(
                    "an owner is a name on one line: it may not contain " + String.format("U+%04X", cp)
                            + (Character.isISOControl(cp) ? " (a control character, e.g. a tab or line break)" : ""));
        });
    }

    private static boolean notInAName(int cp) {
        int type = Character.getType(cp);
        return Character.isISOControl(cp)
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE;
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

    /** The registry file changed between a change's read and its write (a hand edit): nothing was written. */
    public static final class RegistryChangedException extends IOException {
        private static final long serialVersionUID = 1L;

        RegistryChangedException(String message) {
            super(message);
        }
    }

    /** The registry file has a line this program cannot read; nothing is changed until it is fixed. */
    public static final class RegistryCorruptException extends IOException {
        private static final long serialVersionUID = 1L;

        RegistryCorruptException(String message) {
            super(message);
        }
    }
}
