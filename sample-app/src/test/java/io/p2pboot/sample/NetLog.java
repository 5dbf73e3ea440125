package io.p2pboot.sample;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Chromium's record of what its network stack did ({@code --log-net-log}), read once the browser
 * has quit: the DNS queries it sent, the sockets it connected and the URLs it asked for.
 */
final class NetLog {

    /** Events that exist only when a DNS query is made: the built-in client's, or getaddrinfo's. */
    private static final Set<String> DNS_QUERY_EVENTS = Set.of(
            "DNS_TRANSACTION", "DNS_TRANSACTION_QUERY", "DNS_TRANSACTION_ATTEMPT",
            "HOST_RESOLVER_DNS_TASK", "HOST_RESOLVER_SYSTEM_TASK", "HOST_RESOLVER_MANAGER_DNS_TASK");
    private static final int PHASE_BEGIN = 1;

    /** One entry of the log: its type's name, the id of the socket or request it belongs to, its parameters. */
    record Event(String type, long source, int phase, JsonNode params) {
    }

    private final List<Event> events;

    private NetLog(List<Event> events) {
        this.events = events;
    }

    static NetLog read(Path file) throws IOException {
        String text = Files.readString(file);
        JsonNode root;
        try {
            root = ChatInstance.JSON.readTree(text);
        } catch (JacksonException cutShort) {
            root = ChatInstance.JSON.readTree(closed(text));
        }
        Map<Integer, String> names = new HashMap<>();
        root.path("constants").path("logEventTypes").forEachEntry((name, id) -> names.put(id.asInt(), name));
        List<Event> events = new ArrayList<>();
        for (JsonNode e : root.path("events").values()) {
            events.add(new Event(names.getOrDefault(e.path("type").asInt(), "?"), e.path("source").path("id").asLong(),
                    e.path("phase").asInt(), e.path("params")));
        }
        return new NetLog(events);
    }

    /** A log whose browser died before closing it: drop the last, possibly partial, line and close the arrays. */
    private static String closed(String text) {
        String body = text.substring(0, text.lastIndexOf('\n')).strip();
        while (body.endsWith(",")) {
            body = body.substring(0, body.length() - 1);
        }
        return body + "]}";
    }

    int size() {
        return events.size();
    }

    /** Each DNS query the browser made (any at all breaks the rule). */
    List<String> dnsQueries() {
        return events.stream().filter(e -> DNS_QUERY_EVENTS.contains(e.type()))
                .map(e -> e.type() + " " + e.params()).toList();
    }

    /** Every address the browser opened a TCP connection to. */
    List<String> tcpDestinations() {
        return events.stream().flatMap(e -> switch (e.type()) {
            case "TCP_CONNECT_ATTEMPT" -> Stream.of(text(e.params().path("address")));
            case "TCP_CONNECT" -> e.params().path("address_list").values().stream().map(NetLog::text);
            default -> Stream.empty();
        }).filter(a -> !a.isEmpty()).distinct().toList();
    }

    /**
     * Addresses beyond loopback that a UDP socket sent a datagram to. Chromium's IPv6 reachability
     * check {@code connect()}s a UDP socket to 2001:4860:4860::8888 without ever sending on it (the
     * kernel only picks a route), so a connected socket counts here only when bytes left on it.
     */
    List<String> udpSendsBeyondLoopback() {
        Map<Long, String> connected = new HashMap<>();
        events.stream().filter(e -> e.type().equals("UDP_CONNECT") && e.phase() == PHASE_BEGIN)
                .forEach(e -> connected.put(e.source(), text(e.params().path("address"))));
        return events.stream().filter(e -> e.type().equals("UDP_BYTES_SENT"))
                .map(e -> e.params().has("address") ? text(e.params().path("address")) : connected.getOrDefault(e.source(), "?"))
                .filter(a -> !isLoopback(a)).distinct().toList();
    }

    /** Every URL a request was started for. */
    List<String> requestedUrls() {
        return events.stream().filter(e -> e.type().equals("URL_REQUEST_START_JOB") && e.phase() == PHASE_BEGIN)
                .map(e -> text(e.params().path("url"))).distinct().toList();
    }

    /** Whether {@code ip:port}, {@code [ipv6]:port} or a URL names a loopback address (literals only: no lookup). */
    static boolean isLoopback(String address) {
        String host;
        if (address.contains("://")) {
            host = URI.create(address).getHost();
        } else if (address.startsWith("[")) {
            host = address.substring(1, address.indexOf(']'));
        } else {
            int colon = address.lastIndexOf(':');
            host = colon < 0 ? address : address.substring(0, colon);
        }
        if (host == null || host.isEmpty() || !(host.startsWith("[") || Character.isDigit(host.charAt(0)) || host.contains(":"))) {
            return false; // a name, not an address literal
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String text(JsonNode node) {
        return node.isString() ? node.asString() : node.isMissingNode() ? "" : node.toString();
    }
}
