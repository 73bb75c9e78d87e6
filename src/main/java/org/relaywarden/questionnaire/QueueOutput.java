package org.relaywarden.questionnaire;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads pasted output of a mail server's queue listing ({@code postqueue -p}/{@code mailq} on
 * Postfix, {@code exim -bp}, Sendmail's {@code mailq}, qmail's {@code qmail-qstat}) and tells whether it still lists messages.
 * Customers often paste the listing of a full queue as "proof" that it was emptied.
 */
public final class QueueOutput {

    public enum Verdict {
        /** nothing pasted */
        NONE,
        /** the listing of an empty queue */
        EMPTY,
        /** the listing still shows messages */
        LISTS_MESSAGES,
        /** something else: not recognised as a queue listing either way */
        UNRECOGNISED
    }

    public record Reading(Verdict verdict, int messages) {
    }

    // Postfix: "-- 12 Kbytes in 3 Requests."; Sendmail: "Total requests: 3", "/var/spool/mqueue (3 requests)"
    private static final Pattern POSTFIX_SUMMARY = Pattern.compile("--\\s+\\d+\\s+Kbytes?\\s+in\\s+(\\d+)\\s+Requests?", Pattern.CASE_INSENSITIVE);
    private static final Pattern SENDMAIL_TOTAL = Pattern.compile("Total\\s+requests:\\s*(\\d+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern SENDMAIL_HEADER = Pattern.compile("mqueue\\S*\\s+\\((\\d+)\\s+requests?\\)", Pattern.CASE_INSENSITIVE);
    // a message line: Postfix short (hex) or long queue id, optional * or !, size, date; Sendmail's 14-character ids
    private static final Pattern POSTFIX_LINE = Pattern.compile(
            "(?m)^([0-9A-F]{6,12}|[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z]{10,16}|[0-9A-Za-z]{14})[*!]?\\s+\\d+\\s+(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\\s");
    // Exim: " 25m  2.9K 1aBcDe-000123-Ab <sender>" (old ids 6-6-2, new ids 6-11-4)
    private static final Pattern EXIM_LINE = Pattern.compile(
            "(?m)^\\s*\\d+[smhdw]\\s+[0-9.]+[KM]?\\s+[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4}\\s");
    // qmail: qmail-qstat prints two counters, "messages in queue: 3" and "messages in queue but not yet preprocessed: 14"
    private static final Pattern QMAIL_COUNT = Pattern.compile("messages in queue(?: but not yet preprocessed)?:\\s*(\\d+)", Pattern.CASE_INSENSITIVE);
    // qmail-qread: "7 Dec 2026 02:14:33 GMT  #4456123  2847  <sender@example>" per message
    private static final Pattern QMAIL_READ_LINE = Pattern.compile(
            "(?m)^\\s*\\d{1,2}\\s+\\p{L}{3}\\s+\\d{4}\\s+\\d{1,2}:\\d{2}:\\d{2}\\s+\\S+\\s+#\\d+\\s+\\d+\\s+<");
    // Exim: "exim -bpc" prints the number of messages on the next line
    // any counting command ("exim -bpc", "| wc -l", "| grep -c ...") prints the number on the next line
    private static final Pattern EXIM_COUNT = Pattern.compile("(?m)(?:exim4?\\s+-bpc|\\|\\s*wc\\s+-l|\\|\\s*grep\\s+-c\\b[^\\n]*)\\s*\\n\\s*(\\d+)\\s*$", Pattern.CASE_INSENSITIVE);
    // Exchange: Get-Queue's table has a column MessageCount; Get-Queue | Format-List prints "MessageCount : 14"
    private static final Pattern EXCHANGE_LIST = Pattern.compile("MessageCount\\s*:\\s*(\\d+)", Pattern.CASE_INSENSITIVE);
    // what a listing command printed, told in words: "exim -bpc now returns 27", "qmail-qstat zeigt noch 14"
    private static final Pattern TOLD_COUNT = Pattern.compile("(?:postqueue\\s+-p|mailq|exim4?\\s+-bpc?|qmail-qstat|qmail-qread|get-queue)"
            + "\\S{0,3}\\s+(?:\\S+\\s+){0,2}?(?:returns|shows|says|prints|gives|outputs|lists|reports|zeigt|liefert|gibt|meldet|sagt|ergibt)"
            + "\\s+(?:(?:now|still|noch|immer noch|aus|an)\\s+)*(\\d+)\\b", Pattern.CASE_INSENSITIVE);
    // exiqsumm's last line: "    0       0                  TOTAL"
    private static final Pattern EXIQSUMM_TOTAL = Pattern.compile("(?m)^\\s*(\\d+)\\s+\\S+.*\\bTOTAL\\s*$");
    private static final Pattern LISTING_COMMAND = Pattern.compile(
            "(?m)^[^\\n]{0,60}?[#$>]\\s*(sudo\\s+)?(\\S*/)?(postqueue\\s+-p|mailq|exim4?\\s+-bpc?|qmail-qstat|qmail-qread|get-queue)\\b.*$",
            Pattern.CASE_INSENSITIVE);
    // any other counter a listing prints on a line of its own: Zimbra's zmqstat "deferred=1523", qshape's "TOTAL 12",
    // "queued: 3"; every one of them must be zero
    private static final Pattern COUNTER_LINE = Pattern.compile("(?m)^\\s*(?:[\\w./-]{0,30}\\s)?(?:deferred|active|queued|pending|hold|incoming|"
            + "maildrop|corrupt|in queue|messages|requests|mails|nachrichten)\\s*[:=]\\s*(\\d+)\\s*$|(?m)^\\s*TOTAL\\s+(\\d+)\\b",
            Pattern.CASE_INSENSITIVE);
    // a count told in a sentence: "there are 5 messages back in the queue", "es sind noch 14 Mails drin"
    // also a queue filling again: "jetzt sind wieder 40 drin", "there are 12 back in it"
    private static final Pattern TOLD_STILL = Pattern.compile("(?<!waren |were |was |war )(?:there (?:are|is)|still|noch|es sind|sind noch|are still|wieder|again|sind jetzt|are now)\\s+(?:about |around |ca\\.? |etwa |über )?"
            + "(\\d+)\\s+(?:e-?mails?|messages|mails|nachrichten|drin|in it|in there|back)\\b(?!\\s+(?:deleted|gelöscht|removed|entfernt))", Pattern.CASE_INSENSITIVE);
    // a queue's counter told in a line: "Remote-Queue 0, Retry-Queue 412", "Warteschlange: 3"
    private static final Pattern NAMED_QUEUE_COUNT = Pattern.compile("(?:queue|warteschlange)\\S{0,3}[ \\t]*(?:[:=]|shows|has|hat|zeigt)?[ \\t]*(\\d{1,9})\\b(?![.,:]\\d|\\s*(?:kbytes?|%|kb|mb|min|h\\b|uhr|tage?n?|days?|hours?|stunden))",
            Pattern.CASE_INSENSITIVE);
    // a counting command and its number on one line: "exim -bpc => 0", "postqueue -p | wc -l: 0"
    private static final Pattern ARROW_COUNT = Pattern.compile("(?:exim4?\\s+-bpc|\\|\\s*wc\\s+-l|\\|\\s*grep\\s+-c\\b[^\\n]*?)\\s*(?:=>|->|→|:|=)\\s*(\\d+)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern EXCHANGE_HEADER = Pattern.compile("(?m)^\\s*Identity\\s+.*\\bMessageCount\\b.*$");
    private static final Pattern EMPTY_TEXT = Pattern.compile(
            "Mail queue is empty|mqueue is empty|queue is empty|Total requests:\\s*0\\b|messages in queue:\\s*0\\b|^\\s*0\\s*$|exim\\s+-bpc\\s*\\n\\s*0\\s*$",
            Pattern.CASE_INSENSITIVE);
    /** A line of a pasted listing or the shell command that produced it: not the customer's own words. */
    private static final Pattern LISTING_LINE = Pattern.compile(
            "^[^\\n]{0,60}?[#$>]\\s*(sudo\\s+)?(\\S*/)?(postqueue|mailq|exim4?|exiqgrep|qmail-qstat|qmail-qread|postsuper|sendmail)\\b.*$"
                    + "|^\\s*(\\S*/)?(postqueue|mailq|exim4?|qmail-qstat|qmail-qread|sendmail)(\\s+-\\S+)*\\s*:?\\s*$"
                    + "|^\\s*(postqueue:\\s*)?Mail queue is empty\\s*$|^\\s*\\S*mqueue is empty\\s*$|^\\s*Total requests:\\s*\\d+\\s*$"
                    + "|^\\s*messages in queue( but not yet preprocessed)?:\\s*\\d+\\s*$|^\\s*\\d+\\s*$"
                    + "|^\\s*\\d{1,2}\\s+\\p{L}{3}\\s+\\d{4}\\s+\\d{1,2}:\\d{2}:\\d{2}\\s+\\S+\\s+#\\d+\\s+\\d+\\s+<.*$|^\\s+(remote|local)\\s+\\S+@\\S+\\s*$"
                    + "|^\\s*\\[PS\\].*$|^.*>\\s*Get-Queue\\b.*$|^\\s*Get-Queue\\b.*$|^\\s*Identity\\s+.*MessageCount.*$|^\\s*[-\\s]{8,}$|^\\s*\\S+\\\\\\S+\\s+\\S+\\s+\\p{L}+\\s+\\d+\\s.*$"
                    + "|^\\s*MessageCount\\s*:\\s*\\d+\\s*$|^\\s*\\d+\\s+\\S+.*\\bTOTAL\\s*$|^\\s*Count\\s+Volume\\s+Oldest.*$"
                    + "|^\\s*(hold|corrupt|deferred|active|incoming|maildrop)\\s*=\\s*\\d+\\s*$|^.*[#$]\\s*(sudo\\s+)?(\\S*/)?(zmqstat|qshape|mailq|exiqsumm)\\b.*$"
                    + "|^\\s*-?(ba|z)?sh: .*$|^.*command not found\\s*$"
                    + "|^\\s*postsuper:\\s*Deleted:\\s*\\d+\\s+messages?\\s*$|^\\s*--\\s+\\d+\\s+Kbytes?\\s+in\\s+\\d+\\s+Requests?\\.?\\s*$",
            Pattern.CASE_INSENSITIVE);

    private QueueOutput() {
    }

    public static Reading read(String output) {
        if (output == null || output.isBlank()) {
            return new Reading(Verdict.NONE, 0);
        }
        // several listings pasted one after the other (before and after "postsuper -d ALL"): the last one that reads as
        // a listing counts ("exim -bpc" 0, then "exim -bp" printing nothing; "postqueue -p", then "exim: command not found")
        List<String> listings = listings(output);
        for (int i = listings.size() - 1; i > 0; i--) {
            Reading r = readOne(listings.get(i));
            if (r.verdict() != Verdict.UNRECOGNISED) {
                return r;
            }
        }
        return readOne(listings.get(0));
    }

    private static Reading readOne(String output) {
        // every counter of every known listing must be zero: the largest one is what the queue still holds
        int count = Math.max(Math.max(count(POSTFIX_SUMMARY, output), count(QMAIL_COUNT, output)),
                Math.max(Math.max(count(SENDMAIL_TOTAL, output), count(SENDMAIL_HEADER, output)),
                        Math.max(Math.max(count(EXIM_COUNT, output), count(EXCHANGE_LIST, output)),
                                Math.max(Math.max(count(TOLD_COUNT, output), count(EXIQSUMM_TOTAL, output)), Math.max(Math.max(count(COUNTER_LINE, output), count(NAMED_QUEUE_COUNT, output)), Math.max(count(ARROW_COUNT, output), count(TOLD_STILL, output)))))));
        int lines = lines(POSTFIX_LINE, output) + lines(EXIM_LINE, output) + lines(QMAIL_READ_LINE, output);
        int[] exchange = exchangeTable(output);
        int messages = Math.max(Math.max(count, lines), exchange[1]);
        if (messages > 0) {
            return new Reading(Verdict.LISTS_MESSAGES, messages);
        }
        boolean counted = false;
        for (Pattern counter : List.of(EXIM_COUNT, EXIQSUMM_TOTAL, COUNTER_LINE, QMAIL_COUNT, SENDMAIL_TOTAL, TOLD_COUNT,
                POSTFIX_SUMMARY, SENDMAIL_HEADER, EXCHANGE_LIST, NAMED_QUEUE_COUNT, ARROW_COUNT)) {
            counted |= counter.matcher(output).find();
        }
        // every counter found says 0
        if (counted || exchange[0] > 0 || EMPTY_TEXT.matcher(output.strip()).find()) {
            return new Reading(Verdict.EMPTY, 0);
        }
        return new Reading(Verdict.UNRECOGNISED, 0);
    }

    /**
     * All of it first, then each listing from its prompt line on, when several commands that list the queue were
     * pasted; just all of it otherwise.
     */
    static List<String> listings(String output) {
        Matcher m = LISTING_COMMAND.matcher(output);
        List<Integer> starts = new ArrayList<>();
        while (m.find()) {
            starts.add(m.start());
        }
        List<String> out = new ArrayList<>();
        out.add(output);
        if (starts.size() > 1) {
            for (int i = 0; i < starts.size(); i++) {
                out.add(output.substring(starts.get(i), i + 1 < starts.size() ? starts.get(i + 1) : output.length()));
            }
        }
        return out;
    }

    /**
     * Exchange's {@code Get-Queue} table: {rows read, messages in all of them}. The column MessageCount is found by
     * the header; every row below the dashes counts.
     */
    static int[] exchangeTable(String output) {
        Matcher h = EXCHANGE_HEADER.matcher(output);
        if (!h.find()) {
            return new int[]{0, 0};
        }
        List<String> header = List.of(h.group().strip().split("\\s+"));
        int column = header.indexOf("MessageCount");
        int rows = 0;
        int messages = 0;
        for (String line : output.substring(h.end()).split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("--")) {
                if (rows > 0 && l.isEmpty()) {
                    break;
                }
                continue;
            }
            String[] cells = l.split("\\s+");
            if (cells.length <= column || !cells[column].matches("\\d{1,9}")) {
                break;
            }
            rows++;
            messages += Integer.parseInt(cells[column]);
        }
        return new int[]{rows, messages};
    }

    /** The line belongs to a pasted listing (or is the command that printed it), e.g. {@code "messages in queue: 0"}. */
    public static boolean isListingLine(String line) {
        return LISTING_LINE.matcher(line).matches();
    }

    private static int count(Pattern p, String s) {
        Matcher m = p.matcher(s);
        int max = 0;
        while (m.find()) {
            String n = m.group(1) != null ? m.group(1) : m.group(m.groupCount());
            max = Math.max(max, Integer.parseInt(n.length() > 9 ? "999999999" : n));
        }
        return max;
    }

    private static int lines(Pattern p, String s) {
        Matcher m = p.matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
