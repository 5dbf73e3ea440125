package io.p2pboot.autoconfigure.handler;

import java.util.List;

/**
 * A bean found to have handler methods, kept until the methods can be registered on the peer.
 *
 * @param bean the bean as post-processing saw it
 * @param userClass the class behind any proxy, where the methods were found
 */
record HandlerBean(String name, Object bean, Class<?> userClass, List<HandlerSignature> signatures) {

    HandlerBean {
        signatures = List.copyOf(signatures);
    }
}
