package dev.hearth.testkit.arquillian;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against a real Hearth with the plugin under test installed: Arquillian starts Payara Micro
 * with Hearth's WAR (see {@link HearthDeployment}) on an embedded MariaDB, with the plugin's JAR in Hearth's plugin
 * directory, exactly as an operator drops it in. The test talks to Hearth's REST API through {@link HearthClient}:
 *
 * <pre>{@code
 * @HearthPluginIT
 * class MyPluginIT {
 *     @Deployment(testable = false)
 *     static WebArchive hearth() {
 *         return HearthDeployment.war();
 *     }
 *
 *     @ArquillianResource
 *     URL hearth;
 *
 *     @Test
 *     void listed() throws Exception {
 *         HearthClient admin = HearthClient.admin(hearth);
 *         assertEquals(200, admin.get("/api/v1/admin/plugins/my-plugin").status());
 *     }
 * }
 * }</pre>
 *
 * <p>One database serves every test class of a test run, and each test class gets a Hearth of its own (about 20 s
 * to start on two cores): group in-container tests into few classes. The plugin's JAR is named by the system
 * property {@code hearth.plugin.jar}, Hearth's WAR by {@code hearth.war}; {@code hearth-plugin-parent} sets both
 * when the plugin has a {@code src/test/resources/arquillian.xml}, and runs classes named {@code *IT} with {@code
 * mvn verify}.
 *
 * @since 0.4
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(HearthEnvironment.class) // before Arquillian reads its container configuration
@ExtendWith(ArquillianExtension.class)
public @interface HearthPluginIT {}
