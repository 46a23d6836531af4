package dev.tollgate.publish;

import dev.tollgate.keys.KeySets;
import dev.tollgate.keys.PublishedKey;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Rendered key documents in memory, the server's and each account's. A document is reused while its key set
 * publishes the same key ids (a key's material never changes under its kid), so a rotation, an upload, a disabled
 * key or a key reaching its publication or deletion time renders anew at once, and nothing else does.
 */
@ApplicationScoped
public class KeyDocuments {

    /** The documents a key set is published as. */
    public enum Format {
        X509(X509Renderer::render),
        JWK(JwksRenderer::render),
        RAW(RawKeyRenderer::render);

        private final Function<List<PublishedKey>, PublishedDocument> renderer;

        Format(Function<List<PublishedKey>, PublishedDocument> renderer) {
            this.renderer = renderer;
        }
    }

    private record Rendered(List<String> kids, PublishedDocument document) {}

    private record Slot(String keySet, Format format) {}

    private final Map<Slot, Rendered> rendered = new ConcurrentHashMap<>();

    /** {@code keys}, the keys {@code keySet} publishes now (e.g. {@link KeySets#SERVER}), as {@code format}. */
    PublishedDocument document(String keySet, List<PublishedKey> keys, Format format) {
        Slot slot = new Slot(keySet, format);
        Rendered current = rendered.get(slot);
        if (current != null && sameKids(current.kids(), keys)) {
            return current.document();
        }
        PublishedDocument document = format.renderer.apply(keys);
        rendered.put(slot, new Rendered(keys.stream().map(PublishedKey::kid).toList(), document));
        return document;
    }

    private static boolean sameKids(List<String> kids, List<PublishedKey> keys) {
        if (kids.size() != keys.size()) {
            return false;
        }
        for (int i = 0; i < kids.size(); i++) {
            if (!kids.get(i).equals(keys.get(i).kid())) {
                return false;
            }
        }
        return true;
    }
}
