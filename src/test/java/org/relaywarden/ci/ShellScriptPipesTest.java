package org.relaywarden.ci;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A shell script under {@code set -o pipefail} fails with exit 141 when a reader that stops early
 * ({@code head}, {@code grep -q}, {@code grep -m}) closes the pipe while the writer is still
 * writing: a race that a machine with everything installed rarely shows and a fresh CI machine did.
 * No script of {@code .ci/} or {@code compose/} that sets pipefail may pipe into such a reader.
 */
class ShellScriptPipesTest {

  static final Pattern EARLY_READER =
      Pattern.compile("\\|\\s*(head\\b|grep\\s+(-[a-zA-Z]*[qm]|--quiet|--max-count))");

  @Test
  void noScriptUnderPipefailPipesIntoAReaderThatStopsEarly() throws IOException {
    List<String> found = new ArrayList<>();
    int scripts = 0;
    for (Path root : List.of(Path.of(".ci"), Path.of("compose"))) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".sh") || p.endsWith("run")).toList()) {
          String text = Files.readString(f);
          if (!text.contains("pipefail")) continue;
          scripts++;
          String[] lines = text.split("\n");
          for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("#")) continue;
            if (EARLY_READER.matcher(line.replace("||", "  ")).find()) found.add(f + ":" + (i + 1) + ": " + line);
          }
        }
      }
    }
    assertThat(scripts).as("scripts with pipefail found").isGreaterThan(5);
    assertThat(found).as("pipes into head / grep -q / grep -m under pipefail").isEmpty();
  }

  @Test
  void thePatternFindsTheFormsThatFailedBefore() {
    assertThat(EARLY_READER.matcher("docker-compose version | head -n 1").find()).isTrue();
    assertThat(EARLY_READER.matcher("exim4 -bV 2>/dev/null | grep -q \"^Exim\"").find()).isTrue();
    assertThat(EARLY_READER.matcher("awk '{print $2}' | grep -m1 security").find()).isTrue();
    assertThat(EARLY_READER.matcher("podman ps -q | sort -u").find()).isFalse();
  }
}
