package dev.tollgate.policy;

/** The organization policy constraints of docs/api.md "Organization policies and settings". */
public final class Constraints {

    public static final String DISABLE_SERVICE_ACCOUNT_CREATION = "iam.disableServiceAccountCreation";
    public static final String DISABLE_SERVICE_ACCOUNT_KEY_CREATION = "iam.disableServiceAccountKeyCreation";
    public static final String DISABLE_SERVICE_ACCOUNT_KEY_UPLOAD = "iam.disableServiceAccountKeyUpload";
    public static final String DISABLE_SERVICE_ACCOUNT_API_KEY_CREATION = "iam.disableServiceAccountApiKeyCreation";
    public static final String ALLOW_SERVICE_ACCOUNT_CREDENTIAL_LIFETIME_EXTENSION =
            "iam.allowServiceAccountCredentialLifetimeExtension";
    public static final String WORKLOAD_IDENTITY_POOL_PROVIDERS = "iam.workloadIdentityPoolProviders";

    private Constraints() {}
}
