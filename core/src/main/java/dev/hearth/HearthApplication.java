package dev.hearth;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/**
 * Hearth's REST API under {@code /api}. {@code @LoginConfig} declares MicroProfile JWT, which is what makes Payara
 * enforce {@code @RolesAllowed} on the resources; its mechanism is replaced by {@code HearthAuthentication}, which
 * verifies every kind of Hearth's tokens itself and makes the caller a {@code JsonWebToken}.
 */
@ApplicationPath("/api")
@ApplicationScoped // MP-JWT needs the Application to be a CDI bean, see TECH-NOTES
@LoginConfig(authMethod = "MP-JWT")
@DeclareRoles({Roles.USER, Roles.ADMIN})
@OpenAPIDefinition(
        info =
                @Info(
                        title = "Hearth API",
                        version = "1",
                        description = "Sign in, connected accounts, dashboard, search and notifications of Hearth."))
public class HearthApplication extends Application {}
