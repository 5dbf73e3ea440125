package io.p2pboot.peer;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A hand-driven peer on a plain blocking socket, writing and reading the wire format byte by
 * byte as the spec states it: the stand-in for a Python peer, and for a hostile one.
 */
final class RawPeer implements AutoCloseable {

    final Socket socket;
    final DataInputStream in;
    final OutputStream out;

    RawPeer(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.setSoTimeout(5000);
        socket.setTcpNoDelay(true);
        socket.connect(address, 2000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Connects from {@code from} (any port), so the listener sees that source IP. */
    RawPeer(InetSocketAddress address, InetAddress from) throws IOException {
        socket = new Socket();
        socket.setSoTimeout(5000);
        socket.setTcpNoDelay(true);
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(address, 2000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    RawPeer(Socket accepted) throws IOException {
        socket = accepted;
        socket.setSoTimeout(5000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** A header: the text right-padded with '|' to 128 bytes. */
    static byte[] header(String text) {
        byte[] b = new byte[128];
        Arrays.fill(b, (byte) '|');
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(t, 0, b, 0, t.length);
        return b;
    }

    RawPeer send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    RawPeer sendHeader(String text) throws IOException {
        return send(header(text));
    }

    /** Sends a DATA header and its payload in one write. */
    RawPeer sendData(String type, byte[] payload) throws IOException {
        byte[] h = header("DATA|data_size=" + payload.length + "&data_type=" + type);
        byte[] all = Arrays.copyOf(h, h.length + payload.length);
        System.arraycopy(payload, 0, all, h.length, payload.length);
        return send(all);
    }

    byte[] read(int n) throws IOException {
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    /** The next header's text, padding stripped. */
    String readHeader() throws IOException {
        return new String(read(128), StandardCharsets.UTF_8).replaceAll("\\|+$", "");
    }

    /** Whether the other side closed: a read that returns end of stream (or a reset), not one that times out. */
    boolean closedByOtherSide() {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
