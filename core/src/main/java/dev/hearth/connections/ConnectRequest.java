package dev.hearth.connections;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** What a user sends to start connecting: the flow, and what that flow needs. */
public class ConnectRequest {

    @NotBlank(message = "name the flow, for example \"token\"")
    @Size(max = 32)
    public String flow;

    /** For flows where the user names their instance. */
    @Size(max = 2048)
    public String instanceUrl;

    /** For the token flow. */
    @Size(max = 4096)
    public String token;
}
