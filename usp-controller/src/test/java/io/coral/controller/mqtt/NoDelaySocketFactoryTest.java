package io.coral.controller.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

class NoDelaySocketFactoryTest {

    @Test
    void plainSocketsHaveTcpNoDelay() throws Exception {
        try (Socket s = new NoDelaySocketFactory().createSocket()) {
            assertThat(s.getTcpNoDelay()).isTrue();
        }
    }

    @Test
    void tlsSocketsHaveTcpNoDelayAndStayTls() throws Exception {
        NoDelaySslSocketFactory f = new NoDelaySslSocketFactory(SSLContext.getDefault().getSocketFactory());
        try (Socket s = f.createSocket()) {
            assertThat(s).isInstanceOf(SSLSocket.class);
            assertThat(s.getTcpNoDelay()).isTrue();
        }
        assertThat(f.getSupportedCipherSuites()).isNotEmpty();
    }
}
