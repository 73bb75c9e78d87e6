package org.relaywarden.questionnaire.mail;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.relaywarden.questionnaire.Answers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads the corpus of customers' replies (src/test/resources/replies, see its README) through the mail-reply path
 * (MIME → {@link ReplyParser} → the judges of {@link Answers} → {@link ReadingConfidence}'s score per answer →
 * {@link ReplyReading}'s confidence) and compares each with its human reading, written before the parser read it. Prints
 * the figures for every part (dev, heldout, blind-dev, blind-heldout, blind2-heldout and its two halves, blind3-heldout,
 * and any further directory of replies with readings, e.g. blind4-heldout) with the goals of issue #34 ({@link #GOALS})
 * each part meets or misses, how often a reading of each confidence is wrong, and the trade-off of the thresholds of
 * confidence on the blind parts ({@link #TRADE_OFF}); fails on any false "complete" (a reply a human finds incomplete, or
 * one only an agent can handle, that would go to review as complete) beyond {@link #FALSE_COMPLETES_LEFT}. The final exam
 * of the seventh pass is {@link #EXAM_PART}, added by the lead and measured once: skipped with a printed line while absent,
 * its figures written to target/reply-corpus-blind6-heldout.md once there (the fifth and sixth passes' exams,
 * {@link #FIFTH_EXAM_PART} and {@link #SIXTH_EXAM_PART}, are development data since). All figures are written to
 * target/reply-corpus.md, every reply's two readings to target/reply-corpus-cases.tsv.
 */
class ReplyCorpusTest {

    private static final Logger log = LoggerFactory.getLogger(ReplyCorpusTest.class);
    static final Path CORPUS = Paths.get("src/test/resources/replies");
    static final Set<Integer> ALL = Set.of(1, 2, 3);
    /**
     * The parts in the order they are printed; a part that does not exist (yet) is left out. Any further directory of
     * replies with readings (e.g. a later blind corpus) is read after these, in the order of its name.
     */
    static final List<String> PARTS = List.of("dev", "heldout", "blind-dev", "blind-heldout", "blind2-heldout", "blind3-heldout",
            "blind4-heldout", "blind5-heldout");
    /**
     * The final exam of issue #34 (seventh pass): a fresh corpus written blind (same format as blind5-heldout, with its
     * followup-open.tsv when it has replies to a follow-up, and the reading conventions of blind4-src/RULES.md), added by
     * the lead as src/test/resources/replies/blind6-heldout (and blind6-README.md) and measured once, never a part to tune
     * the rules on. Until it exists, the test prints that it was skipped; once it exists, its figures are printed and
     * written to target/reply-corpus-blind6-heldout.md. Measured once by the lead (2026-12-08, session 13, 300 replies):
     * answered set 73% (220/300), question 3 91% (272/300), 13 of 159 false completes, complete replies asked again 25%
     * (35/141), agent tasks 10% (31/300): every goal missed; the 13 are its allowance in {@link #FALSE_COMPLETES_LEFT}
     * (the test fails on any increase). The next pass tunes on it as development data and needs a new exam (blind7).
     */
    static final String EXAM_PART = "blind6-heldout";
    /**
     * The sixth pass's exam, measured once (2026-12-08, session 12) and development data since (seventh pass, session 13):
     * answered set 84%, question 3 94%, 11 of 137 false completes, complete replies asked again 10% (10/103), agent tasks
     * 15% (35/240). History; docs/customer-communication.md, "What blind5 taught".
     */
    static final String SIXTH_EXAM_PART = "blind5-heldout";
    /**
     * The fifth pass's exam, measured once (2026-12-08, session 12) and development data since (sixth pass): answered set
     * 80%, question 3 93%, 5 of 170 false completes, complete replies asked again 11% (14/130), agent tasks 20% (60/300).
     * History; docs/customer-communication.md, "What blind4 taught".
     */
    static final String FIFTH_EXAM_PART = "blind4-heldout";
    /**
     * The development part split for cross-validation (issue #34, fourth pass): rules were tuned on its odd-numbered
     * replies (with the older parts) and checked on the even-numbered ones; both halves are printed.
     */
    static final String SPLIT_PART = "blind2-heldout";
    /**
     * False completes blind3-heldout held at its one measurement as the exam of the fourth pass (2026-12-07); history. It is
     * development data since (fifth pass), guarded by {@link #FALSE_COMPLETES_LEFT}.
     */
    static final long EXAM_FALSE_COMPLETES_MEASURED = 32;
    /** False completes the fifth pass's exam ({@link #FIFTH_EXAM_PART}) held at its one measurement. */
    static final int EXAM_FALSE_COMPLETES_FIFTH_PASS = 5;
    /** False completes the sixth pass's exam ({@link #SIXTH_EXAM_PART}) held at its one measurement (2026-12-08, session 12). */
    static final int EXAM_FALSE_COMPLETES_SIXTH_PASS = 11;
    /**
     * False completes still allowed on a development part after the seventh pass (issue #34), each named in
     * docs/customer-communication.md ("What blind5 taught"); the test fails on any increase. Every other part must have none:
     * the fifth pass's exam ({@link #FIFTH_EXAM_PART}, {@value #EXAM_FALSE_COMPLETES_FIFTH_PASS} at its measurement) and the
     * sixth's ({@link #SIXTH_EXAM_PART}, {@value #EXAM_FALSE_COMPLETES_SIXTH_PASS}) hold none since the seventh pass. The
     * seventh pass's exam ({@link #EXAM_PART}) keeps the 13 it held at its one measurement.
     */
    static final Map<String, Integer> FALSE_COMPLETES_LEFT = Map.of("blind3-heldout", 3, EXAM_PART, 13);
    /** The thresholds of confidence tried for the trade-off table; {@link ReadingConfidence#STANDARD} is the one shipped. */
    static final List<ReadingConfidence.Thresholds> TRADE_OFF = List.of(new ReadingConfidence.Thresholds(70, 25),
            new ReadingConfidence.Thresholds(70, 35), new ReadingConfidence.Thresholds(70, 45), new ReadingConfidence.Thresholds(70, 55),
            new ReadingConfidence.Thresholds(70, 60), new ReadingConfidence.Thresholds(80, 60));
    static final String GOALS = "answered set >= 90%, question 3 >= 95%, no false complete, "
            + "complete replies asked again <= 5%, agent tasks <= 10%";

    /**
     * One reply: the human reading and the reader's. {@code parserAnswered} is the reader's best reading (the one
     * pre-filled for the agent when {@code parserAgent}); {@code confident} is false when the reader itself hands it
     * to an agent although it found answers.
     */
    record Case(String name, Set<Integer> humanAnswered, boolean humanQ3, boolean humanAgent,
                Set<Integer> parserAnswered, boolean parserQ3, boolean parserAgent, boolean confident, ReplyReading.Confidence confidence, String readBy,
                Map<Integer, String> answers, String doubts, String verdicts, String kinds,
                ReplyParser.ParsedReply parsed, Properties human, Set<Integer> stillOpen) {
        boolean setMatches() {
            return humanAgent ? parserAgent : humanAnswered.equals(parserAnswered);
        }

        boolean q3Matches() {
            return humanQ3 == parserQ3;
        }

        boolean humanComplete() {
            return !humanAgent && humanAnswered.equals(ALL);
        }

        /** Goes to review as complete although a human finds it incomplete (or only an agent can handle it). */
        boolean falseComplete() {
            return !humanComplete() && !parserAgent && parserAnswered.equals(ALL);
        }

        /** A reply the human reads as complete that gets an automatic follow-up letter asking again. */
        boolean askedAgain() {
            return humanComplete() && !parserAgent && !parserAnswered.equals(ALL);
        }
    }

    record Figures(String part, int replies, int de, int en, int setMatch, int q3Match, int incomplete, int falseComplete,
                   int agentTasks, int humanAgent, int lowConfidence, int complete, int askedAgain, List<Case> misread) {
        String row() {
            return String.format("| %s | %d (de %d, en %d) | %s | %s | %d of %d | %s | %s (human: %s; reader unsure: %d) |",
                    part, replies, de, en, pct(setMatch, replies), pct(q3Match, replies), falseComplete, incomplete,
                    pct(askedAgain, complete), pct(agentTasks, replies), pct(humanAgent, replies), lowConfidence);
        }

        double share(int n, int of) {
            return of == 0 ? 0 : (double) n / of;
        }

        /** The goals of issue #34 that this part misses (empty: all met). */
        List<String> missedGoals() {
            List<String> out = new ArrayList<>();
            if (share(setMatch, replies) < 0.90) {
                out.add("answered set " + pct(setMatch, replies) + " < 90%");
            }
            if (share(q3Match, replies) < 0.95) {
                out.add("question 3 " + pct(q3Match, replies) + " < 95%");
            }
            if (falseComplete > 0) {
                out.add(falseComplete + " false complete");
            }
            if (share(askedAgain, complete) > 0.05) {
                out.add("complete replies asked again " + pct(askedAgain, complete) + " > 5%");
            }
            if (share(agentTasks, replies) > 0.10) {
                out.add("agent tasks " + pct(agentTasks, replies) + " > 10%");
            }
            return out;
        }
    }

    static String pct(int n, int of) {
        return of == 0 ? "-" : String.format("%d%% (%d/%d)", Math.round(100.0 * n / of), n, of);
    }

    @Test
    void theCorpusIsReadAsAHumanReadsItWithoutAFalseComplete() throws Exception {
        List<Figures> parts = new ArrayList<>();
        List<Figures> halves = new ArrayList<>();
        StringBuilder calibration = new StringBuilder("\nhow often a reading of each confidence is wrong (answered set or question 3 differs from the human's):");
        StringBuilder all = new StringBuilder("part\treply\thuman answered\thuman q3\thuman agent\treader answered\treader q3\treader agent"
                + "\tcause\tprevention\tq3 reason\tconfidence\tdoubts\n");
        Map<String, List<Case>> read = new LinkedHashMap<>();
        for (String part : parts()) {
            if (Files.isDirectory(CORPUS.resolve(part))) {
                List<Case> cases = cases(part);
                read.put(part, cases);
                parts.add(figures(part, cases));
                if (part.equals(SPLIT_PART)) {
                    halves.add(figures(part + " odd (tuned on)", cases.stream().filter(c -> number(c) % 2 == 1).toList()));
                    halves.add(figures(part + " even (checked)", cases.stream().filter(c -> number(c) % 2 == 0).toList()));
                }
                calibration.append(calibration(part, cases));
                if (part.equals(SPLIT_PART)) {
                    calibration.append(calibration(part + " odd", cases.stream().filter(c -> number(c) % 2 == 1).toList()))
                            .append(calibration(part + " even", cases.stream().filter(c -> number(c) % 2 == 0).toList()));
                }
                cases.forEach(c -> all.append(String.join("\t", part, c.name(), c.humanAnswered().toString(), String.valueOf(c.humanQ3()),
                        String.valueOf(c.humanAgent()), c.parserAnswered().toString(), String.valueOf(c.parserQ3()),
                        String.valueOf(c.parserAgent()), c.kinds())).append('\n'));
            }
        }
        StringBuilder report = new StringBuilder("| part | replies | answered set matches | question 3 verdict | false complete "
                + "| complete replies asked again | agent tasks |\n|---|---|---|---|---|---|---|\n");
        parts.forEach(f -> report.append(f.row()).append('\n'));
        halves.forEach(f -> report.append(f.row()).append('\n'));
        for (Figures f : parts) {
            List<String> missed = f.missedGoals();
            report.append(String.format("%ngoals of issue #34 (%s) on %s: %s", GOALS, f.part(),
                    missed.isEmpty() ? "all met" : "missed: " + String.join("; ", missed)));
        }
        report.append('\n').append(calibration).append('\n');
        report.append(tradeOff(read));
        if (!read.containsKey(EXAM_PART)) {
            report.append(String.format("%n%s: not there (src/test/resources/replies/%s), skipped%n", EXAM_PART, EXAM_PART));
        }
        for (Figures f : parts) {
            for (Case c : f.misread()) {
                report.append(String.format("%n%s %s: human %s q3=%s%s, parser %s q3=%s%s (read by %s)%s%s%s", f.part(), c.name(),
                        c.humanAnswered(), c.humanQ3(), c.humanAgent() ? " agent" : "", c.parserAnswered(), c.parserQ3(),
                        c.parserAgent() ? (c.confident() ? " agent" : " agent, pre-filled") : "", c.readBy(),
                        c.falseComplete() ? "  <-- FALSE COMPLETE" : "", c.askedAgain() ? "  <-- ASKED AGAIN" : "",
                        c.doubts().isEmpty() ? "" : "\n    unsure: " + c.doubts()));
                report.append("\n    judged: ").append(c.verdicts());
                c.answers().forEach((n, text) -> report.append(String.format("%n    %d: %s", n, text.replace("\n", " / "))));
            }
        }
        log.info("reply corpus:\n{}", report);
        Files.createDirectories(Paths.get("target"));
        Files.writeString(Paths.get("target/reply-corpus.md"), report + "\n");
        Files.writeString(Paths.get("target/reply-corpus-cases.tsv"), all);

        assertThat(parts.stream().filter(f -> f.part().equals("dev") || f.part().equals("heldout")).mapToInt(Figures::replies).sum())
                .as("size of the project's own corpus").isGreaterThanOrEqualTo(100);
        assertThat(parts).as("every part holds replies in both languages").allMatch(f -> f.de() > 0 && f.en() > 0);
        for (Figures f : parts) {
            if (f.part().equals(EXAM_PART)) {
                String exam = String.format("| part | replies | answered set matches | question 3 verdict | false complete "
                        + "| complete replies asked again | agent tasks |%n|---|---|---|---|---|---|---|%n%s%n%ngoals of issue #34 (%s) on %s: %s%n",
                        f.row(), GOALS, f.part(), f.missedGoals().isEmpty() ? "all met" : "missed: " + String.join("; ", f.missedGoals()));
                log.info("final exam ({}):\n{}", EXAM_PART, exam);
                Files.writeString(Paths.get("target/reply-corpus-" + EXAM_PART + ".md"), exam);
            }
        }
        for (Figures f : parts) {
            assertThat(f.misread().stream().filter(Case::falseComplete).map(Case::name))
                    .as("replies of %s a human finds incomplete that would go to review as complete", f.part())
                    .hasSizeLessThanOrEqualTo(FALSE_COMPLETES_LEFT.getOrDefault(f.part(), 0));
        }
    }

    /** The known parts, then any other directory of replies with readings (a later blind corpus), by name. */
    static List<String> parts() throws IOException {
        List<String> out = new ArrayList<>(PARTS);
        try (Stream<Path> dirs = Files.list(CORPUS)) {
            dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted()
                    .filter(d -> !out.contains(d) && hasReadings(CORPUS.resolve(d))).forEach(out::add);
        }
        return out;
    }

    static boolean hasReadings(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(p -> p.toString().endsWith(".reading"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * How the thresholds of confidence trade false completes against complete replies asked again and agent tasks, on the
     * blind development parts together (the exam left out) and per part: each row reads every reply again with other
     * thresholds.
     */
    static String tradeOff(Map<String, List<Case>> read) {
        StringBuilder b = new StringBuilder(String.format("%ntrade-off of the thresholds of confidence (answered >= a, not answered <= o, "
                + "unsure between: to an agent), blind parts together (%s left out); shipped: a=%d, o=%d%n%n"
                + "| answered a | not answered o | false complete | complete replies asked again | agent tasks | answered set | question 3 | per part: false complete / asked again / agent tasks |%n"
                + "|---|---|---|---|---|---|---|---|%n", EXAM_PART, ReadingConfidence.STANDARD.answered(), ReadingConfidence.STANDARD.open()));
        for (ReadingConfidence.Thresholds t : TRADE_OFF) {
            List<Case> all = new ArrayList<>();
            List<String> perPart = new ArrayList<>();
            read.forEach((part, cases) -> {
                if (part.startsWith("blind") && !part.equals(EXAM_PART)) {
                    List<Case> again = cases.stream().map(c -> reread(c, t)).toList();
                    all.addAll(again);
                    Figures p = figures(part, again);
                    perPart.add(String.format("%s %d / %s / %s", part, p.falseComplete(), pct(p.askedAgain(), p.complete()),
                            pct(p.agentTasks(), p.replies())));
                }
            });
            Figures f = figures("blind", all);
            b.append(String.format("| %d | %d | %d of %d | %s | %s (human: %s) | %s | %s | %s |%n", t.answered(), t.open(), f.falseComplete(),
                    f.incomplete(), pct(f.askedAgain(), f.complete()), pct(f.agentTasks(), f.replies()), pct(f.humanAgent(), f.replies()),
                    pct(f.setMatch(), f.replies()), pct(f.q3Match(), f.replies()), String.join(", ", perPart)));
        }
        return b.toString();
    }

    static Figures read(String part) throws Exception {
        return figures(part, cases(part));
    }

    /** Every reply of a part with the human reading and the reader's. */
    static List<Case> cases(String part) throws Exception {
        Path dir = CORPUS.resolve(part);
        List<Case> cases = new ArrayList<>();
        Map<String, Set<Integer>> followUps = followUpsStillOpen(dir);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path reading : files.filter(p -> p.toString().endsWith(".reading")).sorted().toList()) {
                String name = reading.getFileName().toString().replace(".reading", "");
                cases.add(judge(name, reading, dir, followUps.getOrDefault(name, ALL)));
            }
        }
        return cases;
    }

    static Figures figures(String part, List<Case> cases) {
        int de = (int) cases.stream().filter(c -> c.name().contains("-de-")).count();
        int en = (int) cases.stream().filter(c -> c.name().contains("-en-")).count();
        int setMatch = (int) cases.stream().filter(Case::setMatches).count();
        int q3Match = (int) cases.stream().filter(Case::q3Matches).count();
        int incomplete = (int) cases.stream().filter(c -> !c.humanComplete()).count();
        int falseComplete = (int) cases.stream().filter(Case::falseComplete).count();
        int agent = (int) cases.stream().filter(Case::parserAgent).count();
        int humanAgent = (int) cases.stream().filter(Case::humanAgent).count();
        int unsure = (int) cases.stream().filter(c -> c.parserAgent() && !c.confident()).count();
        int complete = (int) cases.stream().filter(Case::humanComplete).count();
        int askedAgain = (int) cases.stream().filter(Case::askedAgain).count();
        List<Case> misread = cases.stream().filter(c -> !c.setMatches() || !c.q3Matches() || c.falseComplete() || c.askedAgain()).toList();
        return new Figures(part, cases.size(), de, en, setMatch, q3Match, incomplete, falseComplete, agent, humanAgent, unsure,
                complete, askedAgain, misread);
    }

    /**
     * The calibration of the confidence on one part: for each level, how many readings and how many of them are wrong
     * (the answered set, or the agent hand-over for a reply only an agent can handle, or question 3 differs).
     */
    static String calibration(String part, List<Case> cases) {
        StringBuilder b = new StringBuilder(String.format("%n%s:", part));
        for (ReplyReading.Confidence level : ReplyReading.Confidence.values()) {
            List<Case> at = cases.stream().filter(c -> c.confidence() == level).toList();
            long wrong = at.stream().filter(c -> !c.setMatches() || !c.q3Matches()).count();
            b.append(String.format(" %s %d readings, %d wrong (%s);", level.name().toLowerCase(Locale.ROOT), at.size(), wrong,
                    pct((int) wrong, at.size())));
        }
        return b.toString();
    }

    /** The reply's number in its part ("601-de-top-..." is 601). */
    static int number(Case c) {
        return Integer.parseInt(c.name().substring(0, c.name().indexOf('-')));
    }

    /**
     * A part whose readings follow the case's convention for replies to a follow-up letter (blind2-heldout: such a
     * reply's {@code answered=} also lists the questions answered before, which the follow-up did not ask again) names
     * in {@code followup-open.tsv} the questions each quoted follow-up still asked. The reader reads the reply alone;
     * the case adds what was answered before, so the reader's side is lifted the same way (questions not asked again
     * count as answered, question 3 as confirmed when it was not asked again). Parts without the file: every reply
     * is read as an answer to the first letter, as their readings are written.
     */
    static Map<String, Set<Integer>> followUpsStillOpen(Path dir) throws IOException {
        Path file = dir.resolve("followup-open.tsv");
        Map<String, Set<Integer>> out = new HashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length != 2 || !f[1].startsWith("open=")) {
                throw new IllegalArgumentException(file + ": not 'name<TAB>open=N,N': " + line);
            }
            out.put(f[0], numbers(f[1].substring("open=".length())));
        }
        return out;
    }

    static Case judge(String name, Path reading, Path dir, Set<Integer> stillOpen) throws Exception {
        Properties human = new Properties();
        try (Reader r = Files.newBufferedReader(reading, StandardCharsets.UTF_8)) {
            human.load(r);
        }
        IncomingReply reply = reply(dir, name);
        ReplyParser.ParsedReply parsed = ReplyProcessor.withAttachedListings(ReplyParser.parse(reply.text()), reply.attachedListings());
        return judge(name, human, parsed, stillOpen, ReadingConfidence.STANDARD);
    }

    /** The case read again with other thresholds of confidence (for the trade-off table). */
    static Case reread(Case c, ReadingConfidence.Thresholds thresholds) {
        return judge(c.name(), c.human(), c.parsed(), c.stillOpen(), thresholds);
    }

    static Case judge(String name, Properties human, ReplyParser.ParsedReply parsed, Set<Integer> stillOpen,
                      ReadingConfidence.Thresholds thresholds) {
        ReplyReading read = ReplyReading.of(parsed, thresholds);
        Answers a = read.answers();
        Set<Integer> answered = new TreeSet<>();
        if (read.parsed().parseable()) {
            answered.addAll(read.answered());
        }
        Set<Integer> answeredBefore = new TreeSet<>(ALL);
        answeredBefore.removeAll(stillOpen);
        answered.addAll(answeredBefore);
        boolean q3 = answeredBefore.contains(3) || (read.parsed().parseable() && a.questionThree().confirmed());
        return new Case(name, numbers(human.getProperty("answered", "")), "confirmed".equals(human.getProperty("q3")),
                "yes".equals(human.getProperty("agent")), answered, q3,
                read.toAgent(), read.confidence() != ReplyReading.Confidence.LOW, read.confidence(), read.parsed().readBy().name(),
                read.parsed().answers(), String.join("; ", read.confidence() == ReplyReading.Confidence.LOW ? read.doubts() : List.of()),
                "1: " + a.causeJudgement().kind().label + "; 2: " + a.preventionJudgement().summary() + "; 3: " + a.questionThree().summary()
                        + (read.scores().isEmpty() ? "" : "; scores " + String.join(", ", read.scores().values().stream()
                        .map(ReadingConfidence.Score::summary).toList())),
                a.causeJudgement().kind() + "\t" + a.preventionJudgement().kind() + "\t" + a.questionThree().reason() + "\t" + read.confidence()
                        + "\t" + String.join("; ", read.doubts()), parsed, human, stillOpen);
    }

    static IncomingReply reply(Path dir, String name) throws Exception {
        Path eml = dir.resolve(name + ".eml");
        if (Files.exists(eml)) {
            try (InputStream in = Files.newInputStream(eml)) {
                return MimeReplies.read(new MimeMessage(Session.getInstance(new Properties()), in));
            }
        }
        String text = Files.readString(dir.resolve(name + ".txt"), StandardCharsets.UTF_8);
        return new IncomingReply("<" + name + "@corpus>", "customer@example.com", "Re: [#RW-17]", List.of(), List.of(), text, false);
    }

    static Set<Integer> numbers(String list) {
        Set<Integer> out = new TreeSet<>();
        for (String n : list.split(",")) {
            if (!n.isBlank()) {
                out.add(Integer.parseInt(n.strip()));
            }
        }
        return out;
    }
}
