using FsFreeze.Virtio.Queues;

namespace FsFreeze.Virtio.Tests.Queues
{
    /// <summary>
    /// What the split and the packed test pairs share: one guest memory layout (the rings at <see cref="Base"/>, indirect
    /// tables above them, data buffers 256 bytes apart above those) and popping a chain at the device end.
    /// </summary>
    internal static class QueuePairLayout
    {
        public const ulong Base = 0x10_0000;
        public const ulong IndirectArea = Base + 0x10_0000;
        public const ulong DataArea = Base + 0x20_0000;
        public const int MemorySize = 4 << 20;

        public static ulong Buffer(int index) => DataArea + ((ulong)index * 256);

        public static BufferSpec[] Buffers(int first, int count, uint length)
        {
            var buffers = new BufferSpec[count];
            for (int i = 0; i < count; i++)
            {
                buffers[i] = new BufferSpec(Buffer(first + i), length);
            }

            return buffers;
        }

        /// <summary>Pops the next chain, which must be there, into <paramref name="storage"/>.</summary>
        public static ChainToken Pop(IDeviceQueue device, ChainBuffer[] storage)
        {
            Assert.That(device.TryPop(storage, out DescriptorChain chain, out QueueError error), Is.True, error.ToString());
            return new ChainToken(chain.Id, chain.DescriptorCount, chain.WritableLength);
        }
    }
}
