package io.p2pboot.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the header parser and the frame decoder with Jazzer for a few seconds. The committed
 * corpus (resources FrameDecoderFuzzTestInputs/) is replayed first; with JAZZER_FUZZ set
 * (surefire sets it as a system property for p2p-core) Jazzer then mutates for the budget.
 */
class FrameDecoderFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void decoderNeverMisbehaves(byte[] input) {
        FrameDecoderProperty.check(input);
    }
}
