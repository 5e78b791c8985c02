package io.github.backprop4j.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium (Debian's {@code chromium} package) run without a driver: {@code --dump-dom} prints the
 * page's DOM after its scripts ran. Each run has a fresh profile and no network features, and its log
 * (stderr) is kept, so that a test can look for script errors there too.
 */
final class Chromium {

    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final long TIMEOUT_SECONDS = 60;

    /** The DOM after the scripts ran, and Chromium's log. */
    record Dump(String dom, String log) {
    }

    private Chromium() {
    }

    /** Skips the calling test, with the reason, where Chromium is not installed. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(BINARY), BINARY + " is missing: install it with"
                + " `apt-get install chromium` to run the browser tests (.ci/run does)");
    }

    /**
     * Opens {@code page} with the address fragment {@code fragment} (e.g. {@code #stage=Eh}) and returns the
     * DOM once the page has loaded.
     */
    static Dump dumpDom(Path page, String fragment, Path work) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "profile");
        Path out = work.resolve("dom.html");
        Path log = work.resolve("chromium.log");
        Process p = new ProcessBuilder(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--dump-dom",
                page.toUri() + fragment))
                .redirectOutput(out.toFile()).redirectError(log.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within " + TIMEOUT_SECONDS + " s on " + page);
        }
        String logText = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("chromium's exit code; its log:\n%s", logText).isZero();
        return new Dump(Files.readString(out, StandardCharsets.UTF_8), logText);
    }
}
