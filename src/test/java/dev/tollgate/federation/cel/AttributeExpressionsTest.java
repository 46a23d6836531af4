package dev.tollgate.federation.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.federation.ExpressionError;
import dev.tollgate.federation.FederationRejectedException;
import dev.tollgate.federation.FederationRejection.Check;
import dev.tollgate.federation.Fixtures;
import dev.tollgate.federation.InvalidExpressionException;
import dev.tollgate.federation.MappedAttributes;
import dev.tollgate.support.RpcStatus;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributeExpressionsTest {

    private final AttributeExpressions expressions = new AttributeExpressions(Fixtures.config(10_000));

    @Test
    void githubFixtureMapsSubjectAndRepositoryAndPassesOwnerCondition() {
        Map<String, Object> claims = Fixtures.claims(Fixtures.GITHUB);
        MappedAttributes mapped = expressions
                .mapping(Map.of(
                        "google.subject", "assertion.sub",
                        "attribute.repository", "assertion.repository"))
                .apply(claims);

        assertEquals("repo:octo-org/octo-repo:environment:prod", mapped.subject());
        assertEquals(Map.of("repository", "octo-org/octo-repo"), mapped.attributes());
        assertTrue(expressions
                .condition("assertion.repository_owner == 'octo-org' && assertion.ref == 'refs/heads/main'")
                .evaluate(claims, mapped));
    }

    @Test
    void githubConditionWhenOtherOwnerThenFalseAndRequireRejectsWithConditionCheck() {
        Map<String, Object> claims = new HashMap<>(Fixtures.claims(Fixtures.GITHUB));
        claims.put("repository_owner", "evil-org");
        MappedAttributes mapped =
                expressions.mapping(Map.of("google.subject", "assertion.sub")).apply(claims);
        AttributeCondition condition =
                expressions.condition("assertion.repository_owner == 'octo-org' && assertion.ref == 'refs/heads/main'");

        assertFalse(condition.evaluate(claims, mapped));
        FederationRejectedException e =
                assertThrows(FederationRejectedException.class, () -> condition.require(claims, mapped));
        assertEquals(Check.CONDITION, e.rejection().check());
        assertEquals("unauthorized_client", e.rejection().toOAuthException().error());
    }

    @Test
    void gitlabFixtureMapsProjectPathAndConditionOnUnprotectedRefIsFalse() {
        Map<String, Object> claims = Fixtures.claims(Fixtures.GITLAB);
        MappedAttributes mapped = expressions
                .mapping(Map.of(
                        "google.subject", "assertion.sub",
                        "google.groups", "assertion.groups_direct",
                        "attribute.project_path", "assertion.project_path"))
                .apply(claims);

        assertEquals(Map.of("project_path", "my-group/my-project"), mapped.attributes());
        assertEquals(List.of("mygroup/mysubgroup"), mapped.groups());
        assertFalse(expressions.condition("assertion.ref_protected == 'true'").evaluate(claims, mapped));
        assertTrue(expressions
                .condition(
                        "attribute.project_path.startsWith('my-group/') && " + "'mygroup/mysubgroup' in google.groups")
                .evaluate(claims, mapped));
    }

    @Test
    void kubernetesFixtureMapsNamespaceFromDottedNestedKey() {
        Map<String, Object> claims = Fixtures.claims(Fixtures.KUBERNETES);
        MappedAttributes mapped = expressions
                .mapping(Map.of(
                        "google.subject", "assertion.sub",
                        "attribute.namespace", "assertion['kubernetes.io'].namespace",
                        "attribute.service_account", "assertion['kubernetes.io'].serviceaccount.name"))
                .apply(claims);

        assertEquals("system:serviceaccount:kube-system:coredns", mapped.subject());
        assertEquals(Map.of("namespace", "kube-system", "service_account", "coredns"), mapped.attributes());
        assertTrue(expressions
                .condition("'https://kubernetes.default.svc' in assertion.aud "
                        + "&& attribute.namespace == 'kube-system'")
                .evaluate(claims, mapped));
    }

    @Test
    void mappingWhenIntegerClaimThenAttributeIsItsDecimalText() {
        MappedAttributes mapped = expressions
                .mapping(Map.of("google.subject", "assertion.sub", "attribute.runner", "assertion.runner_id"))
                .apply(Fixtures.claims(Fixtures.GITLAB));
        assertEquals("1", mapped.attributes().get("runner"));
    }

    @Test
    void mappingWhenKeyMissingFromAssertionThenMappingRejectionNamesTheKey() {
        AttributeMapping mapping =
                expressions.mapping(Map.of("google.subject", "assertion.sub", "attribute.team", "assertion.team"));
        FederationRejectedException e =
                assertThrows(FederationRejectedException.class, () -> mapping.apply(Fixtures.claims(Fixtures.GITHUB)));
        assertEquals(Check.MAPPING, e.rejection().check());
        assertTrue(
                e.rejection().presented().startsWith("attribute.team failed"),
                e.rejection().presented());
        assertEquals("invalid_grant", e.rejection().toOAuthException().error());
    }

    @Test
    void mappingWhenSubjectOver127BytesThenSubjectRejection() {
        Map<String, Object> claims = new HashMap<>(Fixtures.claims(Fixtures.GITHUB));
        claims.put("sub", "é".repeat(64));
        AttributeMapping mapping = expressions.mapping(Map.of("google.subject", "assertion.sub"));
        FederationRejectedException e = assertThrows(FederationRejectedException.class, () -> mapping.apply(claims));
        assertEquals(Check.SUBJECT, e.rejection().check());
        assertTrue(
                e.rejection().presented().contains("128 bytes"), e.rejection().presented());
    }

    @Test
    void mappingWhenSubjectExactly127BytesThenAccepted() {
        Map<String, Object> claims = new HashMap<>(Fixtures.claims(Fixtures.GITHUB));
        claims.put("sub", "a".repeat(127));
        assertEquals(
                127,
                expressions
                        .mapping(Map.of("google.subject", "assertion.sub"))
                        .apply(claims)
                        .subject()
                        .length());
    }

    @Test
    void mappingWhenSubjectIsAMapThenMappingRejection() {
        AttributeMapping mapping = expressions.mapping(Map.of("google.subject", "assertion['kubernetes.io']"));
        FederationRejectedException e = assertThrows(
                FederationRejectedException.class, () -> mapping.apply(Fixtures.claims(Fixtures.KUBERNETES)));
        assertEquals(Check.MAPPING, e.rejection().check());
    }

    @Test
    void mappingWhenNullClaimThenAttributeOmitted() {
        Map<String, Object> claims = new HashMap<>(Fixtures.claims(Fixtures.GITHUB));
        claims.put("environment", null);
        MappedAttributes mapped = expressions
                .mapping(Map.of("google.subject", "assertion.sub", "attribute.environment", "assertion.environment"))
                .apply(claims);
        assertEquals(Map.of(), mapped.attributes());
    }

    @Test
    void compileWhenSyntaxErrorThenErrorWithKeyAndPosition() {
        InvalidExpressionException e = assertThrows(
                InvalidExpressionException.class,
                () -> expressions.mapping(Map.of("google.subject", "assertion.sub +")));
        ExpressionError error = e.errors().get(0);
        assertEquals("google.subject", error.key());
        assertEquals(1, error.line());
        assertTrue(error.column() > 1, error.describe());
        assertEquals(RpcStatus.INVALID_ARGUMENT, e.toApiException().status());
    }

    @Test
    void compileWhenUndeclaredVariableInConditionThenErrorWithPosition() {
        InvalidExpressionException e = assertThrows(
                InvalidExpressionException.class,
                () -> expressions.condition("assertion.ref == 'x' &&\n  claims.sub == 'y'"));
        ExpressionError error = e.errors().get(0);
        assertEquals("attributeCondition", error.key());
        assertEquals(2, error.line());
        assertEquals(3, error.column());
    }

    @Test
    void compileWhenConditionNotBooleanThenError() {
        InvalidExpressionException e =
                assertThrows(InvalidExpressionException.class, () -> expressions.condition("'yes'"));
        assertTrue(e.errors().get(0).message().contains("expected bool"), e.getMessage());
    }

    @Test
    void compileWhenSubjectMissingOrBadKeysThenEveryErrorReported() {
        InvalidExpressionException e = assertThrows(
                InvalidExpressionException.class,
                () -> expressions.mapping(Map.of("attribute.Bad-Name", "assertion.sub", "google.email", "'x'")));
        assertEquals(
                List.of("google.subject", "attribute.Bad-Name", "google.email"),
                e.errors().stream()
                        .map(ExpressionError::key)
                        .sorted((a, b) -> order(a) - order(b))
                        .toList());
    }

    @Test
    void compileWhenMoreThan50CustomAttributesThenError() {
        Map<String, String> mapping = new HashMap<>(Map.of("google.subject", "assertion.sub"));
        for (int i = 0; i < 51; i++) {
            mapping.put("attribute.a" + i, "assertion.sub");
        }
        InvalidExpressionException e =
                assertThrows(InvalidExpressionException.class, () -> expressions.mapping(mapping));
        assertEquals("attribute.*", e.errors().get(0).key());
    }

    @Test
    void compileWhenGroupsYieldsStringThenError() {
        assertThrows(
                InvalidExpressionException.class,
                () -> expressions.mapping(Map.of("google.subject", "assertion.sub", "google.groups", "'one'")));
    }

    @Test
    void compileSameExpressionTwiceThenProgramCached() {
        CelPrograms programs = new CelPrograms(1000, 4096);
        assertSame(
                programs.compile(CelPrograms.Environment.MAPPING, "k", "assertion.sub"),
                programs.compile(CelPrograms.Environment.MAPPING, "k", "assertion.sub"));
    }

    @Test
    void evaluateWhenCostLimitExceededThenMappingRejection() {
        AttributeExpressions cheap = new AttributeExpressions(Fixtures.config(50));
        AttributeMapping mapping =
                cheap.mapping(Map.of("google.subject", String.join(" + ", Collections.nCopies(30, "assertion.ref"))));
        FederationRejectedException e =
                assertThrows(FederationRejectedException.class, () -> mapping.apply(Fixtures.claims(Fixtures.GITHUB)));
        assertEquals(Check.MAPPING, e.rejection().check());
        assertTrue(
                e.rejection().presented().contains("cost limit"), e.rejection().presented());
    }

    @Test
    void evaluateWhenComprehensionTooLongThenMappingRejection() {
        AttributeMapping mapping = new AttributeExpressions(Fixtures.config(50))
                .mapping(Map.of("google.subject", "[1,2,3,4,5,6,7,8,9,10].all(x, x > 0) ? assertion.sub : ''"));
        FederationRejectedException e =
                assertThrows(FederationRejectedException.class, () -> mapping.apply(Fixtures.claims(Fixtures.GITHUB)));
        assertEquals(Check.MAPPING, e.rejection().check());
    }

    @Test
    void conditionWhenEvaluationErrorThenConditionRejection() {
        Map<String, Object> claims = Fixtures.claims(Fixtures.GITHUB);
        MappedAttributes mapped =
                expressions.mapping(Map.of("google.subject", "assertion.sub")).apply(claims);
        FederationRejectedException e = assertThrows(
                FederationRejectedException.class,
                () -> expressions.condition("assertion.no_such_claim == 'x'").evaluate(claims, mapped));
        assertEquals(Check.CONDITION, e.rejection().check());
    }

    private static int order(String key) {
        return switch (key) {
            case "google.subject" -> 0;
            case "attribute.Bad-Name" -> 1;
            default -> 2;
        };
    }
}
