// Runs Questetra add-on scripts and their tests in GraalJS (the engine Questetra BPM uses), as a
// sandbox: the add-ons' code is someone else's.
//
// Launched with the JDK's single-file source launcher (JDK >= 21), classpath from pom.xml:
//   java -cp <classpath> test/graaljs/RunAddonTests.java <host-classes.txt> <time limit in ms>
// Input on stdin (UTF-8), nothing from files but the class list:
//   QADDON-HOST <bytes>\n<host script>
//   QADDON-ADDON <name> <script bytes> <test bytes>\n<script><test>      (once per add-on)
// For each add-on, in input order, a fresh JS context evaluates the host script, takes the host's
// runner functions (before any add-on code runs), evaluates the add-on's <script> and <test>, then
// calls every registered test itself and records whether it threw. Output on stdout, one line each:
//   @@QADDON-BEGIN <addon>
//   @@QADDON-TEST <addon>\t<{"name","passed","error"} as JSON>\t<the host's evidence JSON>
//   @@QADDON-DONE <addon>                                  (the add-on ended normally), or
//   @@QADDON-LOAD-ERROR <addon>\t<message as a JSON string>  (it did not load or did not finish)
// Scripts cannot print (no console, print, System), so these are the only lines on stdout.
//
// Sandbox: Java classes are looked up from the exact list in host-classes.txt; host access is
// limited to members of those classes and of the types they hand out (HostPolicy below); no IO,
// threads, processes, native access, environment or polyglot access. Each add-on has a wall-clock
// limit: at the limit its context is cancelled; if it has not ended 2 s later (Java code that does
// not heed cancellation), the watchdog reports the add-on and halts the JVM, exit status 86, and
// the driver starts a new JVM for the add-ons left. The JVM always ends with Runtime.halt, so no
// thread survives the run.

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
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
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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

public class RunAddonTests {
    /** Exit status when the watchdog had to halt the JVM: the driver restarts with the add-ons left. */
    static final int HALTED = 86;
    /** After the limit, how long a cancelled add-on may take to unwind before the JVM is halted. */
    static final long HALT_GRACE_MILLIS = 2_000;

    record Addon(String name, String script, String test) {}

