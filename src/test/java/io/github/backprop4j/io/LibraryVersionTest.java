package io.github.backprop4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LibraryVersionTest {

    private static final String MODULE = "io.github.backprop4j";

    private static InputStream properties(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Surefire runs the tests on the class path; here the library runs as the named module it is in a user's
     * module path, where a resource in a package is encapsulated: the version must still be found.
     */
    @Test
    void theNamedModuleReadsItsVersion() throws ReflectiveOperationException {
        ModuleFinder finder = ModuleFinder.of(Path.of("target", "classes"));
        ModuleLayer boot = ModuleLayer.boot();
        Configuration cf = boot.configuration().resolve(finder, ModuleFinder.of(), Set.of(MODULE));
        ModuleLayer.Controller controller = ModuleLayer.defineModulesWithOneLoader(cf, List.of(boot),
                ClassLoader.getPlatformClassLoader());
        Module module = controller.layer().findModule(MODULE).orElseThrow();
        controller.addOpens(module, "io.github.backprop4j.io", getClass().getModule()); // for the reflection only

        Class<?> description = Class.forName(MODULE + ".io.ModelDescription", true,
                controller.layer().findLoader(MODULE));
        assertThat(description.getModule()).isSameAs(module);
        Field version = description.getDeclaredField("LIBRARY_VERSION");
        version.setAccessible(true);
        // the class path's, which ModelFileTest#libraryVersionMatchesThePom holds to pom.xml's
        assertThat(version.get(null)).isEqualTo(ModelDescription.LIBRARY_VERSION);
    }

    /** The README's dependency snippet is the one copy of the version outside pom.xml: it must follow it. */
    @Test
    void theReadmesDependencyNamesThisVersion() throws IOException {
        assertThat(Files.readString(Path.of("README.md")))
                .contains("<artifactId>backprop4j</artifactId>\n  <version>" + LibraryVersion.read() + "</version>");
    }

    @Test
    void aVersionIsReadFromItsKey() throws IOException {
        assertThat(LibraryVersion.parse(properties("# comment\nversion=1.2.3-rc.1+build\n")))
                .isEqualTo("1.2.3-rc.1+build");
    }

    @Test
    void aMissingResourceIsNamedWithTheRemedy() {
        assertThatThrownBy(() -> LibraryVersion.parse(null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("io/github/backprop4j/io/version.properties is missing")
                .hasMessageContaining("Maven resource filtering");
    }

    @Test
    void anUnfilteredOrAbsentVersionIsRefused() {
        assertThatThrownBy(() -> LibraryVersion.parse(properties("version=${project.version}\n")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has version \"${project.version}\", expected 1 to 64 of [0-9A-Za-z._+-]");
        assertThatThrownBy(() -> LibraryVersion.parse(properties("version=1.0\\u0007\n")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("\"1.0\\u0007\"");
        assertThatThrownBy(() -> LibraryVersion.parse(properties("versoin=1.0\n")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("has no key \"version\"");
    }
}
