package dev.hearth.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * Hearth's text log: one line per event, {@code <UTC time> <level> <logger>: <message>}, without colour codes; line
 * breaks within a message or a stack trace are written as {@code \n}, so that every line is a whole event for
 * {@code grep} and log shippers.
 */
public final class OneLineFormatter extends Formatter {

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(160)
                .append(record.getInstant())
                .append(' ')
                .append(record.getLevel().getName())
                .append(' ')
                .append(record.getLoggerName())
                .append(": ");
        escape(formatMessage(record), line);
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(" | ");
            escape(trace.toString().strip(), line);
        }
        return line.append(System.lineSeparator()).toString();
    }

    private static void escape(String text, StringBuilder into) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> into.append("\\n");
                case '\r' -> {}
                case '\t' -> into.append(' ');
                case '\u001b' -> into.append("\\e"); // no terminal escape sequence reaches the log
                default -> into.append(c);
            }
        }
    }
}
