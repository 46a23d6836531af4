package dev.tollgate.keys.signing;

/** Which JCA provider makes the server's signatures ({@code tollgate.keys.crypto-provider}). */
public enum CryptoProvider {
    /** AmazonCorrettoCryptoProvider where its native library loads on this machine, else the JDK's providers. */
    AUTO,
    /** The JDK's own providers (SunRsaSign, SunEC). */
    JDK,
    /** AmazonCorrettoCryptoProvider; start-up fails if its native library does not load. */
    ACCP
}
