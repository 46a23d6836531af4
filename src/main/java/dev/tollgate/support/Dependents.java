package dev.tollgate.support;

import io.smallrye.mutiny.Uni;

/**
 * What lives in a hierarchy resource besides its children: service accounts in a home, pools in a project. The
 * hierarchy refuses to delete a resource while any of these counts is non-zero, without depending on the features
 * that own them.
 */
public interface Dependents {

    /** What is counted, plural, e.g. {@code "service accounts"}. */
    String what();

    /** How many live ones {@code hierarchyResource} ({@code teams/t}) holds, within the caller's session. */
    Uni<Long> countIn(String hierarchyResource);
}
