package io.coral.script;

/**
 * Stops a run. An {@link Error}, not an exception: LuaJ's pcall, xpcall and the VM's own handlers
 * catch {@code LuaError} and {@code Exception} only, so a script cannot swallow it. Inside a coroutine
 * LuaJ catches every Throwable, which is why the run's guard keeps re-throwing once a run is halted.
 */
public final class ScriptHalt extends Error {

    public enum Kind { LIMIT, STOPPED }

    private final Kind kind;

    public ScriptHalt(Kind kind, String reason) {
        super(reason, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public String reason() {
        return getMessage();
    }
}
