package io.p2pboot.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;

/**
 * The chat's page in a real browser: two copies of the sample on loopback (alice and bob), each page
 * in its own tab of one headless Chromium, driven as a user would — discover, connect, a line each
 * way, close — and then Chromium's own network log, read back to show it stayed on loopback.
 */
@TestMethodOrder(OrderAnnotation.class)
class ChatInBrowserTest {

    private static final Path OUTPUT = Path.of("target", "browser");
    private static final Path NET_LOG = OUTPUT.resolve("netlog.json");

    static ChatInstance alice;
    static ChatInstance bob;
    static @Nullable WebDriver browser;
    static final Map<String, String> windows = new LinkedHashMap<>();

    @RegisterExtension
    static final FailureScreenshots screenshots = new FailureScreenshots(() -> browser, () -> windows);

    @BeforeAll
    static void start() throws IOException {
        ChromiumOnLoopback.requireInstalled();
        Files.createDirectories(OUTPUT);
        Files.deleteIfExists(NET_LOG);
        int discoveryPort = ChatInstance.freeUdpPort();
        alice = ChatInstance.start(discoveryPort);
        bob = ChatInstance.start(discoveryPort);
        browser = ChromiumOnLoopback.start(NET_LOG, OUTPUT.resolve("chromedriver.log"));
    }

    @AfterAll
    static void stop() {
        quitBrowser();
        Stream.of(alice, bob).filter(i -> i != null).forEach(ChatInstance::close);
    }

    @Test
    @Order(1)
    void twoPagesChatThroughTheirPeers() {
        WebDriver driver = browser;
        ChatPage alicePage = ChatPage.open(driver, alice.baseUrl + "/");
        windows.put("alice", alicePage.window());
        driver.switchTo().newWindow(WindowType.TAB);
        ChatPage bobPage = ChatPage.open(driver, bob.baseUrl + "/");
        windows.put("bob", bobPage.window());
        assertThat(alicePage.name).isEqualTo(alice.name());
        assertThat(bobPage.name).isEqualTo(bob.name());

        // discover, then connect from alice's page
        alicePage.discoverNow();
        alicePage.connectTo(bobPage.name);
        alicePage.awaitConnection(bobPage.name);
        bobPage.awaitConnection(alicePage.name);

        // an already connected peer is shown as such on both sides, never with a connect button
        alicePage.awaitPeerShownConnected(bobPage.name);
        bobPage.discoverNow();
        bobPage.awaitPeerShownConnected(alicePage.name);

        // a line each way, seen live on the other page
        String hello = "hello bob " + UUID.randomUUID();
        alicePage.send(bobPage.name, "alice", hello);
        assertThat(bobPage.awaitMessage(hello)).contains("from " + alicePage.name).contains("alice: " + hello);
        assertThat(alicePage.awaitMessage(hello)).contains("to " + bobPage.name);

        String reply = "hello alice " + UUID.randomUUID();
        bobPage.send(alicePage.name, "bob", reply);
        assertThat(alicePage.awaitMessage(reply)).contains("from " + bobPage.name).contains("bob: " + reply);

        // close from alice's page: both sides drop the connection, and bob is connectable again
        alicePage.close(bobPage.name);
        alicePage.awaitNoConnection(bobPage.name);
        bobPage.awaitNoConnection(alicePage.name);
        alicePage.awaitPeerShownConnectable(bobPage.name);
        bobPage.awaitPeerShownConnectable(alicePage.name);
    }

    @Test
    @Order(2)
    void theBrowserStayedOnLoopback() throws IOException {
        quitBrowser(); // the browser writes the end of its log as it exits
        NetLog log = NetLog.read(NET_LOG);

        assertThat(log.requestedUrls()).as("the log saw the pages (else it proves nothing)")
                .anyMatch(url -> url.startsWith(alice.baseUrl)).anyMatch(url -> url.startsWith(bob.baseUrl));
        assertThat(log.dnsQueries()).as("DNS queries").isEmpty();
        assertThat(log.tcpDestinations()).as("TCP connections").isNotEmpty().allMatch(NetLog::isLoopback);
        assertThat(log.udpSendsBeyondLoopback()).as("UDP datagrams beyond loopback").isEmpty();
        List<String> elsewhere = log.requestedUrls().stream().filter(url -> !NetLog.isLoopback(url)).toList();
        assertThat(elsewhere).as("requests for anything but loopback (the flags in ChromiumOnLoopback stop them;"
                + " a new one means a new Chromium phones home some other way: find its switch)").isEmpty();
    }

    private static void quitBrowser() {
        WebDriver driver = browser;
        browser = null;
        if (driver != null) {
            driver.quit();
        }
    }
}
