package org.relaywarden.web;

/** Input that cannot be used, with a message meant for the caller (answered with 400). */
public class BadRequestException extends RuntimeException {
    private final String title;

    public BadRequestException(String title, String message) {
        super(message);
        this.title = title;
    }

    public String title() {
        return title;
    }
}
