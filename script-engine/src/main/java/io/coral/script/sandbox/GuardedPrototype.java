package io.coral.script.sandbox;

import org.luaj.vm2.Prototype;

/**
 * A compiled function as the sandbox runs it: LuaJ's prototype plus what the guard needs to know ahead of time.
 * {@code watch} is the code when the function contains an opcode the guard must decode (one that grows memory),
 * or null when none of its instructions can: the guard then skips the per-instruction opcode test while that
 * function executes.
 */
final class GuardedPrototype extends Prototype {
    final int[] watch;

    private GuardedPrototype(Prototype p) {
        k = p.k;
        code = p.code;
        lineinfo = p.lineinfo;
        locvars = p.locvars;
        upvalues = p.upvalues;
        source = p.source;
        linedefined = p.linedefined;
        lastlinedefined = p.lastlinedefined;
        numparams = p.numparams;
        is_vararg = p.is_vararg;
        maxstacksize = p.maxstacksize;
        Prototype[] children = new Prototype[p.p.length];
        for (int i = 0; i < children.length; i++) {
            children[i] = of(p.p[i]);
        }
        this.p = children;
        watch = decodes(p.code) ? p.code : null;
    }

    /** The same function (and its nested functions) with the guard's annotations. */
    static Prototype of(Prototype p) {
        return p instanceof GuardedPrototype ? p : new GuardedPrototype(p);
    }

    private static boolean decodes(int[] code) {
        for (int i : code) {
            if (RunGuard.inspects(i)) {
                return true;
            }
        }
        return false;
    }
}
