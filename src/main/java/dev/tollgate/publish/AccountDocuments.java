package dev.tollgate.publish;

import dev.tollgate.keys.PublishedKey;
import dev.tollgate.keys.account.AccountKeys.AccountKeySet;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Rendered per-account documents in memory. A document is reused while the account publishes the same key ids (a
 * key's material never changes under its kid), so a rotation, an upload or a disabled key renders anew at once.
 */
@ApplicationScoped
public class AccountDocuments {

    /** The documents an account publishes. */
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

    private record Slot(String uniqueId, Format format) {}

    private final Map<Slot, Rendered> rendered = new ConcurrentHashMap<>();

    PublishedDocument document(AccountKeySet keys, Format format) {
        List<String> kids = keys.keys().stream().map(PublishedKey::kid).toList();
        Slot slot = new Slot(keys.uniqueId(), format);
        Rendered current = rendered.get(slot);
        if (current != null && current.kids().equals(kids)) {
            return current.document();
        }
        PublishedDocument document = format.renderer.apply(keys.keys());
        rendered.put(slot, new Rendered(kids, document));
        return document;
    }
}
