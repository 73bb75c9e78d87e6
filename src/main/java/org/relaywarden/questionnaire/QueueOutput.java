package org.relaywarden.questionnaire;

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
    // qmail: qmail-qstat "messages in queue: 3"
    private static final Pattern QMAIL_COUNT = Pattern.compile("messages in queue:\\s*(\\d+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern EMPTY_TEXT = Pattern.compile(
            "Mail queue is empty|mqueue is empty|queue is empty|Total requests:\\s*0\\b|messages in queue:\\s*0\\b|^\\s*0\\s*$|exim\\s+-bpc\\s*\\n\\s*0\\s*$",
            Pattern.CASE_INSENSITIVE);
    /** A line of a pasted listing or the shell command that produced it: not the customer's own words. */
    private static final Pattern LISTING_LINE = Pattern.compile(
            "^\\s*\\S*[#$]\\s*(sudo\\s+)?(postqueue|mailq|exim|exiqgrep|qmail-qstat|qmail-qread|postsuper|sendmail)\\b.*$"
                    + "|^\\s*(postqueue|mailq|exim|qmail-qstat|qmail-qread|sendmail)(\\s+-\\S+)*\\s*:?\\s*$"
                    + "|^\\s*(postqueue:\\s*)?Mail queue is empty\\s*$|^\\s*\\S*mqueue is empty\\s*$|^\\s*Total requests:\\s*\\d+\\s*$"
                    + "|^\\s*messages in queue( but not yet preprocessed)?:\\s*\\d+\\s*$|^\\s*\\d+\\s*$",
            Pattern.CASE_INSENSITIVE);

    private QueueOutput() {
    }

    public static Reading read(String output) {
        if (output == null || output.isBlank()) {
            return new Reading(Verdict.NONE, 0);
        }
        int count = Math.max(Math.max(count(POSTFIX_SUMMARY, output), count(QMAIL_COUNT, output)),
                Math.max(count(SENDMAIL_TOTAL, output), count(SENDMAIL_HEADER, output)));
        int lines = lines(POSTFIX_LINE, output) + lines(EXIM_LINE, output);
        int messages = Math.max(count, lines);
        if (messages > 0) {
            return new Reading(Verdict.LISTS_MESSAGES, messages);
        }
        if (EMPTY_TEXT.matcher(output.strip()).find()) {
            return new Reading(Verdict.EMPTY, 0);
        }
        return new Reading(Verdict.UNRECOGNISED, 0);
    }

    /** The line belongs to a pasted listing (or is the command that printed it), e.g. {@code "messages in queue: 0"}. */
    public static boolean isListingLine(String line) {
        return LISTING_LINE.matcher(line).matches();
    }

    private static int count(Pattern p, String s) {
        Matcher m = p.matcher(s);
        int max = 0;
        while (m.find()) {
            max = Math.max(max, Integer.parseInt(m.group(1).length() > 9 ? "999999999" : m.group(1)));
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
