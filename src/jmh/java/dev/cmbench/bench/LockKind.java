package dev.cmbench.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;

/**
 * The ways to guard a shared counter that threads increment and read: the lock of the notes
 * ({@code with lock:}) and its JDK alternatives.
 */
enum LockKind implements Named {
    SYNCHRONIZED("synchronized") {
        @Override
        Counter create() {
            return new Counter() {
                private long count;

                @Override
                public synchronized void increment() {
                    count++;
                }

                @Override
                public synchronized long read() {
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
    READ_WRITE("read-write") {
        @Override
        Counter create() {
            ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
            return new Counter() {
                private long count;

                @Override
                public void increment() {
                    lock.writeLock().lock();
                    try {
                        count++;
                    } finally {
                        lock.writeLock().unlock();
                    }
                }

                @Override
                public long read() {
                    lock.readLock().lock();
                    try {
                        return count;
                    } finally {
                        lock.readLock().unlock();
                    }
                }
            };
        }
    },
    STAMPED_OPTIMISTIC("stamped-optimistic") {
        @Override
        Counter create() {
            StampedLock lock = new StampedLock();
            return new Counter() {
                private long count;

                @Override
                public void increment() {
                    long stamp = lock.writeLock();
                    try {
                        count++;
                    } finally {
                        lock.unlockWrite(stamp);
                    }
                }

                /** Optimistic read: no lock unless a write got in between, then a real read lock. */
                @Override
                public long read() {
                    long stamp = lock.tryOptimisticRead();
                    long seen = count;
                    if (lock.validate(stamp)) {
                        return seen;
                    }
                    stamp = lock.readLock();
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
                public void increment() {
                    count.incrementAndGet();
                }

                @Override
                public long read() {
                    return count.get();
                }
            };
        }
    },
    ADDER("adder") {
        @Override
        Counter create() {
            LongAdder count = new LongAdder();
            return new Counter() {
                @Override
                public void increment() {
                    count.increment();
                }

                /** sum() walks every cell: cheap writes, dearer reads. */
                @Override
                public long read() {
                    return count.sum();
                }
            };
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
        void increment();

        long read();
    }

    private static final class LockedCounter implements Counter {
        private final ReentrantLock lock;
        private long count;

        LockedCounter(ReentrantLock lock) {
            this.lock = lock;
        }

        @Override
        public void increment() {
            lock.lock();
            try {
                count++;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public long read() {
            lock.lock();
            try {
                return count;
            } finally {
                lock.unlock();
            }
        }
    }
}
