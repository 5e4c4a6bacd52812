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
        Map<String, List<String>> anchorsWanted = new HashMap<>(); // "page#id" -> pages that link it
        for (String page : pages) {
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

            if (screenshot) {
                String incomplete = screenshot(page);
                if (incomplete != null) problems.add(incomplete);
            }
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
     * {@value #TILE} CSS pixels ({@code Page.captureScreenshot}, {@code captureBeyondViewport}, a clip per tile) and
     * stitched here, in RGB (a page of 30,000 pixels is about 3 MB). Returns a problem if the tiles do not add up to
     * the page's height, or null.
     */
    private String screenshot(String page) throws IOException {
        Map<String, Object> metrics = browser.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        int width = (int) Math.ceil(((Number) size.get("width")).doubleValue());
        int height = (int) Math.ceil(((Number) size.get("height")).doubleValue());
        BufferedImage whole = null;
        int rows = 0;
        for (int top = 0; top < height; top += TILE) {
            int tileHeight = Math.min(TILE, height - top);
            Map<String, Object> shot = browser.executeCdpCommand(
                    "Page.captureScreenshot",
                    Map.of(
                            "format",
                            "png",
                            "captureBeyondViewport",
                            true,
                            "clip",
                            Map.of("x", 0, "y", top, "width", width, "height", tileHeight, "scale", 1)));
            BufferedImage tile =
                    ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode((String) shot.get("data"))));
            if (whole == null) { // device pixels per CSS pixel, from the first tile (1 in headless Chromium)
                double scale = (double) tile.getHeight() / tileHeight;
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

    private void drain(String type) {
        browser.manage().logs().get(type);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
