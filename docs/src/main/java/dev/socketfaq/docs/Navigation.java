package dev.socketfaq.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The navigation of every page, written as Asciidoctor private docinfo files ({@code <docname>-docinfo-header.html}
 * and {@code -footer.html} in the {@code docinfodir} docs/pom.xml names), so that no page types its own links:
 * the course index, the labs in course order ({@link Course#LABS}), previous and next, the Claims page (when the
 * site has one), Running the labs, and on a lab page its printable sheet and the FAQ's original section.
 * <p>The reading order is the index, the labs, then Running the labs. Lab pages live in {@code labs/}, the site's
 * own pages at the root. Docinfo content goes through attribute substitution: text from elsewhere is escaped
 * ({@link #html}).
 */
final class Navigation {
    private Navigation() {}

    /** A page of the site: its docname and whether it is a lab page (in labs/). */
    record Page(String docname, String title, boolean lab) {}

    /**
     * Writes the header and footer docinfo of every page in {@code sitePages} (docnames at the root) and
     * {@code labPages} (docnames in labs/), with {@code footnotes} (docname to extra footer HTML, already escaped).
     */
    static void write(
            Path dir, List<String> sitePages, List<String> labPages, boolean claims, Map<String, String> footnotes)
            throws IOException {
        Files.createDirectories(dir);
        List<Page> order = order(sitePages, labPages);
        List<Page> all = new ArrayList<>(order);
        for (String s : sitePages)
            if (order.stream().noneMatch(p -> p.docname().equals(s))) all.add(new Page(s, s, false));
        if (claims && all.stream().noneMatch(p -> p.docname().equals("claims")))
            all.add(new Page("claims", "Claims", false));
        for (Page page : all) {
            int at = order.indexOf(page);
            Page prev = at > 0 ? order.get(at - 1) : null;
            Page next = at >= 0 && at < order.size() - 1 ? order.get(at + 1) : null;
            Files.writeString(
                    dir.resolve(page.docname() + "-docinfo-header.html"), header(page, labPages, claims, prev, next));
            Files.writeString(
                    dir.resolve(page.docname() + "-docinfo-footer.html"),
                    footer(page, prev, next, footnotes.getOrDefault(page.docname(), "")));
        }
    }

    /** The reading order: the index, every lab page that exists in course order, Running the labs. */
    static List<Page> order(List<String> sitePages, List<String> labPages) {
        List<Page> order = new ArrayList<>();
        if (sitePages.contains("index")) order.add(new Page("index", "Course index", false));
        int n = 0;
        for (Course.Lab lab : Course.LABS) {
            n++;
            if (labPages.contains(lab.name())) order.add(new Page(lab.name(), n + " " + lab.name(), true));
        }
        if (sitePages.contains("running")) order.add(new Page("running", "Running the labs", false));
        return order;
    }

    static String header(Page page, List<String> labPages, boolean claims, Page prev, Page next) {
        String up = page.lab() ? "../" : "";
        var h = new StringBuilder("<nav class=\"course-nav\" aria-label=\"Course\">\n");
        h.append(link(
                up + "index.html",
                "Socket FAQ Labs",
                "course-home",
                page.docname().equals("index")));
        h.append("<ol class=\"course-labs\">\n");
        int n = 0;
        for (Course.Lab lab : Course.LABS) {
            n++;
            if (!labPages.contains(lab.name())) continue;
            boolean here = page.lab() && page.docname().equals(lab.name());
            String href = (page.lab() ? "" : "labs/") + lab.name() + ".html";
            h.append("<li>")
                    .append(link(href, n + " " + lab.name(), null, here)
                            .replace("<a ", "<a title=\"FAQ: " + html(lab.faqSection()) + "\" "))
                    .append("</li>\n");
        }
        h.append("</ol>\n");
        if (claims)
            h.append(link(up + "claims.html", "Claims", null, page.docname().equals("claims")));
        h.append(link(
                up + "running.html", "Running the labs", null, page.docname().equals("running")));
        h.append("</nav>\n");
        h.append(pageNav(page, prev, next, "page-nav"));
        return h.toString();
    }

    static String footer(Page page, Page prev, Page next, String footnote) {
        var f = new StringBuilder("<footer class=\"course-foot\">\n");
        if (!footnote.isEmpty())
            f.append("<p class=\"measured\">").append(footnote).append("</p>\n");
        f.append(pageNav(page, prev, next, "page-nav page-nav-foot"));
        f.append("</footer>\n");
        return f.toString();
    }

    /** Previous, the lab's sheet and FAQ section (lab pages), next. */
    private static String pageNav(Page page, Page prev, Page next, String cls) {
        var h = new StringBuilder("<nav class=\"" + cls + "\" aria-label=\"Pages\">\n");
        if (prev != null)
            h.append("<a rel=\"prev\" href=\"")
                    .append(href(page, prev))
                    .append("\">&#8592; ")
                    .append(html(prev.title()))
                    .append("</a>\n");
        if (!page.docname().equals("index") && (prev == null || !prev.docname().equals("index")))
            h.append("<a href=\"").append(page.lab() ? "../" : "").append("index.html\">Course index</a>\n");
        if (page.lab()) {
            h.append("<a class=\"sheet\" href=\"../pdf/").append(page.docname()).append(".pdf\">Lab sheet (PDF)</a>\n");
            Course.Lab lab = Course.lab(page.docname());
            if (lab != null) {
                h.append("<a class=\"faq\" href=\"")
                        .append(lab.faqUrl())
                        .append("\">FAQ section: &#8220;")
                        .append(html(lab.faqSection()))
                        .append("&#8221; (original, online)</a>\n");
            }
        }
        if (next != null)
            h.append("<a rel=\"next\" href=\"")
                    .append(href(page, next))
                    .append("\">")
                    .append(html(next.title()))
                    .append(" &#8594;</a>\n");
        h.append("</nav>\n");
        return h.toString();
    }

    private static String href(Page from, Page to) {
        String base = from.lab() == to.lab() ? "" : from.lab() ? "../" : "labs/";
        return base + to.docname() + ".html";
    }

    private static String link(String href, String text, String cls, boolean current) {
        return "<a href=\"" + href + "\"" + (cls != null ? " class=\"" + cls + "\"" : "")
                + (current ? " aria-current=\"page\"" : "") + ">" + html(text) + "</a>\n";
    }

    /** HTML text, safe from Asciidoctor's attribute substitution in docinfo ({@code {name}}). */
    static String html(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("{", "&#123;")
                .replace("}", "&#125;");
    }
}
