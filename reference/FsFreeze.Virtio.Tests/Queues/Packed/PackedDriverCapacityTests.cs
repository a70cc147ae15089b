using FsFreeze.Virtio.Queues;

namespace FsFreeze.Virtio.Tests.Queues.Packed
{
    /// <summary>The packed driver end never offers more slots than are free (FF-RING-14 from the driver's side).</summary>
    public sealed class PackedDriverCapacityTests
    {
        [Test]
        [Category("FF-RING-14")]
        [Category("FF-RING-23")]
        public void AChainLongerThanTheFreeSlots_IsQueueFullWhileBufferIdsRemain()
        {
            var pair = new PackedPair(4);
            Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(0, 3, 8), default, 0, false, out _), Is.EqualTo(QueueError.None));
            using (Assert.EnterMultipleScope())
            {
                Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(3, 2, 8), default, 1, false, out _), Is.EqualTo(QueueError.QueueFull));
                Assert.That(pair.Driver.FreeCount, Is.EqualTo(1));
                Assert.That(pair.Driver.NextAvailOffset, Is.EqualTo(3), "nothing written");
                Assert.That(pair.DescriptorFlags(3), Is.Zero);
                Assert.That(pair.Driver.TryAdd(PackedPair.Buffers(3, 1, 8), default, 1, false, out _), Is.EqualTo(QueueError.None), "one slot still fits");
            }
        }
    }
}
