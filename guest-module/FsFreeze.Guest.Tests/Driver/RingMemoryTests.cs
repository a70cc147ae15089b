using FsFreeze.Guest.Driver;
using FsFreeze.Protocol;
using FsFreeze.Simulation;

namespace FsFreeze.Guest.Tests.Driver
{
    /// <summary>
    /// Regression for a leak the generated hostile runs found (conformance/Hostile, FF-DRV-33): every probe allocated
    /// new ring memory for both queues, so each removal and reload, and each reset after DEVICE_NEEDS_RESET, cost the
    /// guest about 860 bytes that were never given back; a device that kept setting DEVICE_NEEDS_RESET could exhaust
    /// guest memory until the driver failed to bind.
    /// </summary>
    public sealed class RingMemoryTests
    {
        [Test]
        [Category("FF-DRV-33")]
        public void RemovalAndReload_ReuseTheRingMemory_AndTheDriverStillWorks()
        {
            var world = new DriverWorld();
            ulong afterFirstProbe = world.Allocator.Next;
            for (int i = 0; i < 50; i++)
            {
                SimOperation<bool> removal = world.Driver.Remove();
                world.World.Scheduler.Spawn(removal.Name, removal);
                world.World.Scheduler.RunUntil(() => removal.IsDone);
                Assert.That(world.Driver.Phase, Is.EqualTo(DriverPhase.Removed));
                Assert.That(world.Driver.Probe(), Is.EqualTo(ProbeOutcome.Bound), $"reload {i}");
            }

            Assert.That(world.Allocator.Next, Is.EqualTo(afterFirstProbe), "50 reloads took no new guest memory");
            Assert.That(world.Freeze(), Is.EqualTo(ReplyStatus.Ok), "the rings reused after the reloads carry a FREEZE");
            Assert.That(world.Thaw(), Is.EqualTo(ReplyStatus.Ok));
        }
    }
}
