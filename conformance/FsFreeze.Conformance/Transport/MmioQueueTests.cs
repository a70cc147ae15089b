using FsFreeze.Conformance.Framework;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Mmio;
using FsFreeze.Virtio.Queues;
using FsFreeze.Virtio.Queues.Split;

namespace FsFreeze.Conformance.Transport
{
    /// <summary>Virtqueue registers: existence, setup validation, frozen layout, notifications.</summary>
    [TestFixture]
    public sealed class MmioQueueTests
    {
        [Test]
        [Requirement("FF-MMIO-5")]
        public void QueueSizeMax_ReadsTheMaximum_OrZeroForAMissingQueue()
        {
            var bench = new MmioBench(queueCount: 2, queueSizeMax: 128);

            bench.Write(MmioRegister.QueueSel, 1);
            uint existing = bench.Read(MmioRegister.QueueSizeMax);
            bench.Write(MmioRegister.QueueSel, 2);
            uint missing = bench.Read(MmioRegister.QueueSizeMax);
            bench.Write(MmioRegister.QueueSel, uint.MaxValue);
            uint farMissing = bench.Read(MmioRegister.QueueSizeMax);

            Assert.Multiple(() =>
            {
                Assert.That(existing, Is.EqualTo(128u));
                Assert.That(missing, Is.Zero);
                Assert.That(farMissing, Is.Zero);
            });
        }

        [Test]
        [Requirement("FF-MMIO-5")]
        public void MissingQueue_ReadyReadsZero_AndIgnoresWrites()
        {
            var bench = new MmioBench(queueCount: 1);
            bench.Negotiate(MmioBench.Version1);
            QueueConfiguration layout = MmioBench.SplitLayout(16, MmioBench.RingArea, MmioBench.Version1);

            bench.ProgramQueue(1, 16, layout.DescriptorArea, layout.DriverArea, layout.DeviceArea);
            bench.Write(MmioRegister.QueueReady, 1);

            Assert.Multiple(() =>
            {
                Assert.That(bench.Read(MmioRegister.QueueReady), Is.Zero);
                Assert.That(bench.Status & DeviceStatus.DeviceNeedsReset, Is.EqualTo(DeviceStatus.None));
            });
        }

        [Test]
        [Requirement("FF-MMIO-6")]
        public void QueueReady_WithAValidLayout_EnablesTheQueue()
        {
            var bench = new MmioBench();
            bench.Negotiate(MmioBench.Version1);
            QueueConfiguration layout = MmioBench.SplitLayout(16, MmioBench.RingArea, MmioBench.Version1);

            bench.ProgramQueue(0, 16, layout.DescriptorArea, layout.DriverArea, layout.DeviceArea);
            bench.Write(MmioRegister.QueueReady, 1);

            Assert.That(bench.Read(MmioRegister.QueueReady), Is.EqualTo(1u));
            Assert.That(bench.Status & DeviceStatus.DeviceNeedsReset, Is.EqualTo(DeviceStatus.None));
        }

