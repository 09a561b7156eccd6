package dev.cmbench.bench

import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import java.util.function.IntConsumer
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

/**
 * Two coroutines of [SwitchPair.COROUTINES] on a dispatcher of `threads` threads of their own (one:
 * every switch a resumption on the same thread; two, pinned to a CPU each: the dispatcher puts each
 * resumption where it likes). They pass the value over two rendezvous channels: a `send` suspends
 * until the other coroutine receives, so a round trip suspends and resumes each party once, as
 * `yield` between two coroutines on one thread would, and it works on two threads too, where
 * `yield` would let both run on at once.
 *
 * Party A runs a batch inside `runBlocking(dispatcher)`, which the benchmark thread waits for: the
 * two more hand-offs a batch costs (see [SwitchBenchmark]).
 */
internal class CoroutineParties(threads: Int, pin: IntConsumer, private val sightings: SwitchPair.Sightings) :
    SwitchPair.Parties {

    private val started = AtomicInteger()
    private val executor = Executors.newFixedThreadPool(threads) { task ->
        val party = started.getAndIncrement()
        Thread.ofPlatform().name("cmbench-switch-coroutines-$party").unstarted {
            if (threads > 1) pin.accept(party)
            task.run()
        }
    }
    private val dispatcher = executor.asCoroutineDispatcher()
    private val toB = Channel<Long>(Channel.RENDEZVOUS)
    private val toA = Channel<Long>(Channel.RENDEZVOUS)
    private val parties = SupervisorJob()

    init {
        CoroutineScope(dispatcher + parties).launch {
            for (v in toB) {
                sightings.note(1)
                toA.send(v + 1)
            }
        }
    }

    override fun roundTrips(start: Long, n: Int): Long {
        val end = runBlocking(dispatcher) {
            var v = start
            repeat(n) {
                sightings.note(0)
                toB.send(v)
                v = toA.receive()
            }
            v
        }
        sightings.firstBatchDone()
        return end
    }

    override fun seen(): List<SwitchPair.Seen> = sightings.list()

    override fun close() {
        toB.close()
        runBlocking { parties.cancelAndJoin() }
        executor.shutdownNow()
        check(executor.awaitTermination(10, TimeUnit.SECONDS)) { "the coroutines pair's dispatcher did not stop" }
    }
}
