package dev.hearth.connections;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Which Login Flow v2 login to poll. */
public class PollRequest {

    @NotBlank(message = "send the pollId that starting the flow answered")
    @Size(max = 64)
    public String pollId;
}
