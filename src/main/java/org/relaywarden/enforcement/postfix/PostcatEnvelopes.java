package org.relaywarden.enforcement.postfix;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code postcat -e -q ID...} output: for every message read to its end, the SASL login
 * from its {@code named_attribute: sasl_username=} record ("" if it has none). Messages whose
 * output ends early (postcat aborts the batch at an id that left the queue) are not reported.
 */
final class PostcatEnvelopes {

    private static final Pattern START = Pattern.compile("\\*\\*\\* ENVELOPE RECORDS (\\S+) \\*\\*\\*");
    private static final Pattern END = Pattern.compile("\\*\\*\\* MESSAGE FILE END (\\S+) \\*\\*\\*");
    private static final String SASL = "named_attribute: sasl_username=";

    private PostcatEnvelopes() {
    }

    /** queue id → SASL login ("" for none), for each message whose records were read completely. */
    static Map<String, String> read(InputStream in) throws IOException {
        Map<String, String> done = new LinkedHashMap<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String current = null;
        String login = "";
        String line;
        while ((line = reader.readLine()) != null) {
            Matcher start = START.matcher(line);
            if (start.matches()) {
                current = idOf(start.group(1));
                login = "";
                continue;
            }
            if (current == null) {
                continue;
            }
            if (line.startsWith(SASL)) {
                login = line.substring(SASL.length()).strip();
                continue;
            }
            Matcher end = END.matcher(line);
            if (end.find() && idOf(end.group(1)).equals(current)) {
                done.put(current, login);
                current = null;
            }
        }
        return done;
    }

    private static String idOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