        [TestCase(0u, 0ul, 0ul, 0ul, QueueError.InvalidQueueSize, TestName = "size 0")]
        [TestCase(128u, 0ul, 0ul, 0ul, QueueError.InvalidQueueSize, TestName = "size above QueueSizeMax")]
        [TestCase(0x1_0010u, 0ul, 0ul, 0ul, QueueError.InvalidQueueSize, TestName = "size above 16 bits")]
        [TestCase(12u, 0ul, 0ul, 0ul, QueueError.InvalidQueueSize, TestName = "size not a power of two (split)")]
        [TestCase(16u, 8ul, 0ul, 0ul, QueueError.MisalignedRing, TestName = "descriptor area not 16-aligned")]
        [TestCase(16u, 0ul, 1ul, 0ul, QueueError.MisalignedRing, TestName = "driver area not 2-aligned")]
        [TestCase(16u, 0ul, 0ul, 2ul, QueueError.MisalignedRing, TestName = "device area not 4-aligned")]
        [TestCase(16u, 0x1000_0000ul, 0ul, 0ul, QueueError.RingOutsideGuestMemory, TestName = "descriptor area outside memory")]
        [TestCase(16u, 0ul, 0ul, ((ulong)MmioBench.MemorySize) - 8, QueueError.RingOutsideGuestMemory, TestName = "device area crossing the end of memory")]
        [Requirement("FF-MMIO-6")]
        public void QueueReady_WithABadLayout_StaysDisabled_AndSetsNeedsReset(uint size, ulong descriptorShift, ulong driverShift, ulong deviceShift, QueueError expected)
        {
            var bench = new MmioBench(queueSizeMax: 64);
            bench.Negotiate(MmioBench.Version1);
            QueueConfiguration layout = MmioBench.SplitLayout(16, MmioBench.RingArea, MmioBench.Version1);
            ulong device = deviceShift >= (ulong)MmioBench.MemorySize / 2 ? MmioBench.MemoryBase + deviceShift : layout.DeviceArea + deviceShift;

            bench.ProgramQueue(0, size, layout.DescriptorArea + descriptorShift, layout.DriverArea + driverShift, device);
            bench.Write(MmioRegister.QueueReady, 1);

            Assert.Multiple(() =>
            {
                Assert.That(bench.Read(MmioRegister.QueueReady), Is.Zero);
                Assert.That(bench.Status & DeviceStatus.DeviceNeedsReset, Is.EqualTo(DeviceStatus.DeviceNeedsReset));
                Assert.That(bench.Transport.Fault?.Error, Is.EqualTo(expected));
            });
        }

        [Test]
        [Requirement("FF-MMIO-7")]
        public void ReadyQueue_IgnoresSizeAndAreaWrites()
        {
            var bench = new MmioBench();
            SplitQueueDriverEnd driver = bench.SetUpQueue0(16, driverOk: false);

            // Garbage that would fail FF-MMIO-6 if the device took it.
            bench.ProgramQueue(0, 3, 0x1, 0x1, 0x1);
            bench.Write(MmioRegister.QueueReady, 0);
            uint stopped = bench.Read(MmioRegister.QueueReady);
            bench.Write(MmioRegister.QueueReady, 1);

            Assert.Multiple(() =>
            {
                Assert.That(stopped, Is.Zero, "writing 0 stops the queue");
                Assert.That(bench.Read(MmioRegister.QueueReady), Is.EqualTo(1u), "re-enabled with the original layout");
                Assert.That(bench.Status & DeviceStatus.DeviceNeedsReset, Is.EqualTo(DeviceStatus.None));
            });

            // The re-enabled queue works with the layout programmed before it was first enabled.
            bench.AddEcho(driver, new byte[] { 1, 2, 3 }, 0);
            bench.AddStatus(DeviceStatus.DriverOk);
            Assert.That(driver.TryReclaim(out UsedBuffer used, out QueueError error), Is.True, error.ToString());
            Assert.That(used.Length, Is.EqualTo(3u));
        }

        [TestCase(1u, TestName = "queue that does not exist")]
        [TestCase(0xFFFFu, TestName = "index 0xffff")]
        [TestCase(0xFFFF_FFFFu, TestName = "index 0xffffffff")]
        [Requirement("FF-MMIO-9")]
        public void QueueNotify_NamingAMissingQueue_IsIgnored(uint index)
        {
            var bench = new MmioBench(queueCount: 1);
            bench.SetUpQueue0();

            bench.Write(MmioRegister.QueueNotify, index);

            Assert.Multiple(() =>
            {
                Assert.That(bench.Device.Notifications, Is.Zero);
                Assert.That(bench.Status & DeviceStatus.DeviceNeedsReset, Is.EqualTo(DeviceStatus.None));
            });
        }

        [Test]
        [Requirement("FF-MMIO-9")]
        public void QueueNotify_NamingAQueueNotReady_IsIgnored()
        {
            var bench = new MmioBench(queueCount: 2);
            bench.SetUpQueue0();

            bench.Write(MmioRegister.QueueNotify, 1);
            bench.Write(MmioRegister.QueueNotify, 0);

            Assert.That(bench.Device.Notifications, Is.EqualTo(1), "only queue 0's notification reaches the device");
        }
    }
}
