package io.p2pboot.autoconfigure.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;
import io.p2pboot.protocol.DataType;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The peer's observations, the one place their names and key values are written; the README's
 * starter section lists the same. Low-cardinality key values are bounded (they become meter tags);
 * the other peer's name is only ever a high-cardinality one (a span attribute, never a tag).
 */
public enum P2pObservation implements ObservationDocumentation {

    /** One call of an annotated handler method ({@code @OnData}, {@code @OnOffer}, ...). */
    HANDLER {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultHandlerObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return new KeyName[] {LowKey.EVENT, LowKey.DATA_TYPE, LowKey.HANDLER, LowKey.OUTCOME, LowKey.EXCEPTION};
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return HighKey.values();
        }
    },

    /** A {@code connect} to another peer: the dial and the handshake, until a connection exists or it failed. */
    CONNECT {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultConnectObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return new KeyName[] {LowKey.DATA_TYPE, LowKey.OUTCOME, LowKey.EXCEPTION};
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return HighKey.values();
        }
    },

    /** An incoming offer being decided, its {@code @OnOffer} methods included, until it is accepted or denied. */
    OFFER {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultOfferObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return new KeyName[] {LowKey.DATA_TYPE, LowKey.OUTCOME, LowKey.EXCEPTION};
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return HighKey.values();
        }
    };

    /** The bounded key values. */
    public enum LowKey implements KeyName {

        /**
         * The handler's event: {@code offer}, {@code data}, {@code close}, {@code connection},
         * {@code listen}, {@code stop}.
         */
        EVENT("p2p.event"),

        /** The data type, lower case: {@code json}, {@code bytes}, {@code raw}; {@code none} for a peer event. */
        DATA_TYPE("p2p.data.type"),

        /** The handler method: its class's simple name and its name, such as {@code Chat.received}. */
        HANDLER("p2p.handler"),

        /**
         * How it ended: {@code success} or {@code error} (a handler); {@code success}, {@code denied},
         * {@code timeout} or {@code error} (a connect); {@code accepted} or {@code denied} (an offer).
         */
        OUTCOME("outcome"),

        /** The simple class name of what it failed with, {@code none} when it did not fail. */
        EXCEPTION("exception");

        private final String key;

        LowKey(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }

    /** The unbounded key values. */
    public enum HighKey implements KeyName {

        /** The other peer's name, {@code ip:port} (a connect's: as given); {@code none} for a peer event. */
        PEER("p2p.peer");

        private final String key;

        HighKey(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }

    /** A data type as key values write it. */
    static String dataType(@Nullable DataType type) {
        return type == null ? NONE : type.name().toLowerCase(Locale.ROOT);
    }

    /** A failure as key values write it: its simple class name. */
    static String exception(@Nullable Throwable error) {
        if (error == null) {
            return NONE;
        }
        String name = error.getClass().getSimpleName();
        return name.isEmpty() ? error.getClass().getName() : name;
    }

    /** The value of a key that does not apply. */
    static final String NONE = "none";
}
