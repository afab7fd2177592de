package io.coral.usp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MqttBindingTest {
    @Test
    void replyToSuffixEncodesSlashes() {
        String topic = MqttBinding.withReplyTo("usp/controller/coral", "usp/agent/os::00256D-1");
        assertThat(topic).isEqualTo("usp/controller/coral/reply-to=usp%2Fagent%2Fos::00256D-1");
        assertThat(MqttBinding.replyTo(topic)).contains("usp/agent/os::00256D-1");
        assertThat(MqttBinding.baseTopic(topic)).isEqualTo("usp/controller/coral");
    }

    @Test
    void takesThePartAfterTheLastMarker() {
        assertThat(MqttBinding.replyTo("a/reply-to=x/reply-to=b%2Fc")).contains("b/c");
        assertThat(MqttBinding.replyTo("usp/controller")).isEmpty();
        assertThat(MqttBinding.replyTo("usp/controller/reply-to=")).isEmpty();
    }

    @Test
    void acceptsBothContentTypes() {
        assertThat(MqttBinding.acceptsContentType("usp.msg")).isTrue();
        assertThat(MqttBinding.acceptsContentType("application/vnd.bbf.usp.msg")).isTrue();
        assertThat(MqttBinding.acceptsContentType(null)).isTrue();
        assertThat(MqttBinding.acceptsContentType("application/json")).isFalse();
    }

    @Test
    void topicNamesFitForPublishing() {
        assertThat(MqttBinding.isValidTopicName("usp/agent/os::00256D-1")).isTrue();
        assertThat(MqttBinding.isValidTopicName("usp/agent/+")).isFalse();
        assertThat(MqttBinding.isValidTopicName("usp/#")).isFalse();
        assertThat(MqttBinding.isValidTopicName("")).isFalse();
        assertThat(MqttBinding.isValidTopicName("a\u0000b")).isFalse();
        assertThat(MqttBinding.isValidTopicName("$SYS/x")).isFalse();
        assertThat(MqttBinding.isValidTopicName("a\u0007b")).isFalse();
        assertThat(MqttBinding.isValidTopicName("usp/agent/é")).isTrue();
        assertThat(MqttBinding.isValidTopicName(null)).isFalse();
    }

    @Test
    void sharedSubscriptionFilter() {
        assertThat(MqttBinding.sharedFilter("coral", "usp/controller/coral")).isEqualTo("$share/coral/usp/controller/coral");
    }

    @Test
    void endpointIds() {
        assertThat(EndpointIds.isValid("proto::coral")).isTrue();
        assertThat(EndpointIds.isValid("os::00256D-0123456")).isTrue();
        assertThat(EndpointIds.isValid("oui:00256D:my-unique-bbf-id-42")).isTrue();
        assertThat(EndpointIds.isValid("self::agent")).isTrue();
        assertThat(EndpointIds.problem("oui::x")).contains("authority");
        assertThat(EndpointIds.problem("bogus::x")).contains("scheme");
        assertThat(EndpointIds.problem("proto::")).contains("instance");
        assertThat(EndpointIds.problem("proto::a/b")).contains("'/'");
        assertThat(EndpointIds.isValid("")).isFalse();
        assertThat(EndpointIds.isValid(null)).isFalse();
    }
}
