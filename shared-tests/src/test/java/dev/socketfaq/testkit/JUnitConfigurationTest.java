package dev.socketfaq.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * testkit's junit-platform.properties configures JUnit where Surefire's settings do not reach (PIT's mutation runs, an
 * IDE): it must say what the root pom tells Surefire, so that tests act the same everywhere.
 */
@Timeout(30)
class JUnitConfigurationTest {
    @Test
    void the_properties_file_says_what_surefire_is_told() throws IOException {
        var file = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("junit-platform.properties")) {
            assertThat(in).as("junit-platform.properties on the class path").isNotNull();
            file.load(in);
        }
        String pom = Files.readString(Path.of("../pom.xml"));
        Matcher surefire = Pattern.compile(
                        "<artifactId>maven-surefire-plugin</artifactId>.*?<configurationParameters>(.*?)"
                                + "</configurationParameters>",
                        Pattern.DOTALL)
                .matcher(pom);
        assertThat(surefire.find())
                .as("Surefire's configurationParameters in the root pom")
                .isTrue();
        var told = new Properties();
        told.load(new StringReader(surefire.group(1)));
        assertThat(asMap(file)).isEqualTo(asMap(told)).containsKey("junit.jupiter.extensions.autodetection.enabled");
    }

    private static Map<String, String> asMap(Properties p) {
        var m = new TreeMap<String, String>();
        p.forEach((k, v) -> m.put(k.toString().strip(), v.toString().strip()));
        return m;
    }
}
