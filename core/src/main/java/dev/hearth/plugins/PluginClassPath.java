package dev.hearth.plugins;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * What a plugin may link against: the JDK, the plugin API ({@code dev.hearth.api}), and the specifications a plugin
 * uses to talk to its upstream (Jakarta REST, JSON-P, JSON-B, MicroProfile Rest Client) and Jakarta Annotations.
 * Nothing else of the host: not Hearth's core, not Liquibase or the JDBC driver, not CDI (through which
 * {@code CDI.current()} would reach every bean), not MicroProfile Config (plugins read settings from their context).
 *
 * <p>As a class loader it is the parent of each drop-in plugin's loader: it answers the JDK from the platform
 * loader, the allowed packages from the web application's loader, and nothing else, so a plugin's classes cannot
 * link against anything more, nor load it by name through their own loader. It is a boundary against depending
 * on Hearth's internals, not a sandbox: plugins are trusted code, and one determined to reach the host still can
 * (through the class loader of an API class, say).
 */
final class PluginClassPath extends ClassLoader {

    /** Package prefixes, in binary-name form, that a plugin may use besides the JDK. */
    static final List<String> ALLOWED = List.of(
            "dev.hearth.api.",
            "jakarta.ws.rs.",
            "jakarta.json.",
            "org.eclipse.microprofile.rest.client.",
            "jakarta.annotation.");

    private final ClassLoader host;

    PluginClassPath(ClassLoader host) {
        super("hearth-plugin-class-path", ClassLoader.getPlatformClassLoader());
        this.host = host;
    }

    static boolean allowed(String binaryName) {
        return ALLOWED.stream().anyMatch(binaryName::startsWith);
    }

    /** Whether a class of this binary name is one of the JDK's. */
    static boolean inJdk(String binaryName) {
        return ClassLoader.getPlatformClassLoader().getResource(binaryName.replace('.', '/') + ".class") != null;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (allowed(name)) {
            return host.loadClass(name);
        }
        throw new ClassNotFoundException(
                name + " is not part of what a Hearth plugin may use: " + String.join(", ", ALLOWED) + " and the JDK");
    }

    @Override
    protected URL findResource(String name) {
        return allowedResource(name) ? host.getResource(name) : null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        return allowedResource(name) ? host.getResources(name) : Collections.emptyEnumeration();
    }

    private static boolean allowedResource(String name) {
        return !name.startsWith("META-INF/") && allowed(name.replace('/', '.'));
    }
}
