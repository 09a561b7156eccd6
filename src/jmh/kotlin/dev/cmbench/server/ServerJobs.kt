package dev.cmbench.server

import java.util.concurrent.TimeUnit
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Job
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

/** How long a coroutine server's connections may take to end after close() before they count as leaked. */
internal const val STOP_TIMEOUT_SECONDS = 10L

/**
 * Cancels a coroutine server's accept loop and every connection under it, and waits for them: a
 * connection still running [STOP_TIMEOUT_SECONDS] later is a leak, said with the server's [kind].
 */
internal fun cancelConnections(server: Job, kind: String) {
    try {
        runBlocking { withTimeout(TimeUnit.SECONDS.toMillis(STOP_TIMEOUT_SECONDS)) { server.cancelAndJoin() } }
    } catch (e: CancellationException) {
        throw IllegalStateException("$kind's connections still running $STOP_TIMEOUT_SECONDS s after close(): they are leaking")
    }
}
