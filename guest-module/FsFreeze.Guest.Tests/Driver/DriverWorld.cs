using FsFreeze.Benchmarks;
using FsFreeze.Guest.Driver;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Config;
using FsFreeze.Protocol.Requests;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Guest.Tests.Driver
{
    /// <summary>A <see cref="World"/> with the driver bound to a loopback device, to look at the driver's own bookkeeping.</summary>
    internal sealed class DriverWorld
    {
        private uint nextId;

        public DriverWorld()
        {
            World = new World();
            GuestMemory memory = GuestMemory.Allocate(0x10_0000, 1 << 20);
            Device = new LoopbackFsFreezeDevice(new FsFreezeConfig(8192, 64, 600_000));
            var line = new Line();
            Allocator = new GuestAddressAllocator(0x10_0000, 1 << 20);
            Driver = new FsFreezeDriver(new VirtioMmioTransport(Device, memory, line), memory, Allocator, World.Vfs);
            line.Driver = Driver;
            Assert.That(Driver.Probe(), Is.EqualTo(ProbeOutcome.Bound));
        }

        public World World { get; }

        public LoopbackFsFreezeDevice Device { get; }

        public FsFreezeDriver Driver { get; }

        public GuestAddressAllocator Allocator { get; }

        public ReplyStatus Freeze(uint deadlineMs = 30_000) => Exchange(FsFreezeRequest.Freeze(++nextId, deadlineMs).ToArray());

        public ReplyStatus Thaw() => Exchange(FsFreezeRequest.Thaw(++nextId).ToArray());

        private ReplyStatus Exchange(byte[] request)
        {
            int before = Device.RepliesRead;
            Assert.That(Device.Send(request), Is.True);
            World.Scheduler.RunUntil(() => Device.RepliesRead > before);
            Assert.That(Device.RepliesRead, Is.GreaterThan(before), "answered");
            return Device.LastStatus;
        }

        private sealed class Line : IInterruptLine
        {
            public FsFreezeDriver? Driver { get; set; }

            public void Raise(MmioInterrupt pending) => Driver?.OnInterrupt();
        }
    }
}
