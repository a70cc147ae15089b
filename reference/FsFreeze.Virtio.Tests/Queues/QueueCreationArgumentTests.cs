using System;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Packed;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Virtio.Tests.Queues
{
    /// <summary>A missing guest memory is a bug in the caller, refused up front by every way of creating a queue end.</summary>
    public sealed class QueueCreationArgumentTests
    {
        private static readonly QueueConfiguration Split = new(4, 0x1000, 0x1040, 0x1080, 0);
        private static readonly QueueConfiguration Packed = new(4, 0x1000, 0x1040, 0x1080, VirtioFeatureBit.Mask(VirtioFeatureBit.RingPacked));

        [Test]
        public void NullMemory_IsAnArgumentNullException()
        {
            GuestMemory memory = null!;
            using (Assert.EnterMultipleScope())
            {
                Assert.That(() => SplitQueueDeviceEnd.TryCreate(memory, Split, out _), Throws.ArgumentNullException);
                Assert.That(() => SplitQueueDriverEnd.TryCreate(memory, Split, out _), Throws.ArgumentNullException);
                Assert.That(() => PackedQueueDeviceEnd.TryCreate(memory, Packed, out _), Throws.ArgumentNullException);
                Assert.That(() => PackedQueueDriverEnd.TryCreate(memory, Packed, out _), Throws.ArgumentNullException);
                Assert.That(() => DeviceQueueFactory.TryCreate(memory, Split, out _), Throws.ArgumentNullException);
                Assert.That(() => DriverQueueFactory.TryCreate(memory, Packed, 0, 0, out _), Throws.ArgumentNullException);
            }
        }

        [Test]
        public void Factories_HandBackNoQueueWithAnError()
        {
            GuestMemory memory = GuestMemory.Allocate(0x1000, 0x1000);
            var badSize = new QueueConfiguration(3, 0x1000, 0x1040, 0x1080, 0);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(DeviceQueueFactory.TryCreate(memory, badSize, out IDeviceQueue? device), Is.EqualTo(QueueError.InvalidQueueSize));
                Assert.That(device, Is.Null);
                Assert.That(DriverQueueFactory.TryCreate(memory, badSize, 0, 0, out IDriverQueue? driver), Is.EqualTo(QueueError.InvalidQueueSize));
                Assert.That(driver, Is.Null);
            }
        }
    }
}
