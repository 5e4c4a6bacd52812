package dev.socketfaq.reserve;

import dev.socketfaq.reserve.PortRegistry.Claim;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry's file, one claim a line ({@code port TAB owner TAB since}), guarded against what a file meets:
 * damage, hand edits, a wrong path. It is never rewritten unless it parsed completely, and it is replaced
 * atomically, so no claim is lost. Hardening for {@link PortRegistry}: none of it is about sockets.
 */
final class RegistryFile {
    /** 65,536 ports, each claimed on one line of a few dozen bytes, fit in far less. */
    static final int MAX_BYTES = 8 * 1024 * 1024;

    private final Path file;
    private final PortRegistry.Step beforeReplacing;

    RegistryFile(Path file, PortRegistry.Step beforeReplacing) {
        this.file = file;
        this.beforeReplacing = beforeReplacing;
    }

    /** The claims as read, and the file's bytes they were read from (null: no file), to tell later whether it changed. */
    record Snapshot(List<Claim> claims, byte[] bytes) {}

    /** The claims in port order; a file that does not exist holds none. */
    Snapshot read() throws IOException {
        byte[] bytes = bytes();
        if (bytes == null) return new Snapshot(List.of(), null);
        List<String> lines;
        try {
            lines = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes))
                    .toString()
                    .lines()
                    .toList();
        } catch (CharacterCodingException e) {
            throw new RegistryCorruptException(
                    file + " is not UTF-8 text (a damaged file?): fix or remove it; nothing was changed");
        }
        List<Claim> claims = new ArrayList<>();
        Map<Integer, Integer> lineOfPort = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            Claim claim = parse(line, i);
            claims.add(claim);
            // A port has one owner: with two lines for one port (a hand edit, a merge), the answer would depend on
            // which line a reader meets first, and a release would drop both. Which one is right, only a person knows.
            Integer first = lineOfPort.putIfAbsent(claim.port(), i);
            if (first != null) {
                throw new RegistryCorruptException(file + " lines " + (first + 1) + " and " + (i + 1)
                        + " both claim port " + claim.port() + " ('"
                        + lines.get(first).strip() + "' and '" + line
                        + "'): remove one of them; nothing was changed");
            }
        }
        claims.sort(Comparator.comparingInt(Claim::port));
        return new Snapshot(claims, bytes);
    }

    private Claim parse(String line, int index) throws RegistryCorruptException {
        String[] f = line.split("\t");
        try {
            if (f.length != 3) throw new IllegalArgumentException("expected 3 tab-separated fields");
            var claim = new Claim(Integer.parseInt(f[0]), f[1], Instant.parse(f[2]));
            checkPort(claim.port());
            checkOwner(claim.owner());
            return claim;
        } catch (RuntimeException e) {
            throw new RegistryCorruptException(file + " line " + (index + 1) + " is corrupt ('" + line
                    + "'): fix or remove that line; nothing was changed");
        }
    }

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

    /**
     * Replaces the file with {@code claims}, unless it changed since {@code basis} was read. The lock makes this lab's
     * own processes take turns, but a person editing the file takes no lock: without this check, a claim typed in
     * by hand between our read and our rename would be overwritten without a word. What is left is the instant
     * between the check and the atomic rename, which no lock the editor does not take can close.
     */
    void replace(Snapshot basis, List<Claim> claims, String doing) throws IOException {
        beforeReplacing.run();
        var text =
                new StringBuilder("# port\towner\tsince   (Socket FAQ Labs port registry; edit with ./lab reserve)\n");
        for (Claim c : claims) text.append(c.port() + "\t" + c.owner() + "\t" + c.since() + "\n");
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
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
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
    static IOException explained(String what, IOException e) {
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
        owner.codePoints().filter(RegistryFile::notInAName).findFirst().ifPresent(cp -> {
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
