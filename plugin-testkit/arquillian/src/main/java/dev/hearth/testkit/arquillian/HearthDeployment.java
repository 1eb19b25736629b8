package dev.hearth.testkit.arquillian;

import java.nio.file.Path;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Hearth's WAR as a test deploys it: unchanged, at the root context. The plugin under test is not added to the WAR
 * but dropped into Hearth's plugin directory, so it loads as a third party's plugin does, behind Hearth's
 * class-loading boundary.
 *
 * @since 0.4
 */
public final class HearthDeployment {

    private HearthDeployment() {}

    /** The WAR named by the system property {@code hearth.war}, deployed as {@code ROOT.war}. */
    public static WebArchive war() {
        Path war = HearthEnvironment.file("hearth.war", "Hearth's WAR (dev.hearth:hearth-webapp, type war)");
        return ShrinkWrap.create(ZipImporter.class, "ROOT.war")
                .importFrom(war.toFile())
                .as(WebArchive.class);
    }
}
