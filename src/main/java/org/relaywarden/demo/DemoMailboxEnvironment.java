package org.relaywarden.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;
import org.springframework.util.StringUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Points letters and the reply reader at the <b>demo mailbox</b> ({@link DemoMailbox}): in the {@code demo}
 * profile, with {@code relaywarden.demo-mailbox.enabled} (default true) and neither {@code spring.mail.host}
 * nor {@code relaywarden.imap.host} set, sets those to the demo mailbox's SMTP and IMAP ports on 127.0.0.1
 * (free ports unless {@code relaywarden.demo-mailbox.smtp-port} / {@code .imap-port} name them) and marks it
 * active ({@code relaywarden.demo-mailbox.active}). A configured mail server always wins: then nothing changes.
 */
public class DemoMailboxEnvironment implements EnvironmentPostProcessor, Ordered {

    static final String ACTIVE = "relaywarden.demo-mailbox.active";
    static final String PREFIX = "relaywarden.demo-mailbox.";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (!env.acceptsProfiles(Profiles.of("demo"))
                || !env.getProperty(PREFIX + "enabled", Boolean.class, false)
                || StringUtils.hasText(env.getProperty("spring.mail.host"))
                || StringUtils.hasText(env.getProperty("relaywarden.imap.host"))) {
            return;
        }
        int smtp = port(env.getProperty(PREFIX + "smtp-port", Integer.class, 0));
        int imap = port(env.getProperty(PREFIX + "imap-port", Integer.class, 0));
        String abuse = env.getProperty("relaywarden.letters.from", "abuse@provider.example");
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(ACTIVE, "true");
        p.put(PREFIX + "smtp-port", smtp);
        p.put(PREFIX + "imap-port", imap);
        p.put(PREFIX + "abuse-address", abuse);
        p.put(PREFIX + "abuse-password", password);
        p.put("spring.mail.host", "127.0.0.1");
        p.put("spring.mail.port", smtp);
        p.put("relaywarden.imap.host", "127.0.0.1");
        p.put("relaywarden.imap.port", imap);
        p.put("relaywarden.imap.protocol", "imap");
        p.put("relaywarden.imap.username", abuse);
        p.put("relaywarden.imap.password", password);
        env.getPropertySources().addFirst(new MapPropertySource("demoMailbox", p));
    }

    /** The configured port, or a free one on the loopback address for 0. */
    private static int port(int configured) {
        if (configured > 0) {
            return configured;
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the demo mailbox", e);
        }
    }

    @Override
    public int getOrder() {
        // after the configuration files (ConfigDataEnvironmentPostProcessor) have been read
        return Ordered.LOWEST_PRECEDENCE;
    }
}
