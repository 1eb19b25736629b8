package dev.hearth.it;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's chromium ({@code /usr/bin/chromium}, or the system property {@code hearth.chromium}), driven by
 * Playwright, which downloads no browser: for the browser tests and the benchmark's web UI figure.
 */
public final class Chromium {

    public static final Path PATH = Path.of(System.getProperty("hearth.chromium", "/usr/bin/chromium"));

    private Chromium() {}

    /** Playwright, told not to download a browser of its own. */
    public static Playwright playwright() {
        return Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    /** Headless chromium, without the background traffic of a desktop browser. */
    public static Browser launch(Playwright playwright) {
        return playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(PATH)
                        .setHeadless(true)
                        .setArgs(List.of(
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-quic",
                                "--no-first-run",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync")));
    }
}
