package io.github.unlearn4j.core.receipt;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The library's name and version, as written in receipts. */
public final class LibraryInfo {
    /** The library's name. */
    public static final String NAME = "unlearn4j";
    private static final String VERSION = load();

    private LibraryInfo() {}

    private static String load() {
        try (InputStream in = LibraryInfo.class.getResourceAsStream("unlearn4j.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** @return the version of unlearn-core, e.g. {@code 0.1.0-SNAPSHOT}, or {@code unknown} */
    public static String version() {
        return VERSION;
    }
}
