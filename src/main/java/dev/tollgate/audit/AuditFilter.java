package dev.tollgate.audit;

import dev.tollgate.support.ApiException;
import dev.tollgate.support.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code filter} of an audit-log query: terms joined by {@code AND}, each {@code field op "value"} with
 * fields {@code principal}, {@code attributedUser}, {@code method}, {@code resource}, {@code result} (op {@code =})
 * and {@code timestamp} (ops {@code >=}, {@code >}, {@code <=}, {@code <}, RFC 3339 value).
 */
record AuditFilter(List<Term> terms) {

    private static final Pattern TERM = Pattern.compile(
            "\\s*(principal|attributedUser|method|resource|result|timestamp)\\s*(>=|<=|=|>|<)\\s*\"([^\"]*)\"\\s*");
    private static final int MAX_LENGTH = 2048;

    record Term(String field, String op, Object value) {}

    static AuditFilter parse(String filter) {
        List<Term> terms = new ArrayList<>();
        if (filter == null || filter.isBlank()) {
            return new AuditFilter(terms);
        }
        if (filter.length() > MAX_LENGTH) {
            throw ApiException.invalidArgument("filter is longer than " + MAX_LENGTH + " characters.");
        }
        for (String part : filter.split("\\s+AND\\s+")) {
            terms.add(term(part));
        }
        return new AuditFilter(terms);
    }

    private static Term term(String text) {
        Matcher matcher = TERM.matcher(text);
        if (!matcher.matches()) {
            throw ApiException.invalidArgument("Invalid filter term '" + text + "': expected field op \"value\" with"
                    + " field one of principal, attributedUser, method, resource, result, timestamp.");
        }
        String field = matcher.group(1);
        String op = matcher.group(2);
        if (!field.equals("timestamp")) {
            if (!op.equals("=")) {
                throw ApiException.invalidArgument("Field " + field + " supports only '=', got '" + op + "'.");
            }
            return new Term(field, op, matcher.group(3));
        }
        Instant instant = Timestamps.parse(matcher.group(3))
                .orElseThrow(() ->
                        ApiException.invalidArgument("timestamp value '" + matcher.group(3) + "' is not RFC 3339."));
        return new Term(field, op, instant);
    }

    void appendTo(StringBuilder query, List<Object[]> params) {
        for (int i = 0; i < terms.size(); i++) {
            Term term = terms.get(i);
            String param = "f" + i;
            query.append(" and ")
                    .append(term.field())
                    .append(' ')
                    .append(term.op())
                    .append(" :")
                    .append(param);
            params.add(new Object[] {param, term.value()});
        }
    }
}
