package ai.synaptiq.api.exports.delivery;

import ai.synaptiq.api.errors.InvalidRequestException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.http.conn.DnsResolver;

/**
 * Where a delivery may go (docs/security.md, "Outbound destinations"): webhook URLs, the alert
 * webhook and S3 endpoints are http(s) URLs without user info whose host is a public address.
 * They are checked when given ({@link #checkUrl}: 400 naming the field) and again on every send:
 * the delivery clients resolve host names through {@link #resolver()}, which refuses the name when
 * any of its addresses is not public, so a connection only ever goes to an address checked here
 * (a name that later resolves elsewhere, DNS rebinding, gains nothing). IP addresses are accepted
 * only in their canonical spelling; {@code 2130706433}, {@code 0177.0.0.1} or {@code 127.1} are
 * refused before any lookup. {@code allowPrivate} (the operator's
 * {@code --allow-private-destinations}) lifts the address check for deployments whose receivers
 * are inside; the spelling and scheme rules hold either way.
 */
public final class DestinationPolicy {
    /** What a delivery says when its destination was refused; the same for every refused address and port. */
    public static final String REFUSED = "refused before connecting: the destination's host is not a public address"
            + " (private destinations are off on this server)";
    private static final Pattern IPV4_CANONICAL = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    /** A label a resolver could read as a number (decimal, octal or hex): such names are IP spellings, not names. */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("(0x[0-9a-f]*|[0-9]+)");
    private static final Pattern NAME_LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");

    private final boolean allowPrivate;

    public DestinationPolicy(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    public boolean allowsPrivate() {
        return allowPrivate;
    }

    /**
     * The URL given as {@code field} when it may be a destination; else a 400 naming the field. A
     * name that does not resolve now is accepted (DNS may be down for a moment): every send checks again.
     */
    public URI checkUrl(String url, String field) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw refusal(field, url, "is not a URL");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw refusal(field, url, "must be an http or https URL");
        }
        if (u.getRawUserInfo() != null) {
            throw refusal(field, url, "must not hold a user name or password");
        }
        if (u.getHost() == null) {
            throw refusal(field, url, "has no host");
        }
        String why = hostProblem(u.getHost());
        if (why != null) {
            throw refusal(field, url, why);
        }
        try {
            resolve(u.getHost());
        } catch (RefusedHost e) {
            throw refusal(field, url, "resolves to an address that is not public (loopback, private, link-local or reserved)");
        } catch (UnknownHostException e) {
            // Checked again at send time.
        }
        return u;
    }

    /** Resolves host names for the delivery clients: the checked addresses, or {@link RefusedHost}. */
    public DnsResolver resolver() {
        return this::resolve;
    }

    /** Every address of {@code host}, each of them public (unless private destinations are allowed). */
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (hostProblem(h) != null) {
            throw new RefusedHost();
        }
        InetAddress[] all = InetAddress.getAllByName(h);
        for (InetAddress a : all) {
            // The JDK turns an IPv4-mapped IPv6 literal (::ffff:a.b.c.d) into the IPv4 address: refused as a spelling.
            if (!allowed(a) || (h.contains(":") && a instanceof Inet4Address)) {
                throw new RefusedHost();
            }
        }
        return all;
    }

    /** Why the host (as the URL spells it) can never be a destination; null when it may be one. */
    private String hostProblem(String rawHost) {
        String host = rawHost.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") || host.contains(":")) {
            return null; // an IPv6 literal: the JDK accepts only the standard notations; its address is checked
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        String[] labels = host.split("\\.", -1);
        boolean numeric = true;
        for (String label : labels) {
            numeric &= NUMERIC_LABEL.matcher(label).matches();
        }
        if (numeric || NUMERIC_LABEL.matcher(labels[labels.length - 1]).matches()) {
            return IPV4_CANONICAL.matcher(host).matches() ? null
                    : "spells an IP address in a non-canonical form (write IPv4 as four decimal numbers, such as 203.0.113.7)";
        }
        for (String label : labels) {
            if (!NAME_LABEL.matcher(label).matches()) {
                return "has an invalid host name";
            }
        }
        if (!allowPrivate && (labels.length < 2 || host.equals("localhost") || host.endsWith(".localhost")
                || host.endsWith(".local") || host.endsWith(".internal"))) {
            return "names a host of a local network (a public host has a dotted name such as hooks.example.com)";
        }
        return null;
    }

    private boolean allowed(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isMulticastAddress()) {
            return false; // never a receiver, even inside
        }
        return allowPrivate || isPublic(a);
    }

    /** True for a global unicast address: none of the loopback, private, shared, link-local or reserved ranges. */
    static boolean isPublic(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int x = b[0] & 0xff;
            int y = b[1] & 0xff;
            return !(x == 0                                  // 0.0.0.0/8 "this network"
                    || x == 10                               // RFC 1918
                    || x == 127                              // loopback
                    || (x == 100 && (y & 0xc0) == 64)        // 100.64.0.0/10 shared (carrier-grade NAT)
                    || (x == 169 && y == 254)                // link-local, cloud metadata
                    || (x == 172 && (y & 0xf0) == 16)        // RFC 1918
                    || (x == 192 && y == 168)                // RFC 1918
                    || (x == 192 && y == 0 && b[2] == 0)     // 192.0.0.0/24 IETF protocol assignments
                    || (x == 198 && (y & 0xfe) == 18)        // 198.18.0.0/15 benchmarking
                    || x >= 224);                            // multicast, reserved, broadcast
        }
        if (a instanceof Inet6Address) {
            int first = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
            if ((first & 0xe000) != 0x2000) {
                return false; // outside 2000::/3 global unicast: ::, ::1, mapped and compatible IPv4, fc00::/7, fe80::/10, ff00::/8, ...
            }
            int second = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
            return first != 0x2002                           // 6to4: an IPv4 address inside
                    && !(first == 0x2001 && second == 0)     // Teredo: an IPv4 address inside
                    && !(first == 0x2001 && second == 0x0db8); // documentation
        }
        return false;
    }

    private static InvalidRequestException refusal(String field, String url, String why) {
        String shown = url.length() <= 100 ? url : url.substring(0, 100) + "...";
        return new InvalidRequestException("'" + field + "' " + why + "; got '" + shown + "'");
    }

    /** A host refused at send time; an {@link UnknownHostException} so the HTTP clients stop before connecting. */
    public static final class RefusedHost extends UnknownHostException {
        RefusedHost() {
            super(REFUSED);
        }
    }
}
