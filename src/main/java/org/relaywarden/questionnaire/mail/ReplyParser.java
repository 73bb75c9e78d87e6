package org.relaywarden.questionnaire.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a customer's reply: strips quoted text and signatures, then splits what is left into
 * numbered answers ("1.", "1)", "Zu 1:", "Frage 1", "Question 1:", "Ad 1" ...). A quoted question
 * of ours ({@code > 2. What exactly ...}) in an inline reply starts the answer to that question.
 */
public final class ReplyParser {

    public record ParsedReply(String ownText, Map<Integer, String> answers) {
        public boolean parseable() {
            return !answers.isEmpty();
        }
    }

    private static final Pattern MARKER = Pattern.compile(
            "^\\s*(?:\\*\\*)?(?:(?:zu|ad|re|to|on)\\s+)?(?:(?:frage|question|punkt|point|antwort|answer|nr\\.?|no\\.?)\\s*)?"
                    + "[(#]?([1-3])(?:\\s*[.):\\-]+|\\s*$)(?:\\*\\*)?\\s*(.*)$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern QUOTED_QUESTION = Pattern.compile("^>[>\\s]*([1-3])[.)]\\s+\\S.*$");
    private static final Pattern REPLY_HEADER = Pattern.compile(
            "^(On\\s.+wrote:|Am\\s.+schrieb.*:|.*<[^>]+@[^>]+>\\s*(wrote|schrieb):?|-{2,}\\s*(Original Message|Ursprüngliche Nachricht|Originalnachricht)\\s*-{2,}.*|_{10,})\\s*$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern OUTLOOK_FROM = Pattern.compile("^\\*?(From|Von|De):\\*?\\s.*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern OUTLOOK_NEXT = Pattern.compile("^\\*?(Sent|Gesendet|Date|Datum|To|An|Subject|Betreff):\\*?\\s.*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SIGNATURE = Pattern.compile("^--\\s*$");
    private static final Pattern CLOSING = Pattern.compile(
            "^(mit freundlichen grüßen|mit freundlichem gruß|freundliche grüße|viele grüße|beste grüße|liebe grüße|mfg|gruß|grüße"
                    + "|best regards|kind regards|regards|best wishes|cheers|thanks,?|thank you,?|sincerely)[,.!]?\\s*$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private ReplyParser() {
    }

    public static ParsedReply parse(String text) {
        List<String> own = ownLines(text == null ? "" : text.replace("\r\n", "\n").replace('\r', '\n'));
        Map<Integer, StringBuilder> answers = new TreeMap<>();
        Integer current = null;
        for (String line : own) {
            Matcher m = MARKER.matcher(line);
            if (m.matches() && !answers.containsKey(Integer.parseInt(m.group(1)))) {
                current = Integer.parseInt(m.group(1));
                answers.put(current, new StringBuilder(m.group(2).strip()));
                continue;
            }
            if (current != null) {
                answers.get(current).append('\n').append(line);
            }
        }
        Map<Integer, String> out = new TreeMap<>();
        answers.forEach((n, b) -> {
            String s = b.toString().strip();
            if (!s.isEmpty()) {
                out.put(n, s);
            }
        });
        return new ParsedReply(String.join("\n", own).strip(), out);
    }

    /** The customer's own lines: quoted text, the quoted letter below a reply header, signature and closing removed. */
    static List<String> ownLines(String text) {
        String[] lines = text.split("\n", -1);
        int end = lines.length;
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            boolean header = REPLY_HEADER.matcher(l).matches() || (OUTLOOK_FROM.matcher(l).matches() && i + 1 < lines.length
                    && OUTLOOK_NEXT.matcher(lines[i + 1].strip()).matches());
            if (header && !ownTextFollows(lines, i + 1)) {
                end = i;
                break;
            }
            if (SIGNATURE.matcher(lines[i]).matches()) {
                end = i;
                break;
            }
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < end; i++) {
            String line = lines[i];
            String l = line.strip();
            if (l.startsWith(">")) {
                Matcher q = QUOTED_QUESTION.matcher(l);
                if (q.matches()) {
                    out.add(q.group(1) + ".");
                }
                continue;
            }
            if (REPLY_HEADER.matcher(l).matches()) {
                continue;
            }
            out.add(line.stripTrailing());
        }
        // a closing formula and whatever follows it (name, company) is not part of the last answer
        for (int i = out.size() - 1; i >= 0; i--) {
            if (CLOSING.matcher(out.get(i).strip()).matches() && out.size() - i <= 6) {
                return out.subList(0, i);
            }
        }
        return out;
    }

    /** Inline replies: own (unquoted) text after the reply header means the header does not end the reply. */
    private static boolean ownTextFollows(String[] lines, int from) {
        boolean quoted = false;
        for (int i = from; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.startsWith(">")) {
                quoted = true;
            } else if (!l.isEmpty() && quoted) {
                return true;
            } else if (!l.isEmpty()) {
                return false;
            }
        }
        return false;
    }
}
