package org.relaywarden.complaints;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Passes on at most {@code max} bytes and drops the rest, so that a huge mail is not held in memory whole. */
final class LimitedOutputStream extends FilterOutputStream {

    private long left;

    LimitedOutputStream(OutputStream out, long max) {
        super(out);
        this.left = max;
    }

    @Override
    public void write(int b) throws IOException {
        if (left > 0) {
            out.write(b);
            left--;
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int n = (int) Math.min(len, left);
        if (n > 0) {
            out.write(b, off, n);
            left -= n;
        }
    }
}
