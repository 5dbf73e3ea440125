package io.p2pboot.codec;

import io.netty.buffer.Unpooled;
import io.p2pboot.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seeded mutational fuzz loop over the committed CPython fixtures, for a fixed time budget:
 * whatever bytes arrive, the pickle and json codecs fail only with a {@link ProtocolException}
 * (never another exception, an error, or a hang). Jazzer's JUnit mode fuzzes a single test per
 * run, which is the frame decoder's; these decoders get this simpler loop.
 */
class PayloadCodecFuzzLoopTest {

    private static final long BUDGET_NANOS = 2_000_000_000L;
    private static final long SEED = 0x5EED_F00DL;

    @Test
    void pickleDecodingFailsOnlyWithProtocolException() throws Exception {
        fuzz(new PicklePayloadCodec(), corpus("/pickle", ".pkl"));
    }

    @Test
    void jsonDecodingFailsOnlyWithProtocolException() throws Exception {
        fuzz(new JsonPayloadCodec(), corpus("/json", ".json"));
    }

    private static void fuzz(PayloadCodec codec, List<byte[]> corpus) {
        assertThat(corpus).isNotEmpty();
        SplittableRandom random = new SplittableRandom(SEED);
        long deadline = System.nanoTime() + BUDGET_NANOS;
        int runs = 0;
        for (byte[] seed : corpus) {
            decode(codec, seed);
        }
        while (System.nanoTime() < deadline) {
            byte[] input = mutate(corpus.get(random.nextInt(corpus.size())), corpus, random);
            decode(codec, input);
            runs++;
        }
        assertThat(runs).isPositive();
    }

    private static void decode(PayloadCodec codec, byte[] input) {
        try {
            codec.decode(Unpooled.wrappedBuffer(input));
        } catch (ProtocolException expected) {
            // a precise refusal is fine
        } catch (Throwable t) {
            throw new AssertionError("decoding " + java.util.HexFormat.of().formatHex(input) + " threw " + t, t);
        }
    }

    /** Byte flips, insertions, deletions, interesting values and splices with another seed. */
    private static byte[] mutate(byte[] seed, List<byte[]> corpus, SplittableRandom random) {
        byte[] data = seed.clone();
        int rounds = 1 + random.nextInt(4);
        for (int r = 0; r < rounds; r++) {
            if (data.length == 0) {
                data = new byte[] {(byte) random.nextInt(256)};
            }
            int at = random.nextInt(data.length);
            switch (random.nextInt(6)) {
                case 0:
                    data[at] ^= (byte) (1 << random.nextInt(8));
                    break;
                case 1:
                    data[at] = (byte) random.nextInt(256);
                    break;
                case 2: {
                    byte[] bigger = new byte[data.length + 1];
                    System.arraycopy(data, 0, bigger, 0, at);
                    bigger[at] = (byte) random.nextInt(256);
                    System.arraycopy(data, at, bigger, at + 1, data.length - at);
                    data = bigger;
                    break;
                }
                case 3: {
                    byte[] smaller = new byte[data.length - 1];
                    System.arraycopy(data, 0, smaller, 0, at);
                    System.arraycopy(data, at + 1, smaller, at, data.length - at - 1);
                    data = smaller;
                    break;
                }
                case 4: {
                    byte[] interesting = {0, 1, (byte) 0x7f, (byte) 0x80, (byte) 0xff, '(', '.', 'N', ']', '}', 'u', 'e', 'a'};
                    data[at] = interesting[random.nextInt(interesting.length)];
                    break;
                }
                default: {
                    byte[] other = corpus.get(random.nextInt(corpus.size()));
                    int from = other.length == 0 ? 0 : random.nextInt(other.length);
                    byte[] spliced = new byte[at + other.length - from];
                    System.arraycopy(data, 0, spliced, 0, at);
                    System.arraycopy(other, from, spliced, at, other.length - from);
                    data = spliced;
                    break;
                }
            }
        }
        return data;
    }

    private static List<byte[]> corpus(String dir, String suffix) throws IOException, URISyntaxException {
        URL url = PayloadCodecFuzzLoopTest.class.getResource(dir);
        assertThat(url).isNotNull();
        List<byte[]> corpus = new ArrayList<>();
        try (Stream<Path> files = Files.list(Paths.get(url.toURI()))) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                if (file.toString().endsWith(suffix)) {
                    try (InputStream in = Files.newInputStream(file)) {
                        corpus.add(in.readAllBytes());
                    }
                }
            }
        }
        return corpus;
    }
}
