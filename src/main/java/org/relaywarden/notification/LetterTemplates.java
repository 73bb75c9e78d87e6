package org.relaywarden.notification;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The letters' Thymeleaf templates, {@code templates/letters/<lang>/<kind>.txt} (text mode, first
 * line {@code Subject: ...}) and {@code .html} (HTML mode, where every value is escaped). Two
 * engines of their own (SpEL, as the pages), apart from the web pages' engine, so that a letter never resolves a page.
 */
@Component
public class LetterTemplates {

    public static final Set<String> LANGUAGES = Set.of("de", "en");
    static final String SUBJECT_PREFIX = "Subject: ";
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029\\u0085]+");

    private final TemplateEngine text = engine(TemplateMode.TEXT, ".txt");
    private final TemplateEngine html = engine(TemplateMode.HTML, ".html");
    private final Map<String, List<String>> questions = new ConcurrentHashMap<>();

    public record Rendered(String subject, String text, String html) {
    }

    public Rendered render(LetterKind kind, String language, Map<String, Object> values) {
        if (!LANGUAGES.contains(language)) {
            throw new IllegalArgumentException("no letters in language " + language);
        }
        Context context = new Context(Locale.forLanguageTag(language), values);
        String name = language + "/" + kind.templateName();
        String filled = text.process(name, context);
        int nl = filled.indexOf('\n');
        String first = nl < 0 ? filled : filled.substring(0, nl);
        if (!first.startsWith(SUBJECT_PREFIX)) {
            throw new IllegalStateException("template " + name + ".txt does not start with '" + SUBJECT_PREFIX + "'");
        }
        String subject = oneLine(first.substring(SUBJECT_PREFIX.length()));
        String body = tidy(filled.substring(nl + 1));
        return new Rendered(subject, body, html.process(name, context));
    }

    /** The three questions in the given language, numbered 1 to 3. */
    public List<String> questions(String language) {
        return questions.computeIfAbsent(language, l -> {
            try {
                return List.copyOf(new String(new ClassPathResource("letters/" + l + "/questions.txt").getInputStream()
                        .readAllBytes(), StandardCharsets.UTF_8).strip().lines().toList());
            } catch (IOException e) {
                throw new UncheckedIOException("no questions for language " + l, e);
            }
        });
    }

    /** Text that must stay on one line (a header, a log line): each run of control characters becomes one space. */
    public static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        return CONTROL.matcher(s).replaceAll(" ").strip();
    }

    /** At most one empty line in a row, no trailing blanks: text templates may leave gaps where a block is off. */
    private static String tidy(String body) {
        StringBuilder out = new StringBuilder();
        int blank = 0;
        for (String line : body.strip().split("\n", -1)) {
            String l = line.stripTrailing();
            blank = l.isEmpty() ? blank + 1 : 0;
            if (blank <= 1) {
                out.append(l).append('\n');
            }
        }
        return out.toString();
    }

    private static TemplateEngine engine(TemplateMode mode, String suffix) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/letters/");
        resolver.setSuffix(suffix);
        resolver.setTemplateMode(mode);
        resolver.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resolver.setCacheable(true);
        resolver.setCheckExistence(true);
        SpringTemplateEngine engine = new SpringTemplateEngine();
        engine.setTemplateResolver(resolver);
        return engine;
    }
}
