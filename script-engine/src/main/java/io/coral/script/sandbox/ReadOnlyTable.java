package io.coral.script.sandbox;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/** A table no script can change: the shared string metatable and its __index. */
final class ReadOnlyTable extends LuaTable {
    private boolean sealed;

    ReadOnlyTable(LuaTable contents) {
        LuaValue k = LuaValue.NIL;
        while (true) {
            var n = contents.next(k);
            if ((k = n.arg1()).isnil()) {
                break;
            }
            rawset(k, n.arg(2));
        }
        sealed = true;
    }

    private void denied() {
        if (sealed) {
            throw new LuaError("attempt to modify a read-only table");
        }
    }

    @Override public void set(int key, LuaValue value) { denied(); super.set(key, value); }
    @Override public void set(LuaValue key, LuaValue value) { denied(); super.set(key, value); }
    @Override public void rawset(int key, LuaValue value) { denied(); super.rawset(key, value); }
    @Override public void rawset(LuaValue key, LuaValue value) { denied(); super.rawset(key, value); }
    @Override public void insert(int pos, LuaValue value) { denied(); super.insert(pos, value); }
    @Override public LuaValue remove(int pos) { denied(); return super.remove(pos); }
    @Override public void sort(LuaValue comparator) { denied(); super.sort(comparator); }
    @Override public LuaValue setmetatable(LuaValue metatable) { denied(); return super.setmetatable(metatable); }
}
