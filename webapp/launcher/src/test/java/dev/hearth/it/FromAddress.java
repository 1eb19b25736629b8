package dev.hearth.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Requests to Hearth from another loopback address (127.0.0.x), over a plain socket: per-address throttling can be
 * tried without holding up the rest of the suite, which calls from 127.0.0.1.
 */
final class FromAddress {

    /** The status and the headers (names lower-case) of an answer. */
    record Answer(int status, Map<String, String> headers) {}

    private FromAddress() {}

    static Answer send(String address, URI server, String method, String path, Map<String, String> headers, String body)
            throws IOException {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(
                InetAddress.getByName(server.getHost()), server.getPort(), InetAddress.getByName(address), 0)) {
            StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + server.getHost()
                    + ":" + server.getPort() + "\r\nConnection: close\r\nContent-Length: " + content.length + "\r\n");
            headers.forEach((name, value) ->
                    request.append(name).append(": ").append(value).append("\r\n"));
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            int status = Integer.parseInt(in.readLine().split(" ")[1]);
            Map<String, String> answered = new HashMap<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                int colon = line.indexOf(':');
                answered.put(
                        line.substring(0, colon).strip().toLowerCase(),
                        line.substring(colon + 1).strip());
            }
            return new Answer(status, answered);
        }
    }
}
