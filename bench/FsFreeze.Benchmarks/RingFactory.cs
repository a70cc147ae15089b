using System;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Packed;
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
                PackedQueueDriverEnd.TryCreate(memory, config, out PackedQueueDriverEnd? packed);
                return packed ?? throw new InvalidOperationException("packed driver end setup failed");
            }

            SplitQueueDriverEnd.TryCreate(memory, config, out SplitQueueDriverEnd? split);
            return split ?? throw new InvalidOperationException("split driver end setup failed");
        }

        public static IDeviceQueue CreateDeviceEnd(GuestMemory memory, QueueConfiguration config)
        {
            if (config.RingPacked)
            {
                PackedQueueDeviceEnd.TryCreate(memory, config, out PackedQueueDeviceEnd? packed);
                return packed ?? throw new InvalidOperationException("packed device end setup failed");
            }

            SplitQueueDeviceEnd.TryCreate(memory, config, out SplitQueueDeviceEnd? split);
            return split ?? throw new InvalidOperationException("split device end setup failed");
        }
    }
}
