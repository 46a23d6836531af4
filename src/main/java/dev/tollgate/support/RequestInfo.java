package dev.tollgate.support;

import jakarta.enterprise.context.RequestScoped;
import java.util.regex.Pattern;

/** Who sent the current request and under which id; filled by the web layer, read by the audit log. */
@RequestScoped
public class RequestInfo {

    /** The header that carries a request's id, a client's own when sane, echoed in every response. */
    public static final String HEADER = "X-Request-Id";
    /** Compiled once: {@code String.matches} compiles its pattern on every call. */
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._-]{8,64}");

    private String requestId = "";
    private String callerIp = "";
    private String userAgent = "";

    public void set(String requestId, String callerIp, String userAgent) {
        this.requestId = requestId;
        this.callerIp = callerIp;
        this.userAgent = userAgent == null ? "" : userAgent;
    }

    public String requestId() {
        return requestId;
    }

    public String callerIp() {
        return callerIp;
    }

    public String userAgent() {
        return userAgent;
    }

    /** The id of a request whose {@value #HEADER} header is {@code offered}: the offered one when sane, else new. */
    public static String idFor(String offered) {
        return offered != null && SANE_ID.matcher(offered).matches() ? offered : Ids.hex(12);
    }
}
