package dev.socketfaq.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.asciidoctor.Asciidoctor;
import org.asciidoctor.Attributes;
import org.asciidoctor.Options;
import org.asciidoctor.SafeMode;
import org.asciidoctor.log.LogRecord;
import org.asciidoctor.log.Severity;

/**
 * Builds the whole site in one JVM: the generated pages (Claims page, evidence fragments, navigation, lab sheets'
 * sources), then every page as HTML and every lab sheet as PDF. A JRuby start with Asciidoctor and its libraries
 * loaded costs more than rendering all the pages, so the site starts two, once, while the generators run: one for
 * the pages, one for the sheets (PDF), which starts while the pages render.
 *
 * <p>Strict as the site has always been: an Asciidoctor warning (a missing include or tag, a diagram error) fails
 * the build, after every page has been tried, with every warning listed.
 *
 * <p>What it renders ({@link #renders}): the site's own pages ({@code docs.sitePagesDir}) and the generated pages
 * ({@code target/generated-pages}) at the site's root, the lab pages ({@code docs.labsDir}) in {@code labs/}, the
 * lab sheets ({@code target/sheets}) as PDF in {@code pdf/}. A generator of a page of its own writes its
 * {@code .adoc} into {@code target/generated-pages} before {@link #render} (see CONTRIBUTING, "Documentation").
 *
 * <p>Arguments: the repository root, the docs module, its build directory, the site directory, the site's pages,
 * the lab pages, whether missing evidence is allowed, whether unproven claims are allowed, the build's start.
 */
public final class SiteBuild {
    private SiteBuild() {}

