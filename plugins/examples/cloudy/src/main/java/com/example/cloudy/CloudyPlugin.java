package com.example.cloudy;

import dev.hearth.api.*;
import dev.hearth.api.connect.*;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.util.List;

/** An example plugin whose users connect any Nextcloud they name with Login Flow v2. */
public class CloudyPlugin implements HearthPlugin {
    public String id() {
        return "cloudy";
    }

    public String name() {
        return "Cloudy";
    }

    public List<AuthFlow> authFlows() {
        return List.of(LoginFlowV2.anyInstance("Mit Cloudy verbinden", (instance, http) -> {
            Ocs ocs = http.create(UserApi.class, instance).user("true");
            return new AccountIdentity(ocs.ocs.data.id, ocs.ocs.data.displayName);
        }));
    }

    @Path("ocs/v2.php/cloud")
    public interface UserApi {
        @GET
        @Path("user")
        @Produces("application/json")
        Ocs user(@HeaderParam("OCS-APIRequest") String ocs);
    }

    public static class Ocs {
        public Envelope ocs;
    }

    public static class Envelope {
        public User data;
    }

    public static class User {
        public String id;

        @JsonbProperty("display-name")
        public String displayName;
    }
}
