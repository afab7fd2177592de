package io.coral.cwmp.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * The codec's neutral XML tree between the wire front-ends (SAAJ, StAX) and the message mapping, so that each
 * RPC is mapped once in each direction. {@code ns} is the namespace URI ("" when unqualified), {@code text} the
 * element's own character data, {@code xsiType} the raw xsi:type value and {@code arrayType} the raw
 * soapenc:arrayType value (both null when absent).
 */
record XmlNode(String ns, String name, String text, String xsiType, String arrayType, List<XmlNode> children) {

    XmlNode {
        ns = ns == null ? "" : ns;
        text = text == null ? "" : text;
    }

    static XmlNode leaf(String name, String text) {
        return new XmlNode("", name, text, null, null, List.of());
    }

    static XmlNode typed(String name, String text, String xsiType) {
        return new XmlNode("", name, text, xsiType, null, List.of());
    }

    static XmlNode parent(String name, List<XmlNode> children) {
        return new XmlNode("", name, "", null, null, children);
    }

    static XmlNode array(String name, String itemType, List<XmlNode> items) {
        return new XmlNode("", name, "", null, itemType + "[" + items.size() + "]", items);
    }

    /** The first child with this local name (any namespace), or null. */
    XmlNode child(String local) {
        for (XmlNode c : children) {
            if (c.name.equals(local)) {
                return c;
            }
        }
        return null;
    }

    /** Every child with this local name. */
    List<XmlNode> all(String local) {
        List<XmlNode> out = new ArrayList<>();
        for (XmlNode c : children) {
            if (c.name.equals(local)) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * Mutable builder used by the streaming reader while the document streams past. Most elements are leaves with
     * one run of text, so neither a text buffer nor a child list is made until a second run or a first child.
     */
    static final class Builder {
        final String ns;
        final String name;
        final String xsiType;
        final String arrayType;
        private String text;
        private StringBuilder moreText;
        private List<XmlNode> children;

        Builder(String ns, String name, String xsiType, String arrayType) {
            this.ns = ns;
            this.name = name;
            this.xsiType = xsiType;
            this.arrayType = arrayType;
        }

        boolean hasChildren() {
            return children != null;
        }

        void addChild(XmlNode child) {
            if (children == null) {
                children = new ArrayList<>(4);
            }
            children.add(child);
        }

        void appendText(char[] chars, int start, int length) {
            if (text == null) {
                text = new String(chars, start, length);
            } else {
                if (moreText == null) {
                    moreText = new StringBuilder(text);
                }
                moreText.append(chars, start, length);
            }
        }

        XmlNode build() {
            if (children != null) {
                return new XmlNode(ns, name, "", xsiType, arrayType, List.copyOf(children));
            }
            String t = moreText != null ? moreText.toString() : text;
            return new XmlNode(ns, name, t, xsiType, arrayType, List.of());
        }
    }
}
