package org.relaywarden.questionnaire.mail;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The sentences of our own letters (the templates of every language, and the three questions), to recognise our
 * letter where a mail program quotes it without {@code >} (Outlook's "-----Original Message-----" with an unquoted
 * From/Sent block): a line of it is the quote, any other line there is the customer's, written into it.
 */
final class LetterText {

    private static final Pattern TEMPLATE_SYNTAX = Pattern.compile("\\[#[^\\]]*]|\\[/]|\\[\\(\\$\\{[^}]*}\\)]|^Subject:.*$", Pattern.MULTILINE);
    private static final Pattern PIECES = Pattern.compile("\u0000|\\n|(?<=[.:?!])\\s+");
    private static final Pattern QUESTION = Pattern.compile("^\\s*([1-3])[.)]\\s+\\S.*$");
    static final int MIN_FRAGMENT = 10;

    private static final class Holder {
        static final LetterText STANDARD = load();
    }

    private static final Pattern CONTROL = Pattern.compile("\\[#[^\\]]*]|\\[/]");
    private static final Pattern EXPRESSION = Pattern.compile("\\[\\(\\$\\{.*?}\\)]");
    private static final Pattern URL_ONLY = Pattern.compile("^<?https?://\\S+>?$");
    /** Letters a template line must keep besides its values to be recognised by its shape. */
    static final int MIN_SHAPE_LETTERS = 8;

    private final Set<String> fragments;
    /** No line of our letters is longer (their paragraphs are single lines of a few hundred characters). */
    static final int MAX_LINE = 2_000;

    private final Pattern shapes;

    private LetterText(Set<String> fragments, Pattern shapes) {
        this.fragments = fragments;
        this.shapes = shapes;
    }

    static LetterText standard() {
        return Holder.STANDARD;
    }

    private static LetterText load() {
        Set<String> out = new LinkedHashSet<>();
        Set<String> shapes = new LinkedHashSet<>();
        try {
            PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(LetterText.class.getClassLoader());
            List<Resource> files = new ArrayList<>();
            files.addAll(List.of(resolver.getResources("classpath*:templates/letters/*/*.txt")));
            files.addAll(List.of(resolver.getResources("classpath*:letters/*/questions.txt")));
            for (Resource f : files) {
                String raw = new String(f.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                for (String line : CONTROL.matcher(raw).replaceAll("").split("\n")) {
                    shape(line).ifPresent(shapes::add);
                }
                String text = TEMPLATE_SYNTAX.matcher(new String(f.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).replaceAll("\u0000");
                for (String piece : PIECES.split(text)) {
                    String n = norm(piece);
                    if (n.length() >= MIN_FRAGMENT) {
                        out.add(n);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the letter templates cannot be read", e);
        }
        return new LetterText(out, Pattern.compile(String.join("|", shapes.stream().map(p -> "(?:" + p + ")").toList())));
    }

    /**
     * A template line with values in it ("- Abgewiesen, weil der Versand gesperrt war: [(${evidence.refused})] Versuche",
     * "Ihr Zeichen: [(${caseRef})]") as a pattern of the line in a letter: its words as written, any value in their
     * place. A line of values alone has no shape.
     */
    static Optional<String> shape(String templateLine) {
        String n = norm(templateLine);
        if (!EXPRESSION.matcher(n).find() || EXPRESSION.matcher(n).replaceAll("").replaceAll("[^\\p{L}]", "").length() < MIN_SHAPE_LETTERS) {
            return Optional.empty();
        }
        StringBuilder b = new StringBuilder();
        int at = 0;
        var m = EXPRESSION.matcher(n);
        while (m.find()) {
            b.append(Pattern.quote(n.substring(at, m.start()))).append(".{1,200}?");
            at = m.end();
        }
        b.append(Pattern.quote(n.substring(at)));
        return Optional.of(b.toString());
    }

    /** The line is (a piece of) a sentence of our letters. */
    boolean isLetterLine(String line) {
        if (line.length() > MAX_LINE) {
            return false;
        }
        String whole = norm(line);
        if (URL_ONLY.matcher(whole).matches()) {
            // the link to the questionnaire page: a value of the letter, never an answer
            return true;
        }
        if (shapes.matcher(whole).matches()) {
            return true;
        }
        String n = whole.replaceFirst("^[1-3][.)]\\s*", "");
        if (n.length() < 8) {
            return false;
        }
        for (String piece : PIECES.split(n)) {
            String p = piece.strip();
            if (p.length() >= 6 && !known(p)) {
                return false;
            }
        }
        return true;
    }

    /** The number of our question that this line is, or 0. */
    int question(String line) {
        var m = QUESTION.matcher(line);
        if (!m.matches()) {
            return 0;
        }
        // our question, also shortened or rewrapped: its beginning is a piece of one of our sentences
        String n = norm(line).replaceFirst("^[1-3][.)]\\s*", "");
        return isLetterLine(line) || known(n.substring(0, Math.min(n.length(), 25))) ? Integer.parseInt(m.group(1)) : 0;
    }

    private boolean known(String piece) {
        for (String f : fragments) {
            if (f.contains(piece) || (piece.length() >= MIN_FRAGMENT * 2 && piece.contains(f))) {
                return true;
            }
        }
        return false;
    }

    private static String norm(String s) {
        return s.replaceAll("^[\\s>*]+", "").replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
    }
}
