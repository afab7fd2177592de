package io.coral.script.sandbox;

import io.coral.script.Limits;
import io.coral.script.ScriptHalt;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
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
 * instructions, checks the budget, the deadline and a stop request every {@value #CHECK_EVERY} instructions,
 * caps call depth, and inspects the few opcodes that grow memory (NEWTABLE, SETTABLE, SETTABUP, SETLIST, CONCAT).
 *
 * <p>The per-instruction path is one decrement of a countdown and, in functions that contain one of those
 * opcodes (known at compile time, {@link GuardedPrototype}), one bit test of the opcode against a constant mask;
 * everything else happens on the rare slow path. A call counts its depth; only calls of such functions record
 * a frame (closure, registers) for decoding. Nothing is allocated per call. Halting sets the countdown negative, so
 * once a run is halted every later instruction re-throws the same {@link ScriptHalt}: neither pcall nor a
 * coroutine (LuaJ turns any Throwable in a coroutine into a resume error) can outlive it.
 *
 * <p>It also owns the run's Lua lock. LuaJ's tables and the guard's own counters are not thread-safe, and a
 * run's globals are shared by its body and its callbacks (which run on their own threads), so a thread
 * executes the run's Lua only while it holds the lock: taken by {@link #enter()} (the body, each callback),
 * given up around every blocking wait ({@link #release()}, {@link #reacquire(Object)}) so that callbacks
 * still overlap while they wait on a device, a timer or an HTTP server, and dropped by {@link #exit()}.
 * A LuaJ coroutine runs on its own thread but only while the thread that resumed it waits, so it executes
 * under its resumer's hold (a permit, not an owner-bound lock, for that reason).
 */
public final class RunGuard extends DebugLib {

    /** Instructions between two checks of the budget, the deadline and a stop request. */
    public static final int CHECK_EVERY = 1024;

    /** Bit {@code op} set for each opcode the hook decodes (a long shift uses only the low 6 bits: the opcode). */
    private static final long INSPECT = 1L << Lua.OP_NEWTABLE | 1L << Lua.OP_SETTABLE | 1L << Lua.OP_SETTABUP
            | 1L << Lua.OP_SETLIST | 1L << Lua.OP_CONCAT;

    private static final InheritableThreadLocal<RunGuard> CURRENT = new InheritableThreadLocal<>();

    private final Limits limits;
    private final int maxCallDepth;
    private final long instructionBudget;
    private final int maxTableEntries;
    private final Semaphore lua = new Semaphore(1, true);
    private Globals globals;

    // hot state, plain fields: only the thread holding the Lua lock touches them (a stop from outside goes
    // through the volatile stopReason, read on the slow path)
    private int countdown = CHECK_EVERY - 1;
    /** Code of the executing function if it has opcodes to decode, else null (see GuardedPrototype). */
    private int[] watch;
    /** Registers of the executing function (valid while {@code watch} is set). */
    private LuaValue[] stack;
    /** Call depth of the executing thread or coroutine. */
    private int depth;
    private Frames frames;

    private long instructions;
    private long stringBytes;
    private int tables;
    private volatile long deadlineNanos;
    private volatile String stopReason;
    private volatile ScriptHalt halted;
    private final List<LuaThread> coroutines = new ArrayList<>();

    public RunGuard(Limits limits) {
        this.limits = limits;
        this.maxCallDepth = limits.maxCallDepth();
        this.instructionBudget = limits.instructionBudget();
        this.maxTableEntries = limits.maxTableEntries();
        this.frames = new Frames();
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

    // ---- the run's Lua lock ----

    /** The calling thread is about to execute the run's Lua (its body or a callback): waits for its turn. */
    public void enter() {
        lua.acquireUninterruptibly();
        switchTo(new Frames());
    }

    /** The calling thread has finished executing the run's Lua. */
    public void exit() {
        lua.release();
    }

    /** Before a blocking wait inside Lua: lets the run's other threads execute; returns the token for {@link #reacquire}. */
    public Object release() {
        Frames mine = frames;
        mine.depth = depth;
        lua.release();
        return mine;
    }

    /** After the blocking wait: waits for the lock again and restores the caller's call frames. */
    public void reacquire(Object token) {
        lua.acquireUninterruptibly();
        switchTo((Frames) token);
    }

    // ---- limits ----

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
        countdown = CHECK_EVERY - 1;
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
        countdown = -1;
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
        if (cap > maxTableEntries) {
            throw limit("table too large: " + cap + " entries (max " + maxTableEntries + ")");
        }
    }

    public void chargeSteps(long steps) {
        instructions += steps;
        if (instructions > instructionBudget) {
            throw limit("instruction budget exceeded (" + instructionBudget + " without a blocking call)");
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

    // ---- call frames ----

    private void switchTo(Frames f) {
        frames.depth = depth;
        frames = f;
        depth = f.depth;
        restoreTop(f);
    }

    /** watch/stack of the function executing at the current depth: the top watched frame if it is that one. */
    private void restoreTop(Frames f) {
        int n = f.n;
        if (n > 0 && f.at[n] == depth) {
            watch = f.watches[n];
            stack = f.stacks[n];
        } else {
            watch = null;
        }
    }

    private static int[] watchOf(LuaClosure c) {
        return c.p instanceof GuardedPrototype g ? g.watch : c.p.code;
    }

    /** Whether the hook decodes this instruction. */
    static boolean inspects(int instruction) {
        return (INSPECT >>> instruction & 1L) != 0;
    }

    /**
     * coroutine.resume (and wrap's function): LuaJ coroutines hand over synchronously, so the frames of
     * whichever coroutine executes are tracked in one field, switched here.
     */
    public Varargs resume(LuaThread t, Varargs args) {
        Frames saved = frames;
        if (!(t.callstack instanceof Frames)) {
            t.callstack = new Frames();
        }
        switchTo((Frames) t.callstack);
        try {
            return t.resume(args);
        } finally {
            switchTo(saved);
        }
    }

    // ---- the hooks ----

    /** pcall/xpcall: a level of call depth in which no instruction executes. */
    @Override
    public void onCall(LuaFunction fn) {
        int d = depth + 1;
        if (d >= maxCallDepth) {
            throw limit("call depth exceeded (max " + maxCallDepth + ")");
        }
        depth = d;
    }

    /**
     * Only functions with opcodes to decode get a frame (their closure and registers); the others just count
     * their depth, which is all the guard needs while they execute.
     */
    @Override
    public void onCall(LuaClosure c, Varargs varargs, LuaValue[] s) {
        int d = depth + 1;
        if (d >= maxCallDepth) {
            throw limit("call depth exceeded (max " + maxCallDepth + ")");
        }
        depth = d;
        int[] w = watchOf(c);
        watch = w;
        if (w != null) {
            frames.push(d, c, w, s);
            stack = s;
        }
    }

    @Override
    public void onReturn() {
        int d = depth;
        if (d == 0) {
            return;
        }
        depth = d - 1;
        Frames f = frames;
        int n = f.n;
        if (n > 0 && f.at[n] == d) {
            f.pop();
            n--;
        }
        if (n > 0 && f.at[n] == d - 1) {
            watch = f.watches[n];
            stack = f.stacks[n];
        } else {
            watch = null;
        }
    }

    @Override
    public void onInstruction(int pc, Varargs v, int top) {
        int[] w;
        if (--countdown < 0 || (w = watch) != null && (INSPECT >>> w[pc] & 1L) != 0) {
            slow(pc, top);
        }
    }

    private void slow(int pc, int top) {
        if (countdown < 0) {
            periodic(); // throws once the run is halted
            int[] w = watch;
            if (w == null || (INSPECT >>> w[pc] & 1L) == 0) {
                return;
            }
        }
        int i = watch[pc];
        if ((i & 0x3f) == Lua.OP_SETTABLE) { // the common one, kept small enough to be inlined
            if (stack[(i >> 6) & 0xff] instanceof LuaTable table && CoralTables.capacity(table) >= maxTableEntries) {
                checkTableGrowth(table, 1);
            }
            return;
        }
        inspect(i, top);
    }

    private void inspect(int i, int top) {
        switch (i & 0x3f) {
            case Lua.OP_NEWTABLE -> {
                if (++tables > limits.tableBudget()) {
                    throw limit("table budget exceeded (" + limits.tableBudget() + " tables created without a blocking call)");
                }
            }
            case Lua.OP_SETTABUP -> {
                LuaClosure c = frames.fns[frames.n];
                if (c.upValues[(i >> 6) & 0xff].getValue() instanceof LuaTable table) {
                    checkTableGrowth(table, 1);
                }
            }
            case Lua.OP_SETLIST -> {
                int a = (i >> 6) & 0xff;
                int b = i >>> 23;
                if (stack[a] instanceof LuaTable table) {
                    checkTableGrowth(table, b != 0 ? b : Math.max(0, top - a));
                }
            }
            case Lua.OP_CONCAT -> {
                LuaValue[] s = stack;
                int b = (i >>> 23) & 0x1ff;
                int c = (i >>> 14) & 0x1ff;
                long len = 0;
                for (int r = b; r <= c && r < s.length; r++) {
                    LuaValue x = s[r];
                    if (x instanceof LuaString str) {
                        len += str.m_length;
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
        ScriptHalt h = halted;
        if (h != null) {
            countdown = -1;
            throw h;
        }
        countdown = CHECK_EVERY - 1;
        instructions += CHECK_EVERY;
        if (instructions > instructionBudget) {
            throw limit("instruction budget exceeded (" + instructionBudget + " without a blocking call)");
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

    /**
     * One thread's (or coroutine's) watched frames: for each active call of a function with opcodes to decode,
     * its depth, closure, code and registers (1-based; {@code n} of them). {@code depth} is saved here while
     * another thread or coroutine executes.
     */
    private static final class Frames {
        int depth;
        int n;
        int[] at = new int[8];
        LuaClosure[] fns = new LuaClosure[8];
        int[][] watches = new int[8][];
        LuaValue[][] stacks = new LuaValue[8][];

        void push(int d, LuaClosure c, int[] w, LuaValue[] s) {
            int i = n + 1;
            if (i == at.length) {
                grow();
            }
            at[i] = d;
            fns[i] = c;
            watches[i] = w;
            stacks[i] = s;
            n = i;
        }

        void pop() {
            int i = n;
            fns[i] = null;
            watches[i] = null;
            stacks[i] = null;
            n = i - 1;
        }

        private void grow() {
            int len = at.length * 2;
            at = java.util.Arrays.copyOf(at, len);
            fns = java.util.Arrays.copyOf(fns, len);
            watches = java.util.Arrays.copyOf(watches, len);
            stacks = java.util.Arrays.copyOf(stacks, len);
        }
    }
}
