package dev.socketfaq.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The printable lab sheets (target/site/pdf): one per lab page, at most {@value #MAX_PAGES} A4 pages, no answer on
 * them. Each page is also rendered to target/screenshots/sheets/&lt;lab&gt;-&lt;n&gt;.png, to be looked at.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LabSheetsIT {
    static final int MAX_PAGES = 4;

    private final Path site = Path.of(System.getProperty("docs.siteDir", "target/site"))
            .toAbsolutePath()
            .normalize();
    private final Path out = Path.of(System.getProperty("docs.screenshotsDir", "target/screenshots"))
            .toAbsolutePath()
            .resolve("sheets");

    @Test
    void every_lab_has_a_short_printable_sheet_without_answers() throws IOException {
        List<String> labs;
        try (Stream<Path> pages = Files.list(site.resolve("labs"))) {
            labs = pages.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(".html"))
                    .map(f -> f.replace(".html", ""))
                    .sorted()
                    .toList();
        }
        assertThat(labs).as("lab pages").isNotEmpty();
        Files.createDirectories(out);
        List<String> problems = new ArrayList<>();
        for (String lab : labs) {
            Path pdf = site.resolve("pdf").resolve(lab + ".pdf");
            if (!Files.isRegularFile(pdf)) {
                problems.add(lab + ": no lab sheet " + site.relativize(pdf));
                continue;
            }
            try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
                int pages = doc.getNumberOfPages();
                System.out.println("[sheets] " + lab + ".pdf: " + pages + (pages == 1 ? " page" : " pages"));
                if (pages > MAX_PAGES) problems.add(lab + ".pdf: " + pages + " pages (at most " + MAX_PAGES + ")");
                String text = new PDFTextStripper().getText(doc);
                if (text.contains("Answer\n") || text.contains("Expected answer")) {
                    String why = lab + ".pdf: shows an answer (answers go in ifndef::sheet[] blocks)";
                    if (fromSheetRegions(lab)) problems.add(why);
                    else System.err.println("[sheets] NOT YET FROM tag::sheet REGIONS (the page has none): " + why);
                }
                var renderer = new PDFRenderer(doc);
                for (int i = 0; i < pages; i++) {
                    BufferedImage image = renderer.renderImageWithDPI(i, 60, ImageType.GRAY);
                    ImageIO.write(
                            image,
                            "png",
                            out.resolve(lab + "-" + (i + 1) + ".png").toFile());
                }
            }
        }
        assertThat(problems).as("lab sheets a student would print").isEmpty();
    }

    /** Whether the sheet was built from the page's tag::sheet regions (target/sheets, written by Sheets). */
    private boolean fromSheetRegions(String lab) throws IOException {
        Path source = site.getParent().resolve("sheets").resolve(lab + ".adoc");
        return Files.isRegularFile(source) && Files.readString(source).contains("[tag=sheet]");
    }
}
