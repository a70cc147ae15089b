using System;
using System.Collections.Generic;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Fuzz.Targets
{
    /// <summary>
    /// Target 1: the device-end chain parser of both ring formats, reached as a transport reaches it (through
    /// <see cref="DeviceQueueFactory"/>). The input is the driver: it picks the ring format, features, queue size
    /// and (optionally) where the three areas lie, and fills guest memory with whatever rings, chains and indirect
    /// tables it likes. The harness is a device that pops until empty or error and marks chains used.
    /// <para>Input: flags, size byte, [three u16 area offsets if <see cref="CustomLayoutBit"/>], guest memory bytes.</para>
    /// </summary>
    public static class DeviceQueueTarget
    {
        /// <summary>Flags bit: hold every popped chain and mark them used at the end, newest first.</summary>
        public const byte DeferPushBit = 8;

        /// <summary>Flags bit: three little-endian u16 offsets from the guest base follow for the areas.</summary>
        public const byte CustomLayoutBit = 16;

        /// <summary>Flags bit: pop with notifications disabled, as a device draining a queue does.</summary>
        public const byte SuppressBit = 32;

        /// <summary>More buffers than any valid chain here can have, so ChainTooLong comes from the ring, not from us.</summary>
        private const int StorageLength = 64;

        /// <summary>Runs one input; throws when the device end breaks one of its promises.</summary>
        public static void Run(byte[] data) => Execute(data);

        /// <summary>
        /// As <see cref="Run"/>, returning what happened, so tests can check that each seed reaches the case it is
        /// named after: the setup error, or the chains popped and the error the queue latched.
        /// </summary>
        public static (QueueError Setup, int Popped, QueueError Latched) Execute(byte[] data)
        {
            var input = new FuzzInput(data);
            QueueShape shape = QueueShape.Read(input);
            bool custom = (shape.Flags & CustomLayoutBit) != 0;
            ushort descriptorOffset = custom ? input.ReadUInt16() : GuestLayout.DescriptorOffset;
            ushort driverOffset = custom ? input.ReadUInt16() : GuestLayout.DriverOffset;
            ushort deviceOffset = custom ? input.ReadUInt16() : GuestLayout.DeviceOffset;
            GuestMemory memory = GuestLayout.Create(input.Rest());

            var config = new QueueConfiguration(
                shape.Size,
                GuestLayout.Base + descriptorOffset,
                GuestLayout.Base + driverOffset,
                GuestLayout.Base + deviceOffset,
                shape.Features);
            QueueError setup = DeviceQueueFactory.TryCreate(memory, config, out IDeviceQueue? queue);
            if (setup != QueueError.None)
            {
                FuzzInvariantException.Check(queue is null, "a refused setup returned a queue");
                return (setup, 0, QueueError.None);
            }

            FuzzInvariantException.Check(queue is not null, "an accepted setup returned no queue");
            FuzzInvariantException.Check(queue!.Size == shape.Size && queue.Error == QueueError.None && queue.InFlightCount == 0, "a new queue is not empty and healthy");
            int popped = Drain(queue, memory, shape);
            return (QueueError.None, popped, queue.Error);
        }

        private static int Drain(IDeviceQueue queue, GuestMemory memory, QueueShape shape)
        {
            bool defer = (shape.Flags & DeferPushBit) != 0;
            if ((shape.Flags & SuppressBit) != 0)
            {
                queue.DisableNotifications();
            }

            var storage = new ChainBuffer[StorageLength];
            var held = new List<ChainToken>();
            int popped = 0;

            // Every pop that succeeds consumes ring entries; a static ring is exhausted long before this many, and a
            // ring the device's own writes keep refilling must not keep the harness spinning.
            int budget = (8 * shape.Size) + 8;
            for (int step = 0; step < budget; step++)
            {
                if (!queue.TryPop(storage, out DescriptorChain chain, out QueueError error))
                {
                    if (error != QueueError.None)
                    {
                        CheckLatched(queue, error);
                        break;
                    }

                    FuzzInvariantException.Check(queue.Error == QueueError.None, "an empty pop reported no error while one is latched");
                    if (!queue.EnableNotifications())
                    {
                        break;
                    }

                    continue;
                }

                CheckChain(chain, memory, queue.Size, storage.Length);
                popped++;
                FuzzInvariantException.Check(queue.InFlightCount is > 0 && queue.InFlightCount <= queue.Size, "InFlightCount left 1..Size after a pop");
                var token = new ChainToken(chain.Id, chain.DescriptorCount, chain.WritableLength);
                if (defer)
                {
                    held.Add(token);
                }
                else
                {
                    Push(queue, token);
                }
            }

            // An id the device never popped is refused as a value. Packed Buffer IDs are the driver's choice, so
            // the id is one no held chain has (the first fuzz run flagged 0xFFFF held by a packed chain).
            ushort unused = ushort.MaxValue;
            while (held.Exists(t => t.Id == unused))
            {
                unused--;
            }

            QueueError bogus = queue.PushUsed(new ChainToken(unused, 1, 0), 0);
            FuzzInvariantException.Check(bogus != QueueError.None, "PushUsed accepted an id that is not in flight");
            for (int i = held.Count - 1; i >= 0; i--)
            {
                Push(queue, held[i]);
            }

            queue.NeedsInterrupt();
            FuzzInvariantException.Check(queue.Error != QueueError.None || queue.InFlightCount == 0, "chains stay in flight after all were used");
            return popped;
        }

        private static void Push(IDeviceQueue queue, ChainToken token)
        {
            QueueError latched = queue.Error;
            if (token.WritableLength < uint.MaxValue)
            {
                QueueError tooLong = queue.PushUsed(token, token.WritableLength + 1);
                FuzzInvariantException.Check(tooLong != QueueError.None, "PushUsed accepted a length beyond the writable space");
            }

            QueueError pushed = queue.PushUsed(token, token.WritableLength / 2);
            FuzzInvariantException.Check(pushed == latched, $"PushUsed of a chain in flight returned {pushed} with {latched} latched");
            FuzzInvariantException.Check(queue.InFlightCount >= 0 && queue.InFlightCount <= queue.Size, "InFlightCount left 0..Size after a push");
        }

        private static void CheckLatched(IDeviceQueue queue, QueueError error)
        {
            FuzzInvariantException.Check(queue.Error == error, $"error {error} returned but {queue.Error} latched");
            bool again = queue.TryPop(new ChainBuffer[StorageLength], out _, out QueueError second);
            FuzzInvariantException.Check(!again && second == error, "a broken queue popped again or forgot its error");
            FuzzInvariantException.Check(!queue.HasAvailable(), "a broken queue reports available buffers");
            FuzzInvariantException.Check(!queue.NeedsInterrupt(), "a broken queue asks for an interrupt");
        }

        /// <summary>What a device may rely on for every chain the device end hands it.</summary>
        private static void CheckChain(DescriptorChain chain, GuestMemory memory, ushort size, int storageLength)
        {
            ReadOnlySpan<ChainBuffer> buffers = chain.Buffers;
            FuzzInvariantException.Check(buffers.Length is > 0 && buffers.Length <= storageLength, $"chain has {buffers.Length} buffers");
            FuzzInvariantException.Check(chain.ReadableCount >= 0 && chain.ReadableCount <= buffers.Length, "ReadableCount outside the chain");
            FuzzInvariantException.Check(chain.DescriptorCount is > 0 && chain.DescriptorCount <= size, $"chain takes {chain.DescriptorCount} ring slots of {size}");
            ulong readable = 0;
            ulong writable = 0;
            for (int i = 0; i < buffers.Length; i++)
            {
                ChainBuffer buffer = buffers[i];
                FuzzInvariantException.Check(buffer.IsWritable == (i >= chain.ReadableCount), $"buffer {i} ({buffer}) breaks readable-before-writable");
                FuzzInvariantException.Check(buffer.Length > 0, $"buffer {i} has length 0");
                FuzzInvariantException.Check(memory.IsValidRange(buffer.Address, buffer.Length), $"buffer {i} ({buffer}) leaves guest memory");
                if (buffer.IsWritable)
                {
                    writable += buffer.Length;
                }
                else
                {
                    readable += buffer.Length;
                }
            }

            FuzzInvariantException.Check(readable == chain.ReadableLength && writable == chain.WritableLength, "chain totals differ from its buffers");
            FuzzInvariantException.Check(readable + writable <= uint.MaxValue, "chain total is 2^32 or more");
        }
    }
}
