package dev.socketfaq.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A lab sheet is the page's sheet regions, with the attribute sheet set. */
@Timeout(10)
class SheetsTest {
    private static final Path PAGE = Path.of("/labs/x.adoc");

    @Test
    void a_page_with_sheet_regions_gives_them_with_sheet_set() {
        String sheet = Sheets.sheet(
                PAGE,
                List.of(
                        "= Lab X",
                        ":description: x",
                        ":custom: y",
                        "",
                        "// tag::sheet[]",
                        "== The problem",
                        "// end::sheet[]"));
        assertThat(sheet)
                .contains("= Lab X\n:description: x\n:custom: y\n:sheet:\n")
                .contains("include::/labs/x.adoc[tag=sheet]");
    }

    @Test
    void a_page_without_regions_gives_the_problem_try_it_and_exercises_by_lines() {
        List<String> lines = List.of(
                "= Lab X", // 1
                "", // 2
                "== The problem", // 3
                "text", // 4
                "== Try it", // 5
                "cmd", // 6
                "== The proof", // 7
                "long code", // 8
                "== Exercises", // 9
                ". one"); // 10
        assertThat(Sheets.fallbackLines(lines)).isEqualTo("3..4;5..6;9..10");
        assertThat(Sheets.sheet(PAGE, lines)).contains("include::/labs/x.adoc[lines=3..4;5..6;9..10]");
    }
}
