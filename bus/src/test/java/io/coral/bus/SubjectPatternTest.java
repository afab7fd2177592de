package io.coral.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SubjectPatternTest {

    @Test
    void literalMatchesOnlyItself() {
        assertThat(SubjectPattern.matches("a.b", "a.b")).isTrue();
        assertThat(SubjectPattern.matches("a.b", "a.bc")).isFalse();
        assertThat(SubjectPattern.matches("a.b", "a.b.c")).isFalse();
    }

    @Test
    void starMatchesExactlyOneToken() {
        assertThat(SubjectPattern.matches("a.*.c", "a.b.c")).isTrue();
        assertThat(SubjectPattern.matches("a.*.c", "a.bb.c")).isTrue();
        assertThat(SubjectPattern.matches("a.*.c", "a.c")).isFalse();
        assertThat(SubjectPattern.matches("a.*", "a.b.c")).isFalse();
        assertThat(SubjectPattern.matches("a.*", "a")).isFalse();
        assertThat(SubjectPattern.matches("*", "a")).isTrue();
        assertThat(SubjectPattern.matches("*.*", "a")).isFalse();
    }

    @Test
    void tailMatchesOneOrMoreTokens() {
        assertThat(SubjectPattern.matches("a.>", "a.b")).isTrue();
        assertThat(SubjectPattern.matches("a.>", "a.b.c.d")).isTrue();
        assertThat(SubjectPattern.matches("a.>", "a")).isFalse();
        assertThat(SubjectPattern.matches("a.>", "ab.c")).isFalse();
        assertThat(SubjectPattern.matches(">", "x.y")).isTrue();
        assertThat(SubjectPattern.matches("*.b.>", "a.b.c")).isTrue();
        assertThat(SubjectPattern.matches("*.b.>", "a.c.c")).isFalse();
    }

    @Test
    void badSubjectsAreRejected() {
        assertThatThrownBy(() -> SubjectPattern.of("a..b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SubjectPattern.of(">.a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SubjectPattern.of("a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SubjectPattern.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SubjectPattern.requireLiteral("a.*")).isInstanceOf(IllegalArgumentException.class);
        assertThat(SubjectPattern.requireLiteral("a.b*c")).isEqualTo("a.b*c");
    }
}
