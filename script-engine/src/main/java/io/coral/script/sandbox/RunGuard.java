package io.coral.script.sandbox;

import io.coral.script.Limits;
import io.coral.script.ScriptHalt;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.CoralTables;
import org.luaj.vm2.Globals;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

/**
 * The per-run guard, installed as the run's {@code globals.debuglib} (never as a Lua-visible library):
 * LuaJ calls it on every instruction, call and return of closures made in the run's globals. It counts
 * instructions, checks the deadline and a stop request every 1,024 instructions, caps call depth, and
 * inspects the few opcodes that grow memory (NEWTABLE, SETTABLE, SETLIST, CONCAT).
 *
 * <p>Once a run is halted every later instruction re-throws the same {@link ScriptHalt}, so neither
 * pcall nor a coroutine (LuaJ turns any Throwable in a coroutine into a resume error) can outlive it.
 */
public final class RunGuard extends DebugLib {

    private static final InheritableThreadLocal<RunGuard> CURRENT = new InheritableThreadLocal<>();

    private final Limits limits;
    private Globals globals;
    private long instructions;
    private long stringBytes;
    private int tables;
    private volatile long deadlineNanos;
    private volatile String stopReason;
    // plain: read on every instruction; set by the run's own threads (a stop from outside goes through
    // the volatile stopReason, read every 1,024 instructions)
    private ScriptHalt halted;
    private final List<LuaThread> coroutines = new ArrayList<>();
    private final ThreadLocal<Frames> threadFrames = ThreadLocal.withInitial(Frames::new);
    private Frames last;
    private Frames cur = new Frames();
    private boolean perThread;

    public RunGuard(Limits limits) {
        this.limits = limits;
    }

    /** The guard of the run executing on this thread (coroutine threads inherit it), or null. */
    public static RunGuard current() {
        return CURRENT.get();
    }

    public static void bind(RunGuard guard) {
        if (guard == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(guard);
        }
    }

    public Limits limits() {
        return limits;
    }

    void attach(Globals g) {
        this.globals = g;
        g.debuglib = this;
    }

    /** Wall-time deadline (System.nanoTime based); 0 clears it. */
    public void setDeadline(long nanos) {
        this.deadlineNanos = nanos;
    }

    /** Called by every blocking function: budgets are per stretch of computation between waits. */
    public void resetBudgets() {
        checkHalted();
        instructions = 0;
        stringBytes = 0;
        tables = 0;
    }

    public long deadlineNanos() {
        return deadlineNanos;
    }

    public String stopReason() {
        return stopReason;
    }

    public void requestStop(String reason) {
        this.stopReason = reason;
    }

    public boolean stopRequested() {
        return stopReason != null || halted != null;
    }

    public ScriptHalt halted() {
        return halted;
    }

    /** Throws if the run was halted or asked to stop; called by library functions between steps. */
    public void checkHalted() {
        ScriptHalt h = halted;
        if (h != null) {
            throw h;
        }
        String stop = stopReason;
        if (stop != null) {
            throw halt(ScriptHalt.Kind.STOPPED, stop);
        }
    }

    public ScriptHalt halt(ScriptHalt.Kind kind, String reason) {
        ScriptHalt h = halted;
        if (h == null) {
            h = new ScriptHalt(kind, reason);
            halted = h;
        }
        return h;
    }

    public ScriptHalt limit(String reason) {
        return halt(ScriptHalt.Kind.LIMIT, reason);
    }

    // ---- accounting used by the guarded library functions ----

    /** A string of {@code len} bytes is about to be built. */
    public void chargeString(long len) {
        if (len > limits.maxStringBytes()) {
            throw limit("string too long: " + len + " bytes (max " + limits.maxStringBytes() + ")");
        }
        stringBytes += len;
        if (stringBytes > limits.stringBudgetBytes()) {
            throw limit("string memory budget exceeded: " + stringBytes + " bytes built without a blocking call (max "
                    + limits.stringBudgetBytes() + ")");
        }
    }

    /** A table is about to receive {@code adding} more entries. */
    public void checkTableGrowth(LuaTable t, int adding) {
        long cap = (long) CoralTables.capacity(t) + adding;
        if (cap > limits.maxTableEntries()) {
            throw limit("table too large: " + cap + " entries (max " + limits.maxTableEntries() + ")");
        }
    }

    public void chargeSteps(long steps) {
        instructions += steps;
        if (instructions > limits.instructionBudget()) {
            throw limit("instruction budget exceeded (" + limits.instructionBudget() + " without a blocking call)");
        }
    }

    public synchronized LuaThread newCoroutine(LuaValue fn) {
        coroutines.removeIf(t -> t.state.status == LuaThread.STATUS_DEAD);
        if (coroutines.size() >= limits.maxCoroutines()) {
            throw limit("too many coroutines (max " + limits.maxCoroutines() + " alive)");
        }
        LuaThread t = new LuaThread(globals, fn);
        coroutines.add(t);
        return t;
    }

