using System;
using FsFreeze.Virtio.Common;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;
using FsFreeze.Virtio.Queues;
using FsFreeze.VhostUser.Frontend;

namespace FsFreeze.VhostUser.Tests
{
    /// <summary>The virtio-mmio register model carried over vhost-user: the core's own driver session initialises through it.</summary>
    public sealed class BridgeTests
    {
        private const ulong MemoryBase = 0x10_0000;

        [Test]
        public void MmioDriverSession_InitialisesThroughTheBridge_AndGetsItsChainEchoed()
        {
            using var backend = new InProcessBackend();
            using var memory = new FrontendMemory(MemoryBase, 1 << 20);
            var line = new Line();
            using var bridge = new VhostUserMmioBridge(backend.Frontend, memory, new VhostUserDeviceIdentity(InProcessBackend.EchoDeviceId, 0, 16), line);
            var allocator = new GuestAddressAllocator(MemoryBase, 64 << 10);
            MmioDriverError error = MmioDriverSession.TryInitialize(bridge, memory.Memory, allocator, new MmioDriverOptions { QueueCount = 2, MaxQueueSize = 16 }, out MmioDriverSession? session);
            Assert.That(error, Is.EqualTo(MmioDriverError.None));
            Assert.That(session!.ReadStatus() & DeviceStatus.DriverOk, Is.EqualTo(DeviceStatus.DriverOk), "GET_STATUS shows what SET_STATUS set");

            memory.Memory.TryWrite(0x18_0000, new byte[] { 9, 8, 7 });
            Assert.That(session.GetQueue(0).TryAdd([new BufferSpec(0x18_0000, 3)], [new BufferSpec(0x18_1000, 8)], 1, false, out _), Is.EqualTo(QueueError.None));
            session.Notify(0);
            Assert.Multiple(() =>
            {
                Assert.That(line.Raised, Is.GreaterThan(0), "the call eventfd became a used-buffer interrupt");
                Assert.That(session.GetQueue(0).TryReclaim(out UsedBuffer used, out _), Is.True);
                Assert.That(bridge.Read(MmioRegister.InterruptStatus, 4) & (uint)MmioInterrupt.UsedBuffer, Is.Not.Zero);
            });

            // Reset: SET_STATUS 0, and the device sees it.
            bridge.Write(MmioRegister.Status, 4, 0);
            Assert.That(session.ReadStatus(), Is.EqualTo(DeviceStatus.None));
            Assert.That(backend.Device!.Resets, Is.GreaterThan(0));
            Assert.That(backend.Crash, Is.Null);
        }

        [Test]
        public void BadQueueSize_IsRefused_WithDeviceNeedsReset()
        {
            using var backend = new InProcessBackend();
            using var memory = new FrontendMemory(MemoryBase, 1 << 20);
            using var bridge = new VhostUserMmioBridge(backend.Frontend, memory, new VhostUserDeviceIdentity(InProcessBackend.EchoDeviceId, 0, 16), null);
            bridge.Write(MmioRegister.Status, 4, (uint)(DeviceStatus.Acknowledge | DeviceStatus.Driver));
            bridge.Write(MmioRegister.DriverFeaturesSel, 4, 1);
            bridge.Write(MmioRegister.DriverFeatures, 4, 1);
            bridge.Write(MmioRegister.Status, 4, (uint)(DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk));
            bridge.Write(MmioRegister.QueueSel, 4, 0);
            bridge.Write(MmioRegister.QueueSize, 4, 3);
            bridge.Write(MmioRegister.QueueDescLow, 4, (uint)MemoryBase);
            bridge.Write(MmioRegister.QueueDriverLow, 4, (uint)MemoryBase + 0x1000);
            bridge.Write(MmioRegister.QueueDeviceLow, 4, (uint)MemoryBase + 0x2000);
            bridge.Write(MmioRegister.QueueReady, 4, 1);
            Assert.Multiple(() =>
            {
                Assert.That(bridge.Read(MmioRegister.QueueReady, 4), Is.Zero);
                Assert.That((DeviceStatus)bridge.Read(MmioRegister.Status, 4) & DeviceStatus.DeviceNeedsReset, Is.EqualTo(DeviceStatus.DeviceNeedsReset));
            });
        }

        private sealed class Line : IInterruptLine
        {
            public int Raised { get; private set; }

            public void Raise(MmioInterrupt pending) => Raised++;
        }
    }
}
