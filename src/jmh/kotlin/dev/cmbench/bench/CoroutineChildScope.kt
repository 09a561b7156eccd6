package dev.cmbench.bench

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import java.util.function.Supplier
import kotlin.time.toKotlinDuration

/**
 * The focused families' `coroutine` kinds: Kotlin coroutines, the child launched on
 * `Dispatchers.Default` (one thread per core), the parent blocking in `runBlocking`, which is how
 * code that is not a coroutine starts and awaits one.
 *
 * kotlinx.coroutines may hand a parent a copy of a child's exception, made to recover its stack
 * trace (only with assertions or debug mode on, and only through a constructor it can call);
 * [FailureBenchmark]'s child failure has no such constructor, so the parent gets the very
 * instance thrown, which the benchmark checks.
 */
internal class CoroutineChildScope : ChildScope {

    /** `launch` + `join`. */
    override fun startJoin(value: Long): Long = runBlocking {
        var seen = 0L
        launch(Dispatchers.Default) { seen = value }.join()
        seen
    }

    /**
     * A child in a scope: `coroutineScope` returns its value, or, for a failing child, cancels the
     * scope's other children and throws the child's exception.
     */
    override fun outcomeOf(child: Supplier<Any>): Any? = runBlocking {
        try {
            coroutineScope { async(Dispatchers.Default) { child.get() }.await() }
        } catch (e: Throwable) {
            e
        }
    }

    /** A coroutine suspended in `delay`; `Job.cancel()` resumes it with a CancellationException. */
    override fun startSleeper(task: SleepingTask): ChildScope.Sleeper {
        val job = CoroutineScope(Dispatchers.Default).launch {
            task.willSuspend()
            try {
                delay(SleepingTask.SLEEP.toKotlinDuration())
            } catch (e: CancellationException) {
                task.cancelledInSleep()
                throw e
            } finally {
                task.ended()
            }
        }
        return object : ChildScope.Sleeper {
            override fun cancel(): Boolean {
                job.cancel()
                return true
            }

            /** Cancels it if its cancel has not, and waits for it to complete, whether or not it ever ran. */
            override fun end() = runBlocking { job.cancelAndJoin() }
        }
    }
}
