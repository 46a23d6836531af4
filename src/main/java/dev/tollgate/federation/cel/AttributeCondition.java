package dev.tollgate.federation.cel;

import dev.tollgate.federation.FederationRejection;
import dev.tollgate.federation.FederationRejection.Check;
import dev.tollgate.federation.MappedAttributes;
import java.util.Map;

/** A provider's compiled {@code attributeCondition}: a CEL boolean over {@code assertion}, {@code google}, {@code attribute}. */
public final class AttributeCondition {

    private final CelPrograms.Compiled program;
    private final CelPrograms cel;

    AttributeCondition(CelPrograms.Compiled program, CelPrograms cel) {
        this.program = program;
        this.cel = cel;
    }

    public String expression() {
        return program.expression();
    }

    /** The condition's value; an evaluation error or a non-boolean result is a {@code condition} rejection. */
    public boolean evaluate(Map<String, Object> claims, MappedAttributes mapped) {
        return evaluate(claims, mapped, cel.budget());
    }

    public boolean evaluate(Map<String, Object> claims, MappedAttributes mapped, CelPrograms.Budget budget) {
        Map<String, Object> variables = Map.of(
                "assertion", CelValues.of(claims),
                "google", mapped.googleVariable(),
                "attribute", mapped.attributes());
        Object result;
        try {
            result = cel.evaluate(program, variables, budget);
        } catch (CelPrograms.EvaluationFailure e) {
            throw rejection("an evaluation error: " + e.getMessage()).exception();
        }
        if (result instanceof Boolean value) {
            return value;
        }
        throw rejection("a " + CelValues.typeName(result) + " instead of a bool")
                .exception();
    }

    /** Passes when the condition is true; a {@code condition} rejection ({@code unauthorized_client}) otherwise. */
    public void require(Map<String, Object> claims, MappedAttributes mapped) {
        require(claims, mapped, cel.budget());
    }

    public void require(Map<String, Object> claims, MappedAttributes mapped, CelPrograms.Budget budget) {
        if (!evaluate(claims, mapped, budget)) {
            throw rejection("false").exception();
        }
    }

    private FederationRejection rejection(String result) {
        return new FederationRejection(Check.CONDITION, result, FederationRejection.quoted(program.expression()));
    }
}
