package org.relaywarden.questionnaire;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/** The questionnaire page's texts per language, {@code questionnaire/texts_<lang>.properties} in UTF-8. */
@Component
class PageTexts {

    private final Map<String, Map<String, String>> byLanguage = new ConcurrentHashMap<>();

    Map<String, String> of(String language) {
        return byLanguage.computeIfAbsent(language, l -> {
            Properties p = new Properties();
            try (var in = new InputStreamReader(new ClassPathResource("questionnaire/texts_" + l + ".properties")
                    .getInputStream(), StandardCharsets.UTF_8)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("no questionnaire texts for " + l, e);
            }
            Map<String, String> m = new ConcurrentHashMap<>();
            p.forEach((k, v) -> m.put((String) k, (String) v));
            return Map.copyOf(m);
        });
    }

    String format(String language, String key, Map<String, Object> args) {
        String s = of(language).get(key);
        for (var e : args.entrySet()) {
            s = s.replace("{" + e.getKey() + "}", String.valueOf(e.getValue()));
        }
        return s;
    }
}
