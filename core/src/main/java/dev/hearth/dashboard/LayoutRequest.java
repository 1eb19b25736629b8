package dev.hearth.dashboard;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** The widgets a user wants, in order. */
public class LayoutRequest {

    @NotNull(message = "list the widget ids to show, in order")
    @Size(max = 100)
    public List<String> widgets;
}
