package io.janus.edge;

import io.janus.model.RawImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Frame intake from a folder: its PNG/JPEG images, in name order, over and over until stopped. */
public final class FrameDirectoryLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(FrameDirectoryLoop.class);

    private final EdgeRuntime runtime;
    private final List<Path> frames;
    private final BiConsumer<Path, FrameResult> onResult;
    private final Set<Path> unreadable = new HashSet<>();
    private volatile boolean stopped;

    /**
     * @throws IllegalArgumentException when the folder is missing or holds no image
     */
    public FrameDirectoryLoop(EdgeRuntime runtime, Path dir, BiConsumer<Path, FrameResult> onResult) {
        this.runtime = runtime;
        this.frames = images(dir);
        this.onResult = onResult;
    }

    static List<Path> images(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--frames-dir " + dir + ": no such folder");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> images = files.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(png|jpe?g)"))
                    .sorted().toList();
            if (images.isEmpty()) {
                throw new IllegalArgumentException("--frames-dir " + dir + ": no .png, .jpg or .jpeg file in it");
            }
            return images;
        } catch (IOException e) {
            throw new UncheckedIOException("--frames-dir " + dir + ": " + e.getMessage(), e);
        }
    }

    public int frameCount() {
        return frames.size();
    }

    public void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        while (!stopped) {
            for (Path p : frames) {
                if (stopped || Thread.currentThread().isInterrupted()) {
                    return;
                }
                if (unreadable.contains(p)) {
                    continue;
                }
                long arrival = System.nanoTime();
                RawImage image;
                try {
                    image = RawImage.decode(Files.readAllBytes(p));
                } catch (IOException | IllegalArgumentException e) {
                    LOG.warn("{}: skipped: {}", p, e.getMessage());
                    unreadable.add(p);
                    continue;
                }
                onResult.accept(p, runtime.process(image, arrival));
            }
            if (unreadable.size() == frames.size()) {
                LOG.error("no readable image left in the frames folder: frame loop stops");
                return;
            }
        }
    }
}
