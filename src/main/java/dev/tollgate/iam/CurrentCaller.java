package dev.tollgate.iam;

import dev.tollgate.support.ApiException;
import jakarta.enterprise.context.RequestScoped;

/** The caller of the current request, set once by the web layer's authentication filter. */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    public void set(Caller caller) {
        this.caller = caller;
    }

    public Caller get() {
        if (caller == null) {
            throw ApiException.unauthenticated("This request needs a bearer credential.");
        }
        return caller;
    }
}
