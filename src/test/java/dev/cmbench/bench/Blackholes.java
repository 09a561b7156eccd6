package dev.cmbench.bench;

import org.openjdk.jmh.infra.Blackhole;

/** A Blackhole for calling benchmark methods outside JMH, the way JMH's own tests make one. */
final class Blackholes {

    private Blackholes() {
    }

    static Blackhole create() {
        return new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
    }
}