    /**
     * Ends the run's suspended coroutines: each LuaJ coroutine parks a platform thread; resuming it
     * once the run is halted makes its first instruction throw, so the thread exits now instead of
     * at LuaJ's orphan check.
     */
    public void endCoroutines() {
        halt(ScriptHalt.Kind.STOPPED, "run ended");
        List<LuaThread> all;
        synchronized (this) {
            all = List.copyOf(coroutines);
            coroutines.clear();
        }
        for (LuaThread t : all) {
            if (t.state.status == LuaThread.STATUS_SUSPENDED) {
                try {
                    t.resume(LuaValue.NONE);
                } catch (RuntimeException | ScriptHalt ignored) {
                    // the coroutine is dead either way
                }
            }
        }
    }

    // ---- the hook ----

    /**
     * Call frames of the executing coroutine: one field, switched by {@link #resume}. Once a run has
     * callbacks, several Java threads may execute the same globals at once (body and callbacks), so frames
     * are then kept per Java thread (each LuaJ coroutine has its own thread too).
     */
    private Frames frames() {
        if (perThread) {
            Frames f = last;
            if (f == null || f.owner != Thread.currentThread()) {
                f = threadFrames.get();
                last = f;
            }
            return f;
        }
        return cur;
    }

    /**
     * coroutine.resume (and wrap's function): LuaJ coroutines hand over synchronously, so the frames of
     * whichever coroutine executes are tracked in one field, switched here.
     */
    public Varargs resume(LuaThread t, Varargs args) {
        Frames saved = cur;
        if (!(t.callstack instanceof Frames)) {
            t.callstack = new Frames();
        }
        cur = (Frames) t.callstack;
        try {
            return t.resume(args);
        } finally {
            cur = saved;
        }
    }

    /** Called before the first callback listener is registered (no Lua code runs concurrently yet). */
    public void concurrentCallbacks() {
        if (!perThread) {
            threadFrames.set(frames());
            perThread = true;
        }
    }

    @Override
    public void onCall(LuaFunction f) {
        push(null, null);
    }

    @Override
    public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) {
        push(c.p.code, stack);
    }

    private void push(int[] code, LuaValue[] stack) {
        ScriptHalt h = halted;
        if (h != null) {
            throw h;
        }
        Frames f = frames();
        if (f.depth + 1 >= limits.maxCallDepth()) {
            throw limit("call depth exceeded (max " + limits.maxCallDepth() + ")");
        }
        f.push(code, stack);
    }

    @Override
    public void onReturn() {
        frames().pop();
    }

    @Override
    public void onInstruction(int pc, Varargs v, int top) {
        ScriptHalt h = halted;
        if (h != null) {
            throw h;
        }
        if ((++instructions & 1023) == 0) {
            periodic();
        }
        Frames f = frames();
        int[] code = f.code;
        if (code == null) {
            return;
        }
        int i = code[pc];
        switch (i & 0x3f) {
            case Lua.OP_NEWTABLE -> {
                if (++tables > limits.tableBudget()) {
                    throw limit("table budget exceeded (" + limits.tableBudget() + " tables created without a blocking call)");
                }
            }
            case Lua.OP_SETTABLE -> {
                LuaValue t = f.stack[(i >> 6) & 0xff];
                if (t instanceof LuaTable table) {
                    checkTableGrowth(table, 1);
                }
            }
            case Lua.OP_SETLIST -> {
                int a = (i >> 6) & 0xff;
                int b = i >>> 23;
                LuaValue t = f.stack[a];
                if (t instanceof LuaTable table) {
                    checkTableGrowth(table, b != 0 ? b : Math.max(0, top - a));
                }
            }
            case Lua.OP_CONCAT -> {
                LuaValue[] stack = f.stack;
                int b = (i >>> 23) & 0x1ff;
                int c = (i >>> 14) & 0x1ff;
                long len = 0;
                for (int r = b; r <= c && r < stack.length; r++) {
                    LuaValue x = stack[r];
                    if (x instanceof LuaString s) {
                        len += s.m_length;
                    } else if (x != null && x.isnumber()) {
                        len += 24;
                    }
                }
                chargeString(len);
            }
            default -> { }
        }
    }

    private void periodic() {
        if (instructions > limits.instructionBudget()) {
            throw limit("instruction budget exceeded (" + limits.instructionBudget() + " without a blocking call)");
        }
        long d = deadlineNanos;
        if (d != 0 && System.nanoTime() - d > 0) {
            throw limit("wall time exceeded (" + limits.wallTime().toMillis() + " ms)");
        }
        String stop = stopReason;
        if (stop != null) {
            throw halt(ScriptHalt.Kind.STOPPED, stop);
        }
    }

    @Override
    public String traceback(int level) {
        return "";
    }

    /** One thread's call frames: the code and register array of each active closure. */
    private static final class Frames {
        final Thread owner = Thread.currentThread();
        int depth;
        int[][] codes = new int[16][];
        LuaValue[][] stacks = new LuaValue[16][];
        int[] code;
        LuaValue[] stack;

        void push(int[] c, LuaValue[] s) {
            depth++;
            if (depth >= codes.length) {
                codes = java.util.Arrays.copyOf(codes, codes.length * 2);
                stacks = java.util.Arrays.copyOf(stacks, stacks.length * 2);
            }
            codes[depth] = c;
            stacks[depth] = s;
            code = c;
            stack = s;
        }

        void pop() {
            if (depth > 0) {
                codes[depth] = null;
                stacks[depth] = null;
                depth--;
                code = codes[depth];
                stack = stacks[depth];
            }
        }
    }
}
