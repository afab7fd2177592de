package io.coral.script;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

final class LuaJsonNodes {
    private LuaJsonNodes() {}

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
