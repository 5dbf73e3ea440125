package io.p2pboot.sample.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** CIDR ranges of {@code chat.allow} match the addresses under their prefix, and only those. */
class AddressRangeTest {

    @Test
    void containsAddressesUnderItsPrefix() throws Exception {
        AddressRange loopback = AddressRange.parse("127.0.0.0/8");
        assertThat(loopback.contains(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(loopback.contains(InetAddress.getByName("127.255.0.9"))).isTrue();
        assertThat(loopback.contains(InetAddress.getByName("128.0.0.1"))).isFalse();
        assertThat(loopback.contains(InetAddress.getByName("::1"))).isFalse();
        assertThat(AddressRange.parse("127.0.0.2").contains(InetAddress.getByName("127.0.0.1"))).isFalse();
        assertThat(AddressRange.parse("127.1.2.3/12").toString()).isEqualTo("127.0.0.0/12");
        assertThat(AddressRange.parse("0.0.0.0/0").contains(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(AddressRange.parse("::1/128").contains(InetAddress.getByName("::1"))).isTrue();
        assertThat(AddressRange.parse("0:0:0:0:0:0:0:1/128")).hasToString("::1/128");
    }

    @Test
    void rejectsWhatIsNotARange() {
        assertThatIllegalArgumentException().isThrownBy(() -> AddressRange.parse("localhost/8")).withMessageContaining("literal IP");
        assertThatIllegalArgumentException().isThrownBy(() -> AddressRange.parse("127.0.0.0/33")).withMessageContaining("0 to 32");
        assertThatIllegalArgumentException().isThrownBy(() -> AddressRange.parse("127.0.0.0/x")).withMessageContaining("prefix");
        assertThatIllegalArgumentException().isThrownBy(() -> AddressRange.parse("")).withMessageContaining("literal IP");
        // read by the peer's one address parser: no shorthand IPv4, no non-ASCII digits, no zone
        for (String bad : new String[] {"127.1/8", "\u0661\u0662\u0667.0.0.1/8", "fe80::1%eth0/64", "127.0.0.01/8"}) {
            assertThatIllegalArgumentException().as(bad).isThrownBy(() -> AddressRange.parse(bad))
                    .withMessageContaining("literal IP");
        }
    }

    @Test
    void emptyAllowListPermitsEveryone() throws Exception {
        assertThat(new AllowList(new ChatProperties(List.of(), 10, DataSize.ofMegabytes(16))).permits(InetAddress.getByName("127.0.0.1"))).isTrue();
        AllowList only2 = new AllowList(new ChatProperties(List.of("127.0.0.2/32"), 10, DataSize.ofMegabytes(16)));
        assertThat(only2.permits(InetAddress.getByName("127.0.0.1"))).isFalse();
        assertThat(only2.permits(InetAddress.getByName("127.0.0.2"))).isTrue();
        assertThatIllegalArgumentException().isThrownBy(() -> new AllowList(new ChatProperties(List.of("bad"), 10, DataSize.ofMegabytes(16))))
                .withMessageStartingWith("chat.allow:");
    }
}
