package dev.socketfaq.threadsafety;

import dev.socketfaq.kit.Evidence;
import dev.socketfaq.kit.Implementation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Each sub-lesson's contract outcomes (expected, observed, the contract's own words), written as {@code
 * <lesson>-outcomes} and, with the other sub-lessons' of this run, as the lab's {@code contract-outcomes}.
 */
public final class ContractOutcomes {
    private static final Map<String, List<List<?>>> BY_LESSON = new ConcurrentSkipListMap<>();
    private static final List<String> COLUMNS = List.of("mode", "expected", "observed", "contract says");

    private final List<List<?>> rows = new CopyOnWriteArrayList<>();

    /** One implementation's outcome. */
    public void add(Implementation mode, Object expected, Object observed, String says) {
        rows.add(List.of(
                mode.label() + " (" + mode.kind().name().toLowerCase(Locale.ROOT) + ")", expected, observed, says));
    }

    public int size() {
        return rows.size();
    }

    /** Writes {@code <lesson>-outcomes}, then {@code contract-outcomes} with every sub-lesson's rows so far. */
    public void write(String lesson, String title, String what) {
        Evidence.named(lesson + "-outcomes", title)
                .what(what)
                .table(COLUMNS, List.copyOf(rows))
                .write();
        BY_LESSON.put(lesson, List.copyOf(rows));
        var all = new ArrayList<List<?>>();
        BY_LESSON.forEach((l, lessonRows) -> lessonRows.forEach(r -> {
            var row = new ArrayList<Object>();
            row.add(l);
            row.addAll(r);
            all.add(row);
        }));
        var columns = new ArrayList<String>();
        columns.add("lesson");
        columns.addAll(COLUMNS);
        Evidence.named("contract-outcomes", "The three contracts, per implementation")
                .what("Expected and observed outcome of each implementation under its sub-lesson's contract; the"
                        + " message is the contract's own, from this build.")
                .table(columns, all)
                .write();
    }
}
