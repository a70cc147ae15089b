using System.Collections.Generic;

namespace FsFreeze.Simulation
{
    /// <summary>
    /// A sleeping reader-writer semaphore with FIFO hand-off, standing for both <c>s_umount</c> (an rw_semaphore)
    /// and the per-level <c>s_writers.rw_sem[]</c> (percpu_rw_semaphore). A writer waits for readers to drain and,
    /// once queued, holds back new readers (percpu_down_write sets <c>block</c> before waiting); on release the lock
    /// is handed to waiters in queue order, readers in a batch up to the next writer, inside the waker, as
    /// percpu_rwsem_wake_function does. So writers blocked by a freeze enter in the order they blocked.
    /// </summary>
    public sealed class SimRwSemaphore
    {
        private readonly Queue<(bool Writer, WaitQueue Wake)> waiters = new();

        /// <summary>Creates an unlocked semaphore named <paramref name="name"/>.</summary>
        public SimRwSemaphore(string name)
        {
            Name = name;
        }

        /// <summary>The name used for the wait queues of its waiters.</summary>
        public string Name { get; }

        /// <summary>Readers holding it.</summary>
        public int Readers { get; private set; }

        /// <summary>True while a writer holds it.</summary>
        public bool WriterHeld { get; private set; }

        /// <summary>Tasks queued for it.</summary>
        public int Waiting => waiters.Count;

        /// <summary>Takes it shared without sleeping (the <c>*_trylock</c> forms); false if a writer holds or waits.</summary>
        public bool TryDownRead()
        {
            if (WriterHeld || waiters.Count > 0)
            {
                return false;
            }

            Readers++;
            return true;
        }

        /// <summary>Takes it shared, sleeping while a writer holds it or waits for it.</summary>
        public IEnumerable<Wait> DownRead()
        {
            if (TryDownRead())
            {
                yield break;
            }

            var wake = new WaitQueue(Name);
            waiters.Enqueue((false, wake));
            yield return wake;
        }

        /// <summary>Takes it exclusive, sleeping until the holders drain and earlier waiters are served.</summary>
        public IEnumerable<Wait> DownWrite()
        {
            if (!WriterHeld && Readers == 0 && waiters.Count == 0)
            {
                WriterHeld = true;
                yield break;
            }

            var wake = new WaitQueue(Name + " (write)");
            waiters.Enqueue((true, wake));
            yield return wake;
        }

        /// <summary>Releases a shared hold.</summary>
        public void UpRead()
        {
            Readers--;
            HandOff();
        }

        /// <summary>Releases the exclusive hold.</summary>
        public void UpWrite()
        {
            WriterHeld = false;
            HandOff();
        }

        private void HandOff()
        {
            while (waiters.Count > 0 && !WriterHeld)
            {
                (bool writer, WaitQueue wake) = waiters.Peek();
                if (writer)
                {
                    if (Readers != 0)
                    {
                        return;
                    }

                    WriterHeld = true;
                }
                else
                {
                    Readers++;
                }

                waiters.Dequeue();
                wake.WakeAll();
            }
        }
    }
}
