package dev.tollgate.hierarchy;

/** Who may reach a project's data (the W&B model): its team, only principals bound on it, or the whole organization. */
public enum Visibility {
    TEAM,
    RESTRICTED,
    OPEN
}
