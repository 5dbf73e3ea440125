package io.p2pboot.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One 128-byte control header of the Peerpy protocol: a {@link HeaderKind} and its ordered
 * {@code key=value} fields. Immutable. {@link #encode()} writes the exact wire bytes;
 * {@link #decode(byte[])} parses them with the same rules as the Python peer, plus the safety
 * rules of this project (valid UTF-8, required fields present, values well-formed).
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
                               Integer dataSize) {
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
        return parseBoolean(fields.get(STRICT)) == Boolean.TRUE;
    }

    /** HELLO: whether the connection streams fixed-size payloads. */
    public boolean stream() {
        require(HeaderKind.HELLO);
        String v = fields.get(STREAM);
        return v != null && parseBoolean(v) == Boolean.TRUE;
    }

    /** DATA: the payload size; HELLO: the stream size when announced. */
    public OptionalInt dataSize() {
        String v = fields.get(DATA_SIZE);
        if (v == null) {
            return OptionalInt.empty();
        }
        long n = parseSize(v);
        return n < 0 || n > Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of((int) n);
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

    /** Writes the 128 wire bytes to {@code out}. */
    public void encodeTo(ByteBuf out) throws ProtocolException {
        out.writeBytes(encode());
    }

    /**
     * Writes a DATA header straight into {@code out} with no intermediate String: the hot path
     * of every non-streamed message. Same bytes as {@code data(size, type).encode()}.
     */
    public static void writeDataHeader(ByteBuf out, int size, DataType type) {
        if (size < 0) {
            throw new IllegalArgumentException("data_size must not be negative: " + size);
        }
        out.ensureWritable(SIZE);
        int start = out.writerIndex();
        out.writeBytes(DATA_PREFIX);
        writeDecimal(out, size);
        out.writeBytes(DATA_TYPE_INFIX);
        out.writeBytes(TYPE_NAMES[type.ordinal()]);
        int written = out.writerIndex() - start;
        out.writeBytes(PADDING, 0, SIZE - written);
    }

    /** A DATA header as its 128 bytes on the wire. */
    public static byte[] dataHeaderBytes(int size, DataType type) {
        byte[] wire = new byte[SIZE];
        writeDataHeader(Unpooled.wrappedBuffer(wire).clear(), size, type);
        return wire;
    }

    /** DataType.values() once: values() clones its array on every call. */
    static final DataType[] TYPES = DataType.values();
    private static final HeaderKind[] KINDS = HeaderKind.values();

    private static final byte[] DATA_PREFIX = "DATA|data_size=".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA_TYPE_INFIX = "&data_type=".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] TYPE_NAMES = new byte[TYPES.length][];
    private static final byte[] PADDING = new byte[SIZE];

    static {
        for (DataType t : TYPES) {
            TYPE_NAMES[t.ordinal()] = t.wireName().getBytes(StandardCharsets.US_ASCII);
        }
        java.util.Arrays.fill(PADDING, PAD);
    }

    private static void writeDecimal(ByteBuf out, int value) {
        if (value == 0) {
            out.writeByte('0');
            return;
        }
        int digits = 0;
        for (int v = value; v > 0; v /= 10) {
            digits++;
        }
        int end = out.writerIndex() + digits;
        for (int i = end - 1, v = value; i >= out.writerIndex(); i--, v /= 10) {
            out.setByte(i, '0' + v % 10);
        }
        out.writerIndex(end);
    }

    // ------------------------------------------------------------------ decoding

    /** Decodes the 128 bytes of {@code wire}, which must be exactly {@link #SIZE} long. */
    public static Header decode(byte[] wire) throws ProtocolException {
        if (wire.length != SIZE) {
            throw new ProtocolException("a header is " + SIZE + " bytes, not " + wire.length);
        }
        return decode(Unpooled.wrappedBuffer(wire));
    }

    /**
     * Decodes the first 128 readable bytes of {@code buf} without moving its indexes.
     *
     * @throws ProtocolException with the precise reason when the header is not valid
     */
    public static Header decode(ByteBuf buf) throws ProtocolException {
        return decode(buf, buf.readerIndex(), true);
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
        String text = utf8(buf, index);
        HeaderKind kind = kindOf(text);
        if (kind == null) {
            throw new ProtocolException("unknown header kind in '" + printable(shorten(text)) + "'");
        }
        Map<String, String> fields = parseFields(text);
        Header header = new Header(kind, fields);
        if (strictFields || kind == HeaderKind.HELLO || kind == HeaderKind.DATA) {
            header.validate();
        }
        return header;
    }

    private static String utf8(ByteBuf buf, int index) throws ProtocolException {
        boolean ascii = true;
        for (int i = index; i < index + SIZE; i++) {
            if (buf.getByte(i) < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return buf.toString(index, SIZE, StandardCharsets.US_ASCII);
        }
        ByteBuffer nio = buf.nioBufferCount() == 1
                ? buf.nioBuffer(index, SIZE)
                : ByteBuffer.wrap(readBytes(buf, index));
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(nio)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException("header is not valid UTF-8", e);
        }
    }

    private static byte[] readBytes(ByteBuf buf, int index) {
        byte[] bytes = new byte[SIZE];
        buf.getBytes(index, bytes);
        return bytes;
    }

    private static HeaderKind kindOf(String text) {
        for (HeaderKind k : KINDS) {
            if (text.startsWith(k.name())) {
                return k;
            }
        }
        return null;
    }

    private static Map<String, String> parseFields(String text) throws ProtocolException {
        LinkedHashMap<String, String> fields = new LinkedHashMap<>();
        int open = text.indexOf('|');
        if (open < 0) {
            return fields;
        }
        int close = text.indexOf('|', open + 1);
        String list = text.substring(open + 1, close < 0 ? text.length() : close);
        if (list.isEmpty()) {
            return fields;
        }
        int start = 0;
        while (start <= list.length()) {
            int amp = list.indexOf('&', start);
            int end = amp < 0 ? list.length() : amp;
            String part = list.substring(start, end);
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new ProtocolException("malformed header field '" + printable(part) + "' (no '=')");
            }
            fields.put(part.substring(0, eq), part.substring(eq + 1));
            if (amp < 0) {
                break;
            }
            start = amp + 1;
        }
        return fields;
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
                break;
            case DATA:
                if (!fields.containsKey(DATA_SIZE)) {
                    throw new ProtocolException("DATA header without data_size");
                }
                checkedSize();
                requireDataType();
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
        if (parseBoolean(v) == null) {
            throw new ProtocolException(key + " '" + printable(v) + "' is not a boolean");
        }
    }

    private int checkedSize() throws ProtocolException {
        String v = fields.get(DATA_SIZE);
        long n = parseSize(v);
        if (n == NOT_A_NUMBER) {
            throw new ProtocolException("data_size '" + printable(v) + "' is not a number");
        }
        if (n < 0) {
            throw new ProtocolException("data_size " + v + " is negative");
        }
        if (n > Integer.MAX_VALUE) {
            throw new ProtocolException("data_size " + v + " is out of range");
        }
        return (int) n;
    }

    private static final long NOT_A_NUMBER = Long.MIN_VALUE;

    /** Decimal digits with an optional '-'; NOT_A_NUMBER otherwise; saturates past int range. */
    static long parseSize(String v) {
        int i = 0;
        boolean negative = false;
        if (!v.isEmpty() && v.charAt(0) == '-') {
            negative = true;
            i = 1;
        }
        if (i == v.length() || v.length() - i > 18) {
            return v.length() - i > 18 && allDigits(v, i) ? (negative ? -1 : Long.MAX_VALUE) : NOT_A_NUMBER;
        }
        long n = 0;
        for (; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return NOT_A_NUMBER;
            }
            n = n * 10 + (c - '0');
        }
        return negative ? -n : n;
    }

    private static boolean allDigits(String v, int from) {
        for (int i = from; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** True/False/1/0 in any case; null for anything else. */
    static Boolean parseBoolean(String v) {
        if (v == null) {
            return null;
        }
        if (v.equalsIgnoreCase("true") || v.equals("1")) {
            return Boolean.TRUE;
        }
        if (v.equalsIgnoreCase("false") || v.equals("0")) {
            return Boolean.FALSE;
        }
        return null;
    }

    // ------------------------------------------------------------------ DATA fast path

    /** Result of {@link #parseDataHeaderFast} when the fast path does not apply. */
    static final long NOT_FAST = -1;

    /**
     * Parses a plain ASCII DATA header from a copy of its {@link #SIZE} bytes, with no String
     * built: answers {@code (size << 2) | typeOrdinal}, or {@link #NOT_FAST} whenever anything
     * is unusual (not DATA, non-ASCII, odd or missing fields, size out of int range), in which
     * case the caller decodes the slow, precise way. {@link DataHeaderParser} is its caller.
     */
    static long parseDataHeaderFast(byte[] h) {
        if (h[0] != 'D' || h[1] != 'A' || h[2] != 'T' || h[3] != 'A') {
            return NOT_FAST;
        }
        int high = 0;
        for (int i = 4; i < SIZE; i++) {
            high |= h[i];
        }
        if (high < 0) {
            return NOT_FAST; // not ASCII
        }
        int i = indexOf(h, 4, SIZE, PAD);
        if (i < 0) {
            return NOT_FAST;
        }
        i++;
        int listEnd = indexOf(h, i, SIZE, PAD);
        if (listEnd < 0) {
            listEnd = SIZE;
        }
        long size = -1;
        int type = -1;
        while (i < listEnd) {
            int amp = indexOf(h, i, listEnd, (byte) '&');
            int partEnd = amp < 0 ? listEnd : amp;
            int eq = indexOf(h, i, partEnd, (byte) '=');
            if (eq < 0) {
                return NOT_FAST;
            }
            if (matches(h, i, eq, DATA_SIZE_KEY)) {
                size = digits(h, eq + 1, partEnd);
                if (size < 0) {
                    return NOT_FAST;
                }
            } else if (matches(h, i, eq, DATA_TYPE_KEY)) {
                type = typeOrdinal(h, eq + 1, partEnd);
                if (type < 0) {
                    return NOT_FAST;
                }
            }
            if (amp < 0) {
                break;
            }
            i = amp + 1;
            if (i == listEnd) {
                return NOT_FAST;
            }
        }
        if (size < 0 || type < 0) {
            return NOT_FAST;
        }
        return (size << 2) | type;
    }

    private static int indexOf(byte[] h, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (h[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static final byte[] DATA_SIZE_KEY = DATA_SIZE.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA_TYPE_KEY = DATA_TYPE.getBytes(StandardCharsets.US_ASCII);

    private static boolean matches(byte[] h, int from, int to, byte[] expected) {
        if (to - from != expected.length) {
            return false;
        }
        for (int k = 0; k < expected.length; k++) {
            if (h[from + k] != expected[k]) {
                return false;
            }
        }
        return true;
    }

    private static long digits(byte[] h, int from, int to) {
        if (from == to || to - from > 10) {
            return -1;
        }
        long n = 0;
        for (int k = from; k < to; k++) {
            byte b = h[k];
            if (b < '0' || b > '9') {
                return -1;
            }
            n = n * 10 + (b - '0');
        }
        return n > Integer.MAX_VALUE ? -1 : n;
    }

    private static int typeOrdinal(byte[] h, int from, int to) {
        for (DataType t : TYPES) {
            if (matches(h, from, to, TYPE_NAMES[t.ordinal()])) {
                return t.ordinal();
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------ helpers

    /** Escapes control and non-ASCII characters so a reason is safe to log; see {@link Printable}. */
    static String printable(String s) {
        return Printable.of(s);
    }

    private static String shorten(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '|') {
            end--;
        }
        end = Math.min(end, 40);
        return text.substring(0, end);
    }

    @Override
    public boolean equals(Object o) {
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
        return printable(text());
    }
}
