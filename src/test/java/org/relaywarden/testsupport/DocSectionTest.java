package org.relaywarden.testsupport;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DocSectionTest {

    @Test
    void aSectionEndsAtTheNextHeadingOfItsLevelNotAtACommentInsideAFencedBlockNorAtAnIndentedLine() throws IOException {
        Path doc = Files.createTempFile("doc-section", ".md");
        try {
            Files.writeString(doc, String.join("\n", "# Title", "## Install", "1. Steps:", "   indented text", "", "   ```sh",
                    "   # a comment, no heading", "   run -c 200", "   ```", "### Detail", "more", "## Next", "other"));
            List<String> install = DocSection.lines(doc, "## Install");
            assertThat(install).contains("   indented text", "   # a comment, no heading", "   run -c 200", "### Detail", "more")
                    .doesNotContain("## Next", "other");
            assertThat(DocSection.lines(doc, "### Detail")).containsExactly("more");
            assertThatThrownBy(() -> DocSection.lines(doc, "## Missing")).hasMessageContaining("no heading '## Missing'");
        } finally {
            Files.deleteIfExists(doc);
        }
    }
}
