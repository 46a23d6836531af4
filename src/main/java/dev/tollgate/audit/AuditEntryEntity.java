package dev.tollgate.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "audit_log")
public class AuditEntryEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public Instant timestamp;
    public String principal;

    @Column(name = "attributed_user")
    public String attributedUser;

    public String method;
    public String resource;
    public String result;

    @Column(name = "caller_ip")
    public String callerIp;

    @Column(name = "user_agent")
    public String userAgent;

    @Column(name = "request_id")
    public String requestId;

    public String[] within;

    public String details;
}
