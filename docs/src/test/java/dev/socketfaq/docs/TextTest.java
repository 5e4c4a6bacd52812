package dev.socketfaq.docs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One way to write what the labs measured: numbers, plurals, yes and no. */
@Timeout(10)
class TextTest {
    @Test
    void numbers_have_thousands_separators() {
        assertThat(Text.num(147_456)).isEqualTo("147,456");
        assertThat(Text.num(8_388_608)).isEqualTo("8,388,608");
        assertThat(Text.num(1_234.5)).isEqualTo("1,235");
        assertThat(Text.num(44.04)).isEqualTo("44.04");
        assertThat(Text.num(0.0594)).isEqualTo("0.059");
    }

    @Test
    void prose_groups_large_integers_and_counts_but_not_ports_years_or_times() {
        assertThat(Text.prose("147456 of 8388608 bytes delivered")).isEqualTo("147,456 of 8,388,608 bytes delivered");
        assertThat(Text.prose("2000 of 2000 intact")).isEqualTo("2,000 of 2,000 intact");
        assertThat(Text.prose("2000 samples")).isEqualTo("2,000 samples");
        assertThat(Text.prose("another socket bound port 37963 at 2026-12-04T15:43:20.221Z"))
                .isEqualTo("another socket bound port 37963 at 2026-12-04T15:43:20.221Z");
        assertThat(Text.prose("ports 40004 and 40005 of 40000-40009"))
                .isEqualTo("ports 40004 and 40005 of 40000-40009");
    }

    @Test
    void plurals_agree_with_their_count() {
        assertThat(Text.prose("1 clients")).isEqualTo("1 client");
        assertThat(Text.prose("2 clients")).isEqualTo("2 clients");
        assertThat(Text.prose("1 line(s) the stranger read")).isEqualTo("1 line the stranger read");
        assertThat(Text.prose("3 line(s)")).isEqualTo("3 lines");
        assertThat(Text.prose("line(s) read")).isEqualTo("lines read");
        assertThat(Text.quantity(1, "times")).isEqualTo("1 time");
        assertThat(Text.quantity(61, "times")).isEqualTo("61 times");
        assertThat(Text.quantity(1, "collisions in 320 claims")).isEqualTo("1 collision in 320 claims");
        assertThat(Text.quantity(11.0, "ms")).isEqualTo("11 ms");
    }

    @Test
    void yes_and_no_are_written_one_way() {
        assertThat(Text.prose("NO")).isEqualTo("no");
        assertThat(Text.prose("Yes")).isEqualTo("yes");
        assertThat(Text.prose("true")).isEqualTo("yes");
        assertThat(Text.prose("no reply")).isEqualTo("no reply");
    }

    @Test
    void literal_text_has_no_markup_left_for_asciidoctor() {
        String s = Text.literal("a:: b | c ;; d ] e \\");
        assertThat(s)
                .isEqualTo("pass:c[a]{two-colons}pass:c[ b ]{vbar}pass:c[ c ]{two-semicolons}pass:c[ d ]{endsb}"
                        + "pass:c[ e ]{backslash}");
        assertThat(Text.literal(".title\n= section")).isEqualTo("pass:c[.title = section]");
    }
}
