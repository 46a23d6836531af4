package dev.tollgate.token.credentials;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Reads accounts from the service-account table. Interim: it moves onto the service-account feature's cached lookup
 * once that is on main, so the warm path stops costing a database round trip.
 */
@ApplicationScoped
public class StoredAccountLookup implements AccountLookup {

    private static final String BY_ID = "SELECT unique_id, email, home, default_team, disabled FROM service_accounts"
            + " WHERE unique_id = $1 AND delete_time IS NULL";
    private static final String BY_EMAIL = "SELECT unique_id, email, home, default_team, disabled FROM service_accounts"
            + " WHERE email = $1 AND delete_time IS NULL";

    private final Pool pool;

    public StoredAccountLookup(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<Optional<ImpersonatedAccount>> find(String emailOrUniqueId) {
        String query = emailOrUniqueId.contains("@") ? BY_EMAIL : BY_ID;
        return pool.preparedQuery(query).execute(Tuple.of(emailOrUniqueId))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(account(rows.iterator().next())) : Optional.empty());
    }

    private static ImpersonatedAccount account(Row row) {
        return new ImpersonatedAccount(row.getString("unique_id"), row.getString("email"), row.getString("home"),
                Optional.ofNullable(row.getString("default_team")), row.getBoolean("disabled"));
    }
}
