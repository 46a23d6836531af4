package dev.tollgate.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.tollgate.keys.KeyAlgorithm;
import dev.tollgate.keys.KeySets;
import dev.tollgate.keys.KeyTimes;
import dev.tollgate.keys.PublishedKey;
import dev.tollgate.publish.KeyDocuments.Format;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Documents are rendered once per change of the published kids, and anew at once when they change. */
class KeyDocumentsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void documentWhenSameKidsThenRenderedOnceAndNewKidRendersAnew() throws Exception {
        KeyDocuments documents = new KeyDocuments();
        PublishedKey first = key("a".repeat(40));
        PublishedKey second = key("b".repeat(40));

        PublishedDocument one = documents.document(KeySets.SERVER, List.of(first), Format.JWK);
        assertSame(one, documents.document(KeySets.SERVER, List.of(first), Format.JWK));

        PublishedDocument two = documents.document(KeySets.SERVER, List.of(first, second), Format.JWK);
        assertNotEquals(one.etag(), two.etag());
        assertSame(two, documents.document(KeySets.SERVER, List.of(first, second), Format.JWK));

        PublishedDocument back = documents.document(KeySets.SERVER, List.of(first), Format.JWK);
        assertEquals(one.etag(), back.etag(), "the same keys give the same bytes, so the same strong ETag");
    }

    @Test
    void documentWhenOtherKeySetOrFormatThenOwnSlot() throws Exception {
        KeyDocuments documents = new KeyDocuments();
        PublishedKey key = key("c".repeat(40));
        PublishedDocument server = documents.document(KeySets.SERVER, List.of(key), Format.JWK);
        PublishedDocument account = documents.document(KeySets.serviceAccount("1"), List.of(), Format.JWK);
        assertNotEquals(server.etag(), account.etag());
        assertSame(server, documents.document(KeySets.SERVER, List.of(key), Format.JWK));
    }

    private static PublishedKey key(String kid) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyTimes times = new KeyTimes(
                T0, T0.plus(Duration.ofHours(6)), T0.plus(Duration.ofDays(3)), T0.plus(Duration.ofDays(4)));
        return new PublishedKey(
                kid, KeyAlgorithm.ES256, generator.generateKeyPair().getPublic(), null, times);
    }
}
