package dev.cmbench.model

import dev.cmbench.workload.Task
import java.time.Duration
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.runInterruptible
import kotlinx.coroutines.withTimeoutOrNull
import kotlin.time.toKotlinDuration

/**
 * `coroutines`: Kotlin coroutines (kotlinx.coroutines), the JVM's most used coroutine library. A
 * coroutine per task on `Dispatchers.Default` (one thread per core): it `delay`s for the task's
 * sleep, which suspends it (no thread blocks; the library's timer thread resumes it when due),
 * then computes. Each coroutine reports to the [BatchCompletion] the benchmark thread waits on,
 * as in every model; a failure or an interrupt cancels the batch's [Job], which cancels every
 * sibling still delaying.
 *
 * `delay` counts whole milliseconds (kotlinx.coroutines rounds a shorter delay up to 1 ms), so a
 * custom workload's sub-millisecond sleep is longer here than in the other models. A task whose
 * blocking part is not a plain delay ([Task.ioDelay] empty) runs it with `runInterruptible` on the
 * dispatcher's thread, blocking it, as blocking code called from a coroutine does; the suite's
 * tasks never are such tasks.
 *
 * The dispatcher's threads are the library's, shared by the whole JVM (like the common pool);
 * what the model owns is its coroutines, and close() cancels and awaits every one of them.
 */
internal class CoroutinesModel(options: ModelOptions) : ConcurrencyModel {

    private val latency: LatencyRecording = options.latency()

    /** Parent of every batch, so that close() can cancel and await whatever a batch left. */
    private val model = SupervisorJob()

    override fun runBatch(tasks: List<Task>): Long {
        val completion = BatchCompletion(tasks.size, latency)
        val batch = Job(model)
        val scope = CoroutineScope(Dispatchers.Default + batch)
        try {
            for (task in tasks) {
                scope.launch { run(task, completion) }
            }
            return completion.await()
        } catch (e: Throwable) {
            batch.cancel() // a coroutine still delaying never computes
            throw e
        } finally {
            batch.complete() // ends once its coroutines have, and leaves the model's children
        }
    }

    private suspend fun run(task: Task, completion: BatchCompletion) {
        try {
            val io = task.ioDelay()
            if (io.isPresent) {
                delay(io.get().toKotlinDuration())
            } else {
                // Caught inside: an exception crossing out of runInterruptible may reach us as a copy
                // (kotlinx.coroutines' stack-trace recovery), and the batch must fail with the original.
                val failure = runInterruptible {
                    try {
                        task.awaitIo()
                        null
                    } catch (t: Throwable) {
                        t
                    }
                }
                if (failure != null) {
                    completion.taskFailed(failure)
                    return
                }
            }
            completion.taskDone(task.compute())
        } catch (t: Throwable) {
            completion.taskFailed(t) // after a cancel the batch is over: this report changes nothing
            if (t is CancellationException) {
                throw t
            }
        }
    }

    override fun close() {
        model.cancel()
        val stopped = runBlocking { withTimeoutOrNull(STOP_TIMEOUT.toKotlinDuration()) { model.join() } } != null
        check(stopped) { "coroutines did not stop within ${STOP_TIMEOUT.toSeconds()} s of cancel(): they are leaking" }
    }

    private companion object {
        val STOP_TIMEOUT: Duration = Duration.ofSeconds(10)
    }
}
