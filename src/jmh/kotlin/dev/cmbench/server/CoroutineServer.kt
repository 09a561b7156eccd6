package dev.cmbench.server

import io.ktor.network.selector.SelectorManager
import io.ktor.network.sockets.ServerSocket
import io.ktor.network.sockets.Socket
import io.ktor.network.sockets.aSocket
import io.ktor.network.sockets.openReadChannel
import io.ktor.network.sockets.openWriteChannel
import io.ktor.network.sockets.port
import io.ktor.utils.io.ClosedByteChannelException
import io.ktor.utils.io.readLong
import io.ktor.utils.io.writeLong
import java.io.EOFException
import java.io.IOException
import java.net.InetAddress
import java.net.InetSocketAddress
import java.util.concurrent.atomic.AtomicInteger
import dev.cmbench.load.Sockets
import kotlinx.coroutines.CoroutineExceptionHandler
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

/**
 * `coroutines`: Kotlin coroutines over non-blocking sockets, with ktor-network (JetBrains' coroutine
 * socket library, the one ktor's own servers run on). A coroutine per connection on
 * `Dispatchers.Default` (one thread per core) reads a request, calls the backend, computes and
 * replies in plain sequential code; every read and write that cannot complete suspends the
 * coroutine, and ktor's selector coroutine (on `Dispatchers.IO`) resumes it when its socket is ready.
 * The code reads like the blocking kinds; no thread blocks.
 *
 * The dispatchers' threads are the library's, shared by the whole JVM; what the server owns is its
 * coroutines and its sockets, and close() cancels and awaits every coroutine.
 */
internal class CoroutineServer(private val options: ServerOptions) : RunningServer {

    private val server = SupervisorJob()
    @Volatile private var closing = false
    private val failures = CoroutineExceptionHandler { _, e ->
        if (!closing) System.err.println("cmbench server: a connection failed: $e")
    }
    private val scope = CoroutineScope(Dispatchers.Default + server + failures)
    private val selector = SelectorManager(Dispatchers.IO)
    private val ready = AtomicInteger()
    private val backend = io.ktor.network.sockets.InetSocketAddress(options.backend().hostString, options.backend().port)
    private val listener: ServerSocket = runBlocking {
        aSocket(selector).tcp().bind(io.ktor.network.sockets.InetSocketAddress(LOOPBACK, 0)) { backlogSize = Sockets.BACKLOG }
    }

    init {
        scope.launch {
            while (isActive) {
                val client = listener.accept()
                launch { serve(client) }
            }
        }
    }

    private suspend fun serve(client: Socket) {
        client.use {
            aSocket(selector).tcp().connect(backend) { noDelay = true }.use { backendSocket ->
                val fromClient = client.openReadChannel()
                val toClient = client.openWriteChannel(autoFlush = false)
                val fromBackend = backendSocket.openReadChannel()
                val toBackend = backendSocket.openWriteChannel(autoFlush = false)
                ready.incrementAndGet()
                while (true) {
                    val id = try {
                        fromClient.readLong()
                    } catch (e: ClosedByteChannelException) {
                        return // the client is done
                    } catch (e: EOFException) {
                        return
                    }
                    toBackend.writeLong(id)
                    toBackend.writeLong(fromClient.readLong())
                    toBackend.flush()
                    val answerId = fromBackend.readLong()
                    if (answerId != id) {
                        throw IOException("the backend answered request $answerId for request $id")
                    }
                    toClient.writeLong(id)
                    toClient.writeLong(options.checksum(fromBackend.readLong()))
                    toClient.flush()
                }
            }
        }
    }

    override fun address(): InetSocketAddress = InetSocketAddress(InetAddress.getLoopbackAddress(), listener.port)

    override fun connectionsReady(): Int = ready.get()

    override fun usage(): ServerUsage = ServerUsage.ofThisJvm()

    override fun close() {
        closing = true
        listener.close()
        try {
            cancelConnections(server, "coroutines")
        } finally {
            selector.close()
        }
    }

    private companion object {
        const val LOOPBACK = "127.0.0.1"
    }
}
