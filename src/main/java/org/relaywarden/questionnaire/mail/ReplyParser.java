package org.relaywarden.questionnaire.mail;

import org.relaywarden.questionnaire.ContentJudgement;
import org.relaywarden.questionnaire.ReadingRules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a customer's reply as a careful agent would (docs/customer-communication.md, "How a reply is read").
 * <ol>
 * <li>The customer's own text: the quoted letter ({@code >} lines; below a reply header, also Outlook's
 *     "Von:/Gesendet:" without {@code >}), signatures, closings with what follows them, and disclaimers are
 *     removed wherever they stand.</li>
 * <li>Answers by the customer's own markers: a line that starts an answer ("1.", "2)", "Zu Frage 1:", "Q1:",
 *     "Answer 3:", "- Ursache:", "* Cause:", "Regarding your first question"), never a number inside a log line
 *     or a date ("3.412 Mails", "27.11.").</li>
 * <li>Inline replies: text below one of our quoted questions answers it, but only where the customer wrote
 *     between the quoted questions (a quoted letter with all three in a row is just the quote), only where the
 *     customer's own markers do not say otherwise, and for questions 1 and 2 only if it speaks to them.</li>
 * <li>Everything else (prose, one sentence covering all three, text before the first marker) is split into
 *     clauses and mapped to the questions by what each clause says.</li>
 * </ol>
 * The words are in {@link ReadingRules}; this class knows only the shapes.
 */
public final class ReplyParser {

    /** How the answers were found: the customer's markers, our quoted questions, content, or not at all. */
    public enum ReadBy { MARKERS, QUOTED_QUESTIONS, CONTENT, NOTHING }

    public record ParsedReply(String ownText, Map<Integer, String> answers, ReadBy readBy) {
        public boolean parseable() {
            return !answers.isEmpty();
        }
    }

