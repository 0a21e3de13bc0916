package io.jetway.exchange;

/** Whose X-Forwarded-* headers an entry point believes: an untrusted client cannot choose its own source. */
@FunctionalInterface
public interface TrustedPeers {

    boolean trusts(String peerAddress);
}
