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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads the corpus of customers' replies (src/test/resources/replies, see its README) through the mail-reply path
 * (MIME → {@link ReplyParser} → the judges of {@link Answers}) and compares each with its human reading, written
 * before the parser read it. Prints the confusion figures for the development and the held-out part and fails on
 * any false "complete": a reply a human finds incomplete (or one only an agent can handle) that would go to review
 * as complete. The figures are also written to target/reply-corpus.md.
 */
class ReplyCorpusTest {

    private static final Logger log = LoggerFactory.getLogger(ReplyCorpusTest.class);
    static final Path CORPUS = Paths.get("src/test/resources/replies");
    static final Set<Integer> ALL = Set.of(1, 2, 3);

    record Case(String name, Set<Integer> humanAnswered, boolean humanQ3, boolean humanAgent,
                Set<Integer> parserAnswered, boolean parserQ3, boolean parserAgent, String readBy,
                java.util.Map<Integer, String> answers) {
        boolean setMatches() {
            return humanAgent == parserAgent && (parserAgent || humanAnswered.equals(parserAnswered));
        }

        boolean q3Matches() {
            return humanQ3 == parserQ3;
        }

        boolean humanIncomplete() {
            return humanAgent || !humanAnswered.equals(ALL);
        }

        boolean falseComplete() {
            return humanIncomplete() && !parserAgent && parserAnswered.equals(ALL);
        }
    }

    record Figures(String part, int replies, int de, int en, int setMatch, int q3Match, int incomplete, int falseComplete,
                   int agentTasks, int humanAgent, int complete, int completeToReview, List<Case> misread) {
        String row() {
            return String.format("| %s | %d (de %d, en %d) | %s | %s | %d of %d | %s (human: %s) | %s |", part, replies, de, en,
                    pct(setMatch, replies), pct(q3Match, replies), falseComplete, incomplete, pct(agentTasks, replies),
                    pct(humanAgent, replies), pct(completeToReview, complete));
        }
    }

    static String pct(int n, int of) {
        return of == 0 ? "-" : String.format("%d%% (%d/%d)", Math.round(100.0 * n / of), n, of);
    }

    @Test
    void theCorpusIsReadAsAHumanReadsItWithoutAFalseComplete() throws Exception {
        Figures dev = read("dev");
        Figures held = read("heldout");
        StringBuilder report = new StringBuilder("| part | replies | answered set matches | question 3 verdict | false complete | agent tasks "
                + "| complete replies that reach review |\n|---|---|---|---|---|---|---|\n" + dev.row() + "\n" + held.row() + "\n");
        for (Figures f : List.of(dev, held)) {
            for (Case c : f.misread()) {
                report.append(String.format("%n%s %s: human %s q3=%s%s, parser %s q3=%s%s (read by %s)%s", f.part(), c.name(),
                        c.humanAnswered(), c.humanQ3(), c.humanAgent() ? " agent" : "", c.parserAnswered(), c.parserQ3(),
                        c.parserAgent() ? " agent" : "", c.readBy(), c.falseComplete() ? "  <-- FALSE COMPLETE" : ""));
                c.answers().forEach((n, text) -> report.append(String.format("%n    %d: %s", n, text.replace("\n", " / "))));
            }
        }
        log.info("reply corpus:\n{}", report);
        Files.createDirectories(Paths.get("target"));
        Files.writeString(Paths.get("target/reply-corpus.md"), report + "\n");

        assertThat(dev.replies() + held.replies()).as("corpus size").isGreaterThanOrEqualTo(100);
        assertThat(List.of(dev.de(), dev.en(), held.de(), held.en())).as("both languages in both parts").allMatch(n -> n > 0);
        assertThat(Stream.concat(dev.misread().stream(), held.misread().stream()).filter(Case::falseComplete).map(Case::name))
                .as("replies a human finds incomplete that would go to review as complete").isEmpty();
    }

    static Figures read(String part) throws Exception {
        Path dir = CORPUS.resolve(part);
        List<Case> cases = new ArrayList<>();
        int de = 0;
        int en = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path reading : files.filter(p -> p.toString().endsWith(".reading")).sorted().toList()) {
                String name = reading.getFileName().toString().replace(".reading", "");
                if (name.contains("-de-")) {
                    de++;
                } else if (name.contains("-en-")) {
                    en++;
                }
                cases.add(judge(name, reading, dir));
            }
        }
        int setMatch = (int) cases.stream().filter(Case::setMatches).count();
        int q3Match = (int) cases.stream().filter(Case::q3Matches).count();
        int incomplete = (int) cases.stream().filter(Case::humanIncomplete).count();
        int falseComplete = (int) cases.stream().filter(Case::falseComplete).count();
        int agent = (int) cases.stream().filter(Case::parserAgent).count();
        int humanAgent = (int) cases.stream().filter(Case::humanAgent).count();
        int complete = (int) cases.stream().filter(c -> !c.humanIncomplete()).count();
        int completeToReview = (int) cases.stream().filter(c -> !c.humanIncomplete() && !c.parserAgent() && c.parserAnswered().equals(ALL)).count();
        List<Case> misread = cases.stream().filter(c -> !c.setMatches() || !c.q3Matches() || c.falseComplete()).toList();
        return new Figures(part, cases.size(), de, en, setMatch, q3Match, incomplete, falseComplete, agent, humanAgent, complete, completeToReview, misread);
    }

    static Case judge(String name, Path reading, Path dir) throws Exception {
        Properties human = new Properties();
        try (Reader r = Files.newBufferedReader(reading, StandardCharsets.UTF_8)) {
            human.load(r);
        }
        IncomingReply reply = reply(dir, name);
        ReplyParser.ParsedReply parsed = ReplyProcessor.withAttachedListings(ReplyParser.parse(reply.text()), reply.attachedListings());
        boolean agent = !parsed.parseable();
        Answers a = ReplyProcessor.toAnswers(parsed);
        Set<Integer> answered = new TreeSet<>();
        if (!agent) {
            answered.addAll(ALL);
            for (String n : a.missingQuestions().split(",")) {
                if (!n.isBlank()) {
                    answered.remove(Integer.parseInt(n.strip()));
                }
            }
        }
        return new Case(name, numbers(human.getProperty("answered", "")), "confirmed".equals(human.getProperty("q3")),
                "yes".equals(human.getProperty("agent")), answered, !agent && a.questionThree().confirmed(), agent,
                parsed.readBy().name(), parsed.answers());
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

    static Set<Integer> numbers(String list) throws IOException {
        Set<Integer> out = new TreeSet<>();
        for (String n : list.split(",")) {
            if (!n.isBlank()) {
                out.add(Integer.parseInt(n.strip()));
            }
        }
        return out;
    }
}
