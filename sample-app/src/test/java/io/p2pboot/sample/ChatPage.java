package io.p2pboot.sample;

import java.time.Duration;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One copy of the chat's page, open in its own tab of a shared browser: what a user clicks and
 * reads there. Every call brings its tab to the front first; every read waits (the page refreshes
 * its lists every two seconds and rebuilds them, so elements go stale and are looked up again).
 */
final class ChatPage {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private final WebDriver driver;
    private final String window;
    final String name;

    private ChatPage(WebDriver driver, String window, String name) {
        this.driver = driver;
        this.window = window;
        this.name = name;
    }

    /** Opens {@code url} in the current tab and waits until the page has named its peer. */
    static ChatPage open(WebDriver driver, String url) {
        driver.get(url);
        String window = driver.getWindowHandle();
        ChatPage page = new ChatPage(driver, window, url);
        String name = page.until("the page to name its peer", d -> {
            String text = d.findElement(By.id("peer-state")).getText();
            return text.isEmpty() ? null : d.findElement(By.id("peer-name")).getText();
        });
        return new ChatPage(driver, window, name);
    }

    String window() {
        return window;
    }

    void discoverNow() {
        click("the discover button", By.id("discover"));
    }

    /** Waits for the discovered peer's connect button and clicks it. */
    void connectTo(String peer) {
        click("a connect button for discovered peer " + peer, peerEntry(peer).map(By.tagName("button")));
    }

    /** Waits until the discovered peer shows as connected, with no connect button. */
    void awaitPeerShownConnected(String peer) {
        until("discovered peer " + peer + " marked connected, without a connect button", d -> {
            WebElement entry = d.findElement(peerEntry(peer).css());
            boolean marked = !entry.findElements(By.cssSelector(".connected")).isEmpty();
            return marked && entry.findElements(By.tagName("button")).isEmpty() ? Boolean.TRUE : null;
        });
    }

    /** Waits until the discovered peer shows a connect button again. */
    void awaitPeerShownConnectable(String peer) {
        until("discovered peer " + peer + " with a connect button", d -> d.findElement(peerEntry(peer).css()).findElements(By.tagName("button")).stream()
                .anyMatch(b -> b.getText().equals("connect")) ? Boolean.TRUE : null);
    }

    void awaitConnection(String peer) {
        until("a connection to " + peer, d -> d.findElement(connectionEntry(peer)));
    }

    void awaitNoConnection(String peer) {
        until("no connection to " + peer, d -> d.findElements(connectionEntry(peer)).isEmpty() ? Boolean.TRUE : null);
    }

    /** Clicks the connection's close button. */
    void close(String peer) {
        click("the close button of the connection to " + peer, new Located(connectionEntry(peer)).map(By.tagName("button")));
    }

    /** Chooses the connection to {@code to}, types a nickname and a line, and sends it. */
    void send(String to, String nick, String line) {
        until("a connection to " + to + " to send on", d -> {
            new Select(d.findElement(By.id("send-to"))).selectByValue(to);
            return Boolean.TRUE;
        });
        WebElement nickField = driver.findElement(By.id("nick"));
        nickField.clear();
        nickField.sendKeys(nick);
        driver.findElement(By.id("send-text")).sendKeys(line);
        click("the send button", By.cssSelector("#send-form button[type=submit]"));
    }

    /** Waits for a line in the message list containing {@code text}, and returns the whole line. */
    String awaitMessage(String text) {
        return until("a message containing '" + text + "'", d -> d.findElements(By.cssSelector("#messages li")).stream().map(WebElement::getText)
                .filter(t -> t.contains(text)).findFirst().orElse(null));
    }

    private Located peerEntry(String peer) {
        return new Located(By.cssSelector("#peers li[data-peer='" + peer + "']"));
    }

    private static By connectionEntry(String peer) {
        return By.cssSelector("#connections li[data-peer='" + peer + "']");
    }

    private void click(String what, By target) {
        click(what, new Located(target));
    }

    private void click(String what, Located target) {
        until(what, d -> {
            target.find(d).click();
            return Boolean.TRUE;
        });
    }

    private <T> T until(String what, Function<WebDriver, T> condition) {
        front();
        return new WebDriverWait(driver, PATIENCE)
                .withMessage(() -> "on " + name + "'s page, waited for " + what)
                .ignoring(NoSuchElementException.class)
                .ignoring(StaleElementReferenceException.class)
                .until(condition::apply);
    }

    private void front() {
        if (!window.equals(driver.getWindowHandle())) {
            driver.switchTo().window(window);
        }
    }

    /** An element found afresh on each try: by a selector, or inside another such element. */
    private record Located(By css, @Nullable By inside) {

        Located(By css) {
            this(css, null);
        }

        Located map(By child) {
            return new Located(css, child);
        }

        WebElement find(WebDriver driver) {
            WebElement outer = driver.findElement(css);
            return inside == null ? outer : outer.findElement(inside);
        }
    }
}
