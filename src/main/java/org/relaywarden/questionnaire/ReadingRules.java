package org.relaywarden.questionnaire;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The word lists and patterns by which a customer's reply is read ({@code questionnaire/reading-<lang>.yaml}),
 * one list per key, each rule with the reason a human agent would give for it. Every language's rules are
 * applied to every reply (customers mix languages); the code only decides what a key means, never which
 * words belong to it.
 */
public final class ReadingRules {

    public static final List<String> LANGUAGES = List.of("de", "en");
    public static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS;

    /** One rule: its pattern, why it is there, and the file it comes from. */
    public record Rule(Pattern pattern, String why, String language) {
    }

    /** Where a rule matched: the rule and the text it matched. */
    public record Hit(Rule rule, String matched) {
    }

    private static final class Holder {
        static final ReadingRules STANDARD = load("questionnaire/reading-", LANGUAGES);
    }

    private final Map<String, List<Rule>> rules;
    private final Map<String, Pattern> any = new LinkedHashMap<>();

    ReadingRules(Map<String, List<Rule>> rules) {
        this.rules = rules;
        rules.forEach((key, list) -> any.put(key, Pattern.compile(String.join("|",
                list.stream().map(r -> "(?:" + r.pattern().pattern() + ")").toList()), FLAGS)));
    }

    /** The rules shipped with Relaywarden. */
    public static ReadingRules standard() {
        return Holder.STANDARD;
    }

    /** Loads {@code <prefix><lang>.yaml} for each language from the class path. */
    static ReadingRules load(String prefix, List<String> languages) {
        Map<String, List<Rule>> out = new LinkedHashMap<>();
        for (String lang : languages) {
            String name = prefix + lang + ".yaml";
            try (InputStream in = ReadingRules.class.getClassLoader().getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("reading rules " + name + " are missing");
                }
                Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
                doc.forEach((key, value) -> {
                    if (!(value instanceof List<?> list)) {
                        throw new IllegalStateException(name + ": " + key + " is not a list of rules");
                    }
                    for (Object o : list) {
                        if (!(o instanceof Map<?, ?> m) || !(m.get("pattern") instanceof String p) || !(m.get("why") instanceof String why)) {
                            throw new IllegalStateException(name + ": every rule of " + key + " needs a pattern and a why");
                        }
                        out.computeIfAbsent(key, k -> new ArrayList<>()).add(new Rule(Pattern.compile(p, FLAGS), why, lang));
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(name, e);
            }
        }
        return new ReadingRules(out);
    }

    private Pattern pattern(String key) {
        Pattern p = any.get(key);
        if (p == null) {
            throw new IllegalArgumentException("no reading rules for " + key);
        }
        return p;
    }

    /** Some rule of {@code key} matches somewhere in {@code text}. */
    public boolean finds(String key, String text) {
        return text != null && pattern(key).matcher(plain(text)).find();
    }

    /** The first rule of {@code key} (in file order) that matches in {@code text}, with what it matched. */
    public Optional<Hit> first(String key, String text) {
        pattern(key);
        if (text == null) {
            return Optional.empty();
        }
        for (Rule r : rules.get(key)) {
            Matcher m = r.pattern().matcher(plain(text));
            if (m.find()) {
                return Optional.of(new Hit(r, m.group()));
            }
        }
        return Optional.empty();
    }

    /** Every match of every rule of {@code key}, in the order they stand in the text. */
    public List<String> all(String key, String text) {
        List<String> out = new ArrayList<>();
        if (text != null) {
            Matcher m = pattern(key).matcher(plain(text));
            while (m.find()) {
                out.add(m.group());
            }
        }
        return out;
    }

    /** {@code text} with every match of {@code key} replaced. */
    public String replace(String key, String text, String replacement) {
        return text == null ? null : pattern(key).matcher(plain(text)).replaceAll(Matcher.quoteReplacement(replacement));
    }

    /** Phones and word processors write typographic apostrophes ("haven’t"): the rules are written with the plain one. */
    static String plain(String text) {
        return text.replace('\u2019', '\'').replace('\u02bc', '\'');
    }

    /** The alternation of all rules of {@code key}, for use inside a larger pattern (a group of its own). */
    public String alternation(String key) {
        return "(?:" + pattern(key).pattern() + ")";
    }

    /** The rules of {@code key}, for documentation and tests. */
    public List<Rule> rules(String key) {
        return List.copyOf(rules.getOrDefault(key, List.of()));
    }
}
