package dev.tollgate.policy;

import dev.tollgate.iam.Caller;
import dev.tollgate.iam.GuardedChanges;
import dev.tollgate.iam.GuardedChanges.Change;
import dev.tollgate.policy.OrgPolicyViews.SetSetting;
import dev.tollgate.policy.OrgPolicyViews.SettingView;
import dev.tollgate.support.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;

/** Reading and changing settings of organizations, teams and projects; the one setting is key expiry (§4.3). */
@ApplicationScoped
public class OrgSettingService {

    static final String GET = "orgpolicy.settings.get";
    static final String UPDATE = "orgpolicy.settings.update";

    private final OrgPolicyStore store;
    private final OrgPolicies policies;
    private final PolicyAccess access;
    private final GuardedChanges changes;

    public OrgSettingService(OrgPolicyStore store, OrgPolicies policies, PolicyAccess access, GuardedChanges changes) {
        this.store = store;
        this.policies = policies;
        this.access = access;
        this.changes = changes;
    }

    /** The value set on {@code resource} itself; {@code value} is absent when none is. */
    @WithSession
    public Uni<SettingView> get(Caller caller, String resource, String setting) {
        String name = OrgPolicyStore.settingName(resource, known(setting));
        return access.require(caller, resource, GET)
                .chain(() -> store.get(resource))
                .map(set -> SettingView.of(name, set.settings().get(setting)));
    }

    /** The value of the nearest resource up the hierarchy that sets it. */
    @WithSession
    public Uni<SettingView> effective(Caller caller, String resource, String setting) {
        String name = OrgPolicyStore.settingName(resource, known(setting));
        return access.require(caller, resource, GET)
                .chain(() -> policies.effectiveSetting(resource, setting))
                .map(value -> new SettingView(
                        name, value.map(OrgPolicyViews.Value::new).orElse(null), null));
    }

    /** Sets the value, or clears it when the request carries none. */
    public Uni<SettingView> update(Caller caller, String resource, String setting, SetSetting request) {
        String name = OrgPolicyStore.settingName(resource, known(setting));
        String value = requestedValue(request, name);
        Map<String, Object> details = new HashMap<>();
        details.put("setting", setting);
        details.put("value", value == null ? "" : value);
        return Panache.withTransaction(() -> access.requireOnOrganization(caller, resource, UPDATE)
                        .chain(() -> store.settingRow(name))
                        .chain(row -> write(row, resource, setting, value))
                        .call(() -> store.announce(resource))
                        .call(() -> changes.record(caller, new Change("UpdateSetting", name, resource, details))))
                .onTermination()
                .invoke(() -> store.forget(resource));
    }

    private Uni<SettingView> write(OrgSettingEntity row, String resource, String setting, String value) {
        String name = OrgPolicyStore.settingName(resource, setting);
        if (value != null) {
            return store.putSetting(row, resource, setting, value).map(stored -> SettingView.of(name, stored));
        }
        Uni<Void> cleared = row == null ? Uni.createFrom().voidItem() : store.deleteSetting(row);
        return cleared.replaceWith(SettingView.of(name, null));
    }

    private static String requestedValue(SetSetting request, String name) {
        if (request == null) {
            throw ApiException.invalidArgument(
                    "Body must be {\"value\":{\"stringValue\":\"24h\"}} or {\"value\":{}} to clear.");
        }
        OrgPolicyViews.requireName(request.name(), name);
        String value = request.value() == null ? null : request.value().stringValue();
        if (value == null || value.isEmpty()) {
            return null;
        }
        KeyExpiry.parse(value);
        return value;
    }

    private static String known(String setting) {
        if (!KeyExpiry.SETTING.equals(setting)) {
            throw ApiException.invalidArgument(
                    "Unknown setting '" + setting + "'; known settings: " + KeyExpiry.SETTING + ".");
        }
        return setting;
    }
}
