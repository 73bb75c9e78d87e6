package org.relaywarden.enforcement.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The client addresses that may talk to the policy service: the relays. The policy protocol has no
 * authentication, and a forged request names any login: whoever may connect can make an innocent
 * account look like a spammer. Addresses and CIDR blocks, IPv4 and IPv6, as literals only (no
 * name is looked up).
 */
public final class AllowedClients {

    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

    private record Block(byte[] network, int bits) {
    }

    private final List<Block> blocks;
    private final String text;

    private AllowedClients(List<Block> blocks, String text) {
        this.blocks = blocks;
        this.text = text;
    }

    public static final AllowedClients LOOPBACK = parse(List.of("127.0.0.0/8", "::1/128"));

    /** Parses {@code 192.0.2.7}, {@code 10.0.0.0/8}, {@code ::1}, {@code fd00::/8}; refuses anything else, saying what. */
    public static AllowedClients parse(List<String> entries) {
        if (entries == null || entries.isEmpty()) {
            throw new IllegalArgumentException("relaywarden.policy.allowed-clients must name at least one address");
        }
        List<Block> blocks = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.strip();
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            if (!LITERAL.matcher(address).matches() || !(address.contains(".") || address.contains(":"))) {
                throw new IllegalArgumentException("allowed policy client '" + raw + "' is not an IP address or CIDR block");
            }
            byte[] bytes;
            try {
                bytes = InetAddress.getByName(address).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("allowed policy client '" + raw + "' is not an IP address or CIDR block");
            }
            int bits = bytes.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > bytes.length * 8) {
                    throw new IllegalArgumentException("allowed policy client '" + raw + "' has a bad prefix length");
                }
            }
            blocks.add(new Block(bytes, bits));
        }
        return new AllowedClients(List.copyOf(blocks), String.join(", ", entries));
    }

    public boolean allows(InetAddress client) {
        byte[] a = client.getAddress();
        for (Block b : blocks) {
            if (matches(a, b)) {
                return true;
            }
        }
        // an IPv4 client seen as ::ffff:a.b.c.d on a dual-stack socket
        if (a.length == 16 && isMappedV4(a)) {
            byte[] v4 = {a[12], a[13], a[14], a[15]};
            for (Block b : blocks) {
                if (matches(v4, b)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isMappedV4(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    private static boolean matches(byte[] address, Block b) {
        if (address.length != b.network().length) {
            return false;
        }
        int full = b.bits() / 8, rest = b.bits() % 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != b.network()[i]) {
                return false;
            }
        }
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (address[full] & mask) == (b.network()[full] & mask);
    }

    @Override
    public String toString() {
        return text;
    }
}
