package cn.shenhe;

import java.nio.file.Path;

/**
 * Tests of the JNI boundary itself, through the package-private {@link Native} methods: a panic
 * inside the library reaches Java as a {@link ShenheException} and the library keeps working;
 * unknown or freed engine ids throw instead of touching memory; {@link Engine#close()} and the
 * garbage collector both free the native engine.
 *
 * <pre>
 *   java -cp shenhe.jar:test-classes cn.shenhe.BoundaryTest TESTDATA_DIR
 * </pre>
 */
public final class BoundaryTest {
    public static void main(String[] args) throws Exception {
        Path testdata = Path.of(args[0]);
        int failures = 0;

        try {
            Native.panicForTesting("boom");
            failures += fail("a panic threw nothing");
        } catch (ShenheException e) {
            failures += expect(e.getMessage().equals("internal error in shenhe (a bug: please report it): boom"),
                    "panic message: " + e.getMessage());
        }

        int before = Native.openEngines();
        Engine engine = Engine.builder().noDefaultLexicons().lexicons(testdata.resolve("lexicon")).build();
        failures += expect(Native.openEngines() == before + 1, "one engine opened");
        // The library still works after the panic.
        failures += expect(engine.screen("网络赌场").decision() == Decision.BLOCK, "screens after a panic");
        engine.close();
        failures += expect(Native.openEngines() == before, "close frees the engine");

        // Ids that are not (or no longer) engines.
        failures += expect(!Native.free(Long.MAX_VALUE), "freeing an unknown id");
        for (long id : new long[] {0, -1, Long.MAX_VALUE}) {
            try {
                Native.screen(id, "x", 0, null);
                failures += fail("screen on id " + id + " threw nothing");
            } catch (IllegalStateException e) {
                failures += expect(e.getMessage().equals("the engine is closed"), e.getMessage());
            }
        }
        try (Engine e = Engine.builder().noDefaultLexicons().lexicons(testdata.resolve("lexicon")).build()) {
            Native.screen(handleOf(e), "x", 7, null);
            failures += fail("account ordinal 7 threw nothing");
        } catch (ScreenException e) {
            failures += expect(e.getMessage().equals("account ordinal 7 is not an Account"), e.getMessage());
        }

        // An engine never closed is freed once it is garbage collected.
        before = Native.openEngines();
        openAndDrop(testdata);
        failures += expect(Native.openEngines() == before + 1, "the dropped engine is open until collected");
        for (int i = 0; i < 200 && Native.openEngines() > before; i++) {
            System.gc();
            Thread.sleep(50);
        }
        failures += expect(Native.openEngines() == before, "the Cleaner freed the dropped engine");

        System.out.println(failures == 0 ? "boundary tests: ok" : "boundary tests: " + failures + " FAILED");
        System.exit(failures == 0 ? 0 : 1);
    }

    private static void openAndDrop(Path testdata) {
        Engine.builder().noDefaultLexicons().lexicons(testdata.resolve("lexicon")).build().screen("网络赌场");
    }

    private static long handleOf(Engine engine) throws ReflectiveOperationException {
        var field = Engine.class.getDeclaredField("handle");
        field.setAccessible(true);
        return field.getLong(engine);
    }

    private static int expect(boolean ok, String what) {
        return ok ? 0 : fail(what);
    }

    private static int fail(String what) {
        System.out.println("FAILED: " + what);
        return 1;
    }

    private BoundaryTest() {}
}
