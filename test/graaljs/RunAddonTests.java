// Runs Questetra add-on scripts and their tests in GraalJS (the engine Questetra BPM uses).
//
// Launched with the JDK's single-file source launcher (JDK >= 21), classpath from pom.xml:
//   java -Dpolyglot.engine.WarnInterpreterOnly=false -cp <classpath> \
//        test/graaljs/RunAddonTests.java <host.js> <jobDir>
//
// <jobDir> holds pairs <addon>.script.js / <addon>.test.js. For each add-on (sorted by name) a
// fresh JS context evaluates host.js, the add-on's <script>, its <test>, then
// `__qaddonHost.runTests()` (which returns a JSON string), and prints exactly one line:
//   @@QADDON-RESULT <addon>\t<json>
//   @@QADDON-LOAD-ERROR <addon>\t<GraalJS error message; newline escaped as \n, backslash as \\>
// Nothing else is written to stdout. Test failures are part of the JSON, so the exit code is 0
// whenever the runner itself worked.

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

public class RunAddonTests {
    private static final String SCRIPT_SUFFIX = ".script.js";
    private static final String TEST_SUFFIX = ".test.js";
    private static final Source RUN_TESTS = Source.newBuilder("js", "__qaddonHost.runTests()", "qaddon-run-tests.js").buildLiteral();
    /** Wall-clock limit per add-on, so a runaway loop cannot hang the whole run. */
    private static final long TIMEOUT_SECONDS = Long.getLong("qaddon.timeoutSeconds", 120);

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: RunAddonTests <host.js> <jobDir>");
            System.exit(2);
        }
        // Always UTF-8 (add-on messages are often Japanese), whatever the platform locale is.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        Source host = Source.newBuilder("js", Files.readString(Path.of(args[0])), "qaddon-host.js").build();
        Path jobDir = Path.of(args[1]);

        List<String> addons;
        try (Stream<Path> files = Files.list(jobDir)) {
            addons = files.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(SCRIPT_SUFFIX))
                    .map(f -> f.substring(0, f.length() - SCRIPT_SUFFIX.length()))
                    .sorted()
                    .toList();
        }

        // One engine shared by all contexts: parsed sources (e.g. host.js) are cached across add-ons,
        // while every add-on still gets its own context, i.e. its own global object.
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "qaddon-watchdog");
            t.setDaemon(true);
            return t;
        });
        try (Engine engine = Engine.newBuilder("js").option("engine.WarnInterpreterOnly", "false").build()) {
            for (String addon : addons) {
                String script = Files.readString(jobDir.resolve(addon + SCRIPT_SUFFIX));
                String test = Files.readString(jobDir.resolve(addon + TEST_SUFFIX));
                out.println(runOne(engine, watchdog, host, addon, script, test));
            }
        }
        watchdog.shutdownNow();
    }

    /** Runs one add-on in a fresh context and returns its single @@ output line. */
    private static String runOne(Engine engine, ScheduledExecutorService watchdog, Source host,
                                 String addon, String script, String test) {
        try (Context context = newContext(engine)) {
            var timer = watchdog.schedule(() -> context.close(true), TIMEOUT_SECONDS, TimeUnit.SECONDS);
            try {
                context.eval(host);
                context.eval(Source.newBuilder("js", script, addon + ".xml <script>").buildLiteral());
                context.eval(Source.newBuilder("js", test, addon + ".xml <test>").buildLiteral());
                Value json = context.eval(RUN_TESTS);
                if (!json.isString()) {
                    return "@@QADDON-LOAD-ERROR " + addon + "\t" + oneLine("__qaddonHost.runTests() returned " + json + ", not a JSON string");
                }
                // JSON.stringify output has no raw newlines; replacing them is only a safety net.
                return "@@QADDON-RESULT " + addon + "\t" + json.asString().replace("\n", " ");
            } catch (PolyglotException e) {
                return loadError(addon, e);
            } finally {
                timer.cancel(false);
            }
        } catch (PolyglotException e) {
            // Closing a context that the watchdog cancelled throws the cancellation again.
            return loadError(addon, e);
        }
    }

    private static String loadError(String addon, PolyglotException e) {
        String message = e.isCancelled()
                ? "Cancelled: the add-on did not finish within " + TIMEOUT_SECONDS + " s (-Dqaddon.timeoutSeconds)"
                : describe(e);
        return "@@QADDON-LOAD-ERROR " + addon + "\t" + oneLine(message);
    }

    /**
     * The classes the local host's runtime (src/host/runtime/bytes.ts) uses under GraalJS for
     * bytes, charsets, base64 and digests, and nothing else: no file, thread or class-loading access.
     */
    private static final java.util.Set<String> HOST_RUNTIME_CLASSES = java.util.Set.of(
            "java.nio.charset.Charset", "java.nio.ByteBuffer", "java.io.ByteArrayOutputStream",
            "java.security.MessageDigest", "javax.crypto.Mac", "javax.crypto.spec.SecretKeySpec");

    /** A context like Questetra's: ES2020 pinned, Java objects from java.math / java.util (and HOST_RUNTIME_CLASSES) only. */
    private static Context newContext(Engine engine) {
        return Context.newBuilder("js")
                .engine(engine)
                .option("js.ecmascript-version", "2020")
                // GraalJS-only conveniences that Questetra scripts cannot rely on: console, print, load.
                .option("js.console", "false")
                .option("js.print", "false")
                .option("js.load", "false")
                .allowHostAccess(HostAccess.ALL)
                .allowHostClassLookup(name -> name.startsWith("java.math.") || name.startsWith("java.util.") || HOST_RUNTIME_CLASSES.contains(name))
                .allowIO(IOAccess.NONE)
                .allowCreateThread(false)
                .allowCreateProcess(false)
                .allowNativeAccess(false)
                .build();
    }

    /**
     * GraalJS's own message (a SyntaxError's already names "<source>:<line>:<column>"), followed by
     * the JavaScript stack as "at fn (<source>:<line>:<column>)" lines, or by the error location.
     */
    private static String describe(PolyglotException e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()).stripTrailing());
        boolean located = false;
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            if (frame.isGuestFrame() && frame.getSourceLocation() != null) {
                String fn = frame.getRootName() == null || frame.getRootName().isEmpty() ? "<anonymous>" : frame.getRootName();
                text.append("\n    at ").append(fn).append(" (").append(where(frame.getSourceLocation())).append(')');
                located = true;
            }
        }
        SourceSection at = e.getSourceLocation();
        if (!located && at != null && !text.toString().contains(at.getSource().getName() + ":" + at.getStartLine() + ":")) {
            text.append("\n    at ").append(where(at));
        }
        return text.toString();
    }

    private static String where(SourceSection at) {
        return at.getSource().getName() + ":" + at.getStartLine() + ":" + at.getStartColumn();
    }

    /** Escapes a message onto one line: backslash becomes \\, newline becomes \n (the driver reverses this). */
    private static String oneLine(String s) {
        return s.replace("\\", "\\\\").replace("\r", "").replace("\n", "\\n");
    }
}
