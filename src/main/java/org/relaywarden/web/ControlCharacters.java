package org.relaywarden.web;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the first control character in a request's text: C0 controls but tab, line feed and carriage
 * return, and DEL. They have no place in anything a person or a monitoring system sends us, and PostgreSQL
 * refuses a NUL in text outright. Walks records, maps (keys and values) and lists of Relaywarden's own request
 * types and names the field, e.g. {@code annotations.summary} or {@code alerts[2].labels.sasl_username}.
 */
public final class ControlCharacters {

    private ControlCharacters() {
    }

    /** Where and which, e.g. field {@code reason}, U+0000; the message reads like a validation error ("reason: ..."). */
    public record Found(String field, int codePoint) {
        public String message() {
            return (field + ": contains the control character U+%04X; send text without control characters")
                    .formatted(codePoint);
        }
    }

    public static boolean isControl(int c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
    }

    /** The first control character in the text, or -1. */
    public static int firstIn(String s) {
        if (s == null) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (isControl(s.charAt(i))) {
                return s.charAt(i);
            }
        }
        return -1;
    }

    /** The first control character anywhere in the value, with the field's path below {@code prefix}. */
    public static Optional<Found> find(Object value, String prefix) {
        return find(value, prefix, 0);
    }

    private static Optional<Found> find(Object value, String path, int depth) {
        if (value == null || depth > 16) {
            return Optional.empty();
        }
        if (value instanceof CharSequence s) {
            int c = firstIn(s.toString());
            return c < 0 ? Optional.empty() : Optional.of(new Found(path.isEmpty() ? "(body)" : path, c));
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                String at = join(path, key.replaceAll("\\p{Cntrl}", "?"));
                if (firstIn(key) >= 0) {
                    return Optional.of(new Found(at + " (the key)", firstIn(key)));
                }
                Optional<Found> f = find(e.getValue(), at, depth + 1);
                if (f.isPresent()) {
                    return f;
                }
            }
            return Optional.empty();
        }
        if (value instanceof Collection<?> list) {
            Iterator<?> it = list.iterator();
            for (int i = 0; it.hasNext(); i++) {
                Optional<Found> f = find(it.next(), path + "[" + i + "]", depth + 1);
                if (f.isPresent()) {
                    return f;
                }
            }
            return Optional.empty();
        }
        if (value instanceof Record record && record.getClass().getName().startsWith("org.relaywarden.")) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                Object v;
                try {
                    var accessor = component.getAccessor();
                    accessor.setAccessible(true); // request records are often package-private
                    v = accessor.invoke(record);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
                Optional<Found> f = find(v, join(path, component.getName()), depth + 1);
                if (f.isPresent()) {
                    return f;
                }
            }
        }
        return Optional.empty();
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
