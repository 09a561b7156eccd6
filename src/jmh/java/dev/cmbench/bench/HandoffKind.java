package dev.cmbench.bench;

import java.util.concurrent.Exchanger;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.locks.LockSupport;

/** How one value travels from a ping thread to a pong thread and back, one more each time. */
enum HandoffKind implements Named {
    SYNCHRONOUS_QUEUE("synchronous-queue") {
        @Override
        Channel open() {
            SynchronousQueue<Long> toPong = new SynchronousQueue<>();
            SynchronousQueue<Long> toPing = new SynchronousQueue<>();
            return new Channel() {
                @Override
                public long roundTrip(long value) throws InterruptedException {
                    toPong.put(value);
                    return toPing.take();
                }

                @Override
                public void answerOne() throws InterruptedException {
                    toPing.put(toPong.take() + 1);
                }
            };
        }
    },
    EXCHANGER("exchanger") {
        @Override
        Channel open() {
            // An exchange swaps both ways at once, so a round trip with a reply that depends on
            // the request takes two: the request (for nothing), then the reply (for nothing).
            Exchanger<Long> exchanger = new Exchanger<>();
            return new Channel() {
                @Override
                public long roundTrip(long value) throws InterruptedException {
                    exchanger.exchange(value);
                    return exchanger.exchange(0L);
                }

                @Override
                public void answerOne() throws InterruptedException {
                    long request = exchanger.exchange(0L);
                    exchanger.exchange(request + 1);
                }
            };
        }
    },
    PARK_UNPARK("park-unpark") {
        @Override
        Channel open() {
            return new ParkingChannel();
        }
    };

    private final String id;

    HandoffKind(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    abstract Channel open();

    static HandoffKind named(String id) {
        return Named.lookup(HandoffKind.class, id);
    }

    /** Both ends of a handoff: ping calls {@link #roundTrip}, pong calls {@link #answerOne} in a loop. */
    interface Channel {
        long roundTrip(long value) throws InterruptedException;

        void answerOne() throws InterruptedException;
    }

    /** The bare mechanism under the others: a volatile mailbox and LockSupport.park/unpark. */
    private static final class ParkingChannel implements Channel {
        private volatile Thread ping;
        private volatile Thread pong;
        private volatile long request;
        private volatile long reply;
        private volatile boolean requestReady;
        private volatile boolean replyReady;

        @Override
        public long roundTrip(long value) throws InterruptedException {
            ping = Thread.currentThread();
            request = value;
            requestReady = true;
            LockSupport.unpark(pong);
            while (!replyReady) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            replyReady = false;
            return reply;
        }

        @Override
        public void answerOne() throws InterruptedException {
            pong = Thread.currentThread();
            while (!requestReady) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            requestReady = false;
            reply = request + 1;
            replyReady = true;
            LockSupport.unpark(ping);
        }
    }
}
