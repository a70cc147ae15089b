using System;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Benchmarks
{
    /// <summary>Creates either ring format's ends for the benchmarks.</summary>
    internal static class RingFactory
    {
        public static IDriverQueue CreateDriverEnd(GuestMemory memory, QueueConfiguration config)
        {
            if (config.RingPacked)
            {
                throw new NotSupportedException("packed ring not built yet");
            }

            SplitQueueDriverEnd.TryCreate(memory, config, out SplitQueueDriverEnd? queue);
            return queue ?? throw new InvalidOperationException("driver end setup failed");
        }

        public static IDeviceQueue CreateDeviceEnd(GuestMemory memory, QueueConfiguration config)
        {
            if (config.RingPacked)
            {
                throw new NotSupportedException("packed ring not built yet");
            }

            SplitQueueDeviceEnd.TryCreate(memory, config, out SplitQueueDeviceEnd? queue);
            return queue ?? throw new InvalidOperationException("device end setup failed");
        }
    }
}
