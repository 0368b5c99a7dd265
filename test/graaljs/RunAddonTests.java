// Runs Questetra add-on scripts and their tests in GraalJS (the engine Questetra BPM uses), as a
// sandbox: the add-ons' code is someone else's.
//
// Compiled once per source, with the Java stand-ins of Questetra classes under com/questetra/, by
// src/host/graaljs.ts (or run by the JDK's source launcher, JDK >= 22, which compiles those on
// demand), with the classpath from pom.xml, the class allow-list host-classes.txt and the sandbox's
// options:
//   java -Dqaddon.hostClasses=test/graaljs/host-classes.txt -Xmx1g -XX:+ExitOnOutOfMemoryError \
//        -cp <classpath> RunAddonTests -                  (the driver: host script and commands on stdin)
//   java ... -Dqaddon.timeLimitMillis=<ms> RunAddonTests <host.js> <addon.xml>...   (by hand)
//
// On stdin (see Commands): the host script, then one command per line, RUN (an add-on file, its
// time limit, an id the driver chose) or READ (an add-on file, an id), handled in order as they
// arrive, so that one JVM serves any number of runs (a whole `npm test`); end of input ends it.
//
// Each add-on XML file is read here, with the JDK's own DOM parser as the platform reads an
// uploaded file (secure processing on, DOCTYPE refused): what runs is the text that parser gives
// for <script> and <test> (the element's whole text, CDATA or not). For each RUN a fresh JS
// context evaluates the host script, hands this runner the host's runner functions (before any
// add-on code runs), evaluates the add-on's <script>, its <test> followed by
// `__qaddonHost.declareConfigs(<its configs>)`, then the runner calls every registered test
// itself and records whether it threw. Output on stdout, one line each, keyed by the command's
// id, texts as ASCII JSON strings (sources are named by the file name: "x.xml <script>"):
//   @@QADDON-READY                                         (the engine is up; commands follow)
//   @@QADDON-BEGIN <id>
//   @@QADDON-TEST <id>\t<{"name","passed","error","where"} as JSON>\t<the host's evidence JSON>
//   @@QADDON-DONE <id>                                     (the add-on ended normally), or
//   @@QADDON-LOAD-ERROR <id>\t<message as a JSON string>   (it did not load or did not finish), or
//   @@QADDON-FILE-ERROR <id>\t<message as a JSON string>   (the JDK's parser refuses the file)
// READ runs nothing: one line gives what was read, for the Node tier's reader to be compared
// with (script and test null when absent), or a FILE-ERROR line:
//   @@QADDON-READING <id>\t{"script":…,"test":…,"configs":[{"name":…,"formType":…},…]}
// Scripts cannot print (no console, print, System), so these are the only lines on stdout.
//
// Sandbox: a script looks up Java classes from the exact "[scripts]" list of host-classes.txt; the
// host runtime is handed its "[host]" classes by a binding removed before add-on code (evalHost);
// host access is limited to members of the listed classes and of the types they hand out
// (HostPolicy below); no IO, threads, processes, native access, environment or polyglot access.
// Each add-on has a wall-clock
// limit: at the limit its context is cancelled; if it has not ended 2 s later (Java code that does
// not heed cancellation), the watchdog reports the add-on and halts the JVM, exit status 86, and
// the driver starts a new JVM for the commands left. The JVM always ends with Runtime.halt, so no
// thread survives the run. It does not outlive the process that started it either (the driver
// is given every command up front): when that parent is gone (killed, even by SIGKILL), a thread
// that checks every PARENT_CHECK_MILLIS halts the JVM, exit status 87.

import java.io.FileDescriptor;
import java.io.BufferedInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.helpers.DefaultHandler;

public class RunAddonTests {
    /** Exit status when the watchdog had to halt the JVM: the driver restarts with the add-ons left. */
    static final int HALTED = 86;
    /** After the limit, how long a cancelled add-on may take to unwind before the JVM is halted. */
    static final long HALT_GRACE_MILLIS = 2_000;
    /** Exit status when the JVM halted because the process that started it is gone. */
    static final int ORPHANED = 87;
    /** How often the JVM checks that the process that started it is still there. */
    static final long PARENT_CHECK_MILLIS = 200;