    private static final Pattern QUOTED_QUESTION = Pattern.compile("^>[>\\s]*([1-3])[.)]\\s+\\S.*$");
    private static final Pattern SIGNATURE = Pattern.compile("^(--|—|__)\\s*$");
    private static final Pattern CLAUSE = Pattern.compile("(?<=[.;!?])\\s+|\\n+|,\\s+|\\s+(?:und|and|sowie|aber|but|außerdem|also)\\s+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    /**
     * Longer lines are never a header, closing, signature or disclaimer line, and longer clauses are not mapped by
     * content: no human writes them, and hostile text must not make the line patterns backtrack for long.
     */
    static final int MAX_STRUCTURE_LINE = 1000;
    private static final Pattern ROMAN = Pattern.compile("^\\s*(?:[-*•]\\s*)?\\(?(?<r>I{1,3}|i{1,3})[.)]\\s+(?<rest>\\S.*)$");
    private static final Pattern LETTER = Pattern.compile("^\\s*(?:[-*•]\\s*)?\\(?(?<l>[abcABC])\\)\\s+(?<rest>\\S.*)$");
    private static final Pattern CONTINUATION = Pattern.compile("^(der|die|welche[rsmn]?|which|who|wodurch|womit|weshalb|weswegen|weil|because)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    /** The underline of a heading ("Ursache" over "-------"). */
    private static final Pattern UNDERLINE = Pattern.compile("^\\s*([-=~]{3,}|_{3,9})\\s*$");
    private static final Pattern BULLET = Pattern.compile("^\\s*(?:[-*•·–]\\s*)?(?:\\*\\*)?");

    private static final class Shapes {
        static final Shapes STANDARD = new Shapes(ReadingRules.standard());
        final ReadingRules rules;
        final Pattern number;
        final Pattern ordinal;
        final Pattern[] labels = new Pattern[4];
        final Pattern closing;
        final Pattern[] ordinals = new Pattern[4];
        final Pattern[] numberWords = new Pattern[4];
        final Pattern[] sequences = new Pattern[4];
        final Pattern[] headings = new Pattern[4];

        Shapes(ReadingRules r) {
            rules = r;
            String lead = r.alternation("markerLead");
            String word = r.alternation("markerWord");
            String filler = r.alternation("markerFiller");
            // "1.", "1)", "1:", "1 -", "(1)", "#1", "Zu 1:", "Frage 1", "Q1:", "Nr. 1:", "Answer 3:", a lone "3" on a line;
            // never "3.412" or "27.11." (a digit right after the punctuation is a number, not a marker)
            number = Pattern.compile("^\\s*(?:[-*•]\\s*)?(?:\\*\\*)?(?:" + lead + "\\s+)?(?:(?:" + filler + ")\\s+)?(?:" + word
                    + "\\s*)?[(#]?(?<n>[1-3])(?:\\s+(?:answer|antwort))?(?:\\s*[.):/\\-–]+(?![0-9])|\\s*$)(?:\\*\\*)?\\s*(?<rest>.*)$", ReadingRules.FLAGS);
            // "Regarding your first question: ...", "Zur dritten Frage, ...", "Regarding the second, ..." (the word for
            // "question" left out, then a comma or colon)
            ordinal = Pattern.compile("^\\s*(?:[-*•]\\s*)?" + lead + "\\s+(?:(?:" + filler + ")\\s+)*(?<ord>" + r.alternation("ordinal1") + "|"
                    + r.alternation("ordinal2") + "|" + r.alternation("ordinal3") + ")(?:\\s+" + word + "\\b[\\s:,.\\-–]*|\\s*[,:]\\s*)(?<rest>.*)$",
                    ReadingRules.FLAGS);
            String bullet = "^\\s*(?:[-*•]\\s*)?(?:\\*\\*|#{1,4}\\s*)?";
            String leadIn = "(?:" + lead + "\\s+)?(?:(?:" + filler + ")\\s+)?";
            for (int n = 1; n <= 3; n++) {
                ordinals[n] = Pattern.compile(r.alternation("ordinal" + n), ReadingRules.FLAGS);
                // "Point one: ...", "Frage zwei - ..."
                numberWords[n] = Pattern.compile(bullet + leadIn + word + "\\s+" + r.alternation("numberWord" + n)
                        + "\\b(?:\\*\\*)?[\\s.):,\\-–]*(?<rest>.*)$", ReadingRules.FLAGS);
                // "Erstens: ...", "Secondly, ..."
                sequences[n] = Pattern.compile(bullet + r.alternation("sequence" + n) + "\\b(?:\\*\\*)?[\\s.):,\\-–]*(?<rest>.*)$",
                        ReadingRules.FLAGS);
                // a heading on a line of its own: "Ursache", "What we've done:", "## Queue", "Zur Ursache:"
                headings[n] = Pattern.compile(bullet + leadIn + r.alternation("label" + n) + "(?:\\*\\*)?\\s*[:?]?(?:\\*\\*)?\\s*$",
                        ReadingRules.FLAGS);
                // "- Ursache: ...", "* Cause - ...", "Queue: ..."
                // "Cause? Reused password." (the label asked as a question, the answer after it)
                labels[n] = Pattern.compile(bullet + leadIn + r.alternation("label" + n) + "(?:\\*\\*)?\\s*[:\\-–,?]\\s*\\S.*$",
                        ReadingRules.FLAGS);
            }
            // a closing on a line of its own, or with the name after a comma ("Gruß, Thomas Wolf")
            String c = r.alternation("closing");
            closing = Pattern.compile("^" + c + "[\\s,.!]*$|^" + c + "\\s*,\\s*[\\p{L} .'-]{1,40}$|^" + c + "\\s+[\\p{L}.'-]{1,30}(\\s+[\\p{L}.'-]{1,30})?$",
                    ReadingRules.FLAGS);
        }

        int ordinalNumber(String word) {
            for (int n = 1; n <= 3; n++) {
                if (ordinals[n].matcher(word).matches()) {
                    return n;
                }
            }
            return 0;
        }
    }

    /** A line of the customer's text, or the place of one of our quoted questions (1 to 3), or of other quoted text (-1). */
    record Line(String text, int quoted) {
        boolean own() {
            return quoted == 0;
        }
    }

    private enum Strength { PREAMBLE, WEAK, STRONG }

    private static final class Segment {
        final int number;
        final Strength strength;
        final StringBuilder text = new StringBuilder();
        boolean hasText;

        Segment(int number, Strength strength, String first) {
            this.number = number;
            this.strength = strength;
            append(first == null ? "" : first);
        }

        void append(String line) {
            text.append(line);
            hasText |= !line.isBlank();
        }

        String text() {
            return text.toString().strip();
        }
    }

    private ReplyParser() {
    }

    public static ParsedReply parse(String text) {
        Shapes s = Shapes.STANDARD;
        List<Line> lines = ownLines(s, text == null ? "" : text.replace("\r\n", "\n").replace('\r', '\n'));
        List<Segment> segments = segments(s, lines);
        String own = String.join("\n", lines.stream().filter(Line::own).map(Line::text).toList()).strip();

        boolean strong = segments.stream().anyMatch(g -> g.strength == Strength.STRONG);
        boolean weakValid = inlineReply(segments);
        Map<Integer, String> answers = new TreeMap<>();
        ReadBy by = ReadBy.NOTHING;
        for (int n = 1; n <= 3; n++) {
            String mine = first(segments, n, Strength.STRONG);
            if (mine != null) {
                answers.put(n, mine);
                by = ReadBy.MARKERS;
                continue;
            }
            if (weakValid) {
                String below = first(segments, n, Strength.WEAK);
                if (below != null && (n == 3 || speaksTo(n, below))) {
                    answers.put(n, below);
                    if (by == ReadBy.NOTHING) {
                        by = ReadBy.QUOTED_QUESTIONS;
                    }
                }
            }
        }
        // text the markers leave over (all of it, when there are none) is read by what it says
        StringBuilder rest = new StringBuilder();
        for (Segment g : segments) {
            if (g.strength == Strength.PREAMBLE || (g.strength == Strength.WEAK && !weakValid)) {
                rest.append(g.text()).append('\n');
            }
        }
        Map<Integer, String> byContent = byContent(s, rest.toString());
        for (var e : byContent.entrySet()) {
            if (!answers.containsKey(e.getKey())) {
                answers.put(e.getKey(), e.getValue());
                if (by == ReadBy.NOTHING) {
                    by = ReadBy.CONTENT;
                }
            }
        }
        // an answer that also speaks to a question left open ("the password was weak, we have replaced it"; "Passwort
        // geändert und die Queue auf dem Server geleert"): its clauses about that question answer it, as a careful
        // agent would not ask again for what stands there (question 3 is then judged on those clauses alone)
        for (int n = 1; n <= 3; n++) {
            if (!answers.containsKey(n)) {
                for (var e : answers.entrySet()) {
                    String other = byContent(s, e.getValue()).get(n);
                    if (e.getKey() != n && e.getKey() != 3 && other != null) {
                        answers.put(n, other);
                        break;
                    }
                }
            }
        }
        // numbering mixed up ("1. Die Queue habe ich geleert ... 3. Ursache: Passwort in einem Leak"): two answers that each
        // speak only to the other's question trade places
        for (int a = 1; a <= 3; a++) {
            for (int b = a + 1; b <= 3; b++) {
                String x = answers.get(a);
                String y = answers.get(b);
                if (x != null && y != null && topics(s, x).equals(Set.of(b)) && topics(s, y).equals(Set.of(a))) {
                    answers.put(a, y);
                    answers.put(b, x);
                }
            }
        }
        // our question pasted by the customer in front of the answer ("Bitte bestätigen Sie ..., dass Sie die Mailqueue
        // ... geleert haben? – Ja."), or pasted without one: our words are not the customer's answer
        LetterText letter = LetterText.standard();
        answers.replaceAll((k, v) -> PLACEHOLDER.matcher(beforeOurLetter(letter, withoutOurQuestion(letter, v))).replaceAll("").strip());
        answers.values().removeIf(String::isBlank);
        // a deleted account given instead of a cause answers question 1 by convention (the reviewer weighs it; the
        // reading is then not trusted to go to review on its own, see ReplyReading)
        if (!answers.containsKey(1) && answers.containsKey(2) && s.rules.finds("actionAsCause", answers.get(2))) {
            answers.put(1, answers.get(2));
        }
        if (!strong && !weakValid && !answers.isEmpty()) {
            by = ReadBy.CONTENT;
        }
        return new ParsedReply(own, answers, by);
    }

    /** The questions an answer speaks to: by its label ("Ursache: ..."), else by what its clauses say. */
    private static Set<Integer> topics(Shapes s, String answer) {
        for (int k = 1; k <= 3; k++) {
            if (s.labels[k].matcher(answer.strip().lines().findFirst().orElse("")).matches()) {
                return Set.of(k);
            }
        }
        return byContent(s, answer).keySet();
    }

    /** "[cause]", "[confirm queue empty]": a placeholder of an answer template left as it was is no answer. */
    private static final Pattern PLACEHOLDER = Pattern.compile("(?m)^\\s*\\[[^\\]\\n]{1,60}]\\s*$");
    private static final Pattern ANSWER_AFTER = Pattern.compile("\\s+(?:–|-|->|=>|—)\\s+|(?<=\\?)\\s+");
    private static final int MIN_PASTED = 40;

    /** The answer without our question (or a sentence of our letter) pasted at its start; blank if nothing else is in it. */
    static String withoutOurQuestion(LetterText letter, String answer) {
        String first = answer.lines().findFirst().orElse("");
        if (first.length() > MAX_STRUCTURE_LINE) {
            return answer;
        }
        Matcher m = ANSWER_AFTER.matcher(first);
        while (m.find()) {
            String before = first.substring(0, m.start()).replaceAll("[\\s?.:!]+$", "");
            if (before.length() >= MIN_PASTED && letter.isLetterLine(before)) {
                return answer.substring(m.end()).strip();
            }
        }
        if (first.strip().length() >= MIN_PASTED && letter.isLetterLine(first)) {
            return answer.substring(first.length()).strip();
        }
        return answer;
    }

    /**
     * The answer up to where our letter begins below it: a mail program that quotes without {@code >} (HTML turned to text,
     * a header block the reader did not know) leaves the letter's sentences under the last answer; they are never the
     * customer's ("Anmeldung aus einem Netz, aus dem Sie sonst nie senden" is not a "no" to question 3).
     */
    static String beforeOurLetter(LetterText letter, String answer) {
        List<String> lines = answer.lines().toList();
        for (int i = 1; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.length() >= MIN_PASTED && l.length() <= MAX_STRUCTURE_LINE && letter.isLetterLine(l)) {
                return String.join("\n", lines.subList(0, i));
            }
        }
        return answer;
    }

    private static String first(List<Segment> segments, int n, Strength strength) {
        for (Segment g : segments) {
            if (g.number == n && g.strength == strength && !g.text().isEmpty()) {
                return g.text();
            }
        }
        return null;
    }

    /** An answer 1 or 2 found below our quoted question counts only if it says something about that question. */
    private static boolean speaksTo(int n, String text) {
        return n == 1 ? ContentJudgement.cause(text).recognised() : ContentJudgement.prevention(text).recognised();
    }

    /**
     * An inline reply writes between our quoted questions; a quoted letter with the questions in a row
     * (bottom-posting) is just the quote, and its questions are no markers.
     */
    private static boolean inlineReply(List<Segment> segments) {
        for (int i = 0; i + 1 < segments.size(); i++) {
            if (segments.get(i).strength == Strength.WEAK && !segments.get(i).text().isEmpty()) {
                for (int j = i + 1; j < segments.size(); j++) {
                    if (segments.get(j).strength == Strength.WEAK) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Lines numbered without any sign ("1 phishing", "2 pw neu", "3 queue leer"): markers only when at least two own
     * lines are numbered so, in rising order, and no line has a marker of another form.
     */
    private static boolean bareNumbering(Shapes s, List<Line> lines) {
        int last = 0;
        int count = 0;
        int[] n = new int[1];
        for (Line line : lines) {
            if (!line.own()) {
                continue;
            }
            Matcher m = BARE_NUMBER.matcher(line.text());
            if (m.matches()) {
                int k = Integer.parseInt(m.group("n"));
                if (k <= last) {
                    return false;
                }
                last = k;
                count++;
            } else if (marker(s, line.text(), n) != null) {
                return false;
            }
        }
        return count >= 2;
    }

    private static List<Segment> segments(Shapes s, List<Line> lines) {
        boolean bare = bareNumbering(s, lines);
        List<Segment> out = new ArrayList<>();
        Segment[] strongOf = new Segment[4];
        Segment current = new Segment(0, Strength.PREAMBLE, "");
        out.add(current);
        for (Line line : lines) {
            if (line.quoted() > 0) {
                current = new Segment(line.quoted(), Strength.WEAK, "");
                out.add(current);
                continue;
            }
            if (line.quoted() < 0) {
                continue;
            }
            int[] n = new int[1];
            List<String> pieces = markedSentences(s, line.text());
            if (pieces.size() > 1) {
                // "Regarding the cause, ... Regarding prevention, ... Regarding the queue, ..." on one line
                for (String piece : pieces) {
                    String rest = marker(s, piece, n);
                    if (rest != null && (strongOf[n[0]] == null || !strongOf[n[0]].hasText)) {
                        current = new Segment(n[0], Strength.STRONG, rest);
                        out.add(current);
                        strongOf[n[0]] = current;
                    } else {
                        current.append(" " + piece);
                    }
                }
                continue;
            }
            String rest = marker(s, line.text(), n);
            Matcher b = BARE_NUMBER.matcher(line.text());
            if (rest == null && bare && b.matches()) {
                n[0] = Integer.parseInt(b.group("n"));
                rest = b.group("rest").strip();
            }
            // a number already answered starts no new answer: "2. Maßnahmen:" followed by a list "1. ..., 2. ..."
            if (rest != null && (strongOf[n[0]] == null || !strongOf[n[0]].hasText)) {
                current = new Segment(n[0], Strength.STRONG, rest);
                out.add(current);
                if (strongOf[n[0]] == null || !strongOf[n[0]].hasText) {
                    strongOf[n[0]] = current;
                }
                continue;
            }
            current.append("\n" + line.text());
        }
        return out;
    }

    /** What stands between two clauses ends a sentence: the second one is no relative clause of the first. */
    private static final Pattern SENTENCE_GAP = Pattern.compile("[.!?;\\n]");
    private static final Pattern LABEL_QUESTION = Pattern.compile("(?<=^[^?]{1,40})\\?");
    /** "1 phishing", "2 pw neu": a number and a word, a marker only where several lines of a reply are numbered so. */
    private static final Pattern BARE_NUMBER = Pattern.compile("^\\s*(?<n>[1-3])\\s+(?<rest>\\p{L}.*)$");
    private static final Pattern SENTENCE_START = Pattern.compile("(?<=[.!?])\\s+(?=\\S)");

    /**
     * The sentences of a line when it holds several answers, each sentence starting with a marker in words
     * ("Regarding the cause, ...", "Zur Maßnahme: ..."): at least two of them, the first one among them. Otherwise the
     * line as it is (one piece).
     */
    static List<String> markedSentences(Shapes s, String line) {
        if (line.length() > MAX_STRUCTURE_LINE) {
            return List.of(line);
        }
        String[] sentences = SENTENCE_START.split(line.strip());
        if (sentences.length < 2) {
            return List.of(line);
        }
        int marked = 0;
        int[] n = new int[1];
        for (int i = 0; i < sentences.length; i++) {
            boolean m = !sentences[i].matches("^\\s*\\(?[1-3][.)/].*") && marker(s, sentences[i], n) != null;
            if (i == 0 && !m) {
                return List.of(line);
            }
            marked += m ? 1 : 0;
        }
        return marked >= 2 ? List.of(sentences) : List.of(line);
    }

    /** The rest of the line if it starts an answer (its number into {@code n[0]}), else null. */
    static String marker(Shapes s, String line, int[] n) {
        Matcher m = s.number.matcher(line);
        if (m.matches()) {
            n[0] = Integer.parseInt(m.group("n"));
            return m.group("rest").strip();
        }
        m = s.ordinal.matcher(line);
        if (m.matches()) {
            int k = s.ordinalNumber(m.group("ord").strip());
            if (k > 0) {
                n[0] = k;
                return m.group("rest").strip();
            }
        }
        m = ROMAN.matcher(line);
        if (m.matches()) {
            // "I. ...", "ii) ...": the three answers numbered in roman numerals
            n[0] = m.group("r").length();
            return m.group("rest").strip();
        }
        m = LETTER.matcher(line);
        if (m.matches()) {
            // "(a) ...", "b) ...": the three answers lettered instead of numbered
            n[0] = Character.toLowerCase(m.group("l").charAt(0)) - 'a' + 1;
            return m.group("rest").strip();
        }
        for (int k = 1; k <= 3; k++) {
            for (Pattern p : new Pattern[]{s.numberWords[k], s.sequences[k]}) {
                m = p.matcher(line);
                if (m.matches()) {
                    n[0] = k;
                    return m.group("rest").strip();
                }
            }
            if (s.headings[k].matcher(line).matches()) {
                n[0] = k;
                return "";
            }
        }
        for (int k = 1; k <= 3; k++) {
            if (s.labels[k].matcher(line).matches()) {
                // the label is part of what the customer says ("Queue: geleert"); asked as a question ("Queue? Emptied.")
                // it is a label all the same
                n[0] = k;
                return LABEL_QUESTION.matcher(BULLET.matcher(line).replaceFirst("").strip()).replaceFirst(":");
            }
        }
        return null;
    }

    /**
     * Clauses mapped to the question they speak to: one that says "the cause was" (1), the queue or the outbox (3),
     * a measure (2), a cause (1); the rest (greetings, pleas, complaints) is left out. Neighbouring clauses of one
     * answer keep the words between them.
     */
    static Map<Integer, String> byContent(Shapes s, String text) {
        Map<Integer, StringBuilder> out = new TreeMap<>();
        Map<Integer, Integer> endOf = new TreeMap<>();
        int previous = 0;
        int lastEnd = 0;
        String leadIn = null;
        int leadInEnd = 0;
        Matcher sep = CLAUSE.matcher(text);
        int at = 0;
        while (at <= text.length()) {
            boolean more = sep.find();
            int end = more ? sep.start() : text.length();
            String c = text.substring(at, end).strip();
            if (!c.isEmpty() && c.length() <= MAX_STRUCTURE_LINE) {
                int n = 0;
                if (s.rules.finds("causeExplicit", c)) {
                    n = 1;
                } else if (s.rules.finds("q3Queue", c) || s.rules.finds("q3Command", c)) {
                    n = 3;
                } else if ((out.containsKey(3) && s.rules.finds("q3Partial", c)) || (previous == 3 && (s.rules.finds("q3Device", c)
                        || (s.rules.finds("q3Future", c) && s.rules.finds("q3Server", c) && !s.rules.finds("relayMeasure", c))))) {
                    // "On the backup MX there are still about 40 mails", "Hotel B's server is offline until Thursday": what is
                    // left in a queue, the other machine, or a server still to come, after the queue was spoken of belongs to
                    // the answer to question 3
                    n = 3;
                } else if (previous > 0 && !SENTENCE_GAP.matcher(text.substring(Math.max(0, lastEnd - 1), at)).find() && CONTINUATION.matcher(c).find()) {
                    // ", der die Zugangsdaten aus Outlook ausgelesen hat": a relative clause belongs to the one before
                    n = previous;
                } else if (s.rules.finds("relayMeasure", c) || s.rules.finds("irrelevant", c) || s.rules.finds("cleanedMachine", c)
                        || ((previous == 1 || previous == 2) && s.rules.finds("pronounMeasure", c))) {
                    n = 2;
                } else if (s.rules.finds("cause", c) || s.rules.finds("causeUnknown", c)) {
                    n = 1;
                } else if (previous == 3 && (s.rules.finds("q3Emptied", c) || s.rules.finds("q3EmptyPhrase", c))) {
                    // "..., jetzt steht da nichts mehr": what follows a clause about the queue and says it is empty
                    n = 3;
                } else if (s.rules.finds("q3Outbox", c)) {
                    // the outbox named in a clause about nothing else: the customer's answer to question 3
                    n = 3;
                }
                if (n > 0) {
                    StringBuilder b = out.computeIfAbsent(n, k -> new StringBuilder());
                    if (!b.isEmpty()) {
                        // the clause right after the last one of this answer: keep what stood between them
                        b.append(previous == n ? text.substring(endOf.get(n), at).replace('\n', ' ') : " ");
                    }
                    if (leadIn != null && !SENTENCE_GAP.matcher(text.substring(Math.max(0, leadInEnd - 1), at)).find()) {
                        // "wir überlegen, eine Zwei-Faktor-Anmeldung einzuführen": the clause that plans, hedges or puts
                        // off what follows in its sentence belongs to the answer it qualifies
                        b.append(leadIn).append(' ');
                    }
                    b.append(c);
                    endOf.put(n, at + text.substring(at, end).stripTrailing().length());
                }
                previous = n;
                boolean qualifies = n == 0 && (s.rules.finds("measureNotTaken", c) || s.rules.finds("q3Future", c)
                        || s.rules.finds("q3Hedge", c) || s.rules.finds("q3Unknown", c));
                leadIn = qualifies ? c : null;
                leadInEnd = qualifies ? end : 0;
            }
            if (!more) {
                break;
            }
            lastEnd = end;
            at = sep.end();
        }
        Map<Integer, String> result = new TreeMap<>();
        out.forEach((k, v) -> result.put(k, v.toString().replaceAll("\\s+", " ").strip()));
        return result;
    }

    /**
     * The customer's own lines, in order, with the places of our quoted questions: the quoted letter below a
     * reply header, quoted lines, signatures, closings and what follows them, disclaimers and signature lines
     * removed.
     */
    static List<Line> ownLines(Shapes s, String text) {
        ReadingRules r = s.rules;
        LetterText letter = LetterText.standard();
        String[] lines = unquoteOthers(r, letter, pipeQuotes(letter, text.split("\n", -1)));
        int end = lines.length;
        // where our letter stands quoted without ">" and the customer wrote into it: its lines are the quote
        int inlineFrom = lines.length;
        for (int i = 0; i < lines.length; i++) {
            if (isHeader(r, lines, i) && !ownTextFollows(lines, i + 1)) {
                int body = afterHeaderBlock(r, lines, i);
                Unquoted kind = unquoted(s, letter, lines, body);
                if (kind == Unquoted.OTHER) {
                    // a forwarded mail of someone else (the IT person's answer): their text is the reply
                    i = body - 1;
                    continue;
                }
                if (kind == Unquoted.LETTER_WITH_ANSWERS) {
                    inlineFrom = i;
                    break;
                }
                end = i;
                break;
            }
        }
        List<Line> out = new ArrayList<>();
        boolean signature = false;
        boolean disclaimer = false;
        for (int i = 0; i < end; i++) {
            String raw = lines[i];
            String l = raw.strip();
            if (i >= inlineFrom && !l.isEmpty()) {
                int q = letter.question(l);
                if (q > 0 || letter.isLetterLine(l)) {
                    signature = false;
                    out.add(new Line("", q > 0 ? q : -1));
                    continue;
                }
                // the customer's answer marked ">>" inside our unquoted letter
                raw = QUOTE_MARKS.matcher(raw).replaceFirst("");
                l = raw.strip();
            }
            if (l.startsWith(">")) {
                signature = false;
                disclaimer = false;
                Matcher q = QUOTED_QUESTION.matcher(l);
                out.add(new Line("", q.matches() ? Integer.parseInt(q.group(1)) : -1));
                continue;
            }
            if (l.length() > MAX_STRUCTURE_LINE) {
                // a long line: only a disclaimer's opening (at its start) is looked for
                if (!signature && !disclaimer) {
                    if (r.finds("disclaimer", l.substring(0, 300))) {
                        disclaimer = true;
                    } else {
                        out.add(new Line(raw.stripTrailing(), 0));
                    }
                }
                continue;
            }
            if (isHeader(r, lines, i)) {
                // a reply header above quoted text that the customer answers below: the header and its lines go
                while (i + 1 < end && lines[i + 1].length() <= MAX_STRUCTURE_LINE && r.finds("headerNext", lines[i + 1].strip())) {
                    i++;
                }
                continue;
            }
            if (signature) {
                continue;
            }
            if (disclaimer) {
                disclaimer = !l.isEmpty();
                continue;
            }
            if (SIGNATURE.matcher(l).matches() || s.closing.matcher(l).matches()) {
                // the signature, or a closing and the name, company and footer that follow it, up to the next quote
                signature = true;
                continue;
            }
            if (r.finds("disclaimer", l)) {
                disclaimer = true;
                continue;
            }
            if (r.finds("signatureLine", l) || UNDERLINE.matcher(l).matches()) {
                continue;
            }
            out.add(new Line(raw.stripTrailing(), 0));
        }
        return out;
    }

    private enum Unquoted { OTHER, LETTER, LETTER_WITH_ANSWERS }

    private static final Pattern PIPE = Pattern.compile("^\\s*\\|\\s?");

    /** Lines quoted with "| ", where they hold our letter, are quoted like ones with ">". */
    private static String[] pipeQuotes(LetterText letter, String[] lines) {
        String[] out = lines.clone();
        boolean ours = false;
        for (String line : lines) {
            if (PIPE.matcher(line).find()) {
                String l = PIPE.matcher(line).replaceFirst("").strip();
                ours |= l.length() <= MAX_STRUCTURE_LINE && (letter.isLetterLine(l) || letter.question(l) > 0);
            }
        }
        // the mail program quotes with "|": every such line is the quote, also the ones around our letter
        for (int k = 0; ours && k < lines.length; k++) {
            if (PIPE.matcher(lines[k]).find()) {
                out[k] = "> " + PIPE.matcher(lines[k]).replaceFirst("");
            }
        }
        return out;
    }

    private static final Pattern QUOTE_MARKS = Pattern.compile("^\\s*(>\\s?)+");

    /**
     * Quoted text that is not our letter is the customer's material ("our technician wrote:" and his answer quoted
     * with ">", a forwarded mail quoted by Apple Mail): in each quoted block, the lines before our letter (its
     * sentences, our questions, or a reply header introducing it) lose their quote marks. The quoted letter stays
     * quoted.
     */
    private static String[] unquoteOthers(ReadingRules r, LetterText letter, String[] lines) {
        String[] out = lines.clone();
        int i = 0;
        while (i < lines.length) {
            if (!lines[i].strip().startsWith(">")) {
                i++;
                continue;
            }
            int start = i;
            int stop = -1;
            boolean other = false;
            boolean ours = false;
            for (; i < lines.length && lines[i].strip().startsWith(">"); i++) {
                String l = QUOTE_MARKS.matcher(lines[i]).replaceFirst("").strip();
                if (stop >= 0 || l.isEmpty() || l.length() > MAX_STRUCTURE_LINE) {
                    continue;
                }
                if (r.finds("replyHeader", l)) {
                    stop = i;
                } else if (letter.isLetterLine(l) || letter.question(l) > 0) {
                    ours = true;
                } else if (!r.finds("headerFrom", l) && !r.finds("headerNext", l)) {
                    other |= l.split("\\s+").length >= 4;
                }
            }
            other &= !ours;
            int end = stop < 0 ? i : stop;
            if (other) {
                for (int k = start; k < end; k++) {
                    out[k] = QUOTE_MARKS.matcher(lines[k]).replaceFirst("");
                }
            }
        }
        return out;
    }

    /** The first line after a reply header and its From/Sent/To/Subject lines. */
    private static int afterHeaderBlock(ReadingRules r, String[] lines, int i) {
        int j = i + 1;
        while (j < lines.length && (lines[j].isBlank() || (lines[j].length() <= MAX_STRUCTURE_LINE
                && (r.finds("headerNext", lines[j].strip()) || r.finds("headerFrom", lines[j].strip()))))) {
            j++;
        }
        return j;
    }

    /**
     * What stands below a reply header without ">": our letter (its sentences are known), our letter with the
     * customer's answers written into it (own lines between or right below our quoted questions), or someone else's
     * mail (a forwarded answer of the customer's IT person, which is the reply).
     */
    private static Unquoted unquoted(Shapes s, LetterText letter, String[] lines, int from) {
        int seen = 0;
        boolean ours = false;
        for (int i = from; i < lines.length && seen < 8; i++) {
            String l = lines[i].strip();
            if (l.isEmpty() || l.startsWith(">")) {
                if (l.startsWith(">") && seen == 0) {
                    return Unquoted.LETTER;
                }
                if (l.startsWith(">")) {
                    // someone's text, then their own quote of the letter ("Linda, here's what to send them: ...")
                    break;
                }
                continue;
            }
            seen++;
            ours |= letter.isLetterLine(l);
        }
        for (int i = from; i < lines.length && !ours; i++) {
            ours = letter.question(lines[i].strip()) > 0;
        }
        if (!ours) {
            return seen == 0 ? Unquoted.LETTER : Unquoted.OTHER;
        }
        boolean question = false;
        for (int i = from; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.isEmpty() || l.length() > MAX_STRUCTURE_LINE) {
                continue;
            }
            if (letter.question(l) > 0) {
                question = true;
            } else if (s.closing.matcher(l).matches() || isHeader(s.rules, lines, i)) {
                break;
            } else if (question && !letter.isLetterLine(l)) {
                return Unquoted.LETTER_WITH_ANSWERS;
            }
        }
        return Unquoted.LETTER;
    }

    private static boolean isHeader(ReadingRules r, String[] lines, int i) {
        String l = lines[i].strip();
        if (l.length() > MAX_STRUCTURE_LINE) {
            return false;
        }
        return r.finds("replyHeader", l) || (r.finds("headerFrom", l) && i + 1 < lines.length && lines[i + 1].length() <= MAX_STRUCTURE_LINE && r.finds("headerNext", lines[i + 1].strip()));
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
