package org.relaywarden.process;

import java.lang.reflect.Field;

/**
 * Reads a field of one of the engine's command objects (CompleteTaskCmd's {@code variables}, …): the
 * engine offers no getters for what a command was given, and both the variable guard and the
 * operator-action audit must see it before the command runs.
 */
final class CommandFields {

    private CommandFields() {
    }

    /** The field's value (possibly null); an {@link IllegalStateException} if the command has no such field. */
    static Object read(Object command, String name) {
        for (Class<?> c = command.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(command);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read " + name + " of " + command.getClass().getName(), e);
            }
        }
        throw new IllegalStateException("no field " + name + " in " + command.getClass().getName());
    }
}
