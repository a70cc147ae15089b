using System;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Virtio.Tests.Queues.Split
{
    /// <summary>Indirect tables of the split ring, both ends: where the driver puts them and what the device refuses inside them.</summary>
    public sealed class SplitIndirectTableTests
    {
        private static readonly ulong Indirect = VirtioFeatureBit.Mask(VirtioFeatureBit.IndirectDesc);

        [Test]
        [Category("FF-RING-10")]
        public void DriverEnd_PutsEachHeadsTableAtItsOwnPlace()
        {
            var pair = new SplitPair(8, Indirect, indirectEntries: 4);
            Assert.That(pair.Driver.TryAdd(SplitPair.Buffers(0, 1, 8), default, 0, false, out ushort first), Is.EqualTo(QueueError.None));
            Assert.That(pair.Driver.TryAdd(SplitPair.Buffers(1, 1, 8), SplitPair.Buffers(2, 1, 16), 7, true, out ushort head), Is.EqualTo(QueueError.None));
            Assert.That(head, Is.Not.EqualTo(first));
            ulong table = SplitPair.IndirectArea + ((ulong)head * 4 * SplitRingLayout.DescriptorSize);
            Span<byte> descriptor = pair.Area(pair.Config.DescriptorArea + ((ulong)head * SplitRingLayout.DescriptorSize), SplitRingLayout.DescriptorSize);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(RingAccess.ReadUInt64(descriptor, SplitRingLayout.DescriptorAddressOffset), Is.EqualTo(table));
                Assert.That(RingAccess.ReadUInt32(descriptor, SplitRingLayout.DescriptorLengthOffset), Is.EqualTo(32u));
                Assert.That(RingAccess.ReadUInt16(descriptor, SplitRingLayout.DescriptorFlagsOffset), Is.EqualTo((ushort)DescriptorFlags.Indirect));
            }

            pair.Pop();
            Assert.That(pair.Device.TryPop(pair.Storage, out DescriptorChain chain, out QueueError error), Is.True, error.ToString());
            using (Assert.EnterMultipleScope())
            {
                Assert.That(chain.Id, Is.EqualTo(head));
                Assert.That(chain.Buffers.Length, Is.EqualTo(2));
                Assert.That(chain.Buffers[0].Address, Is.EqualTo(SplitPair.Buffer(1)));
                Assert.That(chain.WritableLength, Is.EqualTo(16u));
            }
        }

        /// <summary>Makes available, at head 0, one indirect descriptor naming a table of <paramref name="entries"/> chained 8-byte buffers.</summary>
        private static void PublishIndirectTable(SplitPair pair, int entries)
        {
            for (int i = 0; i < entries; i++)
            {
                pair.WriteDescriptor(SplitPair.IndirectArea, i, SplitPair.Buffer(i), 8, i < entries - 1 ? DescriptorFlags.Next : DescriptorFlags.None, (ushort)(i + 1));
            }

            pair.WriteDescriptor(pair.Config.DescriptorArea, 0, SplitPair.IndirectArea, (uint)entries * 16, DescriptorFlags.Indirect);
            pair.Publish(0);
        }

        [Test]
        [Category("FF-RING-8")]
        public void DeviceEnd_RefusesATableLongerThanQueueSize_EvenWithRoomToStoreIt()
        {
            // Storage holds 4 + 64 buffers, so only the Queue Size bound can refuse these five entries.
            var pair = new SplitPair(4, Indirect);
            PublishIndirectTable(pair, 5);
            Assert.That(pair.Device.TryPop(pair.Storage, out _, out QueueError error), Is.False);
            Assert.That(error, Is.EqualTo(QueueError.ChainTooLong));
        }

        [Test]
        [Category("FF-RING-7")]
        public void DeviceEnd_RefusesANextAtTheTableSizeInsideATable()
        {
            // A table of 2 entries whose first says next = 2: one past its end, not a descriptor of the queue.
            var pair = new SplitPair(8, Indirect);
            pair.WriteDescriptor(SplitPair.IndirectArea, 0, SplitPair.Buffer(0), 8, DescriptorFlags.Next, 2);
            pair.WriteDescriptor(SplitPair.IndirectArea, 1, SplitPair.Buffer(1), 8, DescriptorFlags.None);
            pair.WriteDescriptor(pair.Config.DescriptorArea, 0, SplitPair.IndirectArea, 2 * 16, DescriptorFlags.Indirect);
            pair.Publish(0);
            Assert.That(pair.Device.TryPop(pair.Storage, out _, out QueueError error), Is.False);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(error, Is.EqualTo(QueueError.NextIndexOutOfRange));
                Assert.That(pair.Device.Error, Is.EqualTo(QueueError.NextIndexOutOfRange), "latched");
            }
        }

        [Test]
        [Category("FF-RING-8")]
        public void DeviceEnd_TakesATableOfExactlyQueueSizeEntries()
        {
            var pair = new SplitPair(4, Indirect);
            PublishIndirectTable(pair, 4);
            Assert.That(pair.Device.TryPop(pair.Storage, out DescriptorChain chain, out QueueError error), Is.True, error.ToString());
            Assert.That(chain.Buffers.Length, Is.EqualTo(4));
        }
    
        [Test]
        [Category("FF-RING-11")]
        public void DeviceEnd_RefusesAZeroLengthEntryInsideATable()
        {
            var pair = new SplitPair(8, Indirect);
            pair.WriteDescriptor(SplitPair.IndirectArea, 0, SplitPair.Buffer(0), 8, DescriptorFlags.Next, 1);
            pair.WriteDescriptor(SplitPair.IndirectArea, 1, SplitPair.Buffer(1), 0, DescriptorFlags.None);
            pair.WriteDescriptor(pair.Config.DescriptorArea, 0, SplitPair.IndirectArea, 2 * 16, DescriptorFlags.Indirect);
            pair.Publish(0);
            Assert.That(pair.Device.TryPop(pair.Storage, out _, out QueueError error), Is.False);
            Assert.That(error, Is.EqualTo(QueueError.ZeroLengthBuffer));
        }
    }
}
