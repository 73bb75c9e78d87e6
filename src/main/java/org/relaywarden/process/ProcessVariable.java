package org.relaywarden.process;

import org.camunda.bpm.engine.delegate.VariableScope;

import java.util.Objects;

/** A process variable with a name and a type, declared once in {@link RemediationVariables}. */
public final class ProcessVariable<T> {

    private final String name;
    private final Class<T> type;

    ProcessVariable(String name, Class<T> type) {
        this.name = name;
        this.type = type;
    }

    public String name() {
        return name;
    }

    /** The value, or an {@link IllegalStateException} naming the variable if it is missing. */
    public T get(VariableScope scope) {
        return Objects.requireNonNull(getOrNull(scope), () -> "process variable '" + name + "' is not set");
    }

    public T getOrDefault(VariableScope scope, T fallback) {
        T value = getOrNull(scope);
        return value == null ? fallback : value;
    }

    public T getOrNull(VariableScope scope) {
        Object value = scope.getVariable(name);
        if (value == null) {
            return null;
        }
        if (type == Long.class && value instanceof Number n) {
            return type.cast(n.longValue());
        }
        if (type == Integer.class && value instanceof Number n) {
            return type.cast(n.intValue());
        }
        return type.cast(value);
    }

    public void set(VariableScope scope, T value) {
        scope.setVariable(name, value);
    }

    @Override
    public String toString() {
        return name;
    }
}
