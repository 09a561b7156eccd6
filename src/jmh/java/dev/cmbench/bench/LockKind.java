package dev.cmbench.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;

/**
 * The ways to guard a shared counter that threads increment: the lock of the notes
 * ({@code with lock:}) and its JDK alternatives.
 *
 * <p>One operation is one increment, made with one lock acquisition or one atomic update, in
 * every kind; the locks and {@code AtomicLong} see the new value in the same step, at no cost.
 * The two {@code LongAdder} kinds differ in what they read: {@code adder} is write-mostly, its
 * intended use (the sum is read once, after the round), while {@code adder-sum} also reads
 * {@code sum()} after every increment, the use its Javadoc warns against. {@code AtomicLong} has
 * no such pair: its increment returns the new value, so reading every time is the same
 * instruction as not reading. {@code read-write} and {@code stamped} take their write lock, which
 * an increment needs; their read side is not measured here.
 */
enum LockKind implements Named {
    SYNCHRONIZED("synchronized") {
        @Override
        Counter create() {
            return new Counter() {
                private long count;

                @Override
                public synchronized long increment() {
                    return ++count;
                }

                @Override
                public synchronized long count() {
                    return count;
                }
            };
        }
    },
    REENTRANT("reentrant") {
        @Override
        Counter create() {
            return new LockedCounter(new ReentrantLock(false));
        }
    },
    REENTRANT_FAIR("reentrant-fair") {
        @Override
        Counter create() {
            return new LockedCounter(new ReentrantLock(true));
        }
    },
    /** The write lock of a ReentrantReadWriteLock, which an increment needs. */
    READ_WRITE("read-write") {
        @Override
        Counter create() {
            return new LockedCounter(new ReentrantReadWriteLock().writeLock());
        }
    },
    /** The write lock of a StampedLock: not reentrant, no owner to record. */
    STAMPED("stamped") {
        @Override
        Counter create() {
            StampedLock lock = new StampedLock();
            return new Counter() {
                private long count;

                @Override
                public long increment() {
                    long stamp = lock.writeLock();
                    try {
                        return ++count;
                    } finally {
                        lock.unlockWrite(stamp);
                    }
                }

                @Override
                public long count() {
                    long stamp = lock.readLock();
                    try {
                        return count;
                    } finally {
                        lock.unlockRead(stamp);
                    }
                }
            };
        }
    },
    ATOMIC("atomic") {
        @Override
        Counter create() {
            AtomicLong count = new AtomicLong();
            return new Counter() {
                @Override
                public long increment() {
                    return count.incrementAndGet();
                }

                @Override
                public long count() {
                    return count.get();
                }
            };
        }
    },
    /** Write-mostly, as LongAdder is meant to be used: increments spread over cells, the sum read once, at the end. */
    ADDER("adder") {
        @Override
        Counter create() {
            return new AdderCounter(false);
        }
    },
    /** Every increment followed by {@code sum()}, which walks every cell: cheap writes, dearer reads. */
    ADDER_SUM("adder-sum") {
        @Override
        Counter create() {
            return new AdderCounter(true);
        }
    };

    private final String id;

    LockKind(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    abstract Counter create();

    static LockKind named(String id) {
        return Named.lookup(LockKind.class, id);
    }

    /** A counter shared by every worker. */
    interface Counter {
        /** One operation: one increment; returns what it read of the count (the new value), or 0 if nothing. */
        long increment();

        /** The count, read outside the measurement to check that no increment was lost. */
        long count();
    }

    private static final class LockedCounter implements Counter {
        private final Lock lock;
        private long count;

        LockedCounter(Lock lock) {
            this.lock = lock;
        }

        @Override
        public long increment() {
            lock.lock();
            try {
                return ++count;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public long count() {
            lock.lock();
            try {
                return count;
            } finally {
                lock.unlock();
            }
        }
    }

    /** A LongAdder, its sum read after every increment or only when the count is checked. */
    private static final class AdderCounter implements Counter {
        private final LongAdder count = new LongAdder();
        private final boolean readEveryTime;

        AdderCounter(boolean readEveryTime) {
            this.readEveryTime = readEveryTime;
        }

        @Override
        public long increment() {
            count.increment();
            return readEveryTime ? count.sum() : 0; // 0: nothing read
        }

        @Override
        public long count() {
            return count.sum();
        }
    }
}
