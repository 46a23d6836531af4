package dev.tollgate.console;

import io.quarkus.qute.TemplateData;

/**
 * Where service accounts live and policies are set: an organization, a team or a project, as the API names it
 * ({@code teams/ml}) and where its console pages are.
 *
 * @param collection {@code organizations}, {@code teams} or {@code projects}
 */
@TemplateData
public record Home(String collection, String id) {

    static Home organization(String id) {
        return new Home("organizations", id);
    }

    static Home team(String id) {
        return new Home("teams", id);
    }

    static Home project(String id) {
        return new Home("projects", id);
    }

    /** {@code teams/ml}. */
    public String name() {
        return collection + "/" + id;
    }

    /** {@code Organization}, {@code Team} or {@code Project}. */
    public String kind() {
        return switch (collection) {
            case "organizations" -> "Organization";
            case "teams" -> "Team";
            default -> "Project";
        };
    }

    public boolean isOrganization() {
        return collection.equals("organizations");
    }

    /** The Service Accounts tab; a team's is also at {@code /console/{team}/service-accounts}. */
    public String serviceAccountsPath() {
        return collection.equals("teams")
                ? "/console/" + id + "/service-accounts"
                : "/console/" + collection + "/" + id + "/service-accounts";
    }

    /** The resource's own page, which its tabs extend ({@code /members}: details, members and roles). */
    public String pagePath() {
        return "/console/" + collection + "/" + id;
    }
}
