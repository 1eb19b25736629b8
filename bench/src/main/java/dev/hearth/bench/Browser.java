package dev.hearth.bench;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.hearth.it.Chromium;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * The web UI in Debian's chromium (driven by Playwright, which downloads no browser): the time from navigating to
 * Hearth's page, signed in, to the dashboard's items being on screen, with the widgets' answers in Hearth's cache.
 */
final class Browser {

    private Browser() {}

    /**
     * Milliseconds from {@code page.navigate} to every one of the texts being visible, a new page each time (the
     * browser's own cache warm, as for a user coming back), after one navigation that is not counted.
     */
    static List<Double> dashboard(URI hearth, String sessionToken, List<String> texts, int samples) {
        List<Double> millis = new ArrayList<>();
        try (Playwright playwright = Chromium.playwright();
                com.microsoft.playwright.Browser browser = Chromium.launch(playwright)) {
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
        return Files.isExecutable(Chromium.PATH);
    }
}
