using System;
using FsFreeze.Guest.Driver;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Requests;
using FsFreeze.Virtio.Memory;
using FsFreeze.Virtio.Mmio;

namespace FsFreeze.Guest.Tests.Driver
{
    /// <summary>The interrupt handler and the driver's counters (FF-MMIO-8, FF-DRV-7, FF-DRV-8).</summary>
    public sealed class DriverInterruptTests
    {
        [Test]
        [Category("FF-DRV-7")]
        public void AnInterrupt_BeforeProbe_OrAfterRemoval_TouchesNoRegister()
        {
            var rig = new DriverRig();
            rig.Driver.OnInterrupt();
            Assert.That(rig.Registers.Reads, Is.Zero);
            rig.Bound();
            Assert.That(rig.Remove(), Is.True);
            int reads = rig.Registers.Reads;
            int writes = rig.Registers.Writes.Count;
            rig.Driver.OnInterrupt();
            Assert.That((rig.Registers.Reads, rig.Registers.Writes.Count), Is.EqualTo((reads, writes)));
        }

        [Test]
        [Category("FF-MMIO-8")]
        public void ASpuriousInterrupt_AcknowledgesNothing()
        {
            var rig = new DriverRig().Bound();
            int writes = rig.Registers.Writes.Count;
            rig.Driver.OnInterrupt();
            rig.Scheduler.RunUntilIdle();
            Assert.That(rig.Registers.Writes, Has.Count.EqualTo(writes));
        }

        [Test]
        [Category("FF-DRV-8")]
        public void Counters_CountRequestsAndReplies()
        {
            var rig = new DriverRig().Bound();
            rig.Status();
            rig.Thaw();
            rig.Exchange(new FsFreezeRequest { Type = RequestType.Status, RequestId = 0 });
            Assert.Multiple(() =>
            {
                Assert.That(rig.Driver.RequestsReceived, Is.EqualTo(3));
                Assert.That(rig.Driver.MessagesSent, Is.EqualTo(3));
                Assert.That(rig.Driver.RefusedCompletions, Is.Zero);
                Assert.That(rig.Line.Raised, Is.GreaterThanOrEqualTo(6), "a used buffer on each queue per exchange");
            });
        }

        [Test]
        public void TheInterruptLine_DropsRaisesUntilADriverIsAttached()
        {
            var line = new DriverInterruptLine();
            line.Raise(MmioInterrupt.UsedBuffer);
            Assert.That(line.Raised, Is.EqualTo(1));
        }

        [Test]
        public void Constructor_AndRegister_RefuseNull()
        {
            var world = new World();
            GuestMemory memory = GuestMemory.Allocate(0x1000, 4096);
            var allocator = new GuestAddressAllocator(0x1000, 4096);
            var registers = new TamperingRegisters(new NoRegisters());
            Assert.Multiple(() =>
            {
                Assert.That(() => new FsFreezeDriver(null!, memory, allocator, world.Vfs), Throws.ArgumentNullException);
                Assert.That(() => new FsFreezeDriver(registers, null!, allocator, world.Vfs), Throws.ArgumentNullException);
                Assert.That(() => new FsFreezeDriver(registers, memory, null!, world.Vfs), Throws.ArgumentNullException);
                Assert.That(() => new FsFreezeDriver(registers, memory, allocator, null!), Throws.ArgumentNullException);
                Assert.That(() => new FsFreezeDriver(registers, memory, allocator, world.Vfs).Register(null!), Throws.ArgumentNullException);
            });
        }

        [Test]
        public void AnApplication_IsNamed_AndRegisteredOnce()
        {
            var rig = new DriverRig();
            var app = new SimulatedApplication("db", rig.Scheduler, TimeSpan.Zero);
            rig.Driver.Register(app);
            rig.Driver.Register(app);
            Assert.Multiple(() =>
            {
                Assert.That(app.Name, Is.EqualTo("db"));
                Assert.That(app.ToString(), Is.EqualTo("db"));
                Assert.That(rig.Driver.Applications, Has.Count.EqualTo(1));
                Assert.That(rig.Driver.Unregister(app), Is.True);
                Assert.That(rig.Driver.Applications, Is.Empty);
            });
        }

        private sealed class NoRegisters : IMmioRegisterFile
        {
            public uint Read(ulong offset, int width) => 0;

            public void Write(ulong offset, int width, uint value)
            {
            }
        }
    }
}
