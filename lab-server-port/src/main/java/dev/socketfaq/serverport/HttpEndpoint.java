package dev.socketfaq.serverport;

import dev.socketfaq.kit.Connect;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** A time service reached by URL: asking is an HTTP GET, with the same timeouts as the socket clients. */
public record HttpEndpoint(URI url) implements Rendezvous.Endpoint {
    @Override
    public String where() {
        return url.toString();
    }

    @Override
    public String ask() throws IOException {
        var http = (HttpURLConnection) url.toURL().openConnection();
        http.setConnectTimeout(Connect.CONNECT_TIMEOUT_MS);
        http.setReadTimeout(Connect.READ_TIMEOUT_MS);
        // One question per connection, as the other modes ask: no connection left in the JDK's keep-alive
        // cache.
        http.setRequestProperty("Connection", "close");
        try {
            int status;
            try {
                status = http.getResponseCode();
            } catch (ConnectException e) { // "Connection refused" alone does not say where: name the web server
                throw new ConnectException(e.getMessage() + " at " + url.getHost() + ":"
                        + (url.getPort() == -1 ? 80 : url.getPort()) + " (GET " + url + ")");
            } catch (SocketTimeoutException e) { // "Connect timed out", "Read timed out": and where
                throw new SocketTimeoutException(e.getMessage() + " (GET " + url + ")");
            }
            if (status != 200)
                throw new IOException("GET " + url + ": HTTP " + status + " " + http.getResponseMessage());
            InputStream in = http.getInputStream();
            return new String(in.readNBytes(TimeProtocol.MAX_LINE + 1), StandardCharsets.US_ASCII).strip();
        } finally {
            http.disconnect();
        }
    }
}
