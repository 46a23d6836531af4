package dev.tollgate.federation.cel;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.tollgate.federation.ExpressionError;
import dev.tollgate.federation.FederationConfig;
import dev.tollgate.federation.InvalidExpressionException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The two CEL environments of federation (mapping: {@code assertion}; condition: {@code assertion}, {@code google},
 * {@code attribute}) and their compiled programs, cached by expression text. Bounded twice (docs/federation.md
 * "Mapping rules and limits"): when saved, by length, parse depth and comprehension nesting; when evaluated, by
 * steps, comprehension iterations, the size of every value built and a wall-clock {@link Budget}, so no expression
 * can stall a thread or exhaust memory.
 */
public final class CelPrograms {

    private static final int MAX_CACHED = 10_000;
    /** Deepest parse tree; keeps the recursive parser and evaluator far from the end of the stack. */
    static final int MAX_PARSE_DEPTH = 100;

    enum Environment {
        MAPPING,
        CONDITION
    }

    /** A compiled expression and the type the checker inferred for it. */
    record Compiled(String expression, CelRuntime.Program program, CelType resultType) {}

    /** The failure of one evaluation: the CEL message, or the cost limit. */
    static final class EvaluationFailure extends Exception {
        EvaluationFailure(String message) {
            super(message, null, false, false);
        }
    }

    /** Thrown from the evaluation listener to stop an evaluation that broke a limit. */
    private static final class LimitExceeded extends RuntimeException {
        LimitExceeded(String message) {
            super(message, null, false, false);
        }
    }

    /** The wall-clock budget shared by the expressions of one exchange (a CPU budget, hence not the Clock). */
    public static final class Budget {
        private final long deadline;
        private final long millis;

        private Budget(Duration timeout) {
            this.millis = timeout.toMillis();
            this.deadline = System.nanoTime() + timeout.toNanos();
        }

        boolean exhausted() {
            return System.nanoTime() - deadline > 0;
        }
    }

    private final Cel mapping;
    private final Cel condition;
    private final int costLimit;
    private final int maxLength;
    private final int maxNesting;
    private final int maxValueSize;
    private final Duration timeout;
    private final Map<String, Compiled> cache = new ConcurrentHashMap<>();

    CelPrograms(FederationConfig.Cel limits) {
        this(
                limits.costLimit(),
                limits.maxExpressionLength(),
                limits.maxComprehensionNesting(),
                limits.maxValueSize(),
                limits.timeout());
    }

    CelPrograms(int costLimit, int maxLength) {
        this(costLimit, maxLength, 2, 16384, Duration.ofMillis(500));
    }

