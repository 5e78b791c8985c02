package io.github.backprop4j.spark;

import org.apache.spark.ml.util.Identifiable;

/**
 * A stage's uid, available while its Scala superclass is still being constructed. Spark ML's Params are Scala vals
 * initialized by the superclass constructor, which asks for {@code uid()} before a Java subclass could have set a
 * field (Scala assigns constructor parameters before the super call; Java cannot). So a stage's {@code uid()} takes
 * its uid from here on first use: the one its constructor passed in {@link #next} before the super call (an argument
 * expression is evaluated first), or a new random one.
 */
final class Uid {

    private static final ThreadLocal<String> NEXT = new ThreadLocal<>();

    private Uid() {
    }

    /** Marks {@code uid} as the uid of the stage this thread constructs next; returns a token for the constructor. */
    static Token next(String uid) {
        NEXT.set(uid);
        return Token.TOKEN;
    }

    /** The uid passed by {@link #next}, taken (once), or a new random one with the given prefix. */
    static String take(String prefix) {
        String uid = NEXT.get();
        NEXT.remove();
        return uid != null ? uid : Identifiable.randomUID(prefix);
    }

    /** Proof, in a constructor's signature, that {@link #next} ran before the super call. */
    enum Token {
        TOKEN
    }
}
