package dev.tollgate.token;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tollgate.support.OAuthException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Parsing of what a service-account token request asks (docs/api.md "Token endpoint"): plain rules, no server. */
class AccountTokenRequestTest {

    @Test
    void parseWhenNothingAskedThenEmpty() {
        AccountTokenRequest asked = parse(Map.of());
        assertEquals(Set.of(), asked.scopes());
        assertEquals(List.of(), asked.audience());
        assertEquals(Optional.empty(), asked.entity());
        assertEquals(Optional.empty(), asked.attributedUser());
    }

    @Test
    void parseWhenScopesRepeatedAndSpacedThenEachOnce() {
        assertEquals(
                Set.of("read", "write"),
                parse(Map.of("scope", "  read   write read ")).scopes());
    }

    @Test
    void parseWhenScopeHasQuoteOrBackslashThenInvalidScope() {
        assertEquals("invalid_scope", refusal(Map.of("scope", "read \"write\"")).error());
        assertEquals("invalid_scope", refusal(Map.of("scope", "a\\b")).error());
    }

    @Test
    void parseWhenFiftyOneScopesThenInvalidScope() {
        String scopes = IntStream.rangeClosed(1, 51).mapToObj(i -> "s" + i).collect(Collectors.joining(" "));
        assertEquals("invalid_scope", refusal(Map.of("scope", scopes)).error());
    }

    @Test
    void parseWhenEntityBareOrPrefixedThenTeamName() {
        assertEquals(
                Optional.of("teams/mlops"), parse(Map.of("entity", "mlops")).entity());
        assertEquals(
                Optional.of("teams/mlops"),
                parse(Map.of("entity", "teams/mlops")).entity());
    }

    @Test
    void parseWhenEntityNotTeamIdThenInvalidTarget() {
        assertEquals("invalid_target", refusal(Map.of("entity", "projects/p")).error());
        assertEquals("invalid_target", refusal(Map.of("entity", "ML")).error());
    }

    @Test
    void parseWhenAudienceBlankOrHugeThenInvalidTarget() {
        assertEquals("invalid_target", refusal(Map.of("audience", " ")).error());
        assertEquals(
                "invalid_target", refusal(Map.of("audience", "a".repeat(1025))).error());
        assertEquals(
                List.of("https://api.example"),
                parse(Map.of("audience", "https://api.example")).audience());
    }

    @Test
    void parseWhenUsernameAndUserEmailSameIgnoringCaseThenOneUser() {
        assertEquals(
                Optional.of("alice@example.com"),
                parse(Map.of("username", "Alice@example.com", "user_email", "alice@example.com"))
                        .attributedUser());
    }

    @Test
    void parseWhenUsernameAndUserEmailDifferThenInvalidRequest() {
        assertEquals(
                "invalid_request",
                refusal(Map.of("username", "alice@example.com", "user_email", "bob@example.com"))
                        .error());
    }

    @Test
    void parseWhenUserNotEmailThenInvalidRequest() {
        assertEquals("invalid_request", refusal(Map.of("username", "alice")).error());
    }

    @Test
    void shortenedWhenApiKeyThenOnlyItsIdAndAtMostHundredCharacters() {
        String key = "tg_0123456789abcdef_" + "A".repeat(43);
        assertThat(AccountTokenRequest.shortened("client " + key), not(containsString("AAAA")));
        assertEquals(101, AccountTokenRequest.shortened("x".repeat(500)).length());
    }

    private static AccountTokenRequest parse(Map<String, String> form) {
        Map<String, List<String>> parameters = new HashMap<>();
        form.forEach((name, value) -> parameters.put(name, List.of(value)));
        return AccountTokenRequest.parse(new TokenRequest(parameters, Optional.empty()));
    }

    private static OAuthException refusal(Map<String, String> form) {
        return assertThrows(OAuthException.class, () -> parse(form));
    }
}
