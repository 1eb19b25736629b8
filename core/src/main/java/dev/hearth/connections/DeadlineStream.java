package dev.hearth.connections;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * An upstream answer's body that must be read whole before a deadline. The socket's read timeout bounds each read
 * only, so a server that sends one byte a second would hold the thread for as long as it likes; this stream gives up
 * at the deadline (within one read), and the call fails as the upstream's.
 */
final class DeadlineStream extends FilterInputStream {

    private final long deadline;
    private final Duration allowed;

    DeadlineStream(InputStream in, Duration allowed) {
        super(in);
        this.allowed = allowed;
        this.deadline = System.nanoTime() + allowed.toNanos();
    }

    /** The deadline passed before the answer ended. */
    static final class Expired extends IOException {
        private static final long serialVersionUID = 1L;

        Expired(Duration allowed) {
            super("The upstream server did not finish its answer within " + allowed.toSeconds() + " s");
        }
    }

    private void check() throws IOException {
        if (System.nanoTime() - deadline > 0) {
            throw new Expired(allowed);
        }
    }

    @Override
    public int read() throws IOException {
        check();
        return super.read();
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        check();
        return super.read(bytes, offset, length);
    }
}
