package dev.tollgate.federation;

/**
 * Where a pool lives. IAM resources are named by project id ({@link #resource()}, what policies hang on and inherit
 * from); public names use the project number, as Google's do ({@link #publicName()}).
 */
public record PoolLocation(String projectId, PoolName pool) {

    public static final String COLLECTION = "/locations/global/workloadIdentityPools/";

    public String projectResource() {
        return "projects/" + projectId;
    }

    /** {@code projects/{projectId}/locations/global/workloadIdentityPools/{pool}} */
    public String resource() {
        return projectResource() + COLLECTION + pool.poolId();
    }

    /** {@code projects/{projectNumber}/locations/global/workloadIdentityPools/{pool}} */
    public String publicName() {
        return "projects/" + pool.projectNumber() + COLLECTION + pool.poolId();
    }

    public String providerResource(String providerId) {
        return resource() + "/providers/" + providerId;
    }

    public String providerPublicName(String providerId) {
        return publicName() + "/providers/" + providerId;
    }
}
