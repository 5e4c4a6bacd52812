package dev.socketfaq.docs;

import java.util.List;

/**
 * The course's labs in their order (the README's and the root pom's), each with the FAQ section it teaches.
 * The FAQ is the Windows Sockets FAQ for the microsoft.public.win32.programmer.networks newsgroup (2005-2006), kept
 * online by its author as an archive page; the anchors are that page's own section ids.
 */
final class Course {
    /** The FAQ's archive copy (the author's site); a plain link: the site loads nothing from it. */
    static final String FAQ = "https://gershnik.github.io/archive/faq/comm.html";

    /** One lab: its name (lab-{@code name}, labs/{@code name}.adoc) and the FAQ section it teaches. */
    record Lab(String name, String faqSection, String faqAnchor) {
        String faqUrl() {
            return FAQ + "#" + faqAnchor;
        }
    }

    static final List<Lab> LABS = List.of(
            new Lab("server-port", "Server port", "server_port"),
            new Lab("reserve", "Reserving a port", "reserve"),
            new Lab("getsockname", "Local address and port", "getsockname"),
            new Lab("nagle", "200ms delay", "200ms"),
            new Lab("threadsafety", "Sockets thread-safety", "thread_safe"),
            new Lab("select", "Terminating a select() loop from another thread", "close_select"));

    private Course() {}

    static List<String> names() {
        return LABS.stream().map(Lab::name).toList();
    }

    static Lab lab(String name) {
        return LABS.stream().filter(l -> l.name().equals(name)).findFirst().orElse(null);
    }
}
