package io.janus.cli;

import java.nio.file.Path;

/** Paths the commands default to: inside the project the launcher runs from ({@code -Djanus.home}). */
final class Defaults {

    private Defaults() {
    }

    static Path home() {
        return Path.of(System.getProperty("janus.home", "."));
    }

    static Path model() {
        return home().resolve("models/vit-tiny-mnist");
    }

    /**
     * One PyTorch thread per frame unless the user chose otherwise: frames run in parallel on workers, and OpenMP
     * thread pools on a busy 2-core machine cost far more than they give.
     */
    static void computeThreads() {
        System.setProperty("ai.djl.pytorch.num_threads", System.getProperty("ai.djl.pytorch.num_threads", "1"));
        System.setProperty("ai.djl.pytorch.num_interop_threads", System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
    }
}
