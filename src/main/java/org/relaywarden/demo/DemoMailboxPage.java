package org.relaywarden.demo;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operators' page of the demo mailbox ({@code /demo-mailbox}): each customer's demo mailbox with its letters, the
 * questionnaire link of each letter as a working link, and a form to answer a letter by mail as the customer. The
 * links as the letters have them, from the configured public URL ({@code RELAYWARDEN_PUBLIC_URL}), never from the
 * request's {@code Host} header.
 */
@Controller
@Profile("demo")
@ConditionalOnProperty(name = DemoMailboxEnvironment.ACTIVE, havingValue = "true")
@RequestMapping("/demo-mailbox")
class DemoMailboxPage {

    static final Pattern LINK = Pattern.compile("https?://[^\\s\"<>]+?(/q/[A-Za-z0-9_-]{43})");
    static final int MAX_REPLY = 20_000;

    private final DemoMailbox mailbox;
    private final Environment environment;

    DemoMailboxPage(DemoMailbox mailbox, Environment environment) {
        this.mailbox = mailbox;
        this.environment = environment;
    }

    /** A letter as the page shows it: its text with the links made to work, and those links. */
    record ShownLetter(String messageId, String receivedAt, String from, String replyTo, String subject, String text,
                       List<String> links) {
    }

    record ShownMailbox(String address, List<ShownLetter> letters) {
    }

    @GetMapping
    String page(Model model, @RequestParam(name = "replied", required = false) String replied) {
        String localPort = environment.getProperty("local.server.port");
        List<ShownMailbox> boxes = new ArrayList<>();
        for (DemoMailbox.Mailbox box : mailbox.mailboxes()) {
            List<ShownLetter> letters = new ArrayList<>();
            for (DemoMailbox.Letter l : box.letters()) {
                String text = l.text() == null ? "" : l.text();
                List<String> links = new ArrayList<>();
                Matcher m = LINK.matcher(text);
                StringBuilder shown = new StringBuilder();
                while (m.find()) {
                    String link = configured(m.group(), localPort);
                    links.add(link);
                    m.appendReplacement(shown, Matcher.quoteReplacement(link));
                }
                m.appendTail(shown);
                letters.add(new ShownLetter(l.messageId(), l.receivedAt().toString(), l.from(), l.replyTo(), l.subject(),
                        shown.toString(), links));
            }
            boxes.add(new ShownMailbox(box.address(), letters));
        }
        model.addAttribute("mailboxes", boxes);
        model.addAttribute("smtpPort", mailbox.smtpPort());
        model.addAttribute("imapPort", mailbox.imapPort());
        model.addAttribute("abuse", mailbox.abuseAddress());
        model.addAttribute("replied", replied);
        return "demo/mailbox";
    }

    /**
     * The link as the letter has it, built from the configured public URL ({@code relaywarden.letters.questionnaire-url},
     * {@code RELAYWARDEN_PUBLIC_URL}); only a configured port 0 (the server chose a free one) is replaced by the port the
     * server listens on. Never from the request's {@code Host} header (issue 27.4: a forged Host made the page offer
     * links to another site).
     */
    static String configured(String link, String localPort) {
        URI uri = URI.create(link);
        if (uri.getPort() != 0 || localPort == null) {
            return link;
        }
        return uri.getScheme() + "://" + uri.getHost() + ":" + localPort + uri.getRawPath();
    }

    /** Answers one letter by mail as the customer; back to the page. */
    @PostMapping("/reply")
    String reply(@RequestParam("mailbox") String address, @RequestParam("letter") String messageId,
                 @RequestParam("text") String text) {
        if (!StringUtils.hasText(text) || text.length() > MAX_REPLY) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "the reply must have a text of at most " + MAX_REPLY + " characters");
        }
        try {
            mailbox.replyAs(address, messageId, text);
        } catch (IllegalArgumentException unknown) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, unknown.getMessage());
        }
        return "redirect:/demo-mailbox?replied=" + URLEncoder.encode(address, StandardCharsets.UTF_8);
    }
}
