package org.relaywarden.web;

/** A request body that looks for control characters itself, part by part ({@link ControlCharacterAdvice} skips it). */
public interface ChecksItsOwnText {
}
