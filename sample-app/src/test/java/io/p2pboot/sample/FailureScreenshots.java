package io.p2pboot.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriverException;

/**
 * Keeps what the browser showed when a test failed: a screenshot and the HTML of each named page,
 * under {@code target/browser-screenshots/}, named after the test.
 */
final class FailureScreenshots implements AfterTestExecutionCallback {

    static final Path DIRECTORY = Path.of("target", "browser-screenshots");

    private final Supplier<@Nullable WebDriver> browser;
    private final Supplier<Map<String, String>> windows;

    /** {@code windows}: each page's name (used in the file names) and its window handle. */
    FailureScreenshots(Supplier<@Nullable WebDriver> browser, Supplier<Map<String, String>> windows) {
        this.browser = browser;
        this.windows = windows;
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        WebDriver driver = browser.get();
        if (context.getExecutionException().isEmpty() || driver == null) {
            return;
        }
        String test = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
        try {
            Files.createDirectories(DIRECTORY);
            for (Map.Entry<String, String> window : windows.get().entrySet()) {
                driver.switchTo().window(window.getValue());
                Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
                Files.copy(png, DIRECTORY.resolve(test + "-" + window.getKey() + ".png"), StandardCopyOption.REPLACE_EXISTING);
                Files.writeString(DIRECTORY.resolve(test + "-" + window.getKey() + ".html"), driver.getPageSource());
            }
        } catch (WebDriverException e) {
            context.getExecutionException().get().addSuppressed(e); // the browser itself is gone: the failure says why
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
