package dev.cmbench.server

import dev.cmbench.load.Frames
import dev.cmbench.load.Sockets
import java.io.EOFException
import java.io.IOException
import java.net.InetAddress
import java.net.InetSocketAddress
import java.nio.ByteBuffer
import java.nio.channels.AsynchronousChannelGroup
import java.nio.channels.AsynchronousServerSocketChannel
import java.nio.channels.AsynchronousSocketChannel
import java.nio.channels.CompletionHandler
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlin.coroutines.Continuation
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import kotlinx.coroutines.CoroutineExceptionHandler
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch
import kotlinx.coroutines.suspendCancellableCoroutine

/**
 * `coroutines-nio2`: the control for `coroutines`. The same coroutine per connection, the same
 * sequential code, but over NIO.2's asynchronous channels through a few suspending wrappers (a
 * completion handler resumes the coroutine that started the read or write) instead of ktor's
 * channels, on a pool of `poolSize` threads (one per core) that is both the channel group and the
 * coroutines' dispatcher. What it costs beside `async` (the same channels with callbacks) is the
 * coroutine machinery; what `coroutines` costs beside it is ktor's socket layer.
 */
internal class CoroutineNio2Server(private val options: ServerOptions) : RunningServer {

    private val threads = AtomicInteger()
    private val pool = Executors.newFixedThreadPool(options.poolSize()) { task ->
        Thread.ofPlatform().name("cmbench-server-coroutines-nio2-" + threads.incrementAndGet()).unstarted(task)
    }
    private val group = AsynchronousChannelGroup.withThreadPool(pool)
    private val server = SupervisorJob()
    @Volatile private var closing = false
    private val failures = CoroutineExceptionHandler { _, e ->
        if (!closing) System.err.println("cmbench server: a connection failed: $e")
    }
    private val scope = CoroutineScope(pool.asCoroutineDispatcher() + server + failures)
    private val ready = AtomicInteger()
    private val listener = AsynchronousServerSocketChannel.open(group)
        .bind(InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Sockets.BACKLOG)

    init {
        scope.launch {
            while (isActive) {
                val client = listener.await<AsynchronousSocketChannel> { c, h -> listener.accept(c, h) }
                launch { serve(client) }
            }
        }
    }

    private suspend fun serve(client: AsynchronousSocketChannel) {
        client.use {
            AsynchronousSocketChannel.open(group).use { backend ->
                Sockets.tune(client)
                Sockets.tune(backend)
                backend.await<Void?> { c, h -> backend.connect(options.backend(), c, h) }
                ready.incrementAndGet()
                val request = ByteBuffer.allocateDirect(Frames.BYTES)
                val answer = ByteBuffer.allocateDirect(Frames.BYTES)
                val reply = ByteBuffer.allocateDirect(Frames.BYTES)
                while (true) {
                    request.clear()
                    if (!client.readFully(request)) return // the client is done
                    request.flip()
                    backend.writeFully(request)
                    answer.clear()
                    if (!backend.readFully(answer)) throw EOFException("the backend closed its connection")
                    val id = answer.getLong(0)
                    if (id != request.getLong(0)) throw IOException("the backend answered request $id for ${request.getLong(0)}")
                    client.writeFully(Frames.put(reply, id, options.checksum(answer.getLong(8))))
                }
            }
        }
    }

    override fun address(): InetSocketAddress = listener.localAddress as InetSocketAddress

    override fun connectionsReady(): Int = ready.get()

    override fun usage(): ServerUsage = ServerUsage.ofThisJvm()

    override fun close() {
        closing = true
        listener.close()
        try {
            cancelConnections(server, "coroutines-nio2")
        } finally {
            group.shutdownNow()
            check(group.awaitTermination(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                "coroutines-nio2's channel group still running $STOP_TIMEOUT_SECONDS s after close(): its threads are leaking"
            }
        }
    }
}

/** One completion handler for every operation: it resumes the coroutine passed as the attachment. */
private object Resume : CompletionHandler<Any?, Continuation<Any?>> {
    override fun completed(result: Any?, continuation: Continuation<Any?>) = continuation.resume(result)
    override fun failed(e: Throwable, continuation: Continuation<Any?>) = continuation.resumeWithException(e)
}

/** Starts an asynchronous operation with [Resume] and suspends until it completes; cancelling closes the channel. */
@Suppress("UNCHECKED_CAST")
private suspend fun <T> java.nio.channels.AsynchronousChannel.await(
    start: (Continuation<T>, CompletionHandler<T, Continuation<T>>) -> Unit,
): T = suspendCancellableCoroutine { continuation ->
    continuation.invokeOnCancellation { runCatching { close() } }
    start(continuation, Resume as CompletionHandler<T, Continuation<T>>)
}

private suspend fun AsynchronousSocketChannel.readFully(buffer: ByteBuffer): Boolean {
    while (buffer.hasRemaining()) {
        val read = await<Int> { c, h -> read(buffer, c, h) }
        if (read < 0) {
            if (buffer.position() == 0) return false
            throw EOFException("stream ended inside a frame")
        }
    }
    return true
}

private suspend fun AsynchronousSocketChannel.writeFully(buffer: ByteBuffer) {
    while (buffer.hasRemaining()) {
        await<Int> { c, h -> write(buffer, c, h) }
    }
}
