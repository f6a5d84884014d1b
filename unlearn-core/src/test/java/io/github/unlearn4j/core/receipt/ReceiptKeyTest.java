package io.github.unlearn4j.core.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unlearn4j.api.InvalidRequestException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiptKeyTest {
    @TempDir
    Path dir;

    @Test
    void aGeneratedKeyRoundTripsThroughAnOwnerOnlyFile() throws IOException {
        ReceiptKey key = ReceiptKey.generate();
        Path file = dir.resolve("receipt.key");
        key.write(file);
        ReceiptKey back = ReceiptKey.read(file);
        assertThat(back.id()).isEqualTo(key.id()).matches("[0-9a-f]{16}");
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        assertThat(text).matches("[0-9a-f]{64}\n");
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        // same key, same MAC; another key, another id
        assertThat(ReceiptMac.compute(back, "{\"a\":1}")).isEqualTo(ReceiptMac.compute(key, "{\"a\":1}"));
        assertThat(ReceiptKey.generate().id()).isNotEqualTo(key.id());
        // never replaces a file: a second write would lose the first key
        assertThatThrownBy(() -> ReceiptKey.generate().write(file)).isInstanceOf(InvalidRequestException.class)
                .hasMessage("receipt key file = " + file + ": exists already; a key file is never replaced");
        assertThat(Files.readString(file, StandardCharsets.US_ASCII)).isEqualTo(text);
    }

    @Test
    void toStringShowsTheIdNeverTheKey() {
        ReceiptKey key = ReceiptFixture.fixedKey();
        assertThat(key.toString()).isEqualTo("ReceiptKey[id=15998d3046db9c1e]")
                .doesNotContain("000102").doesNotContain("AAECAw"); // hex, base64
    }

    @Test
    void readsHexWithSurroundingWhitespaceAsOpensslWritesIt() throws IOException {
        byte[] bytes = new byte[48];
        bytes[47] = 7;
        Path file = Files.writeString(dir.resolve("k"), "  " + HexFormat.of().withUpperCase().formatHex(bytes) + "\n\n");
        assertThat(ReceiptKey.read(file).id()).isEqualTo(ReceiptKey.of(bytes).id());
    }

    @Test
    void badKeysFailNamingTheFieldAndValueWithoutEchoingTheContent() throws IOException {
        Path missing = dir.resolve("nowhere.key");
        assertThatThrownBy(() -> ReceiptKey.read(missing)).isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("receipt key file = " + missing + ": does not exist")
                .hasMessageContaining("openssl rand -hex 32");
        assertThatThrownBy(() -> ReceiptKey.read(dir)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("is a folder");
        Path shortKey = Files.writeString(dir.resolve("short.key"), "00112233445566778899aabbccddeeff\n");
        assertThatThrownBy(() -> ReceiptKey.read(shortKey)).isInstanceOf(InvalidRequestException.class)
                .hasMessage("receipt key file = " + shortKey + ": holds a 16-byte key; a key must be at least 32 bytes"
                        + " (64 hex digits)");
        Path notHex = Files.writeString(dir.resolve("secret.txt"), "correct horse battery staple, a passphrase!!");
        assertThatThrownBy(() -> ReceiptKey.read(notHex)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("is not a key file: expected " + ReceiptKey.FILE_FORMAT)
                .hasMessageNotContaining("horse");
        assertThatThrownBy(() -> ReceiptKey.of(new byte[31])).isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("receipt key = 31 bytes: must be at least 32 bytes");
        assertThatThrownBy(() -> ReceiptKey.generate().write(dir.resolve("no/such/folder/k")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("does not exist");
    }

    @Test
    void ofCopiesTheBytes() {
        byte[] bytes = new byte[32];
        ReceiptKey key = ReceiptKey.of(bytes);
        String id = key.id();
        bytes[0] = 1;
        assertThat(ReceiptKey.of(new byte[32]).id()).isEqualTo(id);
        assertThat(ReceiptMac.compute(key, "{}")).isEqualTo(ReceiptMac.compute(ReceiptKey.of(new byte[32]), "{}"));
    }
}
