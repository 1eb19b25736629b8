package dev.hearth.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hearth.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import org.junit.jupiter.api.Test;

class ScopeFeatureTest {

    @RolesAllowed(Roles.USER)
    static class UserResource {
        @GET
        public void read() {}

        @HEAD
        public void peek() {}

        @POST
        public void write() {}

        @PUT
        public void put() {}

        @PATCH
        public void patch() {}

        @DELETE
        public void delete() {}

        @GET
        @RolesAllowed(Roles.ADMIN)
        public void adminRead() {}
    }

    @RolesAllowed(Roles.ADMIN)
    static class AdminResource {
        @GET
        public void read() {}

        @DELETE
        public void delete() {}

        @GET
        @RolesAllowed({Roles.USER, Roles.ADMIN})
        public void everyone() {}
    }

    private static String required(Class<?> type, String method) throws NoSuchMethodException {
        return ScopeFeature.required(type, type.getMethod(method));
    }

    @Test
    void readsNeedApiReadAndWritesApiWrite() throws Exception {
        assertEquals(Scopes.API_READ, required(UserResource.class, "read"));
        assertEquals(Scopes.API_READ, required(UserResource.class, "peek"));
        for (String write : new String[] {"write", "put", "patch", "delete"}) {
            assertEquals(Scopes.API_WRITE, required(UserResource.class, write), write);
        }
    }

    @Test
    void administratorsEndpointsNeedAdminWhicheverTheMethod() throws Exception {
        assertEquals(Scopes.ADMIN, required(UserResource.class, "adminRead"));
        assertEquals(Scopes.ADMIN, required(AdminResource.class, "read"));
        assertEquals(Scopes.ADMIN, required(AdminResource.class, "delete"));
        assertEquals(Scopes.API_READ, required(AdminResource.class, "everyone"), "open to users as well");
    }
}
