package ai.synaptiq.tools.bench;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One load-generating client: plain HTTP/1.1 GETs over one kept-alive socket, the body read and
 * dropped. The JDK HttpClient spends more CPU per request than the server under test does on a
 * cached answer, which on a two-core machine would measure the client; this spends almost none.
 * Understands Content-Length and chunked bodies (Jetty and ClickHouse use both).
 */
final class KeepAliveClient implements Closeable {
    private final String host;
    private final int port;
    private final byte[] skipBuffer = new byte[64 * 1024];
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    KeepAliveClient(URI base) {
        this.host = base.getHost();
        this.port = base.getPort();
    }

    /** GETs the path (with its query string) and returns the status; reconnects once if the kept socket was closed. */
    int get(String pathAndQuery, String authorization) throws IOException {
        byte[] request = ("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        try {
            return exchange(request);
        } catch (IOException e) {
            close();
            return exchange(request);
        }
    }

    private int exchange(byte[] request) throws IOException {
        if (socket == null) {
            socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            out = socket.getOutputStream();
        }
        out.write(request);
        out.flush();
        String statusLine = line();
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closes = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String h = header.toLowerCase(Locale.ROOT);
            if (h.startsWith("content-length:")) {
                length = Long.parseLong(h.substring(15).trim());
            } else if (h.startsWith("transfer-encoding:") && h.contains("chunked")) {
                chunked = true;
            } else if (h.startsWith("connection:") && h.contains("close")) {
                closes = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0; size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                skip(size);
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length > 0) {
            skip(length);
        }
        if (closes) {
            close();
        }
        return status;
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            int r = in.read(skipBuffer, 0, (int) Math.min(skipBuffer.length, n));
            if (r < 0) {
                throw new EOFException("connection closed in a body");
            }
            n -= r;
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}
