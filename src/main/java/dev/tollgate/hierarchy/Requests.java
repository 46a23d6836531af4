package dev.tollgate.hierarchy;

import dev.tollgate.support.ApiException;

/** Checks shared by request bodies. */
final class Requests {

    private Requests() {}

    static <T> T required(T body) {
        if (body == null) {
            throw ApiException.invalidArgument("Request body is required.");
        }
        return body;
    }
}