    static PrintStream out;

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || (args[0].equals("-") && args.length > 1)) {
            System.err.println("usage: RunAddonTests -   (commands on stdin, see above) | RunAddonTests <host.js> <addon.xml>...");
            System.exit(2);
        }
        // Always UTF-8 (add-on messages are often Japanese), whatever the platform locale is.
        out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        haltWhenOrphaned();
        String hostPath = System.getProperty("qaddon.hostClasses");
        if (hostPath == null) throw new IllegalStateException("-Dqaddon.hostClasses=<test/graaljs/host-classes.txt> is required");
        HostPolicy policy = HostPolicy.load(Path.of(hostPath));
        Commands commands = args[0].equals("-") ? Commands.from(System.in) : Commands.of(args);

        Source host = Source.newBuilder("js", commands.hostScript(), "qaddon-host.js").build();
        Watchdog watchdog = new Watchdog();
        // One engine shared by all contexts: parsed sources (e.g. host.js) are cached across add-ons,
        // while every add-on still gets its own context, i.e. its own global object.
        try (Engine engine = Engine.newBuilder("js").option("engine.WarnInterpreterOnly", "false").build()) {
            // The first context pays for loading GraalJS and parsing the host script: not an add-on's time.
            try (Context warmUp = newContext(engine, policy)) {
                evalHost(warmUp, policy, host);
            }
            out.println("@@QADDON-READY");
            for (String[] command = commands.next(); command != null; command = commands.next()) {
                switch (command[0]) {
                    case "RUN" -> runFile(engine, policy, watchdog, host, command[1], Long.parseLong(command[2]), Path.of(command[3]));
                    case "READ" -> out.println(reading(command[1], Path.of(command[2])));
                    default -> throw new IllegalArgumentException("unknown command " + command[0]);
                }
            }
        }
        out.flush();
        Runtime.getRuntime().halt(0);
    }

    /**
     * Halts the JVM once the process that started it is gone. An orphan is adopted by another
     * process (init, or a subreaper), so its parent changes: that is the test, with the first
     * parent's liveness for systems that keep the original parent id (Windows). Stdin's end is no
     * sign: the driver writes every command before the first has run, and ends stdin when it
     * has no more.
     */
    static void haltWhenOrphaned() {
        ProcessHandle first = ProcessHandle.current().parent().orElse(null);
        if (first == null) return;
        Thread thread = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(PARENT_CHECK_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
                if (parent != first.pid() || !first.isAlive()) Runtime.getRuntime().halt(ORPHANED);
            }
        }, "qaddon-parent-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The host script and the commands: from stdin (the driver's protocol, read as they come, so
     * that one JVM can serve a whole test run) or from the arguments (by hand: every add-on is run
     * with the limit of -Dqaddon.timeLimitMillis, named by its file name).
     *   HOST <n>\n<n bytes of UTF-8: the host script>     first, once
     *   RUN <id> <limit ms> <path, UTF-8 in base64>\n      run an add-on file's tests
     *   READ <id> <path, UTF-8 in base64>\n                print what the JDK's parser reads from it
     * End of input ends the JVM.
     */
    static final class Commands {
        private final InputStream in;
        private final List<String[]> given;
        private final String hostScript;

        private Commands(InputStream in, List<String[]> given, String hostScript) {
            this.in = in;
            this.given = given;
            this.hostScript = hostScript;
        }

        static Commands from(InputStream stdin) throws IOException {
            InputStream in = new BufferedInputStream(stdin);
            String header = readLine(in);
            if (header == null || !header.startsWith("HOST ")) throw new IllegalArgumentException("stdin must begin with HOST <length>");
            int length = Integer.parseInt(header.substring(5));
            byte[] script = in.readNBytes(length);
            if (script.length != length) throw new IllegalArgumentException("stdin ended inside the host script");
            return new Commands(in, null, new String(script, StandardCharsets.UTF_8));
        }

        static Commands of(String[] args) throws IOException {
            long limit = Long.getLong("qaddon.timeLimitMillis", 120_000);
            List<String[]> given = new ArrayList<>();
            for (int i = 1; i < args.length; i++) given.add(new String[] { "RUN", addonName(Path.of(args[i])), String.valueOf(limit), args[i] });
            return new Commands(null, given, Files.readString(Path.of(args[0])));
        }

        String hostScript() {
            return hostScript;
        }

        /** The next command (its words, the path decoded), or null at the end of input. */
        String[] next() throws IOException {
            if (given != null) return given.isEmpty() ? null : given.remove(0);
            String line = readLine(in);
            if (line == null || line.isEmpty()) return null;
            String[] words = line.split(" ");
            String kind = words[0];
            int pathAt = kind.equals("RUN") ? 3 : 2;
            if (words.length != pathAt + 1 || !words[1].matches("[A-Za-z0-9._-]+")) throw new IllegalArgumentException("malformed command: " + line);
            words[pathAt] = new String(Base64.getDecoder().decode(words[pathAt]), StandardCharsets.UTF_8);
            return words;
        }

        /** One line of ASCII (the protocol's commands), without its LF; null at the end of input. */
        static String readLine(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); ; b = in.read()) {
                if (b == -1) return line.length() == 0 ? null : line.toString();
                if (b == '\n') return line.toString();
                line.append((char) b);
            }
        }
    }

    /** Reads one add-on file and runs it, or closes it with why it cannot run. */
    static void runFile(Engine engine, HostPolicy policy, Watchdog watchdog, Source host, String id, long limitMillis, Path file) {
        out.println("@@QADDON-BEGIN " + id);
        AddonXml xml;
        try {
            xml = readAddonXml(file);
        } catch (Exception e) {
            out.println("@@QADDON-FILE-ERROR " + id + "\t" + jsonString(xmlError(e)));
            return;
        }
        if (xml.script() == null || xml.test() == null) {
            String missing = xml.script() == null ? "the add-on has no <script>" : "the add-on has no <test> block";
            out.println("@@QADDON-LOAD-ERROR " + id + "\t" + jsonString(missing));
            return;
        }
        // Appended, not prepended, so that line numbers in errors match the XML's <test> block.
        String test = xml.test() + "\n;__qaddonHost.declareConfigs(" + configsJson(xml.configs()) + ");\n";
        runOne(engine, policy, watchdog, host, id, addonName(file), limitMillis, runnableScript(xml), test);
    }

    /** Prints exactly one closing line per add-on, whether the main thread or the watchdog gets there first. */
    static final class Closing {
        private final String addon;
        private boolean closed;

        Closing(String addon) {
            this.addon = addon;
        }

        synchronized boolean close(String line) {
            if (closed) return false;
            closed = true;
            out.println(line);
            out.flush();
            return true;
        }

        synchronized void test(String verdictJson, String evidenceJson) {
            if (!closed) out.println("@@QADDON-TEST " + addon + "\t" + verdictJson + "\t" + evidenceJson);
        }
    }

    /** What the main thread is doing, for the watchdog's message. */
    static volatile String activity = "";

    static void runOne(Engine engine, HostPolicy policy, Watchdog watchdog, Source host, String addon, String fileName, long limitMillis, String script, String test) {
        Closing closing = new Closing(addon);
        activity = "while loading";
        try (Context context = newContext(engine, policy)) {
            watchdog.arm(context, closing, limitMillis);
            try {
                evalHost(context, policy, host);
                Value control = context.getBindings("js").getMember("__qaddonHost");
                // Taken now, before any add-on code runs (the object is frozen and read-only anyway).
                Value startRun = control.getMember("startRun");
                Value testName = control.getMember("testName");
                Value startTest = control.getMember("startTest");
                Value finishTest = control.getMember("finishTest");
                Value describeFailure = control.getMember("describeFailure");

                context.eval(Source.newBuilder("js", script, fileName + ".xml <script>").buildLiteral());
                context.eval(Source.newBuilder("js", test, fileName + ".xml <test>").buildLiteral());
                activity = "before the first test";
                int count = startRun.execute().asInt();
                for (int index = 0; index < count; index++) {
                    String name = testName.execute(index).asString();
                    // As JSON.stringify(name) in the Node tier: quotes and backslashes escaped.
                    activity = "test \"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\" was running";
                    Value fn = startTest.execute(index);
                    String error = null;
                    String where = null;
                    try {
                        fn.executeVoid();
                    } catch (PolyglotException thrown) {
                        if (!isGuestFailure(thrown)) throw thrown;
                        error = describeFailure(thrown, describeFailure);
                        where = addonLocation(thrown, fileName);
                    }
                    Value evidence = finishTest.execute();
                    closing.test("{\"name\":" + jsonString(name) + ",\"passed\":" + (error == null) + ",\"error\":" + jsonString(error)
                            + ",\"where\":" + jsonString(where) + "}",
                            evidence.isString() ? evidence.asString().replace("\n", " ") : "");
                }
                closing.close("@@QADDON-DONE " + addon);
            } catch (PolyglotException e) {
                closeWithError(closing, addon, e, watchdog);
            } finally {
                watchdog.disarm();
            }
        } catch (PolyglotException e) {
            // Closing a context that the watchdog cancelled throws the cancellation again.
            closeWithError(closing, addon, e, watchdog);
        } catch (RuntimeException e) {
            // Not the add-on's doing: the host answered out of contract, or the context broke.
            closing.close("@@QADDON-LOAD-ERROR " + addon + "\t" + jsonString("the local host failed (a fault of qaddon, not of the add-on): " + e));
        }
    }

    /** An error of the add-on's own code (a JS throw, a Java exception from a host method), not a stop. */
    static boolean isGuestFailure(PolyglotException e) {
        return !(e.isCancelled() || e.isExit() || e.isInterrupted() || e.isInternalError() || e.isResourceExhausted());
    }

    static void closeWithError(Closing closing, String addon, PolyglotException e, Watchdog watchdog) {
        String message;
        if (e.isCancelled() || watchdog.fired()) message = watchdog.limitText(activity);
        else if (e.isResourceExhausted()) message = "ran out of resources: " + e.getMessage();
        else message = describe(e);
        closing.close("@@QADDON-LOAD-ERROR " + addon + "\t" + jsonString(message));
        if (e.isInternalError() || e.isResourceExhausted()) {
            // The JVM may not be in a state to run the next add-on: a fresh one will.
            out.flush();
            Runtime.getRuntime().halt(HALTED);
        }
    }

    /**
     * The host's message for what a test threw; GraalJS's own message if describing fails (a Java
     * exception has no guest object), or, for a Java exception without one, its class name as Java
     * prints it (java.sql.Date's toInstant(): "java.lang.UnsupportedOperationException").
     */
    static String describeFailure(PolyglotException thrown, Value describeFailure) {
        Value guest = thrown.getGuestObject();
        if (guest != null) {
            try {
                Value text = describeFailure.execute(guest);
                if (text.isString()) return text.asString();
            } catch (PolyglotException e) {
                if (!isGuestFailure(e)) throw e;
            }
        }
        String message = thrown.getMessage();
        if (message != null && !message.isEmpty()) return message;
        return thrown.isHostException() ? thrown.asHostException().getClass().getName() : "failed";
    }

    /** The binding through which the host runtime gets its Java classes (java-values.ts reads it). */
    static final String HOST_CLASSES_BINDING = "__qaddonJavaClasses";

    /**
     * Evaluates the host runtime in a fresh context, handing it every class of host-classes.txt as
     * a host object (name to class), through a binding that is gone before any add-on code runs.
     * The runtime keeps them in a closure at init; so the host has the "[host]" classes by a route
     * scripts do not have, and the context's class lookup is the "[scripts]" section alone. (The
     * lookup cannot be narrowed later instead: GraalJS caches a context's looked-up classes by
     * name, and a cached name no longer passes the filter.)
     */
    static void evalHost(Context context, HostPolicy policy, Source host) {
        Value bindings = context.getBindings("js");
        Value classes = context.eval("js", "Object.create(null)");
        for (var entry : policy.classes.entrySet()) classes.putMember(entry.getKey(), context.asValue(entry.getValue()).getMember("static"));
        bindings.putMember(HOST_CLASSES_BINDING, classes);
        try {
            context.eval(host);
        } finally {
            bindings.removeMember(HOST_CLASSES_BINDING);
        }
        if (bindings.hasMember(HOST_CLASSES_BINDING)) throw new IllegalStateException(HOST_CLASSES_BINDING + " outlived the host's set-up");
    }

    /** A context like Questetra's: ES2020 pinned, host access as HostPolicy allows, nothing else. */
    static Context newContext(Engine engine, HostPolicy policy) {
        return Context.newBuilder("js")
                .engine(engine)
                .option("js.ecmascript-version", "2020")
                // GraalJS-only conveniences that Questetra scripts cannot rely on: console, print, load.
                .option("js.console", "false")
                .option("js.print", "false")
                .option("js.load", "false")
                .allowHostAccess(policy.access)
                // Scripts look up the "[scripts]" classes only; the host has its own (evalHost).
                .allowHostClassLookup(policy.scripts::contains)
                .allowHostClassLoading(false)
                .allowIO(IOAccess.NONE)
                .allowCreateThread(false)
                .allowCreateProcess(false)
                .allowNativeAccess(false)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .allowInnerContextOptions(false)
                .build();
    }

    /**
     * The wall-clock limit of the add-on being run. At the limit the context is cancelled (from a
     * thread of its own, as close(true) waits); if the add-on has not ended HALT_GRACE_MILLIS later,
     * the watchdog closes it with the limit's message and halts the JVM.
     */
    static final class Watchdog {
        private long limitMillis;
        private Context context;
        private Closing closing;
        private long deadline;
        private boolean fired;
        private long generation;

        Watchdog() {
            Thread thread = new Thread(this::watch, "qaddon-watchdog");
            thread.setDaemon(true);
            thread.start();
        }

        synchronized void arm(Context context, Closing closing, long limitMillis) {
            this.limitMillis = limitMillis;
            this.context = context;
            this.closing = closing;
            this.deadline = System.nanoTime() + limitMillis * 1_000_000;
            this.fired = false;
            generation++;
            notifyAll();
        }

        synchronized void disarm() {
            context = null;
            closing = null;
            generation++;
            notifyAll();
        }

        synchronized boolean fired() {
            return fired;
        }

        synchronized String limitText(String what) {
            return "did not finish within the time limit of " + (limitMillis / 1000.0) + " s (" + what + ")";
        }

        private synchronized void watch() {
            while (true) {
                try {
                    if (context == null) {
                        wait();
                        continue;
                    }
                    long left = deadline - System.nanoTime();
                    if (left > 0) {
                        wait(Math.max(1, left / 1_000_000));
                        continue;
                    }
                    if (!fired) {
                        fired = true;
                        Context cancelled = context;
                        Thread canceller = new Thread(() -> {
                            try {
                                cancelled.close(true);
                            } catch (RuntimeException ignored) {
                                // The main thread reports the add-on; the halt below is the fallback.
                            }
                        }, "qaddon-cancel");
                        canceller.setDaemon(true);
                        canceller.start();
                        deadline = System.nanoTime() + HALT_GRACE_MILLIS * 1_000_000;
                        continue;
                    }
                    // Still running after cancellation and grace: Java code that ignores cancellation.
                    closing.close("@@QADDON-LOAD-ERROR " + closing.addon + "\t" + jsonString(limitText(activity + "; the JVM was halted")));
                    out.flush();
                    Runtime.getRuntime().halt(HALTED);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /**
     * GraalJS's own message (a SyntaxError's already names "<source>:<line>:<column>"), followed by
     * the JavaScript stack as "at fn (<source>:<line>:<column>)" lines, or by the error location.
     * A Java exception without a message is named by its class, as Java prints it.
     */
    static String describe(PolyglotException e) {
        String message = e.getMessage();
        if ((message == null || message.isEmpty()) && e.isHostException()) message = e.asHostException().getClass().getName();
        StringBuilder text = new StringBuilder(String.valueOf(message).stripTrailing());
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

    /**
     * Where a test's failure was thrown: the first frame of the error's stack in the add-on's own
     * <script> or <test> (its sources are named "<file>.xml <script>"), as "<script>:line:column",
     * or null.
     */
    static String addonLocation(PolyglotException thrown, String fileName) {
        for (PolyglotException.StackFrame frame : thrown.getPolyglotStackTrace()) {
            SourceSection at = frame.isGuestFrame() ? frame.getSourceLocation() : null;
            if (at == null || !at.isAvailable()) continue;
            String source = at.getSource().getName();
            for (String part : new String[] {"<script>", "<test>"}) {
                if (source.equals(fileName + ".xml " + part)) return part + ":" + at.getStartLine() + ":" + at.getStartColumn();
            }
        }
        return null;
    }

    static String where(SourceSection at) {
        return at.getSource().getName() + ":" + at.getStartLine() + ":" + at.getStartColumn();
    }


    // ---- Reading add-on XML: one reading of the file, the platform's (the JDK's DOM parser). ----

    /** What the platform takes from an add-on file: <script> and <test> text (null if absent), configs, <addon-version>. */
    record AddonXml(String script, String test, List<String[]> configs, String addonVersion) {}

    /**
     * A script of an add-on without <addon-version>2 runs from its top level each time the step
     * runs (it calls main() itself): the host keeps it as a function that execute() calls, as
     * src/host/sources.ts does for the Node tier. Wrapped on its first and last line only.
     */
    static String runnableScript(AddonXml xml) {
        if ("2".equals(xml.addonVersion())) return xml.script();
        return "__qaddonHost.deferScript(function () {" + xml.script() + "\n});\n";
    }

    /**
     * Parses the file as the platform parses an uploaded add-on: the JDK's DOM parser, secure
     * processing on, DOCTYPE refused (so no entity declarations, no external DTD). XML 1.0 in
     * UTF-8 only (what qaddon's own reader reads). <script> and <test> are the first such child of
     * the root, their whole text content (CDATA and text, in order); configs are the <config>
     * elements under <configs>, also inside <tabs>/<tab>, in document order; no form-type is TEXTFIELD.
     */
    static AddonXml readAddonXml(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setErrorHandler(new DefaultHandler()); // fatal errors throw; nothing is printed to stderr
        Document document = builder.parse(file.toFile());
        if (!"1.0".equals(document.getXmlVersion())) {
            throw new IllegalArgumentException("declares XML version " + document.getXmlVersion() + "; add-ons are XML 1.0");
        }
        String declared = document.getXmlEncoding(); // null without a declaration
        String encoding = declared != null ? declared : document.getInputEncoding();
        if (!"UTF-8".equalsIgnoreCase(encoding) || !"UTF-8".equalsIgnoreCase(document.getInputEncoding())) {
            throw new IllegalArgumentException("is encoded in " + encoding + "; add-ons are UTF-8");
        }
        Element root = document.getDocumentElement();
        if (!root.getTagName().equals("service-task-definition")) {
            throw new IllegalArgumentException("the root element is <" + root.getTagName() + ">, not <service-task-definition>");
        }
        Element script = firstChild(root, "script");
        Element test = firstChild(root, "test");
        List<String[]> configs = new ArrayList<>();
        for (Element configsElement : children(root, "configs")) collectConfigs(configsElement, configs);
        Element version = firstChild(root, "addon-version");
        return new AddonXml(script == null ? null : script.getTextContent(), test == null ? null : test.getTextContent(), configs,
                version == null ? null : version.getTextContent().strip());
    }

    static void collectConfigs(Element parent, List<String[]> configs) {
        for (Element element : children(parent, null)) {
            String name = element.getTagName();
            if (name.equals("config")) {
                String formType = element.hasAttribute("form-type") ? element.getAttribute("form-type") : "TEXTFIELD";
                configs.add(new String[] { element.getAttribute("name"), formType });
            } else if (name.equals("tabs") || name.equals("tab") || name.equals("configs")) {
                collectConfigs(element, configs);
            }
        }
    }

    static Element firstChild(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    /** The child elements of `parent` (named `name`, or all when null), in document order. */
    static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && (name == null || element.getTagName().equals(name))) found.add(element);
        }
        return found;
    }

    static String addonName(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".xml") ? name.substring(0, name.length() - 4) : name;
    }

    /** The parser's own message, e.g. "line 839: An invalid XML character (Unicode: 0x1) was found in the CDATA section." */
    static String xmlError(Exception e) {
        String where = e instanceof org.xml.sax.SAXParseException p ? "line " + p.getLineNumber() + ": " : "";
        return "the platform's XML parser refuses the file: " + where + e.getMessage();
    }

    /** The line of a READ: what the file gives, as JSON, or why it cannot be read. */
    static String reading(String addon, Path file) {
        try {
            AddonXml xml = readAddonXml(file);
            return "@@QADDON-READING " + addon + "\t{\"script\":" + jsonString(xml.script()) + ",\"test\":" + jsonString(xml.test())
                    + ",\"configs\":" + configsJson(xml.configs()) + "}";
        } catch (Exception e) {
            return "@@QADDON-FILE-ERROR " + addon + "\t" + jsonString(xmlError(e));
        }
    }

    /** `[{"name":…,"formType":…},…]`, what __qaddonHost.declareConfigs takes. */
    static String configsJson(List<String[]> configs) {
        StringBuilder json = new StringBuilder("[");
        for (String[] config : configs) {
            if (json.length() > 1) json.append(',');
            json.append("{\"name\":").append(jsonString(config[0])).append(",\"formType\":").append(jsonString(config[1])).append('}');
        }
        return json.append(']').toString();
    }

    /**
     * A JSON string in ASCII: every other UTF-16 unit as \\uXXXX, so the text comes through exactly
     * and no character of the add-on's (a line break, an escape sequence) reaches stdout as itself.
     */
    static String jsonString(String s) {
        if (s == null) return "null";
        StringBuilder json = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') json.append('\\').append(c);
            else if (c >= 0x20 && c < 0x7f) json.append(c);
            else json.append(String.format("\\u%04x", (int) c));
        }
        return json.append('"').toString();
    }

    /**
     * Which Java a script may touch. Class lookup (Java.type, java.util.X) is the exact "[scripts]"
     * list of host-classes.txt (the "[host]" classes are handed to the host runtime only, see
     * evalHost). Member access (methods, constructors, fields) is limited to "reachable"
     * types: the listed classes, the supertypes of every reachable type, and the types that the
     * public methods and fields of reachable types hand out (type arguments included:
     * Map.entrySet() hands out Map.Entry), plus what subclasses of reachable classes declare
     * (Calendar.getInstance() is a GregorianCalendar). Never reachable, and refused in the list:
     * NEVER_PACKAGES and NEVER_TYPES, which reach files, network, threads, class loading,
     * reflection, processes, logging, preferences, archives or JVM-wide state. Types of
     * RESTRICTED_PACKAGES (java.io, java.nio, java.security, javax: in-memory buffers and digests
     * next to files and providers) only when listed, or handed out by a listed class. Denied
     * everywhere: members whose parameters or result are of a type not allowed; Object's getClass,
     * wait and notify; static setters of JVM-wide defaults and readers of system properties;
     * common-pool ("parallel") operations; and of exceptions all but getMessage,
     * getLocalizedMessage, getCause and toString.
     */
    static final class HostPolicy {
        static final List<String> NEVER_PACKAGES = List.of(
                "java.lang.reflect.", "java.lang.invoke.", "java.lang.ref.", "java.lang.module.", "java.lang.instrument.",
                "java.lang.management.", "java.lang.foreign.", "java.lang.runtime.", "java.lang.constant.",
                "java.util.concurrent.", "java.util.logging.", "java.util.prefs.", "java.util.jar.", "java.util.zip.",
                "java.util.spi.", "java.nio.file.", "java.nio.channels.", "java.net.", "java.rmi.", "java.beans.",
                "javax.script.", "javax.management.", "javax.naming.", "javax.net.", "javax.tools.", "javax.lang.",
                "jdk.", "sun.", "com.sun.", "org.graalvm.", "com.oracle.");
        /** Never reachable, with their subclasses (by name: some are deprecated for removal from the JDK). */
        static final List<Class<?>> NEVER_TYPES = loadedClasses(
                "java.lang.Class", "java.lang.ClassLoader", "java.lang.Thread", "java.lang.ThreadGroup", "java.lang.ThreadLocal",
                "java.lang.Runtime", "java.lang.System", "java.lang.Process", "java.lang.ProcessBuilder", "java.lang.ProcessHandle",
                "java.lang.Module", "java.lang.ModuleLayer", "java.lang.Package", "java.lang.StackWalker", "java.lang.ClassValue",
                "java.lang.SecurityManager",
                "java.io.File", "java.io.FileDescriptor", "java.io.FileInputStream", "java.io.FileOutputStream",
                "java.io.RandomAccessFile", "java.io.FileReader", "java.io.FileWriter", "java.io.PrintStream", "java.io.PrintWriter",
                "java.io.ObjectInputStream", "java.io.ObjectOutputStream", "java.io.Console",
                "java.util.Formatter", "java.util.Scanner", "java.util.Timer", "java.util.TimerTask", "java.util.ServiceLoader",
                "java.util.ResourceBundle", "java.util.ResourceBundle$Control", "java.sql.DriverManager",
                "java.security.Security", "java.security.Provider", "java.security.Policy", "java.security.AccessController",
                "java.security.KeyStore");
        /** Reachable only when listed, or handed out by a listed class (see above). */
        static final List<String> RESTRICTED_PACKAGES = List.of("java.io.", "java.nio.", "java.security.", "javax.");
        /** Names never callable, on any class: Object's monitor and class access; the common thread pool. */
        static final Set<String> DENIED_METHODS = Set.of(
                "getClass", "wait", "notify", "notifyAll", "finalize",
                "parallelStream", "parallel", "parallelSort", "parallelSetAll", "parallelPrefix");
        /** Static methods never callable: JVM-wide defaults (Locale, TimeZone), system properties (Integer.getInteger). */
        static final Set<String> DENIED_STATIC_METHODS = Set.of("setDefault", "getInteger", "getLong", "getBoolean");
        static final Set<String> EXCEPTION_METHODS = Set.of("getMessage", "getLocalizedMessage", "getCause", "toString");
        static final Set<String> OBJECT_METHODS = Set.of("toString", "equals", "hashCode");

        /** What a script may look up: the "[scripts]" section. */
        final Set<String> scripts;
        /** Every class of the list by name, "[host]" section included: what the host runtime is handed. */
        final Map<String, Class<?>> classes = new LinkedHashMap<>();
        final Set<Class<?>> listed = new HashSet<>();
        final Set<Class<?>> reachable = new HashSet<>();
        final HostAccess access;

        private HostPolicy(Set<String> scripts, Set<String> all) {
            this.scripts = scripts;
            for (String name : all) classes.put(name, classNamed(name));
            listed.addAll(classes.values());
            Deque<Class<?>> work = new ArrayDeque<>(listed);
            while (!work.isEmpty()) {
                Class<?> type = work.poll();
                if (!reachable.add(type)) continue;
                List<Class<?>> next = new ArrayList<>();
                if (type.getSuperclass() != null) next.add(type.getSuperclass());
                next.addAll(List.of(type.getInterfaces()));
                next.removeIf(HostPolicy::isNever);
                List<Type> handedOut = new ArrayList<>();
                for (Method method : type.getMethods()) if (allowsMember(method)) handedOut.add(method.getGenericReturnType());
                for (Field field : type.getFields()) if (allowsMember(field)) handedOut.add(field.getGenericType());
                for (Type handed : handedOut) {
                    for (Class<?> raw : classesIn(handed, new HashSet<>())) {
                        if (!isNever(raw) && (!isRestricted(raw) || listed.contains(type) || listed.contains(raw))) next.add(raw);
                    }
                }
                for (Class<?> candidate : next) if (Modifier.isPublic(candidate.getModifiers()) && !reachable.contains(candidate)) work.add(candidate);
            }
            access = HostAccess.newBuilder()
                    .allowPublicAccess(this::allows)
                    // What HostAccess.ALL allows besides members (and how Questetra scripts use
                    // Java lists), but no extending of Java classes (Java.extend generates classes).
                    .allowAllImplementations(true)
                    .allowAllClassImplementations(false)
                    .allowArrayAccess(true)
                    .allowListAccess(true)
                    .allowBufferAccess(true)
                    .allowIterableAccess(true)
                    .allowIteratorAccess(true)
                    .allowMapAccess(true)
                    .allowBigIntegerNumberAccess(true)
                    .build();
        }

        /** The named classes this JDK has (a class removed from a later JDK is no danger there). */
        static List<Class<?>> loadedClasses(String... names) {
            List<Class<?>> classes = new ArrayList<>();
            for (String name : names) {
                try {
                    classes.add(Class.forName(name, false, ClassLoader.getPlatformClassLoader()));
                } catch (ClassNotFoundException absent) {
                    // Not in this JDK.
                }
            }
            return List.copyOf(classes);
        }

        /** A section's heading: "# [scripts] …" or "# [host] …". */
        static final Pattern SECTION = Pattern.compile("^#\\s*\\[(scripts|host)\\]");

        /**
         * The list, by section: "[scripts]" (what scripts may look up) and "[host]" (what only the
         * host runtime is handed). A name in neither is refused.
         */
        static HostPolicy load(Path list) throws IOException {
            Set<String> names = new LinkedHashSet<>();
            Set<String> scripts = new LinkedHashSet<>();
            String section = null;
            for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
                Matcher heading = SECTION.matcher(line);
                if (heading.find()) section = heading.group(1);
                String name = line.replaceFirst("#.*", "").strip();
                if (name.isEmpty()) continue;
                if (!name.matches("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)+")) throw new IOException(list + ": not a class name: " + name);
                if (isNever(classNamed(name))) {
                    throw new IOException(list + ": " + name + " reaches files, threads, class loading or JVM-wide state; the sandbox never allows it");
                }
                if (section == null) throw new IOException(list + ": " + name + " is in no [scripts] or [host] section");
                names.add(name);
                if (section.equals("scripts")) scripts.add(name);
            }
            return new HostPolicy(Set.copyOf(scripts), names);
        }

        static Class<?> classNamed(String name) {
            try {
                // The runner's own loader: the JDK's classes and those compiled with the runner (stand-ins of Questetra's).
                return Class.forName(name, false, RunAddonTests.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("host-classes.txt: no such class: " + name);
            }
        }

        /** The raw classes in a generic type: List<Map.Entry<K, V>> gives List and Map.Entry. */
        static Set<Class<?>> classesIn(Type type, Set<Type> seen) {
            Set<Class<?>> classes = new HashSet<>();
            if (!seen.add(type)) return classes;
            if (type instanceof Class<?> c) {
                while (c.isArray()) c = c.getComponentType();
                if (!c.isPrimitive()) classes.add(c);
            } else if (type instanceof ParameterizedType p) {
                classes.addAll(classesIn(p.getRawType(), seen));
                for (Type argument : p.getActualTypeArguments()) classes.addAll(classesIn(argument, seen));
            } else if (type instanceof WildcardType w) {
                for (Type bound : w.getUpperBounds()) classes.addAll(classesIn(bound, seen));
                for (Type bound : w.getLowerBounds()) classes.addAll(classesIn(bound, seen));
            } else if (type instanceof GenericArrayType a) {
                classes.addAll(classesIn(a.getGenericComponentType(), seen));
            } else if (type instanceof TypeVariable<?> v) {
                for (Type bound : v.getBounds()) classes.addAll(classesIn(bound, seen));
            }
            return classes;
        }

        static Class<?> component(Class<?> type) {
            while (type.isArray()) type = type.getComponentType();
            return type;
        }

        static boolean isNever(Class<?> type) {
            type = component(type);
            String name = type.getName();
            for (String prefix : NEVER_PACKAGES) if (name.startsWith(prefix)) return true;
            for (Class<?> never : NEVER_TYPES) if (never.isAssignableFrom(type)) return true;
            return false;
        }

        static boolean isRestricted(Class<?> type) {
            String name = component(type).getName();
            for (String prefix : RESTRICTED_PACKAGES) if (name.startsWith(prefix)) return true;
            return false;
        }

        /** May a member's parameter or result be of this type? */
        boolean allowsType(Class<?> type) {
            type = component(type);
            if (type.isPrimitive()) return true;
            if (isNever(type)) return false;
            return !isRestricted(type) || reachable.contains(type);
        }

        /** The member rules that do not depend on reachability (also used while it is computed). */
        static boolean allowsMember(Member member) {
            Class<?> declaring = member.getDeclaringClass();
            if (isNever(declaring)) return false;
            if (member instanceof Method method) {
                if (DENIED_METHODS.contains(method.getName())) return false;
                if (Modifier.isStatic(method.getModifiers()) && DENIED_STATIC_METHODS.contains(method.getName())) return false;
                if (Throwable.class.isAssignableFrom(declaring)) return EXCEPTION_METHODS.contains(method.getName());
                if (declaring == Object.class) return OBJECT_METHODS.contains(method.getName());
                if (isNever(method.getReturnType())) return false;
            }
            if (member instanceof Executable executable) {
                for (Class<?> parameter : executable.getParameterTypes()) if (isNever(parameter)) return false;
            }
            return !(member instanceof Field field && isNever(field.getType()));
        }

        boolean allows(Member member) {
            if (!allowsMember(member)) return false;
            if (member instanceof Method method && !allowsType(method.getReturnType())) return false;
            if (member instanceof Executable executable) {
                for (Class<?> parameter : executable.getParameterTypes()) if (!allowsType(parameter)) return false;
            }
            if (member instanceof Field field && !allowsType(field.getType())) return false;
            Class<?> declaring = member.getDeclaringClass();
            if (reachable.contains(declaring)) return true;
            if (Throwable.class.isAssignableFrom(declaring)) return true;
            // A subclass of a reachable class (not of Object): the object came from a reachable API.
            if (member instanceof Constructor<?>) return false;
            for (Class<?> up = declaring.getSuperclass(); up != null && up != Object.class; up = up.getSuperclass()) {
                if (reachable.contains(up)) return true;
            }
            return false;
        }
    }
}
