using System;
using FsFreeze.Conformance.Adapters;
using FsFreeze.Conformance.Framework;
using FsFreeze.Guest.Vfs;
using FsFreeze.Protocol;
using FsFreeze.Protocol.Config;
using FsFreeze.Protocol.Replies;
using FsFreeze.Protocol.Requests;

namespace FsFreeze.Conformance.Driver
{
    /// <summary>
    /// FF-DRV-34: a FREEZE asking for more than the <c>max_deadline_ms</c> the driver read at probe is INVALID and
    /// changes nothing; one asking for exactly that much is carried out and held for exactly that long. The suite
    /// plays a device that breaks FF-DEV-16, which is what a hostile device would do.
    /// </summary>
    [TestFixtureSource(typeof(Implementations), nameof(Implementations.Drivers))]
    public sealed class DriverDeadlineBoundTests
    {
        private const uint MaxDeadlineMs = 5_000;

        private readonly IDriverImplementation implementation;

        public DriverDeadlineBoundTests(IDriverImplementation implementation) => this.implementation = implementation;

        private DriverHarness Harness(uint maxDeadlineMs = MaxDeadlineMs)
        {
            var harness = new DriverHarness(implementation, config: new FsFreezeConfig(8192, 64, maxDeadlineMs)).Bound();
            harness.Mount(FilesystemTypes.Ext4, "/");
            return harness;
        }

        private static void AssertRefusedAndNothingChanged(DriverHarness harness, FsFreezeReply reply, uint id)
        {
            Assert.Multiple(() =>
            {
                Assert.That(reply.Status, Is.EqualTo(ReplyStatus.Invalid));
                Assert.That((reply.Type, reply.RequestId), Is.EqualTo((ReplyType.Freeze, id)), "the reply echoes the FREEZE (FF-DRV-8)");
                Assert.That(reply.State, Is.EqualTo(GuestFreezeState.Thawed));
                Assert.That(harness.KernelFrozen(), Is.Empty, "a refused FREEZE freezes nothing");
                FsFreezeReply status = harness.Status();
                Assert.That((status.State, status.FrozenCount, status.RemainingMs), Is.EqualTo((GuestFreezeState.Thawed, 0u, 0u)), "and keeps no deadline");
            });
        }

        [Test]
        [Requirement("FF-DRV-34")]
        public void DeadlineOneAboveMax_IsInvalid_AndChangesNothing()
        {
            DriverHarness harness = Harness();
            FsFreezeReply reply = harness.Exchange(FsFreezeRequest.Freeze(41, MaxDeadlineMs + 1).ToArray())!.Value;
            AssertRefusedAndNothingChanged(harness, reply, 41);
        }

        [Test]
        [Requirement("FF-DRV-34")]
        public void DeadlineOf49Days_IsInvalid_AndChangesNothing()
        {
            DriverHarness harness = Harness();
            FsFreezeReply reply = harness.Exchange(FsFreezeRequest.Freeze(42, uint.MaxValue).ToArray())!.Value;
            AssertRefusedAndNothingChanged(harness, reply, 42);
        }

        [Test]
        [Requirement("FF-DRV-34")]
        public void DeadlineAtMax_IsCarriedOut_AndThawedAtThatDeadline()
        {
            DriverHarness harness = Harness();
            FsFreezeReply reply = harness.Exchange(FsFreezeRequest.Freeze(43, MaxDeadlineMs).ToArray())!.Value;
            Assert.Multiple(() =>
            {
                Assert.That((reply.Status, reply.State), Is.EqualTo((ReplyStatus.Ok, GuestFreezeState.Frozen)));
                Assert.That(reply.RemainingMs, Is.InRange(1u, MaxDeadlineMs));
                Assert.That(harness.KernelFrozen(), Is.Not.Empty);
            });

            harness.Scheduler.RunFor(TimeSpan.FromMilliseconds(MaxDeadlineMs + 1));
            Assert.That(harness.KernelFrozen(), Is.Empty, "auto-thawed by the deadline (FF-DRV-27)");
        }

        [Test]
        [Requirement("FF-DRV-34")]
        public void BoundIsTheOneReadAtProbe_NotALaterConfiguration()
        {
            // A device that raises max_deadline_ms after DRIVER_OK breaks FF-DEV-5; the driver keeps its probe-time bound.
            DriverHarness harness = Harness();
            harness.Device.SetConfiguration(new FsFreezeConfig(8192, 64, uint.MaxValue));
            harness.Scheduler.RunUntilIdle();
            FsFreezeReply reply = harness.Exchange(FsFreezeRequest.Freeze(44, MaxDeadlineMs + 1).ToArray())!.Value;
            AssertRefusedAndNothingChanged(harness, reply, 44);
        }

        [Test]
        [Requirement("FF-DRV-34")]
        public void SmallestMax_OneMillisecond_AllowsOnlyOne()
        {
            DriverHarness harness = Harness(maxDeadlineMs: FsFreezeConfig.MinMaxDeadlineMs);
            FsFreezeReply two = harness.Exchange(FsFreezeRequest.Freeze(45, 2).ToArray())!.Value;
            FsFreezeReply one = harness.Exchange(FsFreezeRequest.Freeze(46, 1).ToArray())!.Value;
            Assert.Multiple(() =>
            {
                Assert.That(two.Status, Is.EqualTo(ReplyStatus.Invalid));
                Assert.That(one.Status, Is.Not.EqualTo(ReplyStatus.Invalid), "1 ms is within the bound (it may still end in DEADLINE)");
            });
        }
    }
}
