package org.relaywarden.cases;

import java.util.regex.Pattern;

/** The human-readable case id ({@code RW-42}); it is the process business key and appears in every letter. */
public record CaseReference(long id) {

    private static final Pattern FORMAT = Pattern.compile("RW-[1-9][0-9]{0,17}");

    public CaseReference {
        if (id <= 0) {
            throw new IllegalArgumentException("case id must be positive");
        }
    }

    public static CaseReference parse(String raw) {
        if (raw == null || !FORMAT.matcher(raw).matches()) {
            throw new UnknownCaseException("not a case reference (expected RW-<number>)");
        }
        return new CaseReference(Long.parseLong(raw.substring(3)));
    }

    @Override
    public String toString() {
        return "RW-" + id;
    }
}
