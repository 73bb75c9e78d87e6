package org.relaywarden.customers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relaywarden.account.Account;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The CSV customer file: its format, its reload on change, and a broken file keeping the last good content. */
class FileDirectoryTest {

    static final Account KUNDE = Account.parse("kunde@example.test");

    @TempDir
    Path dir;

    Path write(String text) throws IOException {
        Path file = dir.resolve("customers.csv");
        Files.writeString(file, text);
        return file;
    }

    /** A new modification time, as a later edit has: the test must not depend on the clock's granularity. */
    static void touchLater(Path file, int seconds) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(seconds)));
    }

    static List<String> addresses(CustomerDirectory d, Account a) {
        return d.find(a).orElseThrow().addresses().stream().map(ContactAddress::value).toList();
    }

    @Test
    void oneRowPerAddressWithLanguageAndQuotedName() throws IOException {
        FileDirectory d = new FileDirectory(write("""
                # customers of record
                login,address,language,name
                kunde@example.test,inhaber@kunde.example,en,"Muster, Kunde ""GmbH\"""
                kunde@example.test,it@kunde.example,,

                other@example.test,Other@Other.EXAMPLE,,
                """));

        Customer c = d.find(KUNDE).orElseThrow();
        assertThat(c.addresses()).extracting(ContactAddress::value).containsExactly("inhaber@kunde.example", "it@kunde.example");
        assertThat(c.language()).isEqualTo("en");
        assertThat(c.name()).isEqualTo("Muster, Kunde \"GmbH\"");
        assertThat(d.find(Account.parse("other@example.test")).orElseThrow().language()).isNull();
        assertThat(addresses(d, Account.parse("other@example.test"))).containsExactly("Other@other.example");
        assertThat(d.find(Account.parse("stranger@example.test"))).isEmpty();
        assertThat(d.describe()).isEqualTo("file " + dir.resolve("customers.csv"));
    }

    @Test
    void commentsAndEmptyLinesAreSkippedAndAQuotedLineBreakNeverReachesAName() throws IOException {
        FileDirectory d = new FileDirectory(write("\uFEFF# exported from the CRM\n\nlogin,address,name\n"
                + "# a comment between rows\n\nkunde@example.test,inhaber@kunde.example,\"Muster\r\nBcc: evil@x.test\"\n"));
        assertThat(addresses(d, KUNDE)).containsExactly("inhaber@kunde.example");
        assertThat(d.find(KUNDE).orElseThrow().name()).isEqualTo("Muster Bcc: evil@x.test");
        assertThatThrownBy(() -> new FileDirectory(write("login,address\n\nkunde@example.test,a@b.example\nx@example.test\n")))
                .hasMessageContaining("line 4: 1 fields, the header has 2");
    }

    @Test
    void columnsInAnyOrderAndOnlyLoginAndAddressRequired() throws IOException {
        FileDirectory d = new FileDirectory(write("address,login\ninhaber@kunde.example,kunde@example.test\n"));
        assertThat(addresses(d, KUNDE)).containsExactly("inhaber@kunde.example");
    }

    @Test
    void aChangedFileIsReadAtTheNextLookup() throws IOException {
        Path file = write("login,address\nkunde@example.test,old@kunde.example\n");
        FileDirectory d = new FileDirectory(file);
        assertThat(addresses(d, KUNDE)).containsExactly("old@kunde.example");

        Files.writeString(file, "login,address\nkunde@example.test,new@kunde.example\nnew@example.test,n@kunde.example\n");
        touchLater(file, 2);

        assertThat(addresses(d, KUNDE)).containsExactly("new@kunde.example");
        assertThat(addresses(d, Account.parse("new@example.test"))).containsExactly("n@kunde.example");
    }

    @Test
    void aFileReplacedByRenameIsReadToo() throws IOException {
        Path file = write("login,address\nkunde@example.test,old@kunde.example\n");
        FileDirectory d = new FileDirectory(file);
        Path next = dir.resolve("customers.csv.new");
        // same size, same modification time: only the file's identity differs
        Files.writeString(next, "login,address\nkunde@example.test,neu@kunde.example\n");
        Files.setLastModifiedTime(next, Files.getLastModifiedTime(file));
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        assertThat(addresses(d, KUNDE)).containsExactly("neu@kunde.example");
    }

    @Test
    void aBrokenOrVanishedFileKeepsTheLastGoodContentUntilItIsFixed() throws IOException {
        Path file = write("login,address\nkunde@example.test,good@kunde.example\n");
        FileDirectory d = new FileDirectory(file);

        Files.writeString(file, "login,address\nkunde@example.test,evil@kunde.example\r\nBcc: x@evil.test,\n");
        touchLater(file, 2);
        assertThat(addresses(d, KUNDE)).containsExactly("good@kunde.example");

        Files.writeString(file, "login,address\nkunde@example.test,\"a@x.example>, b@evil.test\"\n");
        touchLater(file, 4);
        assertThat(addresses(d, KUNDE)).containsExactly("good@kunde.example");

        Files.delete(file);
        assertThat(addresses(d, KUNDE)).containsExactly("good@kunde.example");

        Files.writeString(file, "login,address\nkunde@example.test,fixed@kunde.example\n");
        touchLater(file, 6);
        assertThat(addresses(d, KUNDE)).containsExactly("fixed@kunde.example");
    }

    @Test
    void aMissingOrBrokenFileStopsTheStartWithTheLineThatIsWrong() throws IOException {
        assertThatThrownBy(() -> new FileDirectory(dir.resolve("nope.csv"))).hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> new FileDirectory(write("login,address\nkunde@example.test,no address\n")))
                .hasMessageContaining("line 2: address:");
        assertThatThrownBy(() -> new FileDirectory(write("login,mail\nkunde@example.test,a@b.example\n")))
                .hasMessageContaining("line 1: the header must name the columns login and address");
        assertThatThrownBy(() -> new FileDirectory(write("login,address,language\nkunde@example.test,a@b.example,fr\n")))
                .hasMessageContaining("line 2: language must be de or en");
        assertThatThrownBy(() -> new FileDirectory(write("login,address\nkunde@example.test,a@b.example,extra\n")))
                .hasMessageContaining("line 2: 3 fields, the header has 2");
        assertThatThrownBy(() -> new FileDirectory(write("login,address\n\"kunde@example.test,a@b.example\n")))
                .hasMessageContaining("line 2: a quote is not closed");
    }

    @Test
    void hostileAddressesNeverGetIn() {
        for (String hostile : new String[]{"a@b.example\r\nBcc: evil@x.test", "a@b.example, evil@x.test", "<a@b.example>",
                "\"a\"@b.example", "a@b.example\u0000", "-oProxy@b.example", "a@b", "a b@c.example"}) {
            assertThatThrownBy(() -> ContactAddress.parse(hostile)).as(hostile).isInstanceOf(InvalidContactAddressException.class);
        }
        assertThat(ContactAddress.parse(" Inhaber@Kunde.Example ").value()).isEqualTo("Inhaber@kunde.example");
    }
}
