import cn.shenhe.Engine;
import cn.shenhe.Verdict;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Screens per second from Java, with the shipped lexicons: one thread calling screen(), all
 * cores with one Java thread per core calling screen(), and screenBatch() (parallel in Rust) in
 * chunks. The best of ROUNDS rounds is reported. Not a test: bindings/java/bench/run.sh runs it
 * next to the Rust API's figures (crates/shenhe-jni/examples/throughput.rs) on the same posts.
 *
 *   java -cp shenhe.jar:. Bench POSTS_FILE [ROUNDS]     (one post a line)
 */
public final class Bench {
    public static void main(String[] args) throws Exception {
        List<String> posts = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int cores = Runtime.getRuntime().availableProcessors();
        long bytes = 0;
        for (String p : posts) {
            bytes += p.getBytes(StandardCharsets.UTF_8).length;
        }
        System.out.printf("java: %d posts, %.1f MB, %d cores%n", posts.size(), bytes / 1e6, cores);
        try (Engine engine = Engine.builder().build()) {
            report("java screen(), 1 thread", posts.size(), best(rounds, () -> {
                long blocked = 0;
                for (String p : posts) {
                    blocked += engine.screen(p).isPass() ? 0 : 1;
                }
                return blocked;
            }));
            report("java screen(), " + cores + " threads", posts.size(), best(rounds, () -> {
                ExecutorService pool = Executors.newFixedThreadPool(cores);
                List<Future<Long>> parts = new ArrayList<>();
                for (int t = 0; t < cores; t++) {
                    List<String> part = posts.subList(posts.size() * t / cores, posts.size() * (t + 1) / cores);
                    parts.add(pool.submit(() -> {
                        long blocked = 0;
                        for (String p : part) {
                            blocked += engine.screen(p).isPass() ? 0 : 1;
                        }
                        return blocked;
                    }));
                }
                long blocked = 0;
                for (Future<Long> f : parts) {
                    blocked += f.get();
                }
                pool.shutdown();
                return blocked;
            }));
            report("java screenBatch(), chunks of 10000", posts.size(), best(rounds, () -> {
                long blocked = 0;
                for (int i = 0; i < posts.size(); i += 10_000) {
                    for (Verdict v : engine.screenBatch(posts.subList(i, Math.min(posts.size(), i + 10_000)))) {
                        blocked += v.isPass() ? 0 : 1;
                    }
                }
                return blocked;
            }));
        }
    }

    private interface Run {
        long run() throws Exception;
    }

    /** The fastest of `rounds` runs, in seconds (the first run also warms the JIT up). */
    private static double best(int rounds, Run run) throws Exception {
        double best = Double.MAX_VALUE;
        long result = -1;
        for (int r = 0; r <= rounds; r++) {
            long start = System.nanoTime();
            long got = run.run();
            double secs = (System.nanoTime() - start) / 1e9;
            if (result >= 0 && got != result) {
                throw new AssertionError("rounds disagree: " + got + " vs " + result);
            }
            result = got;
            if (r > 0) {
                best = Math.min(best, secs);
            }
        }
        return best;
    }

    private static void report(String what, int posts, double secs) {
        System.out.printf("%-40s %10.0f posts/s  (%.2f s)%n", what, posts / secs, secs);
    }
}
