package org.relaywarden.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;

/**
 * Refuses request bodies above {@code relaywarden.web.max-body-bytes} (default 1 MiB) on
 * Relaywarden's API, Camunda's REST API ({@code /engine-rest}) and the webapps' own API
 * ({@code /camunda/api}): 413 when the declared length is too big. A chunked body (no declared
 * length) is cut off while it is read on Relaywarden's API (400); for Camunda's two APIs it is read
 * here first, at most up to the limit, and refused with 413 when it goes past it (their REST layer
 * would answer the read error with a 500). Nothing is buffered beyond the limit. It runs before
 * any authentication, so an anonymous client cannot make the server read a large body either.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestSizeLimitFilter extends OncePerRequestFilter {

    /** Where bodies are read: Relaywarden's API, Camunda's REST API, the webapps' API. */
    static final List<String> LIMITED = List.of("/api/", "/engine-rest/", "/camunda/api/");

    private final long max;

    RequestSizeLimitFilter(@Value("${relaywarden.web.max-body-bytes:1048576}") long max) {
        this.max = max;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = path(request);
        return LIMITED.stream().noneMatch(path::startsWith);
    }

    /** The container's decoded, normalized path (not the raw URI, which "/./engine-rest/" would slip past). */
    private static String path(HttpServletRequest request) {
        return request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > max) {
            response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "request body larger than " + max + " bytes");
            return;
        }
        if (request.getContentLengthLong() < 0 && !path(request).startsWith("/api/")) {
            // Camunda's REST layer turns a read error into a 500: read a chunked body here (at most max + 1 bytes)
            byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 1, max) + 1);
            if (body.length > max) {
                response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "request body larger than " + max + " bytes");
                return;
            }
            chain.doFilter(new BufferedBodyRequest(request, body), response);
            return;
        }
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public ServletInputStream getInputStream() throws IOException {
                return new Limited(super.getInputStream(), max);
            }
        }, response);
    }

    private static final class Limited extends ServletInputStream {
        private final ServletInputStream in;
        private final long max;
        private long read;

        Limited(ServletInputStream in, long max) {
            this.in = in;
            this.max = max;
        }

        private void count(long n) throws IOException {
            if (n > 0 && (read += n) > max) {
                throw new IOException("request body larger than " + max + " bytes");
            }
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            count(n);
            return n;
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
