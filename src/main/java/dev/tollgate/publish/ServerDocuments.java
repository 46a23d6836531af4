package dev.tollgate.publish;

import dev.tollgate.keys.KeySets;
import dev.tollgate.keys.PublishedKey;
import dev.tollgate.keys.signing.KeyRing;
import dev.tollgate.keys.signing.KeysConfig;
import dev.tollgate.publish.KeyDocuments.Format;
import dev.tollgate.support.TollgateConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The server's published documents as they are now (docs/api.md "Public keys and discovery"): the key documents
 * rendered once per change of the published server keys ({@link KeyDocuments}), the discovery document once at start.
 * Served by {@link DocumentRoute}, and by {@link PublishResource} while the server key set is not loaded.
 */
@ApplicationScoped
public class ServerDocuments {

    private final KeyRing ring;
    private final KeyDocuments documents;
    private final PublishedDocument discovery;

    public ServerDocuments(KeyRing ring, KeyDocuments documents, TollgateConfig tollgate, KeysConfig keys) {
        this.ring = ring;
        this.documents = documents;
        this.discovery = DiscoveryDocument.render(tollgate.baseUrl(), keys.algorithm());
    }

    /** The server keys as {@code format}, loading the server key set first if it is not loaded. */
    Uni<PublishedDocument> keys(Format format) {
        return ring.ensureLoaded(KeySets.SERVER)
                .map(ignored -> documents.document(KeySets.SERVER, ring.published(KeySets.SERVER), format));
    }

    /** The server keys as {@code format}; {@code null} while the server key set is not loaded (or publishes none). */
    PublishedDocument loadedKeys(Format format) {
        List<PublishedKey> published = ring.published(KeySets.SERVER);
        return published.isEmpty() ? null : documents.document(KeySets.SERVER, published, format);
    }

    PublishedDocument discovery() {
        return discovery;
    }
}
