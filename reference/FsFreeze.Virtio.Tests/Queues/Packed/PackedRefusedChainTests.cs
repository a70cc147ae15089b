using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Virtio.Tests.Queues.Packed
{
    /// <summary>
    /// Chains the packed device end refuses after walking them (FF-RING-14, FF-RING-25): the queue latches the error and
    /// the refused chain comes back empty, so a caller can never act on buffers that were not accepted.
    /// </summary>
    public sealed class PackedRefusedChainTests
    {
        [Test]
        [Category("FF-RING-14")]
        public void ABufferIdTheDeviceStillHolds_IsRefusedWithNoBuffers()
        {
            var pair = new PackedPair(4);
            pair.WriteDescriptor(0, PackedPair.Buffer(0), 8, 5, DescriptorFlags.Avail);
            pair.WriteDescriptor(1, PackedPair.Buffer(1), 8, 5, DescriptorFlags.Avail);
            pair.Pop();
            Assert.That(pair.Device.TryPop(pair.Storage, out DescriptorChain chain, out QueueError error), Is.False);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(error, Is.EqualTo(QueueError.HeadAlreadyInFlight));
                Assert.That(chain.Buffers.Length, Is.Zero);
                Assert.That(pair.Device.NextAvailOffset, Is.EqualTo(1), "the refused chain is not consumed");
            }
        }

        [Test]
        [Category("FF-RING-14")]
        [Category("FF-RING-23")]
        public void AChainReachingIntoSlotsTheDeviceHolds_IsRefusedWithNoBuffers()
        {
            // The device holds slots 0-2; a driver that chains slot 3 into slot 0 (still held) offers 5 slots of 4.
            var pair = new PackedPair(4);
            Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(0, 3, 8), default, 0, false, out _), Is.EqualTo(QueueError.None));
            pair.Pop();
            pair.WriteDescriptor(3, PackedPair.Buffer(3), 8, 1, DescriptorFlags.Avail | DescriptorFlags.Next);
            pair.WriteDescriptor(0, PackedPair.Buffer(4), 8, 1, DescriptorFlags.Used);
            Assert.That(pair.Device.TryPop(pair.Storage, out DescriptorChain chain, out QueueError error), Is.False);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(error, Is.EqualTo(QueueError.TooManyInFlight));
                Assert.That(chain.Buffers.Length, Is.Zero);
                Assert.That(pair.Device.InFlightCount, Is.EqualTo(1));
            }
        }

        [Test]
        [Category("FF-RING-25")]
        [Category("FF-RING-11")]
        public void ABadEntryInAnIndirectTable_IsRefusedWithNoBuffers()
        {
            var pair = new PackedPair(4, VirtioFeatureBit.Mask(VirtioFeatureBit.IndirectDesc));
            Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(0, 2, 8), default, 0, true, out ushort id), Is.EqualTo(QueueError.None));

            // Entry 1 of the table loses its length.
            ulong table = PackedPair.IndirectArea + ((ulong)id * 4 * 16);
            Assert.That(pair.Memory.TryWriteUInt32(table + 16 + 8, 0), Is.True);
            Assert.That(pair.Device.TryPop(pair.Storage, out DescriptorChain chain, out QueueError error), Is.False);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(error, Is.EqualTo(QueueError.ZeroLengthBuffer));
                Assert.That(chain.Buffers.Length, Is.Zero);
            }
        }

        [Test]
        [Category("FF-RING-14")]
        public void ADeviceHoldingEverySlot_RefusesBeforeReadingTheNextChain()
        {
            // One chain holds all four slots; whatever the driver writes next, the answer is TooManyInFlight, not
            // the next chain's own fault.
            var pair = new PackedPair(4);
            Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(0, 4, 8), default, 0, false, out _), Is.EqualTo(QueueError.None));
            pair.Pop();
            pair.WriteDescriptor(0, PackedPair.Buffer(0), 0, 1, DescriptorFlags.Used);
            Assert.That(pair.Device.TryPop(pair.Storage, out _, out QueueError error), Is.False);
            Assert.That(error, Is.EqualTo(QueueError.TooManyInFlight));
        }
    }
}
