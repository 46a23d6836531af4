package dev.tollgate.audit;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

@ApplicationScoped
public class AuditRepository implements PanacheRepositoryBase<AuditEntryEntity, Long> {

    /** Newest first, entries shown in {@code scope}'s log, matching {@code filter}, older than {@code beforeId}. */
    Uni<List<AuditEntryEntity>> page(String scope, AuditFilter filter, long beforeId, int size) {
        StringBuilder query =
                new StringBuilder("from AuditEntryEntity where id < :before" + " and array_contains(within, :scope)");
        List<Object[]> params = new ArrayList<>();
        params.add(new Object[] {"before", beforeId});
        params.add(new Object[] {"scope", scope});
        filter.appendTo(query, params);
        query.append(" order by id desc");
        Parameters parameters = new Parameters();
        params.forEach(p -> parameters.and((String) p[0], p[1]));
        return find(query.toString(), parameters).range(0, size - 1).list();
    }
}
