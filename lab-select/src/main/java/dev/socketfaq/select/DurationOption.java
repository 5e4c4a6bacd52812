package dev.socketfaq.select;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Durations as people type them (500ms, 5s, 2m), within bounds. A bare number has no unit, so it is refused, not
 * guessed.
 */
abstract class DurationOption implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m)");
    private final Duration min;
    private final Duration max;

    DurationOption(Duration min, Duration max) {
        this.min = min;
        this.max = max;
    }

    @Override
    public Duration convert(String value) {
        var m = FORM.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a duration (a number and a unit: 500ms, 5s, 2m)");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new CommandLine.TypeConversionException(
                    value + " is out of range (" + min.toMillis() + "ms.." + max.toMillis() + "ms)");
        }
        return d;
    }

    /** The polling loop's interval in the benchmark: 10ms..10s. */
    static final class Poll extends DurationOption {
        Poll() {
            super(Duration.ofMillis(10), Duration.ofSeconds(10));
        }
    }

    /** How long a client leaves its reply in flight: 0..1 hour. */
    static final class ReadAfter extends DurationOption {
        ReadAfter() {
            super(Duration.ZERO, Duration.ofHours(1));
        }
    }
}
