package dev.socketfaq.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.SimpleFileServer;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Reads the built site (target/site) as a student does: in a real browser, Debian's headless Chromium, once
 * from a loopback HTTP server (a static host) and once from the file system. Every page must have no broken
 * link, image or in-page anchor, no console error, and make no request that leaves the site. A screenshot of each
 * whole page, top to bottom, goes to target/screenshots/&lt;page&gt;.png.
 *
 * <p>Over HTTP it also checks what a student meets while reading: every page links to the course index and to
 * its neighbours in the reading order ({@link Navigation#order}); the page itself never scrolls sideways (a code
 * block may); every lab page shows at most {@value #FOLD_BUDGET} lines of included source before its first
 * collapsible block. It records, per page, those lines and where "The fix" and the first evidence chart begin
 * (px and % of the page's height) in target/screenshots/layout.tsv. Every SVG of the site keeps its text inside
 * its box, and no label is cut short with an ellipsis. -Ddocs.screenshots=false skips the screenshots.
 *
 * <p>No browser or driver is ever downloaded: both binaries are named explicitly (-Ddocs.chromium,
 * -Ddocs.chromedriver) and Selenium Manager runs offline (Failsafe sets SE_OFFLINE). Without a browser the test is
 * a loud skip, unless -Dlabs.requireBrowser=true (CI), which makes it a failure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SiteInBrowserIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The tallest piece of a page one screenshot capture asks for, in CSS pixels (see {@link #screenshot}). */
    private static final int TILE = 4_000;
    /** The most lines of included source a lab page shows before its first fold: a student reads the lesson first. */
    static final int FOLD_BUDGET = 85;
    /** Languages of listings that are commands for the reader, not included source. */
    private static final Set<String> COMMAND_LANGUAGES = Set.of("shell", "console", "bash", "sh", "text", "");
    /** Selenium warns that it has no DevTools binding for this Chromium: this test needs none (it reads the logs). */
    private static final java.util.logging.Logger SELENIUM_LOG =
            java.util.logging.Logger.getLogger("org.openqa.selenium");

    private final Path site = Path.of(System.getProperty("docs.siteDir", "target/site"))
            .toAbsolutePath()
            .normalize();
    private final Path screenshots = Path.of(System.getProperty("docs.screenshotsDir", "target/screenshots"))
            .toAbsolutePath();
    private HttpServer server;
    private ChromeDriverService service;
    private ChromeDriver browser;
    private Path profile;
    /** The ids of each page (path relative to the site), for checking anchors from any page. */
    private final Map<String, Set<String>> idsByPage = new HashMap<>();

    private final boolean takeScreenshots = !"false".equals(System.getProperty("docs.screenshots"));

    @BeforeAll
    void startServerAndBrowser() throws IOException {
        SELENIUM_LOG.setLevel(Level.SEVERE);
        Path chromium = Path.of(System.getProperty("docs.chromium", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getProperty("docs.chromedriver", "/usr/bin/chromedriver"));
        if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
            String why = "no browser: " + chromium + " or " + chromedriver
                    + " is missing (Debian: apt-get install chromium chromium-driver)";
            if (Boolean.getBoolean("labs.requireBrowser"))
                throw new AssertionError(why + "; -Dlabs.requireBrowser=true demands the browser tests");
            System.err.println("!!!!! SKIPPED: the site was NOT tested in a browser, " + why + " !!!!!");
            Assumptions.abort(why);
        }
        assertThat(site.resolve("index.html"))
                .as("the site is built in package, before this test")
                .isRegularFile();

        server = SimpleFileServer.createFileServer(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), site, SimpleFileServer.OutputLevel.NONE);
        server.start();

        profile = Files.createTempDirectory("docs-chromium-");
        var options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--disable-extensions",
                "--window-size=1280,900",
                // Belt and braces: even a page that tries cannot reach or resolve any host but loopback.
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--user-data-dir=" + profile);
        var logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        Files.createDirectories(screenshots);
    }

    @AfterAll
    void stopEverything() throws IOException {
        try {
            if (browser != null) browser.quit();
        } finally {
            if (service != null) service.stop();
            if (server != null) server.stop(0);
        }
        // No test leaves a browser behind: anything this JVM started that still runs is killed, and the test fails.
        List<ProcessHandle> left = ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .toList();
        for (ProcessHandle p : left) {
            p.destroyForcibly();
            p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> p).join();
        }
        if (profile != null) deleteTree(profile);
        assertThat(left.stream()
                        .map(p -> p.pid() + " " + p.info().command().orElse("?"))
                        .toList())
                .as("processes left running after the browser was closed")
                .isEmpty();
    }

    @Test
    void every_page_over_http_from_a_loopback_server() throws IOException {
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        readEveryPage(base, true);
    }

    @Test
    void every_svg_keeps_its_text_inside_its_box() throws IOException {
        List<Path> svgs;
        try (Stream<Path> files = Files.walk(site)) {
            svgs = files.filter(p -> p.toString().endsWith(".svg")).sorted().toList();
        }
        List<String> problems = new ArrayList<>();
        for (Path svg : svgs) {
            browser.get(svg.toUri().toString());
            @SuppressWarnings("unchecked")
            List<String> found = (List<String>) ((JavascriptExecutor) browser).executeScript("""
                            const svg = document.documentElement, out = [];
                            if (!(svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width > 0)) out.push('no viewBox');
                            const box = svg.getBoundingClientRect();
                            for (const t of svg.querySelectorAll('text')) {
                              const r = t.getBoundingClientRect(), s = t.textContent.trim();
                              if (r.width === 0 && r.height === 0) continue;
                              if (r.left < box.left - 0.5 || r.top < box.top - 0.5 || r.right > box.right + 0.5
                                  || r.bottom > box.bottom + 0.5)
                                out.push('text outside the box: "' + s + '" at ' + Math.round(r.left) + ',' + Math.round(r.top)
                                  + '-' + Math.round(r.right) + ',' + Math.round(r.bottom) + ' of ' + Math.round(box.width) + 'x' + Math.round(box.height));
                              if (location.href.includes('/evidence/') && /(\\.\\.\\.|\u2026)$/.test(s)) out.push('label cut short: "' + s + '"');
                            }
                            return out;""");
            String name = site.relativize(svg).toString();
            found.forEach(f -> problems.add(name + ": " + f));
        }
        assertThat(svgs).as("the site's charts and diagrams").isNotEmpty();
        assertThat(problems).as("SVG text a reader cannot see whole").isEmpty();
    }

    @Test
    void every_page_from_the_file_system() throws IOException {
        readEveryPage(site.toUri().toString(), false);
    }

    private void readEveryPage(String base, boolean screenshot) throws IOException {
        List<String> pages;
        try (Stream<Path> files = Files.walk(site)) {
            pages = files.filter(p -> p.toString().endsWith(".html"))
                    .map(p -> site.relativize(p).toString().replace(File.separatorChar, '/'))
                    .sorted()
                    .toList();
        }
        assertThat(pages).contains("index.html");
        List<String> problems = new ArrayList<>();
        List<String> layout = new ArrayList<>();
        layout.add(
                "page\tlisting lines before the first fold\tof which included source\tfolds\tpage height px\t\"The fix\" at px\t%\tfirst chart at px\t%");
        Map<String, List<String>> anchorsWanted = new HashMap<>(); // "page#id" -> pages that link it
        // The browser captures; another thread decodes, stitches and writes, while the browser reads the next page.
        List<Future<String>> shots = new ArrayList<>();
        try (ExecutorService stitcher = Executors.newSingleThreadExecutor()) {
            readPages(base, screenshot, pages, problems, layout, anchorsWanted, shots, stitcher);
        }
        for (Future<String> shot : shots) {
            String incomplete = done(shot);
            if (incomplete != null) problems.add(incomplete);
        }
        if (screenshot) {
            Files.createDirectories(screenshots);
            Files.write(screenshots.resolve("layout.tsv"), layout);
            System.out.println("[site] layout of every page (" + screenshots.resolve("layout.tsv") + "):");
            layout.forEach(l -> System.out.println("[site]   " + l));
        }
        anchorsWanted.forEach((target, from) -> {
            String path = target.substring(0, target.indexOf('#'));
            String id = target.substring(target.indexOf('#') + 1);
            if (!idsByPage.getOrDefault(path, Set.of()).contains(id)) {
                problems.add(from.getFirst() + ": link to a missing anchor " + target
                        + (from.size() > 1 ? " (and " + (from.size() - 1) + " more pages)" : ""));
            }
        });
        assertThat(problems).as("problems a reader meets on " + base).isEmpty();
    }

    /** Reads and checks each page; its screenshot, if any, is left to {@code stitcher}. */
    private void readPages(
            String base,
            boolean screenshot,
            List<String> pages,
            List<String> problems,
            List<String> layout,
            Map<String, List<String>> anchorsWanted,
            List<Future<String>> shots,
            ExecutorService stitcher)
            throws IOException {
        for (String page : pages) {
            long started = System.nanoTime();
            drain(LogType.PERFORMANCE);
            drain(LogType.BROWSER);
            browser.get(base + page);
            var js = (JavascriptExecutor) browser;
            assertThat(js.executeScript("return document.readyState")).isEqualTo("complete");

            @SuppressWarnings("unchecked")
            List<String> ids = (List<String>)
                    js.executeScript("return Array.from(document.querySelectorAll('[id]')).map(e => e.id)"
                            + ".concat(Array.from(document.querySelectorAll('a[name]')).map(e => e.name))");
            idsByPage.put(page, Set.copyOf(ids));

            @SuppressWarnings("unchecked")
            List<String> links = (List<String>)
                    js.executeScript("return Array.from(document.querySelectorAll('a[href]')).map(a => a.href)");
            for (String link : links) {
                String local = insideSite(link, base);
                if (local == null) {
                    if (!link.matches("(?i)(https?|mailto):.*"))
                        problems.add(page + ": link with an unusable address: " + link);
                    continue; // a link out of the site is the reader's choice, not a request the page makes
                }
                String path = local.contains("#") ? local.substring(0, local.indexOf('#')) : local;
                String fragment = local.contains("#") ? local.substring(local.indexOf('#') + 1) : "";
                if (path.isEmpty() || path.endsWith("/")) path += "index.html";
                path = URLDecoder.decode(path, StandardCharsets.UTF_8);
                if (!Files.isRegularFile(site.resolve(path))) {
                    problems.add(page + ": broken link to " + link);
                } else if (!fragment.isEmpty() && path.endsWith(".html")) {
                    anchorsWanted
                            .computeIfAbsent(
                                    path + "#" + URLDecoder.decode(fragment, StandardCharsets.UTF_8),
                                    k -> new ArrayList<>())
                            .add(page);
                }
            }

            @SuppressWarnings("unchecked")
            List<String> brokenImages = (List<String>)
                    js.executeScript(
                            "return Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)");
            brokenImages.forEach(src -> problems.add(page + ": broken image " + src));

            for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
                if (e.getLevel().intValue() >= Level.SEVERE.intValue())
                    problems.add(page + ": console error: " + e.getMessage());
            }
            problems.addAll(requestProblems(page, base));

            if (screenshot) { // once per page is enough for what the reader sees: over HTTP
                problems.addAll(navigationProblems(page, pages, links, base));
                Number overflow = (Number) js.executeScript(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
                if (overflow.intValue() > 0)
                    problems.add(page + ": the page scrolls sideways by " + overflow
                            + " px (a wide element outside a scrolling block)");
                layout.add(layout(page, js, problems));
            }
            long read = System.nanoTime();
            if (screenshot && takeScreenshots) shots.add(screenshot(page, stitcher));
            System.out.printf(
                    "[site] %s: read and checked in %d ms, screenshot captured in %d ms%n",
                    page, (read - started) / 1_000_000, (System.nanoTime() - read) / 1_000_000);
        }
    }

    /** The page must link the course index and its neighbours in the reading order. */
    private static List<String> navigationProblems(String page, List<String> pages, List<String> links, String base) {
        List<String> problems = new ArrayList<>();
        List<String> order = new ArrayList<>();
        for (Navigation.Page p : Navigation.order(
                pages.stream()
                        .filter(x -> !x.contains("/"))
                        .map(x -> x.replace(".html", ""))
                        .toList(),
                pages.stream()
                        .filter(x -> x.startsWith("labs/"))
                        .map(x -> x.substring(5).replace(".html", ""))
                        .toList())) {
            order.add((p.lab() ? "labs/" : "") + p.docname() + ".html");
        }
        List<String> wanted = new ArrayList<>();
        if (!page.equals("index.html")) wanted.add("index.html");
        int at = order.indexOf(page);
        if (at > 0) wanted.add(order.get(at - 1));
        if (at >= 0 && at < order.size() - 1) wanted.add(order.get(at + 1));
        for (String w : wanted) {
            if (links.stream().noneMatch(l -> l.equals(base + w) || l.startsWith(base + w + "#")))
                problems.add(page + ": no link to " + w
                        + (w.equals("index.html") ? " (the course index)" : " (a neighbour)"));
        }
        return problems;
    }

    /**
     * What a student sees before the first fold, and how far down the fix and the evidence begin: one line of
     * layout.tsv. A lab page over {@link #FOLD_BUDGET} included source lines before its first fold is a problem.
     */
    private String layout(String page, JavascriptExecutor js, List<String> problems) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) js.executeScript("""
                const first = document.querySelector('details');
                const langs = [];
                for (const pre of document.querySelectorAll('.listingblock pre, .literalblock pre')) {
                  if (pre.closest('details')) continue;
                  if (first && (first.compareDocumentPosition(pre) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
                  const code = pre.querySelector('code[data-lang]');
                  langs.push([code ? code.getAttribute('data-lang') : '', pre.textContent.replace(/\\n$/, '').split('\\n').length]);
                }
                const top = e => e ? Math.round(e.getBoundingClientRect().top + window.scrollY) : -1;
                const fix = Array.from(document.querySelectorAll('h2')).find(h => h.textContent.trim().startsWith('The fix'));
                return {langs: langs, folds: document.querySelectorAll('details').length,
                        height: document.documentElement.scrollHeight,
                        fix: top(fix), chart: top(document.querySelector('img[src*="evidence/"]'))};""");
        int all = 0, source = 0;
        for (Object o : (List<?>) m.get("langs")) {
            List<?> l = (List<?>) o;
            int n = ((Number) l.get(1)).intValue();
            all += n;
            if (!COMMAND_LANGUAGES.contains(String.valueOf(l.get(0)))) source += n;
        }
        int folds = ((Number) m.get("folds")).intValue();
        long height = ((Number) m.get("height")).longValue();
        long fix = ((Number) m.get("fix")).longValue();
        long chart = ((Number) m.get("chart")).longValue();
        if (page.startsWith("labs/") && source > FOLD_BUDGET) {
            String why = page + ": " + source + " lines of included source before the first fold (at most "
                    + FOLD_BUDGET + "): fold the long code in a collapsible block";
            if (folds > 0) problems.add(why);
            else System.err.println("[site] NOT YET LESSON FIRST (no collapsible block at all): " + why);
        }
        return String.join(
                "\t",
                page,
                String.valueOf(all),
                String.valueOf(source),
                String.valueOf(folds),
                String.valueOf(height),
                fix < 0 ? "-" : String.valueOf(fix),
                fix < 0 ? "-" : percent(fix, height),
                chart < 0 ? "-" : String.valueOf(chart),
                chart < 0 ? "-" : percent(chart, height));
    }

    private static String percent(long part, long whole) {
        return String.format(java.util.Locale.ROOT, "%.0f%%", 100.0 * part / Math.max(1, whole));
    }

    /** The address relative to the site root, or null if the address is not in the site. */
    private String insideSite(String url, String base) {
        if (url.startsWith(base)) return url.substring(base.length());
        if (base.startsWith("file:") && url.startsWith("file:"))
            return "../outside:" + url; // a file outside the site: broken
        return null;
    }

    /** Requests that left the site, and requests that failed, from Chromium's performance (DevTools network) log. */
    private List<String> requestProblems(String page, String base) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, String> urlById = new HashMap<>();
        Set<String> leaked = new LinkedHashSet<>();
        for (LogEntry e : browser.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode msg = JSON.readTree(e.getMessage()).path("message");
            JsonNode params = msg.path("params");
            switch (msg.path("method").asText()) {
                case "Network.requestWillBeSent" -> {
                    String url = params.path("request").path("url").asText();
                    urlById.put(params.path("requestId").asText(), url);
                    if (!isLocal(url, base)) leaked.add(url);
                }
                case "Network.responseReceived" -> {
                    int status = params.path("response").path("status").asInt();
                    if (status >= 400)
                        problems.add(page + ": HTTP " + status + " for "
                                + params.path("response").path("url").asText());
                }
                case "Network.loadingFailed" -> {
                    if (!params.path("canceled").asBoolean()) {
                        problems.add(page + ": request failed ("
                                + params.path("errorText").asText() + "): "
                                + urlById.getOrDefault(params.path("requestId").asText(), "?"));
                    }
                }
                default -> {}
            }
        }
        leaked.forEach(url -> problems.add(page + ": request leaving the site: " + url));
        return problems;
    }

    private static boolean isLocal(String url, String base) {
        // data:, blob:, about: and the browser's own chrome:// resources never leave the machine.
        if (url.matches("(?i)(data|blob|about|chrome):.*")) return true;
        if (base.startsWith("file:")) return url.startsWith("file:");
        URI u = URI.create(url.replace(" ", "%20"));
        URI b = URI.create(base);
        return "http".equals(u.getScheme()) && b.getHost().equals(u.getHost()) && b.getPort() == u.getPort();
    }

    /**
     * The whole page, top to bottom, as one PNG through DevTools (the window stays the same size). One capture of a
     * tall page may exceed what the browser renders in one piece, so the page is captured in tiles of at most
     * {@value #TILE} CSS pixels ({@code Page.captureScreenshot}, {@code captureBeyondViewport}, a clip per tile,
     * encoded for speed) and stitched by {@code stitcher}, in RGB (a page of 30,000 pixels is about 3 MB), while the
     * browser goes on to the next page. The task's result is a problem if the tiles do not add up to the page's
     * height, or null.
     */
    private Future<String> screenshot(String page, ExecutorService stitcher) {
        Map<String, Object> metrics = browser.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        int width = (int) Math.ceil(((Number) size.get("width")).doubleValue());
        int height = (int) Math.ceil(((Number) size.get("height")).doubleValue());
        List<String> tiles = new ArrayList<>(); // base64 PNGs, top to bottom
        List<Integer> tileHeights = new ArrayList<>();
        for (int top = 0; top < height; top += TILE) {
            int tileHeight = Math.min(TILE, height - top);
            Map<String, Object> shot = browser.executeCdpCommand(
                    "Page.captureScreenshot",
                    Map.of(
                            "format",
                            "png",
                            "optimizeForSpeed",
                            true,
                            "captureBeyondViewport",
                            true,
                            "clip",
                            Map.of("x", 0, "y", top, "width", width, "height", tileHeight, "scale", 1)));
            tiles.add((String) shot.get("data"));
            tileHeights.add(tileHeight);
        }
        return stitcher.submit(() -> stitch(page, height, tiles, tileHeights));
    }

    /** The tiles as one PNG of the page; a problem if they do not add up to the page's height, or null. */
    private String stitch(String page, int height, List<String> tiles, List<Integer> tileHeights) throws IOException {
        BufferedImage whole = null;
        int rows = 0;
        for (int i = 0; i < tiles.size(); i++) {
            BufferedImage tile =
                    ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(tiles.get(i))));
            if (whole == null) { // device pixels per CSS pixel, from the first tile (1 in headless Chromium)
                double scale = (double) tile.getHeight() / tileHeights.get(i);
                whole = new BufferedImage(
                        tile.getWidth(), (int) Math.round(height * scale), BufferedImage.TYPE_3BYTE_BGR);
            }
            Graphics2D g = whole.createGraphics();
            try {
                g.drawImage(tile, 0, rows, null);
            } finally {
                g.dispose();
            }
            rows += tile.getHeight();
        }
        if (whole == null) return page + ": nothing to screenshot (page height " + height + ")";
        Path png = screenshots.resolve(page.replace(".html", "").replace('/', '_') + ".png");
        ImageIO.write(whole, "png", png.toFile());
        return rows == whole.getHeight()
                ? null
                : page + ": screenshot incomplete: " + rows + " of " + whole.getHeight() + " rows captured (page "
                        + height + " CSS px)";
    }

    /** What a stitching task found, waiting for it if it still runs. */
    private static String done(Future<String> shot) throws IOException {
        try {
            return shot.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a screenshot", e);
        } catch (ExecutionException e) {
            throw new IOException("a screenshot could not be written: " + e.getCause(), e.getCause());
        }
    }

    private void drain(String type) {
        browser.manage().logs().get(type);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
