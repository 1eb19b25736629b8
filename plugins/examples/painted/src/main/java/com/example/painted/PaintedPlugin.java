package com.example.painted;

import dev.hearth.api.*;
import dev.hearth.api.dashboard.*;
import java.util.List;

/** An example plugin whose widget draws itself: a web component shipped in the JAR (src/main/widgets/painted/canvas.js). */
public class PaintedPlugin implements HearthPlugin {
    public String id() {
        return "painted";
    }

    public String name() {
        return "Painted";
    }

    public List<DashboardWidget> widgets() {
        return List.of(new DashboardWidget() {
            public String id() {
                return "canvas";
            }

            public String title() {
                return "Painted canvas";
            }

            public int order() {
                return 60;
            }

            public boolean needsConnection() {
                return false;
            }

            public WebComponent webComponent() {
                return new WebComponent("painted-canvas", "painted/canvas.js");
            }

            public WidgetContent load(UserContext user) {
                return WidgetContent.of(List.of(
                        WidgetItem.builder("1", "red").build(),
                        WidgetItem.builder("2", "blue").build()));
            }
        });
    }
}
