package cn.shenhe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Loads libshenhe_jni once per class loader: from the system property {@value #PROPERTY} when
 * set, else from the copy inside the jar ({@code /cn/shenhe/native/OS-ARCH/}), extracted to a
 * temporary file, as sqlite-jdbc and zstd-jni do.
 */
final class NativeLibrary {
    /** A path to libshenhe_jni.so to load instead of the copy inside the jar. */
    static final String PROPERTY = "shenhe.library.path";

    private NativeLibrary() {}

    static synchronized void load() {
        String override = System.getProperty(PROPERTY);
        if (override != null && !override.isEmpty()) {
            System.load(Path.of(override).toAbsolutePath().toString());
            return;
        }
        String name = System.mapLibraryName("shenhe_jni");
        String resource = "/cn/shenhe/native/" + platform() + "/" + name;
        try (InputStream in = NativeLibrary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new UnsatisfiedLinkError("shenhe: this jar has no native library for " + platform()
                        + " (no " + resource + "); build the jar on this platform with"
                        + " bindings/java/build.sh, or set -D" + PROPERTY + "=/path/to/" + name);
            }
            Path tmp = Files.createTempFile("shenhe_jni-", "-" + name);
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                System.load(tmp.toAbsolutePath().toString());
            } finally {
                // Once loaded the library stays mapped: the file itself can go (on Windows, where
                // it cannot, it goes when the JVM exits).
                try {
                    Files.delete(tmp);
                } catch (IOException e) {
                    tmp.toFile().deleteOnExit();
                }
            }
        } catch (IOException e) {
            UnsatisfiedLinkError error = new UnsatisfiedLinkError("shenhe: cannot extract " + resource + ": " + e);
            error.initCause(e);
            throw error;
        }
    }

    /** {@code linux-x86_64}, {@code linux-aarch64}, {@code macos-aarch64}, ... */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("linux")) {
            os = "linux";
        } else if (os.startsWith("mac") || os.startsWith("darwin")) {
            os = "macos";
        } else if (os.startsWith("windows")) {
            os = "windows";
        }
        if (arch.equals("amd64") || arch.equals("x86-64")) {
            arch = "x86_64";
        } else if (arch.equals("arm64")) {
            arch = "aarch64";
        }
        return os + "-" + arch;
    }
}
