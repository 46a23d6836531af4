package dev.tollgate.keys.signing;

import dev.tollgate.keys.KeySets;
import dev.tollgate.support.ChangeFeed;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Refuses to start with unsafe rotation settings, then (asynchronously) re-wraps keys left under a former master
 * key, makes the server's first keys on an empty database and loads them; readiness waits for that.
 */
@ApplicationScoped
public class KeysStartup {

    private static final Logger LOG = Logger.getLogger(KeysStartup.class);

    @Produces
    @Singleton
    KeySchedule schedule(KeysConfig config) {
        return new KeySchedule(RotationPolicy.of(config).requireValid());
    }

    void onStart(
            @Observes StartupEvent event, KeySchedule schedule, KeyRing ring, KeyRotator rotator, ChangeFeed feed) {
        LOG.infof(
                "Key rotation: prepublish %s, active %s-%s, overlap %s, retention %s",
                schedule.policy().prepublish(),
                schedule.policy().activeMin(),
                schedule.policy().activeMax(),
                schedule.policy().overlap(),
                schedule.policy().retention());
        ring.listen(feed);
        rotator.rewrapAll()
                .invoke(count -> {
                    if (count > 0) {
                        LOG.infof("Re-wrapped %d keys under the current master key", count);
                    }
                })
                .chain(() -> ring.ensureKeySet(KeySets.SERVER))
                .subscribe()
                .with(
                        ok -> LOG.infof(
                                "Server signing keys loaded: %s",
                                ring.published(KeySets.SERVER).size()),
                        failure -> LOG.errorf(failure, "Cannot prepare the server signing keys; readiness stays down"));
    }
}
