package dev.socketfaq.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every page's navigation is generated, in course order, with its neighbours, sheet and FAQ section. */
@Timeout(10)
class NavigationTest {
    @TempDir
    Path dir;

    private static final List<String> LABS =
            List.of("select", "nagle", "reserve", "getsockname", "threadsafety", "server-port");

    @Test
    void the_reading_order_is_the_index_the_labs_in_course_order_then_running() {
        assertThat(Navigation.order(List.of("running", "index"), LABS).stream().map(Navigation.Page::docname))
                .containsExactly(
                        "index", "server-port", "reserve", "getsockname", "nagle", "threadsafety", "select", "running");
    }

    @Test
    void a_lab_page_links_the_index_its_neighbours_its_sheet_and_its_faq_section() throws IOException {
        Navigation.write(dir, List.of("index", "running"), LABS, true, Map.of("nagle", "Measured on {x}."));
        String header = Files.readString(dir.resolve("nagle-docinfo-header.html"));
        assertThat(header)
                .contains("href=\"../index.html\"")
                .contains("<a rel=\"prev\" href=\"getsockname.html\">")
                .contains("<a rel=\"next\" href=\"threadsafety.html\">")
                .contains("href=\"../pdf/nagle.pdf\"")
                .contains("href=\"" + Course.FAQ + "#200ms\"")
                .contains("href=\"../claims.html\"")
                .contains("href=\"../running.html\"")
                .contains("aria-current=\"page\">4 nagle</a>");
        assertThat(header.indexOf("1 server-port")).isLessThan(header.indexOf("6 select"));
        String footer = Files.readString(dir.resolve("nagle-docinfo-footer.html"));
        assertThat(footer).contains("Measured on {x}.").contains("rel=\"next\"");
    }

    @Test
    void the_index_and_running_link_the_labs_in_labs() throws IOException {
        Navigation.write(dir, List.of("index", "running"), LABS, false, Map.of());
        assertThat(Files.readString(dir.resolve("index-docinfo-header.html")))
                .contains("<a rel=\"next\" href=\"labs/server-port.html\">")
                .doesNotContain("claims.html")
                .doesNotContain("rel=\"prev\"");
        assertThat(Files.readString(dir.resolve("running-docinfo-header.html")))
                .contains("<a rel=\"prev\" href=\"labs/select.html\">")
                .contains("href=\"index.html\"")
                .doesNotContain("rel=\"next\"");
    }

    @Test
    void text_from_elsewhere_is_escaped_for_docinfo() {
        assertThat(Navigation.html("<b>{attr} & \"q\"")).isEqualTo("&lt;b&gt;&#123;attr&#125; &amp; &quot;q&quot;");
    }
}
