using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Framework;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Queues;

namespace FsFreeze.Conformance.Rings.Split
{
    /// <summary>Queue setup: the sizes and placements a split queue accepts and refuses, at both ends.</summary>
    [TestFixtureSource(typeof(Implementations), nameof(Implementations.SplitVirtqueues))]
    public sealed class SplitSetupTests
    {
        private readonly IVirtqueueImplementation _implementation;

        public SplitSetupTests(IVirtqueueImplementation implementation) => _implementation = implementation;

        private static GuestMemory Memory() => GuestMemory.Allocate(0x10000, 1 << 20);

        private (QueueError Device, QueueError Driver) Create(QueueConfiguration config)
        {
            QueueError device = _implementation.CreateDeviceEnd(Memory(), config, out _);
            QueueError driver = _implementation.CreateDriverEnd(Memory(), config, 0, 0, out _);
            return (device, driver);
        }

        [TestCase((ushort)0)]
        [TestCase((ushort)3)]
        [TestCase((ushort)100)]
        [TestCase((ushort)32769)]
        [TestCase((ushort)65535)]
        [Requirement("FF-RING-2")]
        public void SizeThatIsNotAPowerOfTwoUpTo32768_IsRefused(ushort size)
        {
            var config = new QueueConfiguration(size, 0x10000, 0x20000, 0x30000, 0);
            Assert.That(Create(config), Is.EqualTo((QueueError.InvalidQueueSize, QueueError.InvalidQueueSize)));
        }

        [TestCase((ushort)1)]
        [TestCase((ushort)2)]
        [TestCase((ushort)256)]
        [TestCase((ushort)32768)]
        [Requirement("FF-RING-2")]
        public void PowerOfTwoSize_IsAccepted(ushort size)
        {
            var config = new QueueConfiguration(size, 0x10000, 0x90000, 0x98000, 0);
            GuestMemory memory = GuestMemory.Allocate(0x10000, 2 << 20);
            Assert.That(_implementation.CreateDeviceEnd(memory, config, out _), Is.EqualTo(QueueError.None));
        }

        [TestCase(0x10008ul, 0x20000ul, 0x30000ul)]
        [TestCase(0x10000ul, 0x20001ul, 0x30000ul)]
        [TestCase(0x10000ul, 0x20000ul, 0x30002ul)]
        [Requirement("FF-RING-1")]
        public void MisalignedArea_IsRefused(ulong descriptors, ulong driverArea, ulong deviceArea)
        {
            var config = new QueueConfiguration(8, descriptors, driverArea, deviceArea, 0);
            Assert.That(Create(config), Is.EqualTo((QueueError.MisalignedRing, QueueError.MisalignedRing)));
        }

        [TestCase(0x0ul, 0x20000ul, 0x30000ul)]
        [TestCase(0x10000ul, 0x110000ul - 20ul, 0x30000ul)]
        [TestCase(0x10000ul, 0x20000ul, 0x110000ul - 68ul)]
        [Requirement("FF-RING-1")]
        public void AreaLeavingGuestMemory_IsRefused(ulong descriptors, ulong driverArea, ulong deviceArea)
        {
            // Size 8: the available ring is 22 bytes and the used ring 70 (event fields included).
            var config = new QueueConfiguration(8, descriptors, driverArea, deviceArea, 0);
            Assert.That(Create(config), Is.EqualTo((QueueError.RingOutsideGuestMemory, QueueError.RingOutsideGuestMemory)));
        }

        [Test]
        [Requirement("FF-RING-1")]
        public void DriverEnd_LaysOutItsRingsAtTheSpecOffsets()
        {
            // One chain with two buffers; the bytes in memory must sit exactly where the spec's layout puts them.
            var harness = new RingHarness(_implementation, 4, 0, createDeviceEnd: false);
            BufferSpec[] readable = { new(0x1122_3344_5566_7788, 0x99aabbcc) };
            BufferSpec[] writable = { new(0x0102_0304_0506_0708, 0x10) };
            Assert.That(harness.Driver.TryAdd(readable, writable, 5, false, out ushort head), Is.EqualTo(QueueError.None));
            GuestMemory m = harness.Memory;
            ulong d = harness.Config.DescriptorArea + (ulong)(16 * head);
            Assert.That(m.TryReadUInt64(d, out ulong address) && address == 0x1122_3344_5566_7788, Is.True, "addr at +0");
            Assert.That(m.TryReadUInt32(d + 8, out uint length) && length == 0x99aabbcc, Is.True, "len at +8");
            Assert.That(m.TryReadUInt16(d + 12, out ushort flags) && flags == 1, Is.True, "flags NEXT at +12");
            Assert.That(m.TryReadUInt16(d + 14, out ushort next), Is.True);
            ulong second = harness.Config.DescriptorArea + (ulong)(16 * next);
            Assert.That(m.TryReadUInt16(second + 12, out ushort flags2) && flags2 == 2, Is.True, "WRITE, no NEXT, on the last");
            Assert.That(m.TryReadUInt16(harness.Config.DriverArea + 2, out ushort idx) && idx == 1, Is.True, "avail.idx at +2");
            Assert.That(m.TryReadUInt16(harness.Config.DriverArea + 4, out ushort ring0) && ring0 == head, Is.True, "avail.ring[0] at +4");
        }
    }
}
