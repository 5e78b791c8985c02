package io.github.backprop4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The library's version, kept in one place, pom.xml: the build writes it into the resource
 * {@code io/github/backprop4j/io/version.properties} (Maven resource filtering of {@code src/main/resources}),
 * and this class reads it. The resource lies in this class's own package, so it is found on the class path
 * and in the named module alike.
 */
final class LibraryVersion {

    /** The resource, relative to this class's package. */
    static final String RESOURCE = "version.properties";
    /** What a version may hold: Maven's characters, so that it prints safely into a model file's JSON. */
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z._+-]{1,64}");

    private LibraryVersion() {
    }

    /**
     * The version the build recorded, e.g. {@code 0.1.0}.
     *
     * @return the version
     * @throws IllegalStateException if the resource is missing, unreadable or was not filtered by the build
     */
    static String read() {
        try (InputStream in = LibraryVersion.class.getResourceAsStream(RESOURCE)) {
            return parse(in);
        } catch (IOException e) {
            throw new IllegalStateException(message("cannot be read: " + e.getMessage()), e);
        }
    }

    /**
     * The version in a {@code version.properties} stream.
     *
     * @param in the resource's bytes, or null if the resource is missing; read, not closed
     * @return the value of its {@code version} key
     * @throws IOException           if reading fails
     * @throws IllegalStateException if {@code in} is null, or the key is missing or not a version (such as the
     *                               unfiltered {@code ${project.version}} of a build that skipped filtering)
     */
    static String parse(InputStream in) throws IOException {
        if (in == null) {
            throw new IllegalStateException(message("is missing"));
        }
        Properties properties = new Properties();
        properties.load(in);
        String version = properties.getProperty("version");
        if (version == null) {
            throw new IllegalStateException(message("has no key \"version\""));
        }
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalStateException(message(String.format(Locale.ROOT,
                    "has version \"%s\", expected 1 to 64 of [0-9A-Za-z._+-]", Json.printable(version))));
        }
        return version;
    }

    private static String message(String problem) {
        return "backprop4j: resource io/github/backprop4j/io/" + RESOURCE + " " + problem
                + "; the build writes it from pom.xml (Maven resource filtering): rebuild with mvn";
    }
}
