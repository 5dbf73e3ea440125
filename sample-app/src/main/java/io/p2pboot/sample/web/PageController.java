package io.p2pboot.sample.web;

import io.p2pboot.peer.Peer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.HtmlUtils;

/**
 * The page at {@code /}: {@code static/index.html} with the peer's name already in it (the
 * script keeps it current), so the page names its peer even before any script runs.
 */
@Controller
public class PageController {

    static final String NAME_SLOT = "<span id=\"peer-name\">…</span>";

    private final Peer peer;
    private final String page;

    public PageController(Peer peer) {
        this.peer = peer;
        try {
            this.page = new ClassPathResource("static/index.html").getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("static/index.html is missing from the application", e);
        }
    }

    @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    public String page() {
        String name = peer.name() != null ? peer.name() : "not listening";
        return page.replace(NAME_SLOT, "<span id=\"peer-name\">" + HtmlUtils.htmlEscape(name) + "</span>");
    }
}