    static PrintStream out;

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: RunAddonTests <host-classes.txt> <time limit in ms>  (input on stdin)");
            System.exit(2);
        }
        // Always UTF-8 (add-on messages are often Japanese), whatever the platform locale is.
        out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        HostPolicy policy = HostPolicy.load(Path.of(args[0]));
        long limitMillis = Long.parseLong(args[1]);
        InputStream in = new BufferedInputStream(System.in);
        Source host = Source.newBuilder("js", readFrame(in, "QADDON-HOST", 1)[0], "qaddon-host.js").build();
        List<Addon> addons = new ArrayList<>();
        for (String[] frame; (frame = readFrame(in, "QADDON-ADDON", 2)) != null; ) {
            addons.add(new Addon(frame[2], frame[0], frame[1]));
        }

        Watchdog watchdog = new Watchdog(limitMillis);
        // One engine shared by all contexts: parsed sources (e.g. host.js) are cached across add-ons,
        // while every add-on still gets its own context, i.e. its own global object.
        try (Engine engine = Engine.newBuilder("js").option("engine.WarnInterpreterOnly", "false").build()) {
            // The first context pays for loading GraalJS and parsing the host script: not an add-on's time.
            try (Context warmUp = newContext(engine, policy)) {
                warmUp.eval(host);
            }
            for (Addon addon : addons) runOne(engine, policy, watchdog, host, addon);
        }
        out.flush();
        Runtime.getRuntime().halt(0);
    }

    /**
     * Reads "<tag> [<name>] <bytes>…\n" and the payloads that follow; returns the payloads, then
     * the name if there is one, or null at the end of the input.
     */
    static String[] readFrame(InputStream in, String tag, int payloads) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                if (header.size() == 0) return null;
                throw new IOException("truncated input header");
            }
            header.write(b);
        }
        String[] fields = header.toString(StandardCharsets.UTF_8).split(" ");
        boolean named = tag.equals("QADDON-ADDON");
        if (!fields[0].equals(tag) || fields.length != 1 + (named ? 1 : 0) + payloads) throw new IOException("bad input header: " + fields[0]);
        String[] result = new String[payloads + (named ? 1 : 0)];
        for (int i = 0; i < payloads; i++) {
            int length = Integer.parseInt(fields[fields.length - payloads + i]);
            byte[] bytes = in.readNBytes(length);
            if (bytes.length != length) throw new IOException("truncated input");
            result[i] = new String(bytes, StandardCharsets.UTF_8);
        }
        if (named) result[payloads] = fields[1];
        return result;
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

    static void runOne(Engine engine, HostPolicy policy, Watchdog watchdog, Source host, Addon addon) {
        out.println("@@QADDON-BEGIN " + addon.name());
        Closing closing = new Closing(addon.name());
        activity = "while loading";
        try (Context context = newContext(engine, policy)) {
            watchdog.arm(context, closing);
            try {
                context.eval(host);
                Value control = context.getBindings("js").getMember("__qaddonHost");
                // Taken now, before any add-on code runs (the object is frozen and read-only anyway).
                Value startRun = control.getMember("startRun");
                Value testName = control.getMember("testName");
                Value startTest = control.getMember("startTest");
                Value finishTest = control.getMember("finishTest");
                Value describeFailure = control.getMember("describeFailure");

                context.eval(Source.newBuilder("js", addon.script(), addon.name() + ".xml <script>").buildLiteral());
                context.eval(Source.newBuilder("js", addon.test(), addon.name() + ".xml <test>").buildLiteral());
                activity = "before the first test";
                int count = startRun.execute().asInt();
                for (int index = 0; index < count; index++) {
                    String name = testName.execute(index).asString();
                    activity = "test " + quote(name) + " was running";
                    Value fn = startTest.execute(index);
                    String error = null;
                    try {
                        fn.executeVoid();
                    } catch (PolyglotException thrown) {
                        if (!isGuestFailure(thrown)) throw thrown;
                        error = describeFailure(thrown, describeFailure);
                    }
                    Value evidence = finishTest.execute();
                    closing.test("{\"name\":" + quote(name) + ",\"passed\":" + (error == null) + ",\"error\":" + (error == null ? "null" : quote(error)) + "}",
                            evidence.isString() ? evidence.asString().replace("\n", " ") : "");
                }
                closing.close("@@QADDON-DONE " + addon.name());
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
            closing.close("@@QADDON-LOAD-ERROR " + addon.name() + "\t" + quote("the local host failed (a fault of qaddon, not of the add-on): " + e));
        }
    }

    /** An error of the add-on's own code (a JS throw, a Java exception from a host method), not a stop. */
    static boolean isGuestFailure(PolyglotException e) {
        return !(e.isCancelled() || e.isExit() || e.isInterrupted() || e.isInternalError() || e.isResourceExhausted());
    }

    static void closeWithError(Closing closing, Addon addon, PolyglotException e, Watchdog watchdog) {
        String message;
        if (e.isCancelled() || watchdog.fired()) message = watchdog.limitText(activity);
        else if (e.isResourceExhausted()) message = "ran out of resources: " + e.getMessage();
        else message = describe(e);
        closing.close("@@QADDON-LOAD-ERROR " + addon.name() + "\t" + quote(message));
        if (e.isInternalError() || e.isResourceExhausted()) {
            // The JVM may not be in a state to run the next add-on: a fresh one will.
            out.flush();
            Runtime.getRuntime().halt(HALTED);
        }
    }

    /** The host's message for what a test threw; GraalJS's own message if describing fails. */
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
        return message == null || message.isEmpty() ? "failed" : message;
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
                .allowHostClassLookup(policy.lookup::contains)
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
        private final long limitMillis;
        private Context context;
        private Closing closing;
        private long deadline;
        private boolean fired;
        private long generation;

        Watchdog(long limitMillis) {
            this.limitMillis = limitMillis;
            Thread thread = new Thread(this::watch, "qaddon-watchdog");
            thread.setDaemon(true);
            thread.start();
        }

        synchronized void arm(Context context, Closing closing) {
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

        String limitText(String what) {
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
                    closing.close("@@QADDON-LOAD-ERROR " + closing.addon + "\t" + quote(limitText(activity + "; the JVM was halted")));
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
     */
    static String describe(PolyglotException e) {
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

    static String where(SourceSection at) {
        return at.getSource().getName() + ":" + at.getStartLine() + ":" + at.getStartColumn();
    }

    /** `s` as a JSON string: quotes, backslashes and every control character escaped. */
    static String quote(String s) {
        StringBuilder json = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') json.append('\\').append(c);
            else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) json.append(String.format("\\u%04x", (int) c));
            else json.append(c);
        }
        return json.append('"').toString();
    }

    /**
     * Which Java a script may touch. Class lookup (Java.type, java.util.X) is the exact list of
     * host-classes.txt. Member access (methods, constructors, fields) is limited to "reachable"
     * types: the listed classes, their public supertypes, and, recursively, the types their public
     * methods and fields return (type arguments included: Map.entrySet() hands out Map.Entry), never
     * a denied type; plus members that subclasses of reachable classes declare (Calendar.getInstance()
     * is a GregorianCalendar). Denied everywhere: types that reach files, network, threads, class
     * loading, reflection, processes or JVM-wide state, whatever the list says; Object's getClass,
     * wait and notify; static setters of JVM-wide defaults; thread-pool ("parallel") operations;
     * and of exceptions only getMessage, getLocalizedMessage, getCause and toString.
     */
    static final class HostPolicy {
        static final List<String> DENIED_PACKAGES = List.of(
                "java.io.", "java.nio.", "java.net.", "java.lang.reflect.", "java.lang.invoke.", "java.lang.ref.",
                "java.lang.module.", "java.lang.instrument.", "java.lang.management.", "java.lang.constant.",
                "java.lang.runtime.", "java.lang.foreign.", "java.lang.annotation.", "java.security.", "java.util.concurrent.",
                "java.util.logging.", "java.util.prefs.", "java.util.jar.", "java.util.zip.", "java.util.spi.",
                "java.beans.", "java.rmi.", "javax.", "jdk.", "sun.", "com.sun.", "org.graalvm.", "com.oracle.");
        /** Denied with their subclasses. */
        static final List<Class<?>> DENIED_TYPES = List.of(
                Class.class, ClassLoader.class, Thread.class, ThreadGroup.class, ThreadLocal.class, Runtime.class,
                System.class, Process.class, ProcessBuilder.class, ProcessHandle.class, Module.class, ModuleLayer.class,
                Package.class, StackWalker.class, ClassValue.class, java.util.Formatter.class, java.util.Scanner.class,
                java.util.Timer.class, java.util.TimerTask.class, java.util.ServiceLoader.class,
                java.util.ResourceBundle.class, java.util.ResourceBundle.Control.class, java.sql.DriverManager.class);
        /** Names never callable, on any class: Object's monitor and class access; the common thread pool. */
        static final Set<String> DENIED_METHODS = Set.of(
                "getClass", "wait", "notify", "notifyAll", "finalize",
                "parallelStream", "parallel", "parallelSort", "parallelSetAll", "parallelPrefix");
        /** Static methods never callable: JVM-wide defaults (Locale, TimeZone), system properties (Integer.getInteger). */
        static final Set<String> DENIED_STATIC_METHODS = Set.of("setDefault", "getInteger", "getLong", "getBoolean");
        static final Set<String> EXCEPTION_METHODS = Set.of("getMessage", "getLocalizedMessage", "getCause", "toString");
        static final Set<String> OBJECT_METHODS = Set.of("toString", "equals", "hashCode");

        final Set<String> lookup;
        final Set<Class<?>> reachable = new HashSet<>();
        final HostAccess access;

        private HostPolicy(Set<String> lookup) {
            this.lookup = lookup;
            Deque<Class<?>> work = new ArrayDeque<>();
            for (String name : lookup) work.add(classNamed(name));
            while (!work.isEmpty()) {
                Class<?> type = work.poll();
                if (!reachable.add(type)) continue;
                List<Type> handedOut = new ArrayList<>();
                if (type.getGenericSuperclass() != null) handedOut.add(type.getGenericSuperclass());
                handedOut.addAll(List.of(type.getGenericInterfaces()));
                for (Method method : type.getMethods()) if (allowsMember(method)) handedOut.add(method.getGenericReturnType());
                for (Field field : type.getFields()) if (allowsMember(field)) handedOut.add(field.getGenericType());
                for (Type handed : handedOut) for (Class<?> raw : classesIn(handed, new HashSet<>())) if (!reachable.contains(raw)) work.add(raw);
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

        static HostPolicy load(Path list) throws IOException {
            Set<String> names = new LinkedHashSet<>();
            for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
                String name = line.replaceFirst("#.*", "").strip();
                if (name.isEmpty()) continue;
                if (!name.matches("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)+")) throw new IOException(list + ": not a class name: " + name);
                Class<?> type = classNamed(name);
                if (isDenied(type)) throw new IOException(list + ": " + name + " reaches files, threads, class loading or JVM-wide state; the sandbox never allows it");
                names.add(name);
            }
            return new HostPolicy(Set.copyOf(names));
        }

        static Class<?> classNamed(String name) {
            try {
                return Class.forName(name, false, ClassLoader.getPlatformClassLoader());
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
                if (!c.isPrimitive() && Modifier.isPublic(c.getModifiers()) && !isDenied(c)) classes.add(c);
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

        static boolean isDenied(Class<?> type) {
            while (type.isArray()) type = type.getComponentType();
            String name = type.getName();
            for (String prefix : DENIED_PACKAGES) if (name.startsWith(prefix)) return true;
            for (Class<?> denied : DENIED_TYPES) if (denied.isAssignableFrom(type)) return true;
            return false;
        }

        /** The member rules that do not depend on reachability. */
        static boolean allowsMember(Member member) {
            Class<?> declaring = member.getDeclaringClass();
            if (isDenied(declaring)) return false;
            if (member instanceof Method method) {
                if (DENIED_METHODS.contains(method.getName())) return false;
                if (Modifier.isStatic(method.getModifiers()) && DENIED_STATIC_METHODS.contains(method.getName())) return false;
                if (Throwable.class.isAssignableFrom(declaring)) return EXCEPTION_METHODS.contains(method.getName());
                if (declaring == Object.class) return OBJECT_METHODS.contains(method.getName());
                if (isDenied(method.getReturnType())) return false;
            }
            if (member instanceof Executable executable) {
                for (Class<?> parameter : executable.getParameterTypes()) if (isDenied(parameter)) return false;
            }
            if (member instanceof Field field && isDenied(field.getType())) return false;
            return true;
        }

        boolean allows(Member member) {
            if (!allowsMember(member)) return false;
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
