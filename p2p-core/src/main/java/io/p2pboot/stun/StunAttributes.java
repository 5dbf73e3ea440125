package io.p2pboot.stun;

/** STUN attribute types (RFC 8489 section 18.3, plus the RFC 3489/5780 ones servers still send). */
final class StunAttributes {

    static final int MAPPED_ADDRESS = 0x0001;
    static final int RESPONSE_ADDRESS = 0x0002;
    static final int CHANGE_REQUEST = 0x0003;
    static final int SOURCE_ADDRESS = 0x0004;
    static final int CHANGED_ADDRESS = 0x0005;
    static final int USERNAME = 0x0006;
    static final int MESSAGE_INTEGRITY = 0x0008;
    static final int ERROR_CODE = 0x0009;
    static final int UNKNOWN_ATTRIBUTES = 0x000A;
    static final int REFLECTED_FROM = 0x000B;
    static final int REALM = 0x0014;
    static final int NONCE = 0x0015;
    static final int MESSAGE_INTEGRITY_SHA256 = 0x001C;
    static final int PASSWORD_ALGORITHM = 0x001D;
    static final int USERHASH = 0x001E;
    static final int XOR_MAPPED_ADDRESS = 0x0020;
    static final int PADDING = 0x0026;
    static final int RESPONSE_PORT = 0x0027;
    static final int SOFTWARE = 0x8022;
    static final int FINGERPRINT = 0x8028;

    private StunAttributes() {
    }

    /** Types below 0x8000 must be understood; a response carrying an unknown one is discarded. */
    static boolean isComprehensionRequired(int type) {
        return type < 0x8000;
    }

    static boolean isKnownComprehensionRequired(int type) {
        switch (type) {
            case MAPPED_ADDRESS:
            case RESPONSE_ADDRESS:
            case CHANGE_REQUEST:
            case SOURCE_ADDRESS:
            case CHANGED_ADDRESS:
            case USERNAME:
            case MESSAGE_INTEGRITY:
            case ERROR_CODE:
            case UNKNOWN_ATTRIBUTES:
            case REFLECTED_FROM:
            case REALM:
            case NONCE:
            case MESSAGE_INTEGRITY_SHA256:
            case PASSWORD_ALGORITHM:
            case USERHASH:
            case XOR_MAPPED_ADDRESS:
            case PADDING:
            case RESPONSE_PORT:
                return true;
            default:
                return false;
        }
    }
}
