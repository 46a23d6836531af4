package dev.tollgate.federation;

/** A workload identity pool's coordinates, from which every federated name is built. */
public record PoolName(String iamDomain, String projectNumber, String poolId) {

    /** {@code iam.{domain}/projects/{n}/locations/global/workloadIdentityPools/{pool}} */
    public String path() {
        return "iam." + iamDomain + "/projects/" + projectNumber + "/locations/global/workloadIdentityPools/" + poolId;
    }

    /** {@code //iam.{domain}/projects/{n}/locations/global/workloadIdentityPools/{pool}} */
    public String fullName() {
        return "//" + path();
    }

    /** The provider's full name, the default audience of its tokens. */
    public String providerFullName(String providerId) {
        return fullName() + "/providers/" + providerId;
    }
}
