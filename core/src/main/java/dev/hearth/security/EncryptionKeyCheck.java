package dev.hearth.security;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;

/**
 * The first thing Hearth does at deployment ({@code SchemaMigrator} depends on it, and everything else on that): reads
 * the encryption keys, so that a bad {@code HEARTH_ENCRYPTION_KEY} stops the start before anything else runs.
 */
@Startup
@Singleton
public class EncryptionKeyCheck {

    @Inject
    EncryptionKeys keys;

    @PostConstruct
    void check() {
        keys.check();
    }
}
