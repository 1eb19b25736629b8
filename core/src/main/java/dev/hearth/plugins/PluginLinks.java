package dev.hearth.plugins;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes of the host that a plugin JAR links against although {@link PluginClassPath} does not offer them, and
 * the ways of opening connections of its own that it uses instead of the clients Hearth hands it: read from the class
 * files' constant pools (classes, field and method types), so that such a plugin fails when it
 * is loaded, with the names in its reason, and not later in the middle of a user's request.
 *
 * <p>A reference counts only when the host really has the class: a library inside the plugin JAR may name optional
 * classes that exist nowhere, which is the plugin's own affair.
 */
final class PluginLinks {

    private static final Pattern OBJECT_TYPE = Pattern.compile("L([^;<>]+);");

    private PluginLinks() {}

    /**
     * Ways to open connections of one's own, which would go around what the clients Hearth hands plugins enforce (the
     * SSRF guard and its pinned addresses, ports, deadlines, the credential bound to its server).
     */
    static final Set<String> OWN_CONNECTIONS = Set.of(
            "jakarta.ws.rs.client.ClientBuilder",
            "org.eclipse.microprofile.rest.client.RestClientBuilder",
            "java.net.http.HttpClient",
            "java.net.URLConnection",
            "java.net.HttpURLConnection",
            "java.net.Socket",
            "java.nio.channels.SocketChannel");

    /** What a plugin JAR's classes link against that they may not: the host's own classes, and own connections. */
    record Links(Set<String> hostClasses, Set<String> ownConnections) {}

    /** Reads the JAR's class files: the host's classes and the ways to connect that they refer to but may not. */
    static Links of(Path jar, ClassLoader host) throws IOException {
        Set<String> own = new HashSet<>();
        Set<String> referenced = new TreeSet<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : file.stream().toList()) {
                String name = entry.getName();
                if (!name.endsWith(".class")
                        || name.startsWith("META-INF/") && !name.startsWith("META-INF/versions/")) {
                    continue;
                }
                // a multi-release JAR's classes for newer Java versions are checked too
                String path = name.replaceFirst("^META-INF/versions/\\d+/", "");
                own.add(path.substring(0, path.length() - ".class".length()).replace('/', '.'));
                try (InputStream in = file.getInputStream(entry)) {
                    referenced.addAll(references(in));
                }
            }
        }
        Set<String> forbidden = new TreeSet<>();
        Set<String> connections = new TreeSet<>();
        for (String name : referenced) {
            if (own.contains(name)) {
                continue;
            }
            if (OWN_CONNECTIONS.contains(name)) {
                connections.add(name);
            } else if (!PluginClassPath.allowed(name)
                    && !PluginClassPath.inJdk(name)
                    && host.getResource(name.replace('.', '/') + ".class") != null) {
                forbidden.add(name);
            }
        }
        return new Links(forbidden, connections);
    }

    /**
     * The binary names of the classes one class file refers to: its constant pool's classes and the types in its
     * descriptors (of members it uses, and of its own fields and methods).
     */
    static Set<String> references(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> classNames = new ArrayList<>();
        List<Integer> descriptors = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNames.add(in.readUnsignedShort());
                case 16 -> descriptors.add(in.readUnsignedShort()); // MethodType
                case 12 -> { // NameAndType
                    in.readUnsignedShort();
                    descriptors.add(in.readUnsignedShort());
                }
                case 8, 19, 20 -> in.readUnsignedShort(); // String, Module, Package
                case 15 -> in.skipNBytes(3); // MethodHandle
                case 3, 4, 9, 10, 11, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> { // Long and Double take two entries
                    in.skipNBytes(8);
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        in.skipNBytes(6); // access flags, this class, super class
        in.skipNBytes(2L * in.readUnsignedShort()); // interfaces: class entries, seen above
        for (int kind = 0; kind < 2; kind++) { // fields, then methods
            int members = in.readUnsignedShort();
            for (int m = 0; m < members; m++) {
                in.skipNBytes(4); // access flags, name
                descriptors.add(in.readUnsignedShort());
                int attributes = in.readUnsignedShort();
                for (int a = 0; a < attributes; a++) {
                    in.skipNBytes(2);
                    in.skipNBytes(in.readInt() & 0xFFFFFFFFL);
                }
            }
        }
        Set<String> names = new HashSet<>();
        for (int index : classNames) {
            String name = utf8[index];
            if (name.startsWith("[")) {
                addTypes(name, names);
            } else {
                names.add(name.replace('/', '.'));
            }
        }
        for (int index : descriptors) {
            addTypes(utf8[index], names);
        }
        return names;
    }

    private static void addTypes(String descriptor, Set<String> names) {
        Matcher type = OBJECT_TYPE.matcher(descriptor);
        while (type.find()) {
            names.add(type.group(1).replace('/', '.'));
        }
    }
}
