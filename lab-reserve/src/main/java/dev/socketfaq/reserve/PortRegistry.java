package dev.socketfaq.reserve;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Seat numbers for ports: the FAQ author's wish ("Port 80 is already reserved by Apache") made real. A claim
 * names a port and its owner before anyone binds it; claims live in a file, so they survive restarts; an
 * exclusive file lock makes concurrent claimants, in separate processes, take turns, so two cannot both win.
 *
 * <p>A claim is a promise between cooperating programs, not a reservation the OS enforces: only bind() is that.
 * The file is never rewritten unless it parsed completely, and it is replaced atomically, so no claim is lost.
 */
public final class PortRegistry {
    private final Path file;
    private final Path lockFile;

    public PortRegistry(Path file) {
        this.file = file.toAbsolutePath();
        this.lockFile = Path.of(this.file + ".lock");
    }

    /** One claim: who reserved which port, since when. */
    public record Claim(int port, String owner, Instant since) {}

    // tag::claim[]
    /** Claims {@code port} for {@code owner}; fails with the current owner's name if someone else holds it. */
    public Claim claim(int port, String owner) throws IOException {
        checkPort(port);
        checkOwner(owner);
        return locked(() -> {
            List<Claim> claims = read();
            for (Claim c : claims) {
                if (c.port() == port && !c.owner().equals(owner)) {
                    throw new PortReservedException(c);
                }
                if (c.port() == port) return c; // already ours
            }
            var claim = new Claim(port, owner, Instant.now());
            var updated = new ArrayList<>(claims);
            updated.add(claim);
            write(updated);
            return claim;
        });
    }
    // end::claim[]

    /** Releases {@code port} if {@code owner} holds it; returns whether it did. */
    public boolean release(int port, String owner) throws IOException {
        checkPort(port);
        return locked(() -> {
            List<Claim> claims = read();
            var kept = claims.stream().filter(c -> !(c.port() == port && c.owner().equals(owner))).toList();
            if (kept.size() == claims.size()) return false;
            write(kept);
            return true;
        });
    }

    /** Every claim, in port order. */
    public List<Claim> list() throws IOException {
        return locked(this::read);
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
        synchronized (lockFile.toString().intern()) { // FileLock is per process: threads of one JVM must take turns here
            Files.createDirectories(lockFile.getParent());
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = ch.lock()) {
                return action.run();
            }
        }
    }

    private List<Claim> read() throws IOException {
        if (!Files.exists(file)) return List.of();
        List<Claim> claims = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new RegistryCorruptException(file + " is not UTF-8 text (a damaged file?): fix or remove it; nothing was changed");
        }
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
        }
        claims.sort((a, b) -> Integer.compare(a.port(), b.port()));
        return claims;
    }

    private void write(List<Claim> claims) throws IOException {
        var text = new StringBuilder("# port\towner\tsince   (Socket FAQ Labs port registry; edit with ./lab reserve)\n");
        for (Claim c : claims) text.append(c.port()).append('\t').append(c.owner()).append('\t').append(c.since()).append('\n');
        Path tmp = Files.createTempFile(file.getParent(), ".registry-", ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING); // all or nothing
    }

    static void checkPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range (1..65535; 0 means 'any port' and cannot be claimed)");
        }
    }

    static void checkOwner(String owner) {
        if (owner == null || owner.isBlank() || owner.contains("\t") || owner.contains("\n")) {
            throw new IllegalArgumentException("an owner is a non-empty name without tabs or line breaks");
        }
    }

    /** "port 8080 is reserved by apache (since ...)". */
    public static final class PortReservedException extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Claim claim;

        PortReservedException(Claim claim) {
            super("port " + claim.port() + " is reserved by " + claim.owner() + " (since " + claim.since() + ")");
            this.claim = claim;
        }

        public Claim claim() {
            return claim;
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
