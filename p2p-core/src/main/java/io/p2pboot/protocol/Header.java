package io.p2pboot.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * One 128-byte header of the Peerpy protocol: a {@link HeaderKind} and its ordered
 * {@code key=value} fields. Immutable. {@link #encode()} writes the exact wire bytes;
 * {@link #decode(byte[])} reads them with the same rules as the Python peer ({@link HeaderText}),
 * plus the safety rules of this project (valid UTF-8, required fields present, values
 * well-formed). The DATA header of every message takes faster lanes: {@link DataHeaderWriter}
 * and {@link DataHeaderParser}.
 */
public final class Header {

    /** Every header is exactly this many bytes on the wire. */
    public static final int SIZE = 128;
    /** The padding byte, also the separator between the kind and the field list. */
    public static final byte PAD = '|';

    static final String PEER_NAME = "peer_name";
    static final String ADDRESS_NAME = "address_name";
    static final String DATA_TYPE = "data_type";
    static final String DATA_SIZE = "data_size";
    static final String STRICT = "strict";
    static final String STREAM = "stream";
    static final String PINGER = "pinger";
    static final String PONGER = "ponger";
    static final String SESSION = "session";
    static final String RECEIVED = "received";
    static final String SEQ = "seq";
    static final String DUP = "dup";

    /** The most hex digits of a session id. */
    public static final int MAX_SESSION_ID = 32;

    private final HeaderKind kind;
    private final Map<String, String> fields;

    private Header(HeaderKind kind, Map<String, String> fields) {
        this.kind = kind;
        this.fields = Collections.unmodifiableMap(fields);
    }

    // ------------------------------------------------------------------ factories

    /**
     * The initiator's offer. {@code stream} is written only when true (a Python peer reads
     * {@code stream=False} as true); {@code dataSize} only when not null.
     */
    public static Header hello(String peerName, DataType dataType, boolean strict, boolean stream,
                               @Nullable Integer dataSize) {
        Objects.requireNonNull(dataType, "dataType");
        LinkedHashMap<String, String> f = new LinkedHashMap<>();
        f.put(PEER_NAME, checkValue(PEER_NAME, peerName));
        f.put(DATA_TYPE, dataType.wireName());
        f.put(STRICT, strict ? "True" : "False");
        if (stream) {
            f.put(STREAM, "True");
        }
        if (dataSize != null) {
            if (dataSize < 0) {
                throw new IllegalArgumentException("data_size must not be negative: " + dataSize);
            }
            f.put(DATA_SIZE, Integer.toString(dataSize));
        }
        return new Header(HeaderKind.HELLO, f);
    }

    public static Header accept() {
        return new Header(HeaderKind.ACCEPT, new LinkedHashMap<>());
    }

    public static Header deny() {
        return new Header(HeaderKind.DENY, new LinkedHashMap<>());
    }

    /**
     * A session's cumulative acknowledgment: every message of the session up to {@code seq} was
     * handled on the receiving side. Sent only on a connection whose handshake agreed on a session.
     */
    public static Header ack(long seq) {
        if (seq < 0) {
            throw new IllegalArgumentException("seq must not be negative: " + seq);
        }
        LinkedHashMap<String, String> f = new LinkedHashMap<>();
        f.put(SEQ, Long.toString(seq));
        return new Header(HeaderKind.ACK, f);
    }

    /**
     * This HELLO or ACCEPT with the fields of a session appended: the session's id and the highest
     * sequence number this side has received of the other's messages in it. Fields a Python peer
     * ignores (it reads only the ones it knows).
     */
    public Header withSession(String sessionId, long received) {
        if (kind != HeaderKind.HELLO && kind != HeaderKind.ACCEPT) {
            throw new IllegalStateException("only HELLO and ACCEPT carry a session, not " + kind);
        }
        if (!isSessionId(sessionId)) {
            throw new IllegalArgumentException("a session id is 1 to " + MAX_SESSION_ID + " lower-case hex digits: "
                    + Printable.of(sessionId));
        }
        if (received < 0) {
            throw new IllegalArgumentException("received must not be negative: " + received);
        }
        LinkedHashMap<String, String> f = new LinkedHashMap<>(fields);
        f.put(SESSION, sessionId);
        f.put(RECEIVED, Long.toString(received));
        return new Header(kind, f);
    }

    /** The header announcing a payload of {@code size} bytes, fields in the Python peer's order. */
    public static Header data(int size, DataType dataType) {
        Objects.requireNonNull(dataType, "dataType");
        if (size < 0) {
            throw new IllegalArgumentException("data_size must not be negative: " + size);
        }
        LinkedHashMap<String, String> f = new LinkedHashMap<>();
        f.put(DATA_SIZE, Integer.toString(size));
        f.put(DATA_TYPE, dataType.wireName());
        return new Header(HeaderKind.DATA, f);
    }

    /** A discovery probe; {@code pinger} is the {@code ip:port} where answers are awaited. */
    public static Header ping(String pinger) {
        LinkedHashMap<String, String> f = new LinkedHashMap<>();
        f.put(PINGER, checkValue(PINGER, pinger));
        return new Header(HeaderKind.PING, f);
    }

    /** A discovery answer; {@code ponger} is the answering peer's TCP listening {@code ip:port}. */
    public static Header pong(String ponger) {
        LinkedHashMap<String, String> f = new LinkedHashMap<>();
        f.put(PONGER, checkValue(PONGER, ponger));
        return new Header(HeaderKind.PONG, f);
    }

    private static String checkValue(String key, String value) {
        Objects.requireNonNull(value, key);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '|' || c == '&') {
                throw new IllegalArgumentException(key + " must not contain '|' or '&': " + value);
            }
        }
        return value;
    }

    // ------------------------------------------------------------------ accessors

    public HeaderKind kind() {
        return kind;
    }

    /** All fields in wire order (unknown ones included), unmodifiable. */
    public Map<String, String> fields() {
        return fields;
    }

    public Optional<String> field(String key) {
        return Optional.ofNullable(fields.get(key));
    }

    /** HELLO: the initiator's listening address ({@code address_name} is read as an alias). */
    public String peerName() {
        require(HeaderKind.HELLO);
        String name = fields.get(PEER_NAME);
        return name != null ? name : fields.get(ADDRESS_NAME);
    }

    /** HELLO or DATA: the payload encoding. */
    public DataType dataType() {
        if (kind != HeaderKind.HELLO && kind != HeaderKind.DATA) {
            throw new IllegalStateException("a " + kind + " header has no data_type");
        }
        return DataType.fromWireOrNull(fields.get(DATA_TYPE));
    }

    /** HELLO: whether the connection is strict about data types. */
    public boolean strict() {
        require(HeaderKind.HELLO);
        return HeaderText.parseBoolean(fields.get(STRICT)) == Boolean.TRUE;
    }

    /** HELLO: whether the connection streams fixed-size payloads. */
    public boolean stream() {
        require(HeaderKind.HELLO);
        String v = fields.get(STREAM);
        return v != null && HeaderText.parseBoolean(v) == Boolean.TRUE;
    }

    /** DATA: the payload size; HELLO: the stream size when announced. */
    public OptionalInt dataSize() {
        String v = fields.get(DATA_SIZE);
        if (v == null) {
            return OptionalInt.empty();
        }
        long n = HeaderText.parseSize(v);
        return n < 0 || n > Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of((int) n);
    }

    /** HELLO or ACCEPT: the session offered or accepted, when there is one. */
    public Optional<String> session() {
        if (kind != HeaderKind.HELLO && kind != HeaderKind.ACCEPT) {
            return Optional.empty();
        }
        return field(SESSION);
    }

    /** HELLO or ACCEPT with a session: the highest sequence number the sender received of the other's messages. */
    public long received() {
        return number(RECEIVED);
    }

    /** ACK: the acknowledged sequence number; DATA: the message's, 0 when it has none (no session). */
    public long seq() {
        return number(SEQ);
    }

    /** DATA: whether the message is resent to a peer that may have handled it already. */
    public boolean duplicate() {
        String v = fields.get(DUP);
        return v != null && HeaderText.parseBoolean(v) == Boolean.TRUE;
    }

    private long number(String key) {
        String v = fields.get(key);
        long n = v == null ? 0 : HeaderText.parseSize(v);
        return n < 0 ? 0 : n;
    }

    static boolean isSessionId(@Nullable String v) {
        if (v == null || v.isEmpty() || v.length() > MAX_SESSION_ID) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** PING: where answers are awaited (absent on the idle PINGs a Python peer sends over TCP). */
    public Optional<String> pinger() {
        require(HeaderKind.PING);
        return field(PINGER);
    }

    /** PONG: the answering peer's listening address. */
    public Optional<String> ponger() {
        require(HeaderKind.PONG);
        return field(PONGER);
    }

    private void require(HeaderKind expected) {
        if (kind != expected) {
            throw new IllegalStateException("not a " + expected + " header but " + kind);
        }
    }

    // ------------------------------------------------------------------ encoding

    /** The text before padding, e.g. {@code DATA|data_size=3&data_type=raw}. */
    public String text() {
        if (fields.isEmpty()) {
            return kind.name();
        }
        StringBuilder sb = new StringBuilder(SIZE).append(kind.name()).append('|');
        boolean first = true;
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (!first) {
                sb.append('&');
            }
            first = false;
            sb.append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }

    /**
     * The exact 128 wire bytes.
     *
     * @throws ProtocolException when the text does not fit in 128 bytes (nothing can be sent)
     */
    public byte[] encode() throws ProtocolException {
        byte[] text = text().getBytes(StandardCharsets.UTF_8);
        if (text.length > SIZE) {
            throw new ProtocolException("header " + kind + " is " + text.length
                    + " bytes long, more than the " + SIZE + " a header can hold");
        }
        byte[] wire = new byte[SIZE];
        System.arraycopy(text, 0, wire, 0, text.length);
        for (int i = text.length; i < SIZE; i++) {
            wire[i] = PAD;
        }
        return wire;
    }

    // ------------------------------------------------------------------ decoding

    /** Decodes the 128 bytes of {@code wire}, which must be exactly {@link #SIZE} long. */
    public static Header decode(byte[] wire) throws ProtocolException {
        if (wire.length != SIZE) {
            throw new ProtocolException("a header is " + SIZE + " bytes, not " + wire.length);
        }
        return decode(Unpooled.wrappedBuffer(wire), 0, true);
    }

    /**
     * Decodes the header at {@code index}. When {@code strictFields} is false, the fields of a
     * PING or PONG are not required (the idle PINGs a Python peer sends on a connection are
     * skipped, not validated); HELLO and DATA are always checked.
     */
    static Header decode(ByteBuf buf, int index, boolean strictFields) throws ProtocolException {
        if (buf.writerIndex() - index < SIZE) {
            throw new ProtocolException("a header is " + SIZE + " bytes, not "
                    + (buf.writerIndex() - index));
        }
        String text = HeaderText.of(buf, index);
        HeaderKind kind = HeaderText.kind(text);
        Header header = new Header(kind, HeaderText.fields(text));
        if (strictFields || kind == HeaderKind.HELLO || kind == HeaderKind.DATA || kind == HeaderKind.ACCEPT
                || kind == HeaderKind.ACK) {
            header.validate();
        }
        return header;
    }

    private void validate() throws ProtocolException {
        switch (kind) {
            case HELLO:
                if (!fields.containsKey(PEER_NAME) && !fields.containsKey(ADDRESS_NAME)) {
                    throw new ProtocolException("HELLO header without peer_name");
                }
                requireDataType();
                requireBoolean(STRICT, true);
                requireBoolean(STREAM, false);
                if (fields.containsKey(DATA_SIZE)) {
                    checkedSize();
                }
                checkSession();
                break;
            case ACCEPT:
                checkSession();
                break;
            case ACK:
                requireNumber(SEQ, true);
                break;
            case DATA:
                if (!fields.containsKey(DATA_SIZE)) {
                    throw new ProtocolException("DATA header without data_size");
                }
                checkedSize();
                requireDataType();
                requireNumber(SEQ, false);
                requireBoolean(DUP, false);
                break;
            case PING:
                requirePresent(PINGER);
                break;
            case PONG:
                requirePresent(PONGER);
                break;
            default:
                break;
        }
    }

    /** A session offered or accepted must come with a well-formed id and received count. */
    private void checkSession() throws ProtocolException {
        String id = fields.get(SESSION);
        if (id == null) {
            return;
        }
        if (!isSessionId(id)) {
            throw new ProtocolException("session '" + Printable.of(id) + "' is not 1 to " + MAX_SESSION_ID
                    + " lower-case hex digits");
        }
        requireNumber(RECEIVED, true);
    }

    private void requireNumber(String key, boolean required) throws ProtocolException {
        String v = fields.get(key);
        if (v == null) {
            if (required) {
                throw new ProtocolException(kind + " header without " + key);
            }
            return;
        }
        long n = HeaderText.parseSize(v);
        if (n == HeaderText.NOT_A_NUMBER || n < 0) {
            throw new ProtocolException(key + " '" + Printable.of(v) + "' is not a number of at most 18 digits");
        }
    }

    private void requirePresent(String key) throws ProtocolException {
        String v = fields.get(key);
        if (v == null || v.isEmpty()) {
            throw new ProtocolException(kind + " header without " + key);
        }
    }

    private void requireDataType() throws ProtocolException {
        String v = fields.get(DATA_TYPE);
        if (v == null) {
            throw new ProtocolException(kind + " header without data_type");
        }
        DataType.fromWire(v);
    }

    private void requireBoolean(String key, boolean required) throws ProtocolException {
        String v = fields.get(key);
        if (v == null) {
            if (required) {
                throw new ProtocolException(kind + " header without " + key);
            }
            return;
        }
        if (HeaderText.parseBoolean(v) == null) {
            throw new ProtocolException(key + " '" + Printable.of(v) + "' is not a boolean");
        }
    }

    private int checkedSize() throws ProtocolException {
        String v = fields.get(DATA_SIZE);
        long n = HeaderText.parseSize(v);
        if (n == HeaderText.NOT_A_NUMBER) {
            throw new ProtocolException("data_size '" + Printable.of(v) + "' is not a number");
        }
        if (n < 0) {
            throw new ProtocolException("data_size " + v + " is negative");
        }
        if (n > Integer.MAX_VALUE) {
            throw new ProtocolException("data_size " + v + " is out of range");
        }
        return (int) n;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Header)) {
            return false;
        }
        Header other = (Header) o;
        return kind == other.kind && fields.equals(other.fields);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + fields.hashCode();
    }

    @Override
    public String toString() {
        return Printable.of(text());
    }
}
