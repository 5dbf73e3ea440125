package io.p2pboot.codec;

/**
 * The pickle opcodes {@link SafePickler} and {@link PickleFrames} write (protocol 4), by their
 * names in CPython's {@code pickletools}.
 */
final class PickleOpcodes {

    static final int PROTO = 0x80;
    static final int FRAME = 0x95;
    static final int STOP = '.';
    static final int NONE = 'N';
    static final int NEWTRUE = 0x88;
    static final int NEWFALSE = 0x89;
    static final int BININT = 'J';
    static final int BININT1 = 'K';
    static final int BININT2 = 'M';
    static final int LONG1 = 0x8a;
    static final int LONG4 = 0x8b;
    static final int BINFLOAT = 'G';
    static final int SHORT_BINUNICODE = 0x8c;
    static final int BINUNICODE = 'X';
    static final int SHORT_BINBYTES = 'C';
    static final int BINBYTES = 'B';
    static final int EMPTY_LIST = ']';
    static final int EMPTY_DICT = '}';
    static final int EMPTY_SET = 0x8f;
    static final int EMPTY_TUPLE = ')';
    static final int MARK = '(';
    static final int APPEND = 'a';
    static final int APPENDS = 'e';
    static final int SETITEM = 's';
    static final int SETITEMS = 'u';
    static final int ADDITEMS = 0x90;
    static final int TUPLE = 't';
    static final int TUPLE1 = 0x85;
    static final int POP = '0';
    static final int POP_MARK = '1';
    static final int MEMOIZE = 0x94;
    static final int BINGET = 'h';
    static final int LONG_BINGET = 'j';
    static final int STACK_GLOBAL = 0x93;
    static final int REDUCE = 'R';

    private PickleOpcodes() {
    }
}
