package io.p2pboot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a Spring test class: the application's peer listens on loopback on a free port and sends
 * nothing beyond this machine, so tests run in parallel without colliding; and a {@link TestPeer}
 * bean stands by to connect to it, send, and await what comes back.
 *
 * <p>It sets {@code p2p.address=127.0.0.1} and {@code p2p.port=0}; discovery is off, or with
 * {@link #discovery()} on, kept to loopback ({@code 127.255.255.255}) on a free port
 * ({@code p2p.discovery.port=0}). These override the application's own configuration (its
 * {@code application.yml}); properties the test sets itself ({@code @SpringBootTest(properties)},
 * {@code @TestPropertySource}) win.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface P2pTest {

    /** Whether the application's discovery runs (on loopback, on a free port). */
    boolean discovery() default false;
}
