package dev.tollgate.support;

import jakarta.enterprise.context.RequestScoped;

/** Who sent the current request and under which id; filled by the web layer, read by the audit log. */
@RequestScoped
public class RequestInfo {

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
}
