// Runs Questetra add-on scripts and their tests in GraalJS (the engine Questetra BPM uses).
//
// Launched with the JDK's source launcher (JDK >= 22: it also compiles the Java stand-ins of
// Questetra classes under com/questetra/), classpath from pom.xml, class allow-list from
// host-classes.txt:
//   java -Dpolyglot.engine.WarnInterpreterOnly=false -Dqaddon.hostClasses=test/graaljs/host-classes.txt -cp <classpath> \
//        test/graaljs/RunAddonTests.java <host.js> <addon.xml>...
//   java ... test/graaljs/RunAddonTests.java --read <addon.xml>...
//
// Each add-on XML file is read here, with the JDK's own DOM parser as the platform reads an
// uploaded file (secure processing on, DOCTYPE refused): what runs is the text that parser gives
// for <script> and <test> (the element's whole text, CDATA or not). For each add-on (in the order
// given; its name is the file name without .xml) a fresh JS context evaluates host.js, the
// add-on's <script>, its <test> followed by `__qaddonHost.declareConfigs(<its configs>)`, then
// `__qaddonHost.runTests()` (which returns a JSON string), and prints exactly one line:
//   @@QADDON-RESULT <addon>\t<json>
//   @@QADDON-LOAD-ERROR <addon>\t<GraalJS or XML error message; newline escaped as \n, backslash as \\>
// With --read nothing runs: for each file one line gives what was read, for the Node tier's
// reader to be compared with (script and test null when absent):
//   @@QADDON-READING <addon>\t{"script":…,"test":…,"configs":[{"name":…,"formType":…},…]}
// Nothing else is written to stdout. Test failures are part of the JSON, so the exit code is 0
// whenever the runner itself worked.

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
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
    private static final Source RUN_TESTS = Source.newBuilder("js", "__qaddonHost.runTests()", "qaddon-run-tests.js").buildLiteral();
    /** Wall-clock limit per add-on, so a runaway loop cannot hang the whole run. */
    private static final long TIMEOUT_SECONDS = Long.getLong("qaddon.timeoutSeconds", 120);

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: RunAddonTests <host.js> <addon.xml>... | RunAddonTests --read <addon.xml>...");
            System.exit(2);
        }
        // Always UTF-8 (add-on messages are often Japanese), whatever the platform locale is.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        List<Path> files = new ArrayList<>();
        for (int i = 1; i < args.length; i++) files.add(Path.of(args[i]));
        if (args[0].equals("--read")) {
            for (Path file : files) out.println(reading(file));
            return;
        }
        Source host = Source.newBuilder("js", Files.readString(Path.of(args[0])), "qaddon-host.js").build();

        // One engine shared by all contexts: parsed sources (e.g. host.js) are cached across add-ons,
        // while every add-on still gets its own context, i.e. its own global object.
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "qaddon-watchdog");
            t.setDaemon(true);
            return t;
        });
        try (Engine engine = Engine.newBuilder("js").option("engine.WarnInterpreterOnly", "false").build()) {
            for (Path file : files) {
                String addon = addonName(file);
                AddonXml xml;
                try {
                    xml = readAddonXml(file);
                } catch (Exception e) {
                    out.println("@@QADDON-LOAD-ERROR " + addon + "\t" + oneLine(xmlError(e)));
                    continue;
                }
                if (xml.script() == null || xml.test() == null) {
                    String missing = xml.script() == null ? "the add-on has no <script>" : "the add-on has no <test> block";
                    out.println("@@QADDON-LOAD-ERROR " + addon + "\t" + missing);
                    continue;
                }
                // Appended, not prepended, so that line numbers in errors match the XML's <test> block.
                String test = xml.test() + "\n;__qaddonHost.declareConfigs(" + configsJson(xml.configs()) + ");\n";
                out.println(runOne(engine, watchdog, host, addon, runnableScript(xml), test));
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
     * The classes a script may look up: test/graaljs/host-classes.txt (path in -Dqaddon.hostClasses),
     * exact fully-qualified names, one per line, `#` comments.
     */
    private static final Set<String> HOST_CLASSES = loadHostClasses();

    private static Set<String> loadHostClasses() {
        String path = System.getProperty("qaddon.hostClasses");
        if (path == null) throw new IllegalStateException("-Dqaddon.hostClasses=<test/graaljs/host-classes.txt> is required");
        try {
            return Set.copyOf(Files.readAllLines(Path.of(path), StandardCharsets.UTF_8).stream()
                    .map(line -> line.replaceFirst("#.*", "").strip())
                    .filter(line -> !line.isEmpty())
                    .toList());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the host class allow-list " + path, e);
        }
    }

    /** A context like Questetra's: ES2020 pinned, Java classes from the allow-list only. */
    private static Context newContext(Engine engine) {
        return Context.newBuilder("js")
                .engine(engine)
                .option("js.ecmascript-version", "2020")
                // GraalJS-only conveniences that Questetra scripts cannot rely on: console, print, load.
                .option("js.console", "false")
                .option("js.print", "false")
                .option("js.load", "false")
                .allowHostAccess(HostAccess.ALL)
                .allowHostClassLookup(HOST_CLASSES::contains)
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

    // ---- Reading add-on XML: one reading of the file, the platform's (the JDK's DOM parser). ----

    /** What the platform takes from an add-on file: <script> and <test> text (null if absent), configs, <addon-version>. */
    record AddonXml(String script, String test, List<String[]> configs, String addonVersion) {}

    /**
     * A script of an add-on without <addon-version>2 runs from its top level each time the step
     * runs (it calls main() itself): the host keeps it as a function that execute() calls, as
     * src/host/sources.ts does for the Node tier. Wrapped on its first and last line only.
     */
    private static String runnableScript(AddonXml xml) {
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

    private static void collectConfigs(Element parent, List<String[]> configs) {
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

    private static Element firstChild(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    /** The child elements of `parent` (named `name`, or all when null), in document order. */
    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && (name == null || element.getTagName().equals(name))) found.add(element);
        }
        return found;
    }

    private static String addonName(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".xml") ? name.substring(0, name.length() - 4) : name;
    }

    /** The parser's own message, e.g. "line 839: An invalid XML character (Unicode: 0x1) was found in the CDATA section." */
    private static String xmlError(Exception e) {
        String where = e instanceof org.xml.sax.SAXParseException p ? "line " + p.getLineNumber() + ": " : "";
        return "the platform's XML parser refuses the file: " + where + e.getMessage();
    }

    /** One --read line: what the file gives, as JSON, or why it cannot be read. */
    private static String reading(Path file) {
        String addon = addonName(file);
        try {
            AddonXml xml = readAddonXml(file);
            return "@@QADDON-READING " + addon + "\t{\"script\":" + jsonString(xml.script()) + ",\"test\":" + jsonString(xml.test())
                    + ",\"configs\":" + configsJson(xml.configs()) + "}";
        } catch (Exception e) {
            return "@@QADDON-LOAD-ERROR " + addon + "\t" + oneLine(xmlError(e));
        }
    }

    /** `[{"name":…,"formType":…},…]`, what __qaddonHost.declareConfigs takes. */
    private static String configsJson(List<String[]> configs) {
        StringBuilder json = new StringBuilder("[");
        for (String[] config : configs) {
            if (json.length() > 1) json.append(',');
            json.append("{\"name\":").append(jsonString(config[0])).append(",\"formType\":").append(jsonString(config[1])).append('}');
        }
        return json.append(']').toString();
    }

    /** A JSON string in ASCII: every other UTF-16 unit as \\uXXXX, so the text comes through exactly. */
    private static String jsonString(String s) {
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

    /** Escapes a message onto one line: backslash becomes \\, newline becomes \n (the driver reverses this). */
    private static String oneLine(String s) {
        return s.replace("\\", "\\\\").replace("\r", "").replace("\n", "\\n");
    }
}
