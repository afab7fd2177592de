package org.luaj.vm2;

/**
 * Reads a table's allocated capacity (array part + hash part). LuaJ keeps both sizes protected; the
 * script engine's growth guard lives in this package only to read them in O(1) per check.
 */
public final class CoralTables {
    private CoralTables() {}

    public static int capacity(LuaTable t) {
        return t.getArrayLength() + t.getHashLength();
    }
}
