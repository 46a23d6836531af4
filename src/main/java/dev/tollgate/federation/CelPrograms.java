package dev.tollgate.federation;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The two CEL environments of federation (mapping: {@code assertion}; condition: {@code assertion}, {@code google},
 * {@code attribute}) and their compiled programs, cached by expression text. Evaluation counts steps and stops at
 * the configured cost limit, so no expression can spin on a request thread.
 */
final class CelPrograms {

    private static final int MAX_CACHED = 10_000;

    enum Environment { MAPPING, CONDITION }

    /** A compiled expression and the type the checker inferred for it. */
    record Compiled(String expression, CelRuntime.Program program, CelType resultType) {
    }

    /** The failure of one evaluation: the CEL message, or the cost limit. */
    static final class EvaluationFailure extends Exception {
        EvaluationFailure(String message) {
            super(message, null, false, false);
        }
    }

    private static final class CostExceeded extends RuntimeException {
        CostExceeded() {
            super(null, null, false, false);
        }
    }

    private final Cel mapping;
    private final Cel condition;
    private final int costLimit;
    private final int maxLength;
    private final Map<String, Compiled> cache = new ConcurrentHashMap<>();

    CelPrograms(int costLimit, int maxLength) {
        this.costLimit = costLimit;
        this.maxLength = maxLength;
        CelOptions options = CelOptions.current()
                .maxExpressionCodePointSize(maxLength)
                .comprehensionMaxIterations(Math.max(1, costLimit / 10))
                .build();
        MapType dynMap = MapType.create(SimpleType.STRING, SimpleType.DYN);
        this.mapping = CelFactory.standardCelBuilder().setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addVar("assertion", dynMap)
                .build();
        this.condition = CelFactory.standardCelBuilder().setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addVar("assertion", dynMap)
                .addVar("google", dynMap)
                .addVar("attribute", MapType.create(SimpleType.STRING, SimpleType.STRING))
                .build();
    }

    /** The program of {@code expression}, or errors (named by {@code key}) with their positions. */
    Compiled compile(Environment environment, String key, String expression) throws InvalidExpressionException {
        if (expression == null || expression.isBlank()) {
            throw new InvalidExpressionException(List.of(new ExpressionError(key, "empty expression", 0, 0)));
        }
        if (expression.length() > maxLength) {
            throw new InvalidExpressionException(List.of(new ExpressionError(key,
                    "expression of " + expression.length() + " characters, limit " + maxLength, 0, 0)));
        }
        String cacheKey = environment + "\u0000" + expression;
        Compiled cached = cache.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        Compiled compiled = doCompile(environment == Environment.MAPPING ? mapping : condition, key, expression);
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(cacheKey, compiled);
        return compiled;
    }

    private static Compiled doCompile(Cel cel, String key, String expression) {
        try {
            CelAbstractSyntaxTree ast = cel.compile(expression).getAst();
            return new Compiled(expression, cel.createProgram(ast), ast.getResultType());
        } catch (CelValidationException e) {
            throw new InvalidExpressionException(e.getErrors().stream().map(issue -> error(key, issue)).toList());
        } catch (CelEvaluationException e) {
            throw new InvalidExpressionException(List.of(new ExpressionError(key, e.getMessage(), 0, 0)));
        }
    }

    private static ExpressionError error(String key, CelIssue issue) {
        int line = Math.max(issue.getSourceLocation().getLine(), 0);
        int column = Math.max(issue.getSourceLocation().getColumn(), 0) + 1;
        return new ExpressionError(key, issue.getMessage(), line, line > 0 ? column : 0);
    }

    /** True when values of {@code type} may be among {@code kinds} (dyn and error types may be anything). */
    static boolean mayBe(CelType type, Set<CelKind> kinds) {
        return type.kind() == CelKind.DYN || type.kind() == CelKind.ERROR || kinds.contains(type.kind());
    }

    static boolean mayBeStringList(CelType type) {
        return mayBe(type, Set.of(CelKind.LIST))
                && (!(type instanceof ListType list) || mayBe(list.elemType(), Set.of(CelKind.STRING)));
    }

    /** Evaluates with a step budget; the result is a CEL value (String, Long, Boolean, List, Map…). */
    Object evaluate(Compiled compiled, Map<String, Object> variables) throws EvaluationFailure {
        int[] steps = {0};
        try {
            return compiled.program().trace(variables, (expr, value) -> {
                if (++steps[0] > costLimit) {
                    throw new CostExceeded();
                }
            });
        } catch (CostExceeded e) {
            throw costFailure();
        } catch (CelEvaluationException e) {
            if (hasCause(e, CostExceeded.class)) {
                throw costFailure();
            }
            throw new EvaluationFailure(e.getMessage());
        } catch (RuntimeException e) {
            if (hasCause(e, CostExceeded.class)) {
                throw costFailure();
            }
            throw new EvaluationFailure(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private EvaluationFailure costFailure() {
        return new EvaluationFailure("evaluation exceeded the cost limit of " + costLimit + " steps");
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
