package dev.tollgate.token.credentials;

import dev.tollgate.iam.Authorizer;
import dev.tollgate.iam.Caller;
import dev.tollgate.serviceaccount.ServiceAccountView;
import dev.tollgate.serviceaccount.ServiceAccounts;
import dev.tollgate.support.ApiException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who may get a credential for an account (docs/api.md "Credentials API"): the caller needs {@code implicitDelegation} on the first
 * delegate, each delegate on the next, and the last link of the chain (the caller itself when there are no delegates)
 * needs the verb's permission on the target. Links are checked in order, so a refusal names the first broken one;
 * a disabled account is reported only to callers the chain authorizes.
 */
@ApplicationScoped
public class DelegationChain {

    static final String IMPLICIT_DELEGATION = "iam.serviceAccounts.implicitDelegation";

    /** Delegates may be given in Google's long form, {@code projects/-/serviceAccounts/{email or uniqueId}}. */
    private static final Pattern LONG_FORM = Pattern.compile("^projects/[^/]+/serviceAccounts/");

    private static final Pattern UNIQUE_ID = Pattern.compile("[0-9]{1,40}");

    private final ServiceAccounts accounts;
    private final Authorizer authorizer;
    private final CredentialsConfig config;

    public DelegationChain(ServiceAccounts accounts, Authorizer authorizer, CredentialsConfig config) {
        this.accounts = accounts;
        this.authorizer = authorizer;
        this.config = config;
    }

    /** The live account named by a path segment or a delegate entry (from memory); NOT_FOUND when there is none. */
    public Uni<ServiceAccountView> account(String reference) {
        return Uni.createFrom().item(() -> identifier(reference)).flatMap(accounts::find);
    }

    /** Succeeds when {@code caller} may use {@code permission} on {@code target} through {@code delegates}. */
    public Uni<Void> authorize(Caller caller, ServiceAccountView target, List<String> delegates, String permission) {
        List<String> named = delegates == null ? List.of() : delegates;
        if (named.size() > config.maxDelegates()) {
            return Uni.createFrom()
                    .failure(ApiException.invalidArgument("delegates names " + named.size() + " accounts; at most "
                            + config.maxDelegates() + " are allowed."));
        }
        return Multi.createFrom()
                .iterable(named)
                .onItem()
                .transformToUniAndConcatenate(this::account)
                .collect()
                .asList()
                .call(chain -> checkLinks(caller, chain, target, permission))
                .invoke(chain -> requireEnabled(chain, target))
                .replaceWithVoid();
    }

    private Uni<Void> checkLinks(
            Caller caller, List<ServiceAccountView> chain, ServiceAccountView target, String permission) {
        List<Caller> actors = new ArrayList<>();
        actors.add(caller);
        chain.forEach(
                delegate -> actors.add(Caller.serviceAccount(delegate.email(), delegate.uniqueId(), delegate.home())));
        List<ServiceAccountView> subjects = new ArrayList<>(chain);
        subjects.add(target);
        int links = subjects.size();
        return Multi.createFrom()
                .range(0, links)
                .onItem()
                .transformToUniAndConcatenate(i -> i == links - 1
                        ? lastLink(actors.get(i), target, permission, links)
                        : delegation(actors.get(i), subjects.get(i), i + 1, links))
                .collect()
                .last()
                .replaceWithVoid();
    }

    private Uni<Void> lastLink(Caller actor, ServiceAccountView target, String permission, int links) {
        Uni<Void> check = authorizer.check(actor, target.resource(), permission);
        return links == 1
                ? check
                : check.onFailure(ApiException.class)
                        .transform(denied -> brokenLink(links, links, (ApiException) denied));
    }

    private Uni<Void> delegation(Caller actor, ServiceAccountView next, int link, int links) {
        return authorizer
                .check(actor, next.resource(), IMPLICIT_DELEGATION)
                .onFailure(ApiException.class)
                .transform(denied -> brokenLink(link, links, (ApiException) denied));
    }

    private static ApiException brokenLink(int link, int links, ApiException denied) {
        return new ApiException(
                denied.status(),
                "Delegation chain broken at link " + link + " of " + links + ": " + denied.getMessage(),
                denied.details());
    }

    private static void requireEnabled(List<ServiceAccountView> chain, ServiceAccountView target) {
        chain.stream().filter(delegate -> !delegate.usable()).findFirst().ifPresent(delegate -> {
            throw ApiException.failedPrecondition("Delegate service account " + delegate.email() + " is disabled.");
        });
        if (!target.usable()) {
            throw ApiException.failedPrecondition("Service account " + target.email() + " is disabled.");
        }
    }

    private static String identifier(String reference) {
        String identifier =
                reference == null ? "" : LONG_FORM.matcher(reference.trim()).replaceFirst("");
        if (!identifier.contains("@") && !UNIQUE_ID.matcher(identifier).matches()) {
            throw ApiException.invalidArgument("'" + reference + "' is neither a service account email nor a uniqueId"
                    + " (optionally as projects/-/serviceAccounts/{email or uniqueId}).");
        }
        return identifier;
    }
}
