package dev.tollgate.keys;

/** Life cycle of a system-managed key (docs/api.md "Keys"). */
public enum KeyState {
    /** Published, not signing yet. */
    PENDING,
    /** Published and signing. */
    ACTIVE,
    /** Published, no longer signing. */
    RETIRED,
    /** Past its deletion time: neither published nor signing. */
    DELETED
}
