package io.p2pboot.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from Debian's {@code chromium} and {@code chromium-driver} packages, started so
 * that it stays on this machine: it looks up no name and connects nowhere but loopback, and records
 * what its network stack did in a NetLog file, which {@link NetLog} reads back to prove it.
 *
 * <p>Selenium Manager never runs (it would download a driver or a browser): the driver's path is
 * given to the service, which is the case in which Selenium skips it.
 */
final class ChromiumOnLoopback {

    /**
     * The browser itself, not Debian's {@code /usr/bin/chromium} launcher script: that script
     * sources {@code /etc/chromium.d}, which exports Google API keys and adds
     * {@code --enable-remote-extensions} and the packaged extensions.
     */
    static final Path BROWSER = Path.of("/usr/lib/chromium/chromium");
    /** Debian's chromedriver, built with that same browser. */
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    /**
     * An address on loopback where nothing is expected to listen, for the services that no switch
     * turns off (the component updater's on-demand installs, the Google account check): a refused
     * connection there is the intended end of their requests.
     */
    private static final String NOWHERE = "http://127.0.0.1:1/";

    private ChromiumOnLoopback() {
    }

    /** Skips (or fails on CI) when the packages are missing. */
    static void requireInstalled() {
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            throw MissingTool.skipOrFail("Chromium is not installed (looked for " + BROWSER + " and " + DRIVER
                    + "; the Debian packages chromium and chromium-driver, which scripts/install-test-tools.sh installs)");
        }
    }

    /** Starts the browser; it writes its NetLog to {@code netLog} and the driver its log to {@code driverLog}. */
    static ChromeDriver start(Path netLog, Path driverLog) {
        requireInstalled();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments(arguments(netLog));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(driverLog.toFile())
                .build();
        return new ChromeDriver(service, options);
    }

    /** The command line, each switch with the reason it is there. */
    static List<String> arguments(Path netLog) {
        List<String> args = new ArrayList<>();
        args.add("--headless=new");                       // no display; the full browser, as users run it
        if ("root".equals(System.getProperty("user.name"))) {
            args.add("--no-sandbox");                     // Chromium refuses to run as root with its sandbox
        }
        args.add("--disable-dev-shm-usage");              // containers often have a small /dev/shm
        args.add("--window-size=1280,900");               // screenshots of the whole page

        // What would reach out to Google's (or anyone's) services at start-up or in the background:
        args.add("--disable-background-networking");      // extension updates, Safe Browsing lists, variations seed, ...
        args.add("--disable-component-update");           // no component update check at start-up
        args.add("--component-updater=url-source=" + NOWHERE); // components asked for on demand anyway (the
                                                          // on-device model manifest) ask loopback, not update.googleapis.com
        args.add("--gaia-url=" + NOWHERE);                // the account cookie check (accounts.google.com/ListAccounts)
                                                          // that headless Chromium makes anyway asks loopback too
        args.add("--disable-sync");                       // no Google account sync
        args.add("--no-first-run");                       // no first-run wizard and its fetches
        args.add("--disable-default-apps");               // no default web apps installed (and fetched)
        args.add("--no-default-browser-check");
        args.add("--no-proxy-server");                    // direct connections: no proxy auto-detection (WPAD lookups)
        args.add("--disable-domain-reliability");         // no Domain Reliability beacons
        args.add("--disable-client-side-phishing-detection"); // no phishing model downloads
        args.add("--disable-breakpad");                   // no crash report uploads
        args.add("--metrics-recording-only");             // UMA metrics recorded, never uploaded
        args.add("--no-pings");                           // no hyperlink auditing pings
        args.add("--disable-features="
                + "NetworkTimeServiceQuerying,"           // clients2.google.com/time, asked at start-up
                + "SpellcheckService,"                    // hunspell dictionaries from redirector.gvt1.com
                + "Translate,"                            // translate models and language detection downloads
                + "OptimizationHints,"                    // page hints from optimizationguide-pa.googleapis.com
                + "AutofillServerCommunication,"          // form signatures to content-autofill.googleapis.com
                + "CertificateTransparencyComponentUpdater," // CT log list updates
                + "MediaRouter,DialMediaRouteProvider");  // Cast discovery: SSDP and mDNS multicast on the LAN
        // The safety net under all of the above: every name but 127.0.0.1 fails in the browser's own
        // resolver, before any DNS query (system or built-in) could be sent.
        args.add("--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1");

        // The evidence: the network stack's own log (names looked up, sockets connected, URLs asked for).
        args.add("--log-net-log=" + netLog.toAbsolutePath());
        args.add("--net-log-capture-mode=Default");

        // Two pages in one browser, one of them in a background tab: keep its timers and live updates running.
        args.add("--disable-background-timer-throttling");
        args.add("--disable-renderer-backgrounding");
        args.add("--disable-backgrounding-occluded-windows");
        return args;
    }
}