    /** One directory of pages, rendered with one backend into one directory, with its own attributes. */
    record Render(String name, Path sources, Path output, String backend, Map<String, Object> attributes) {
        boolean pdf() {
            return backend.equals("pdf");
        }
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]).toRealPath();
        Path docs = Path.of(args[1]);
        Path target = Path.of(args[2]);
        Path site = Path.of(args[3]);
        Path sitePages = Path.of(args[4]);
        Path labPages = Path.of(args[5]);
        String allowMissingEvidence = args[6];
        String allowUnprovenClaims = args[7];
        String buildStart = args[8];
        Path generatedPages = target.resolve("generated-pages");

        var problems = new ArrayList<String>();
        // Two Asciidoctors start while the generators run: a JRuby of their own each (Rouge loads its lexers lazily,
        // and two threads in one JRuby lose highlighting), one for the pages, one for the PDF sheets.
        try (var html = new Engine("pages", problems, "asciidoctor-diagram", sheetExtension(docs));
                var pdf = new Engine(
                        "sheets", problems, "asciidoctor-diagram", "asciidoctor-pdf", sheetExtension(docs))) {
            long start = System.nanoTime();
            // claims.adoc first: EvidencePages then finds it among the pages and gives it its navigation
            ClaimsPage.main(new String[] {
                root.toString(),
                generatedPages.resolve("claims.adoc").toString(),
                root.resolve("testkit/target/classes").toString(),
                allowUnprovenClaims,
                buildStart
            });
            EvidencePages.main(new String[] {
                root.toString(),
                target.resolve("evidence-pages").toString(),
                site.resolve("images/evidence").toString(),
                allowMissingEvidence,
                labPages.toString(),
                buildStart,
                sitePages.toString(),
                target.resolve("docinfo").toString(),
                target.resolve("sheets").toString()
            });
            System.out.printf("[site] pages generated in %d ms%n", (System.nanoTime() - start) / 1_000_000);
            List<Render> renders = renders(root, docs, target, site, sitePages, labPages, generatedPages);
            // the sheets last: they embed the images (diagrams) that the pages' rendering writes
            for (Render r : renders) if (!r.pdf()) render(html.get(), r);
            for (Render r : renders) if (r.pdf()) render(pdf.get(), r);
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("[site] " + p));
            System.err.println("[site] " + problems.size() + " Asciidoctor warning(s) or error(s): the site is strict,"
                    + " a missing include or tag or a diagram error fails it.");
            System.exit(1);
        }
    }

    /** Room to write under each exercise of a lab sheet (acts only on documents with the attribute sheet). */
    private static String sheetExtension(Path docs) {
        return docs.resolve("src/docs/sheet/sheet.rb").toString();
    }

    /** An Asciidoctor, a JRuby of its own, started with its libraries on a thread of its own. */
    static final class Engine implements AutoCloseable {
        private final ExecutorService thread = Executors.newSingleThreadExecutor();
        private final Future<Asciidoctor> ready;

        Engine(String name, List<String> problems, String... libraries) {
            ready = thread.submit(() -> {
                long start = System.nanoTime();
                Asciidoctor asciidoctor = Asciidoctor.Factory.create();
                asciidoctor.registerLogHandler(record -> {
                    System.out.println("[asciidoctor] " + record.getSeverity() + ": " + describe(record));
                    if (record.getSeverity().compareTo(Severity.WARN) >= 0) {
                        synchronized (problems) {
                            problems.add(describe(record));
                        }
                    }
                });
                asciidoctor.requireLibrary(libraries);
                System.out.printf(
                        "[site] Asciidoctor for the %s ready in %d ms%n",
                        name, (System.nanoTime() - start) / 1_000_000);
                return asciidoctor;
            });
        }

        Asciidoctor get() throws IOException {
            try {
                return ready.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while Asciidoctor started", e);
            } catch (ExecutionException e) {
                throw new IOException("Asciidoctor did not start: " + e.getCause(), e.getCause());
            }
        }

        @Override
        public void close() throws IOException {
            thread.close(); // waits for the start, if it still runs
            if (ready.state() == Future.State.SUCCESS) ready.resultNow().close();
        }
    }

    /** What the site is made of: the attributes every page gets, and each directory's own. */
    static List<Render> renders(
            Path root, Path docs, Path target, Path site, Path sitePages, Path labPages, Path generatedPages) {
        var html = new LinkedHashMap<String, Object>();
        html.put("root", root.toString());
        html.put("evidence", target.resolve("evidence-pages").toString());
        // Fully offline: no web fonts, no remote icons or scripts; the stylesheet is embedded in every page.
        html.put("webfonts", false);
        html.put("stylesdir", docs.resolve("src/docs/css").toString());
        html.put("stylesheet", "course.css");
        html.put("icons", false);
        html.put("source-highlighter", "rouge");
        html.put("rouge-style", "github");
        html.put("imagesdir", "images");
        html.put("imagesoutdir", site.resolve("images").toString());
        html.put("diagram-svg-type", "static");
        // Outside the site: the diagram cache is not something to publish.
        html.put("diagram-cachedir", target.resolve("diagram-cache").toString());
        html.put("toc", "left");
        html.put("sectanchors", true);
        html.put("idprefix", "");
        html.put("idseparator", "-");
        html.put("source-language", "java");
        html.put("nofooter", true);
        html.put("experimental", true);
        html.put("allow-uri-read", false);
        // Navigation: every page's header and footer, generated by EvidencePages (Navigation) per docname.
        html.put("docinfo", "private");
        html.put("docinfodir", target.resolve("docinfo").toString());

        // labs/<name>.html: a lab page links the site's root pages as ../ (xref:../claims.adoc#claim-N).
        var lab = new LinkedHashMap<>(html);
        lab.put("imagesdir", "../images");

        // Printable lab sheets: the tag::sheet regions of each lab page with the attribute sheet set (Sheets).
        var sheet = new LinkedHashMap<>(html);
        // The PDF embeds images from disk: charts and diagrams are read from where the HTML pages use them.
        sheet.put("imagesdir", site.resolve("images").toString());
        sheet.put("toc", true);
        sheet.put("pdf-theme", "sheet");
        sheet.put("pdf-themesdir", docs.resolve("src/docs/sheet").toString());
        sheet.put("sheet-lines", docs.resolve("src/docs/sheet/lines.svg").toString());
        // Printed in black and white: black code and comments, long lines shrunk to fit rather than wrapped.
        sheet.put("rouge-style", "bw");
        sheet.put("autofit-option", true);

        return List.of(
                new Render("site pages", sitePages, site, "html5", html),
                new Render("generated pages", generatedPages, site, "html5", html),
                new Render("lab pages", labPages, site.resolve("labs"), "html5", lab),
                new Render("lab sheets", target.resolve("sheets"), site.resolve("pdf"), "pdf", sheet));
    }

    /** Renders every page of one directory; warnings and errors go to the engine's problems. */
    static void render(Asciidoctor asciidoctor, Render r) throws IOException {
        long began = System.nanoTime();
        List<Path> pages = pages(r.sources());
        Files.createDirectories(r.output());
        var attributes = Attributes.builder();
        // as asciidoctor-maven-plugin reads a pom's attributes: true sets one, false unsets it
        r.attributes().forEach((k, v) -> attributes.attribute(k, v instanceof Boolean b ? (b ? "" : null) : v));
        Options options = Options.builder()
                .backend(r.backend())
                .safe(SafeMode.UNSAFE)
                .standalone(true)
                .mkDirs(true)
                .toDir(r.output().toFile())
                .attributes(attributes.build())
                .build();
        for (Path page : pages) asciidoctor.convertFile(page.toFile(), options);
        System.out.printf(
                "[site] %s: %d rendered in %d ms%n", r.name(), pages.size(), (System.nanoTime() - began) / 1_000_000);
    }

    /** The pages of a directory as Asciidoctor renders them: {@code *.adoc}, but not partials ({@code _*}). */
    static List<Path> pages(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".adoc"))
                    .filter(p -> !p.getFileName().toString().startsWith("_"))
                    .sorted()
                    .toList();
        }
    }

    private static String describe(LogRecord record) {
        var cursor = record.getCursor();
        String where = cursor == null || cursor.getFile() == null
                ? ""
                : cursor.getFile() + (cursor.getLineNumber() > 0 ? ":" + cursor.getLineNumber() : "") + ": ";
        return where + record.getMessage();
    }
}
