package dev.tollgate.token.credentials;

import io.smallrye.mutiny.Uni;
import java.util.Optional;

/** Finds the service accounts named in credentials API requests, wherever they live ({@code projects/-}). */
public interface AccountLookup {

    /** The live account with this email or uniqueId; empty when there is none or it is deleted. */
    Uni<Optional<ImpersonatedAccount>> find(String emailOrUniqueId);
}
