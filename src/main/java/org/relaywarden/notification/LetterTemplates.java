package org.relaywarden.notification;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain-text letter templates, {@code letters/<lang>/<kind>.txt}: a first line {@code Subject: ...},
 * then the body. {@code {{name}}} is replaced by a value; an unknown name is an error, so a
 * template and its caller cannot drift apart unnoticed.
 */
@Component
public class LetterTemplates {

    public static final Set<String> LANGUAGES = Set.of("de", "en");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-zA-Z]+)}}");
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    public record Rendered(String subject, String body) {
    }

    public Rendered render(LetterKind kind, String language, Map<String, String> values) {
        String text = load("letters/" + language + "/" + kind.templateName() + ".txt");
        String filled = fill(text, values);
        int nl = filled.indexOf('\n');
        String first = filled.substring(0, nl);
        if (!first.startsWith("Subject: ")) {
            throw new IllegalStateException("template " + kind + "/" + language + " does not start with 'Subject: '");
        }
        return new Rendered(first.substring("Subject: ".length()).strip(), filled.substring(nl + 1).strip() + "\n");
    }

    /** The three questions in the given language, numbered 1 to 3. */
    public List<String> questions(String language) {
        return load("letters/" + language + "/questions.txt").strip().lines().toList();
    }

    private String fill(String text, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("letter template uses {{" + m.group(1) + "}} but no value is given");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String load(String path) {
        return cache.computeIfAbsent(path, p -> {
            try {
                return new String(new ClassPathResource(p).getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("no letter template " + p, e);
            }
        });
    }
}
