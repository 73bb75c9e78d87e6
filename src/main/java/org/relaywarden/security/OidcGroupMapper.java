package org.relaywarden.security;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The identity provider's groups claim → Camunda groups (which are Relaywarden's authorities and
 * what Camunda's authorization checks see). Only the groups configured in {@link OidcProperties}
 * come out; everything else in the claim is ignored. A claim that is missing, not text, or
 * absurdly large gives no groups: the login then reaches nothing but what every user reaches.
 */
final class OidcGroupMapper {

    static final int MAX_VALUES = 1000;
    static final int MAX_VALUE_LENGTH = 256;

    private final OidcProperties properties;

    OidcGroupMapper(OidcProperties properties) {
        this.properties = properties;
    }

    String claim() {
        return properties.groupsClaim();
    }

    /** The Camunda groups of a person whose groups claim holds {@code claimValue}. */
    List<String> camundaGroups(Object claimValue) {
        Set<String> idpGroups = idpGroups(claimValue);
        List<String> camunda = new ArrayList<>();
        for (Map.Entry<String, String> e : properties.groups().entrySet()) {
            if (idpGroups.contains(e.getValue())) {
                camunda.add(e.getKey());
            }
        }
        camunda.sort(null);
        return List.copyOf(camunda);
    }

    List<GrantedAuthority> authorities(Object claimValue) {
        return camundaGroups(claimValue).stream().<GrantedAuthority>map(SimpleGrantedAuthority::new).toList();
    }

    private static Set<String> idpGroups(Object claimValue) {
        Collection<?> values;
        if (claimValue instanceof String s) {
            values = List.of(s.split("[\\s,]+"));
        } else if (claimValue instanceof Collection<?> c) {
            values = c;
        } else {
            return Set.of();
        }
        if (values.size() > MAX_VALUES) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (Object v : values) {
            if (v instanceof String s && !s.isEmpty() && s.length() <= MAX_VALUE_LENGTH) {
                out.add(s);
            }
        }
        return out;
    }
}
