package dev.tollgate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy a test controls, in front of PostgreSQL. {@link #cut()} is a network partition: open connections are
 * closed and new ones are accepted but never answered (so a client waits for its own timeout, as with a dead host);
 * {@link #restore()} forwards again.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> forwarded = ConcurrentHashMap.newKeySet();
    private final Set<Socket> held = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        daemon("tcp-proxy-accept", this::acceptLoop).start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Closes every forwarded connection; new ones hang until {@link #restore()}. */
    public void cut() {
        cut = true;
        closeAll(forwarded);
    }

    /** Forwards new connections again; the ones held during the cut are closed. */
    public void restore() {
        cut = false;
        closeAll(held);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (cut) {
                    held.add(client);
                } else {
                    forward(client);
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private void forward(Socket client) {
        try {
            Socket upstream = new Socket(targetHost, targetPort);
            forwarded.add(client);
            forwarded.add(upstream);
            daemon("tcp-proxy-up", () -> pump(client, upstream)).start();
            daemon("tcp-proxy-down", () -> pump(upstream, client)).start();
        } catch (IOException e) {
            close(client);
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the other direction or cut() closed the pair
        } finally {
            close(from);
            close(to);
        }
    }

    private void closeAll(Set<Socket> sockets) {
        sockets.forEach(TcpProxy::close);
        sockets.clear();
    }

    private static void close(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        closeAll(forwarded);
        closeAll(held);
    }
}