    private CelPrograms(int costLimit, int maxLength, int maxNesting, int maxValueSize, Duration timeout) {
        this.costLimit = costLimit;
        this.maxLength = maxLength;
        this.maxNesting = maxNesting;
        this.maxValueSize = maxValueSize;
        this.timeout = timeout;
        CelOptions options = CelOptions.current()
                .maxExpressionCodePointSize(maxLength)
                .maxParseRecursionDepth(MAX_PARSE_DEPTH)
                .comprehensionMaxIterations(Math.max(1, costLimit / 10))
                .build();
        MapType dynMap = MapType.create(SimpleType.STRING, SimpleType.DYN);
        this.mapping = CelFactory.standardCelBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addVar("assertion", dynMap)
                .build();
        this.condition = CelFactory.standardCelBuilder()
                .setOptions(options)
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
            throw new InvalidExpressionException(List.of(new ExpressionError(
                    key, "expression of " + expression.length() + " characters, limit " + maxLength, 0, 0)));
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

    private Compiled doCompile(Cel cel, String key, String expression) {
        try {
            CelAbstractSyntaxTree ast = cel.compile(expression).getAst();
            requireShallowComprehensions(key, ast);
            return new Compiled(expression, cel.createProgram(ast), ast.getResultType());
        } catch (CelValidationException e) {
            throw new InvalidExpressionException(
                    e.getErrors().stream().map(issue -> error(key, issue)).toList());
        } catch (CelEvaluationException e) {
            throw new InvalidExpressionException(List.of(new ExpressionError(key, e.getMessage(), 0, 0)));
        }
    }

    /**
     * The static cost check: every level of nested comprehension multiplies the work (and the size of what can be
     * built) by the length of a list, so nesting is refused beyond the configured depth.
     */
    private void requireShallowComprehensions(String key, CelAbstractSyntaxTree ast) {
        int deepest = CelNavigableAst.fromAst(ast)
                .getRoot()
                .allNodes()
                .filter(node -> node.getKind() == CelExpr.ExprKind.Kind.COMPREHENSION)
                .mapToInt(CelPrograms::comprehensionDepth)
                .max()
                .orElse(0);
        if (deepest > maxNesting) {
            throw new InvalidExpressionException(List.of(new ExpressionError(
                    key,
                    "comprehensions (map, filter, "
                            + "exists, all, exists_one) nested " + deepest + " deep; at most " + maxNesting
                            + " are allowed,"
                            + " as each level multiplies the cost of evaluation",
                    0,
                    0)));
        }
    }

    /** How many comprehensions run {@code node} (itself one) per iteration; a chain through iterRange adds, not nests. */
    private static int comprehensionDepth(CelNavigableExpr node) {
        int depth = 1;
        CelNavigableExpr child = node;
        for (Optional<CelNavigableExpr> parent = node.parent();
                parent.isPresent();
                parent = parent.get().parent()) {
            CelNavigableExpr at = parent.get();
            if (at.getKind() == CelExpr.ExprKind.Kind.COMPREHENSION
                    && at.expr().comprehension().iterRange().id() != child.id()) {
                depth++;
            }
            child = at;
        }
        return depth;
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

    /** A fresh wall-clock budget for the expressions of one exchange. */
    Budget budget() {
        return new Budget(timeout);
    }

    /**
     * Evaluates within the step limit, the size limit of every value built and {@code budget}; the result is a CEL
     * value (String, Long, Boolean, List, Map…).
     */
    Object evaluate(Compiled compiled, Map<String, Object> variables, Budget budget) throws EvaluationFailure {
        int[] steps = {0};
        try {
            return compiled.program().trace(variables, (expr, value) -> charge(++steps[0], value, budget));
        } catch (LimitExceeded e) {
            throw new EvaluationFailure(e.getMessage());
        } catch (CelEvaluationException | RuntimeException e) {
            Optional<LimitExceeded> limit = cause(e);
            if (limit.isPresent()) {
                throw new EvaluationFailure(limit.get().getMessage());
            }
            throw new EvaluationFailure(
                    e instanceof CelEvaluationException
                            ? e.getMessage()
                            : e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (StackOverflowError e) {
            throw new EvaluationFailure("expression nested too deeply to evaluate");
        }
    }

    private void charge(int steps, Object value, Budget budget) {
        if (steps > costLimit) {
            throw new LimitExceeded("evaluation exceeded the cost limit of " + costLimit + " steps");
        }
        int size = value instanceof String text
                ? text.length()
                : value instanceof Collection<?> list ? list.size() : value instanceof Map<?, ?> map ? map.size() : 0;
        if (size > maxValueSize) {
            throw new LimitExceeded(
                    "evaluation built a value of " + size + " characters or entries, limit " + maxValueSize);
        }
        // Every 64 steps: short expressions never meet the clock, long ones stop soon after their budget.
        if ((steps & 63) == 0 && budget.exhausted()) {
            throw new LimitExceeded("expression exceeded its time budget of " + budget.millis + " ms");
        }
    }

    private static Optional<LimitExceeded> cause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof LimitExceeded limit) {
                return Optional.of(limit);
            }
        }
        return Optional.empty();
    }
}
