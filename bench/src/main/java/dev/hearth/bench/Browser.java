package dev.hearth.bench;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The web UI in Debian's chromium (driven by Playwright, which downloads no browser): the time from navigating to
 * Hearth's page, signed in, to the dashboard's items being on screen, with the widgets' answers in Hearth's cache.
 */
final class Browser {

    static final Path CHROMIUM = Path.of(System.getProperty("hearth.chromium", "/usr/bin/chromium"));

    private Browser() {}

    /**
     * Milliseconds from {@code page.navigate} to every one of the texts being visible, a new page each time (the
     * browser's own cache warm, as for a user coming back), after one navigation that is not counted.
     */
    static List<Double> dashboard(URI hearth, String sessionToken, List<String> texts, int samples) {
        List<Double> millis = new ArrayList<>();
        try (Playwright playwright = Playwright.create(
                        new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
                com.microsoft.playwright.Browser browser = playwright
                        .chromium()
                        .launch(new BrowserType.LaunchOptions()
                                .setExecutablePath(CHROMIUM)
                                .setHeadless(true)
                                .setArgs(List.of(
                                        "--no-sandbox",
                                        "--disable-gpu",
                                        "--no-first-run",
                                        "--disable-background-networking",
                                        "--disable-component-update",
                                        "--disable-sync")))) {
            BrowserContext context = browser.newContext(
                    new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1280, 860));
            context.addCookies(List.of(new Cookie("hearth_session", sessionToken)
                    .setDomain(hearth.getHost())
                    .setPath("/")
                    .setHttpOnly(true)));
            for (int i = 0; i <= samples; i++) {
                Page page = context.newPage();
                long start = System.nanoTime();
                page.navigate(hearth.resolve("/").toString());
                for (String text : texts) {
                    page.getByText(text)
                            .first()
                            .waitFor(new com.microsoft.playwright.Locator.WaitForOptions()
                                    .setState(WaitForSelectorState.VISIBLE)
                                    .setTimeout(20_000));
                }
                double took = (System.nanoTime() - start) / 1e6;
                if (i > 0) {
                    millis.add(took);
                }
                page.close();
            }
        }
        return millis;
    }

    static boolean available() {
        return Files.isExecutable(CHROMIUM);
    }
}
