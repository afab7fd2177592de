package io.coral.bus;

/**
 * NATS subject rules, shared by every {@link Bus} implementation so that a subject rejected by one is
 * rejected by all: tokens separated by {@code .}, none empty, no whitespace; in subscriptions a token
 * {@code *} matches exactly one token and a last token {@code >} matches one or more.
 */
public final class SubjectPattern {
    private final String pattern;
    private final String[] tokens;
    private final boolean literal;

    private SubjectPattern(String pattern) {
        this.pattern = pattern;
        this.tokens = pattern.split("\\.", -1);
        boolean lit = true;
        for (String t : tokens) {
            if (t.equals("*") || t.equals(">")) {
                lit = false;
                break;
            }
        }
        this.literal = lit;
    }

    /** Parses a subscription subject; wildcards allowed. */
    public static SubjectPattern of(String pattern) {
        checkSyntax(pattern, true);
        return new SubjectPattern(pattern);
    }

    /** Checks a subject to publish to: no wildcards. */
    public static String requireLiteral(String subject) {
        checkSyntax(subject, false);
        return subject;
    }

    public static boolean matches(String pattern, String subject) {
        return of(pattern).matches(subject);
    }

    public boolean matches(String subject) {
        if (literal) {
            return pattern.equals(subject);
        }
        int pos = 0;
        int n = subject.length();
        for (int i = 0; i < tokens.length; i++) {
            if (pos > n) {
                return false;
            }
            int end = subject.indexOf('.', pos);
            if (end < 0) {
                end = n;
            }
            String t = tokens[i];
            if (t.equals(">")) {
                return pos < n;
            }
            if (!t.equals("*") && (t.length() != end - pos || !subject.regionMatches(pos, t, 0, t.length()))) {
                return false;
            }
            pos = end + 1;
        }
        return pos == n + 1;
    }

    public String pattern() {
        return pattern;
    }

    @Override
    public String toString() {
        return pattern;
    }

    /** One pass over the characters, no allocation: every publish goes through here. */
    private static void checkSyntax(String subject, boolean wildcards) {
        if (subject == null || subject.isEmpty()) {
            throw new IllegalArgumentException("empty subject");
        }
        int n = subject.length();
        int start = 0;
        for (int i = 0; i <= n; i++) {
            if (i < n && subject.charAt(i) != '.') {
                if (Character.isWhitespace(subject.charAt(i))) {
                    throw new IllegalArgumentException("whitespace in subject '" + subject + "'");
                }
                continue;
            }
            int len = i - start;
            if (len == 0) {
                throw new IllegalArgumentException("empty token in subject '" + subject + "'");
            }
            char c = subject.charAt(start);
            boolean wild = len == 1 && (c == '*' || c == '>');
            if (wild && !wildcards) {
                throw new IllegalArgumentException("wildcard in subject '" + subject + "' (only subscriptions may use * and >)");
            }
            if (wild && c == '>' && i != n) {
                throw new IllegalArgumentException("'>' must be the last token in '" + subject + "'");
            }
            start = i + 1;
        }
    }
}
