package io.p2pboot.sample.chat;

import io.p2pboot.address.PeerAddress;
import io.p2pboot.autoconfigure.handler.OnClose;
import io.p2pboot.autoconfigure.handler.OnData;
import io.p2pboot.autoconfigure.handler.OnOffer;
import io.p2pboot.peer.Connection;
import io.p2pboot.peer.Offer;
import io.p2pboot.peer.Received;
import io.p2pboot.pipe.CloseReason;
import io.p2pboot.protocol.DataType;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** The peer's annotated handlers: who may connect, what arrives, what closes. */
@Component
public class ChatHandlers {

    private static final Logger log = LoggerFactory.getLogger(ChatHandlers.class);

    private final AllowList allowList;
    private final MessageLog messages;

    public ChatHandlers(AllowList allowList, MessageLog messages) {
        this.allowList = allowList;
        this.messages = messages;
    }

    /** Accepts every offer, or with {@code chat.allow} set, those from an allowed address. */
    @OnOffer
    public boolean allowed(Offer offer) {
        boolean allowed = allowList.permits(offer.remoteAddress().getAddress());
        if (!allowed) {
            log.info("denied {} ({}): not in chat.allow {}", offer.peerName(),
                    PeerAddress.format(offer.remoteAddress().getAddress()), allowList.ranges());
        }
        return allowed;
    }

    /** A chat line on a {@code json} connection; json values that are not chat lines skip this method. */
    @OnData(dataType = DataType.JSON)
    @Order(1)
    public void chat(@Nullable ChatMessage message, Connection connection) {
        if (message != null && message.text() != null) {
            log.info("{} ({}): {}", message.from() != null ? message.from() : "?", connection.peerName(), message.text());
        }
    }

    /**
     * Every message of every data type ({@code json}, {@code bytes}, {@code raw}) goes to the log.
     * Taking the payload as a parameter (rather than {@code received.value()}) declares its type, so
     * with both methods typed a chat line is parsed twice (once per type), not three times.
     */
    @OnData
    @Order(2)
    public void any(@Nullable Object value, Received received, Connection connection) {
        if (received.dataType() != DataType.JSON) {
            log.info("{} message from {} ({} bytes)", received.dataType(), connection.peerName(), received.size());
        }
        messages.add(connection.peerName(), received.dataType(), value, received.size());
    }

    @OnClose
    public void closed(Connection connection, CloseReason reason) {
        log.info("connection to {} closed: {}", connection.peerName(), reason);
    }
}
